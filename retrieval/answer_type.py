"""What kind of answer a question asks for, and whether a sentence carries one.

"How long…" wants a duration, "when…" a date or day, "who…" a name, "where…"
a place. A sentence that carries the kind of answer asked for is preferred
over one that merely repeats the question's words.
"""

from __future__ import annotations

import re
from enum import StrEnum


class AnswerType(StrEnum):
    """The kinds of answer a question can ask for."""

    QUANTITY = "quantity"
    TIME = "time"
    PERSON = "person"
    PLACE = "place"
    OTHER = "other"


_QUESTION_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.QUANTITY,
        re.compile(
            r"\bhow\s+(?:many|much|long|old|far|often|big|large|high|tall|fast|soon)\b"
            r"|\bwhat\s+(?:number|percentage|percent|share|amount|size|price)\b"
        ),
    ),
    (
        AnswerType.TIME,
        re.compile(
            r"\bwhen\b|\bwhat\s+(?:year|time|date|day|month|season)\b"
            r"|\bwhich\s+(?:year|day|month|date)\b|\bsince\s+when\b"
        ),
    ),
    (AnswerType.PERSON, re.compile(r"\bwho(?:m|se)?\b|\bwhich\s+(?:person|official|leader)\b")),
    (AnswerType.PLACE, re.compile(r"\bwhere\b|\bwhich\s+(?:city|country|place|region)\b")),
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|several|few"
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_UNITS = (
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|percent|"
    r"miles?|kilometers?|km|meters?|feet|dollars?|euros?|pounds?|yuan|people|times"
)

_SENTENCE_CUES: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.QUANTITY: re.compile(
        rf"\d|\b(?:{_NUMBER_WORDS})\b|[$€£¥%]|\b(?:{_UNITS})\b", re.IGNORECASE
    ),
    AnswerType.TIME: re.compile(
        rf"\b(?:1[89]|20)\d\d\b|\b(?:{_MONTHS})\b|\b(?:{_DAYS})\b|"
        r"\b(?:yesterday|today|tomorrow|tonight|ago|last|next|earlier|later|since|"
        r"morning|afternoon|evening|night|weekend|decades?|years?|spring|summer|autumn|fall|"
        r"winter|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?)\b",
        re.IGNORECASE,
    ),
    AnswerType.PERSON: re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+"),
    AnswerType.PLACE: re.compile(
        r"\b(?:in|at|near|from|to|across|outside|inside)\s+(?:the\s+)?[A-Z][\w'\u2019-]+"
    ),
}


# The word after "how"/"what" that names the kind of answer ("how *long*") says
# nothing about the topic; it is dropped from the question's search terms.
_TYPE_WORD = re.compile(
    r"\b(how)\s+(?:many|much|long|old|far|often|big|large|high|tall|fast|soon)\b"
    r"|\b(what|which)\s+(?:number|percentage|percent|amount|year|time|date|day|month)\b",
    re.IGNORECASE,
)


# Phrases that only say "an event happened" ("where was it *held*", "when did it
# *take place*"): the article reports the event, rarely with these verbs.
_EVENT_PHRASE = re.compile(
    r"\b(?:take|takes|took|taken|taking)\s+place\b|\bheld\b"
    r"|\b(?:happen|happens|happened|occur|occurs|occurred)\b",
    re.IGNORECASE,
)


def topic_of(question: str) -> str:
    """The question without the words that only name the kind of answer or an event."""
    question = _EVENT_PHRASE.sub(" ", question)
    return _TYPE_WORD.sub(lambda m: m.group(1) or m.group(2), question)


def answer_type(question: str) -> AnswerType:
    """The kind of answer the question asks for (OTHER when it names none)."""
    text = question.casefold()
    for kind, pattern in _QUESTION_TYPES:
        if pattern.search(text):
            return kind
    return AnswerType.OTHER


def carries(kind: AnswerType, sentence: str) -> bool:
    """Whether the sentence holds something of the kind asked for."""
    cue = _SENTENCE_CUES.get(kind)
    return bool(cue and cue.search(sentence))
