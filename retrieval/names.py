"""Names in an article: the terms it only ever writes capitalized inside a sentence.

"What is the population of Port Aldine?" shares the rare words "Port Aldine" with
a story about a hurricane there, so by weight alone a quote about the hurricane
looks like an answer. It is not: it holds only the *names* of the question, none
of what is asked about them. ``name_terms`` tells the two apart from the article
itself, so lowercase questions typed in a chat work too: a term is a name when
every occurrence in the body that does not open a sentence is capitalized.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from retrieval.lexicon import COUNTRY_ABBREVIATIONS

SENTENCE_OPENERS = frozenset(".!?:;\"'“”‘’«»(—–-•*#")
"""Characters after which a capital letter says nothing about the word."""

Spans = Callable[[str], Iterable[tuple[int, int, tuple[str, ...]]]]


def name_terms(paragraphs: Iterable[str], spans_of: Spans) -> frozenset[str]:
    """Terms written capitalized at every occurrence that does not open a sentence."""
    capitalized: set[str] = set()
    lowercase: set[str] = set()
    for text in paragraphs:
        for start, _, terms in spans_of(text):
            if _opens_sentence(text, start):
                continue
            (capitalized if text[start].isupper() else lowercase).update(terms)
    return frozenset(capitalized - lowercase)


def question_names(question: str, spans_of: Spans) -> frozenset[str]:
    """Terms a question writes as names: capitalized where a sentence does not start.

    A question in title case ("Who Won The Cup?") or in capitals says nothing
    about names, so it has none: most of its small words ("the", "did", "for") are
    capitalized too, or, when it has none, most of its words.
    """
    inside = [
        (question[start].isupper(), terms)
        for start, _, terms in spans_of(question)
        if question[start].isalpha() and not _opens_sentence(question, start)
    ]
    capitalized = [terms for upper, terms in inside if upper]
    if _title_case(question) or (len(capitalized) * 2 > len(inside) and not _small_words(question)):
        return frozenset()
    return frozenset(t for terms in capitalized for t in terms)


SMALL_WORDS = frozenset(
    """
    a an the of for in on at to by with from and or but is are was were be been has have
    had do does did will would can could should much many how what who when where which
    why it its his her their this that these those
    """.split()
)
"""Words a title-case question capitalizes and a sentence-case one writes in lowercase."""


def _small_words(question: str) -> list[bool]:
    """For each small word not opening the question, whether it is capitalized."""
    return [
        word[0].isupper()
        for match in re.finditer(r"[A-Za-z]+", question)
        if (word := match.group()).casefold() in SMALL_WORDS
        and not _opens_sentence(question, match.start())
    ]


def _title_case(question: str) -> bool:
    """Whether most small words of the question are capitalized ("Who Won The Cup?")."""
    small = _small_words(question)
    return bool(small) and sum(small) * 2 > len(small)


_NUMBERED_NAME = re.compile(
    r"(?<![\w'\u2019])([A-Z][\w'\u2019-]*)\s+(\d{1,2})\b(?![-\u2013:/.,]\d)"
)
_NOT_NUMBERED = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)


def numbered_names(question: str) -> tuple[tuple[str, str], ...]:
    """Names the question writes with a number, case-folded: ("playstation", "3") for
    "PlayStation 3", which "PlayStation 2" and "Doom 3" do not mention (not a date, a
    possessive, nor a word opening the question: "Which 50 Cent track")."""
    return tuple(
        (word, m.group(2))
        for m in _NUMBERED_NAME.finditer(question)
        if (word := m.group(1).casefold()) not in _NOT_NUMBERED
        and not word.endswith(("'s", "\u2019s"))
        and not _opens_sentence(question, m.start())
    )


def writes_numbered(text: str, name: tuple[str, str]) -> bool:
    """Whether the case-folded ``text`` writes the numbered name ("PlayStation 3", "Doom-3")."""
    word, number = name
    return re.search(rf"\b{re.escape(word)}[\s-]*{number}\b", text) is not None


MAX_INITIALS = 6
"""The longest acronym looked for ("NASDAQ"); also bounds the work on long capitalized runs."""

_CAPITALIZED_RUN = re.compile(
    r"[A-Z][\w'\u2019&-]*(?:\s+(?:(?:of|and|for|the|de|du|von)\s+)?[A-Z][\w'\u2019&-]*)+"
)


def acronyms(paragraphs: Iterable[str]) -> frozenset[str]:
    """Initials of the article's multi-word names, case-folded ("fcc" for Federal
    Communications Commission, "fao" for Food and Agriculture Organisation)."""
    found: set[str] = set()
    for text in paragraphs:
        for run in _CAPITALIZED_RUN.finditer(text):
            initials = [w[0].casefold() for w in run.group().split() if w[0].isupper()]
            for i in range(len(initials) - 1):
                for j in range(i + 2, min(len(initials), i + MAX_INITIALS) + 1):
                    found.add("".join(initials[i:j]))
    return frozenset(found)


_COUNTRY_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(COUNTRY_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w])"
)


def countries_abbreviated(paragraphs: Iterable[str]) -> frozenset[str]:
    """The reader's words for the countries the article names by abbreviation or official
    name ("america", "american" for "the US economy"), case-folded."""
    return frozenset(
        word
        for text in paragraphs
        for match in _COUNTRY_ABBREVIATION.finditer(text)
        for word in COUNTRY_ABBREVIATIONS[match.group()]
    )


def mentions(terms: Sequence[str], initials: frozenset[str], name: str) -> bool:
    """Whether an article with these sorted ``terms`` and ``initials`` mentions ``name``.

    A name is mentioned as itself, as the initials of a longer name ("FCC"), as
    the start of a longer word ("Lib Dems" for Liberal Democrats), or with an
    ending more ("Iraqi" for Iraq); a number with an "s" as the number ("80s").
    """
    if name in initials:
        return True
    if name[0].isdigit() and name.endswith("s") and _holds(terms, name[:-1]):
        return True  # "over-80s" for "over 80", "the 1990s" for "1990"
    i = bisect_left(terms, name)
    if i < len(terms) and terms[i].startswith(name):
        return True
    return any(_holds(terms, name[:-cut]) for cut in (1, 2) if len(name) - cut >= MIN_STEM)


MIN_STEM = 4
"""The shortest word a longer name may be a form of."""


def _holds(terms: Sequence[str], term: str) -> bool:
    i = bisect_left(terms, term)
    return i < len(terms) and terms[i] == term


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the token at ``start`` is the first of a sentence, a quote or a line."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in SENTENCE_OPENERS
