"""Topics and example questions drawn from the corpus itself.

Used to greet a reader ("try asking …") and to help after a decline. A topic is
a capitalised name the articles mention more than once; a speaker is a name
that appears next to "said"/"says". Example questions are built from these.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from retrieval.lexicon import STOPWORDS

_NAME = re.compile(r"\b[A-Z][\w'\u2019.-]*[\w.](?:\s+[A-Z][\w'\u2019.-]*[\w.])*")
_SAID_AFTER = re.compile(
    r"([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*),?[\u201d\"]?\s+(?:said|says|added|told)\b"
)
_SAID_BEFORE = re.compile(r"\b(?:said|says|added)\s+([A-Z][\w.-]+(?:\s+[A-Z][\w.-]+)*)")


def topics(texts: Iterable[str], n: int = 5) -> list[str]:
    """The names the texts mention most (at least twice), most frequent first."""
    counts: Counter[str] = Counter()
    for text in texts:
        for match in _NAME.finditer(text):
            name = _trim_name(match.group())
            if name and match.start() > 0:
                counts[name] += 1
    return [name for name, c in counts.most_common() if c >= 2][:n]


def speakers(texts: Iterable[str], n: int = 3) -> list[str]:
    """The names most often quoted ("Blinken said")."""
    counts: Counter[str] = Counter()
    for text in texts:
        for pattern in (_SAID_AFTER, _SAID_BEFORE):
            for match in pattern.finditer(text):
                name = _trim_name(match.group(1))
                if name:
                    counts[name] += 1
    return [name for name, _ in counts.most_common(n)]


def example_questions(texts: Iterable[str], n: int = 2) -> list[str]:
    """Questions a reader could ask of these texts, built from their names."""
    texts = list(texts)
    names = topics(texts, n=8)
    quoted = speakers(texts)
    subjects = [t for t in names if "." not in t and not any(s in t for s in quoted)]
    questions = [
        f"What did {speaker} say about {subject}?"
        for speaker, subject in zip(quoted, subjects, strict=False)
    ]
    for name in names:
        questions.append(f"What happened with {name}?")
    return list(dict.fromkeys(questions))[:n]


def _trim_name(name: str) -> str:
    """A name without leading stopwords ("The U.S." -> "U.S.") or a trailing period."""
    words = name.split()
    while words and words[0].casefold() in STOPWORDS:
        words.pop(0)
    text = " ".join(words)
    if text.endswith(".") and text.count(".") == 1:
        text = text[:-1]
    return text
