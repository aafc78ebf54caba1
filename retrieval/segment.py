"""Cut articles into passages (paragraphs, long ones split) and passages into sentences.

Sentences are returned as character spans of the original text, so a quote made
of them is a verbatim slice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.models import Article, Passage

MAX_PASSAGE_WORDS = 120
"""Paragraphs longer than this are split at sentence boundaries into passages."""

# A sentence ends at . ! ? or an ellipsis, after any closing quotes or brackets,
# where whitespace is followed by what can start a sentence.
_BOUNDARY = re.compile(
    r"""(?<=[.!?\u2026])["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[\u2014\u2013-]*[^\W_a-z])""",
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([^\s\"'\u201c\u2018(\[]+)$")

ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms mx dr prof sen rep gov gen lt col sgt capt cmdr adm maj cpl pvt st jr sr
    rev hon pres supt det insp messrs mme mlle fr inc ltd co corp bros llc plc no nos vs
    v approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd
    rd hwy univ assn
    """.split()
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _is_abbreviation(text, match.start()):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the period just before ``stop`` closes an abbreviation, initial or acronym."""
    if text[stop - 1] != ".":
        return False
    found = _WORD_BEFORE.search(text, 0, stop - 1)
    if not found:
        return False
    word = found.group(1)
    if "." in word:  # dotted acronym: U.S. / e.g.
        return True
    return word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, verbatim."""
    return [text[a:b] for a, b in sentence_spans(text)]


def chunk_paragraph(text: str, max_words: int = MAX_PASSAGE_WORDS) -> list[str]:
    """A paragraph as one passage, or as runs of whole sentences of at most ``max_words``."""
    if len(text.split()) <= max_words:
        return [text]
    chunks: list[tuple[int, int]] = []
    words = 0
    for start, end in sentence_spans(text):
        n = len(text[start:end].split())
        if chunks and words + n <= max_words:
            chunks[-1] = (chunks[-1][0], end)
            words += n
        else:
            chunks.append((start, end))
            words = n
    return [text[a:b] for a, b in chunks]


def passages_of(articles: Iterable[Article], first_id: int = 0) -> list[Passage]:
    """Every passage of the articles, numbered from ``first_id`` in order."""
    passages: list[Passage] = []
    for article in articles:
        for number, paragraph in enumerate(article.paragraphs, start=1):
            for chunk in chunk_paragraph(paragraph):
                passages.append(
                    Passage(
                        id=first_id + len(passages),
                        article_id=article.id,
                        paragraph=number,
                        text=chunk,
                    )
                )
    return passages
