"""Ranked quotes made into citations: wire copies folded, each shown in its passage's
context, no passage shown twice, numbered from one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.analyze import normalize
from retrieval.collection import Collection
from retrieval.models import Citation
from retrieval.quote import Quote, widen

DUPLICATE_OVERLAP = 0.8
"""Quotes sharing this share of their words are the same quote (wire copies)."""

Ranked = tuple[int, Quote, float]
"""A passage id, its quote and the passage's BM25 score."""


def cite(
    collection: Collection, chosen: Sequence[Ranked], k: int, context_words: int
) -> tuple[Citation, ...]:
    """The first ``k`` distinct quotes, each in its paragraph's context, none shown twice.

    The context may reach into the rest of a long paragraph split into several
    passages. A quote whose sentences an earlier quote already shows is left out;
    one beside it keeps to the rest of the paragraph.
    """
    shown: dict[tuple[str, int], list[tuple[int, int]]] = {}
    citations: list[Citation] = []
    for pid, quote, score, also in distinct(collection, chosen):
        passage = collection.passage(pid)
        paragraph, offset = _paragraph_of(collection, pid)
        start, end = quote.start + offset, quote.end + offset
        taken = shown.setdefault((passage.article_id, passage.paragraph), [])
        if any(a <= start and end <= b for a, b in taken):
            continue
        lo = max((b for _, b in taken if b <= start), default=0)
        hi = min((a for a, _ in taken if a >= end), default=None)
        # The passage's own sentences first, then the rest of its paragraph.
        passage_end = offset + len(passage.text)
        own = (max(lo, offset), passage_end if hi is None else min(hi, passage_end))
        span = _context_span(paragraph, (start, end), *own, context_words)
        span = _context_span(paragraph, span, lo, hi, context_words)
        taken.append(span)
        n = len(citations) + 1
        focus = (start - span[0], end - span[0])
        citations.append(_citation(collection, n, pid, paragraph, span, focus, score, also))
        if len(citations) == k:
            break
    return tuple(citations)


def distinct(
    collection: Collection, ranked: Sequence[Ranked]
) -> list[tuple[int, Quote, float, list[str]]]:
    """Quotes with near-duplicates (wire copies) folded into the first, their sources kept."""
    kept: list[tuple[int, Quote, float, list[str]]] = []
    seen: list[frozenset[str]] = []
    for pid, quote, score in ranked:
        words = _words(quote.text)
        twin = next((i for i, w in enumerate(seen) if _similar(words, w)), None)
        if twin is None:
            kept.append((pid, quote, score, []))
            seen.append(words)
            continue
        article = collection.article(collection.passage(pid).article_id)
        name = article.source or article.title
        if name not in kept[twin][3]:
            kept[twin][3].append(name)
    return kept


def _paragraph_of(collection: Collection, pid: int) -> tuple[str, int]:
    """The text of the paragraph holding passage ``pid`` and where the passage starts in it
    (the passage alone when its paragraph is not at hand)."""
    passage = collection.passage(pid)
    paragraphs = collection.article(passage.article_id).paragraphs
    if passage.paragraph <= len(paragraphs):
        paragraph = paragraphs[passage.paragraph - 1]
        offset = paragraph.find(passage.text)
        if offset >= 0:
            return paragraph, offset
    return passage.text, 0


def _context_span(
    text: str, run: tuple[int, int], lo: int, hi: int | None, context_words: int
) -> tuple[int, int]:
    """The ``run`` of ``text`` grown between ``lo`` and ``hi`` up to ``context_words``."""
    end = len(text) if hi is None else hi
    start, stop = widen(text[lo:end], run[0] - lo, run[1] - lo, context_words)
    return start + lo, stop + lo


def _citation(
    collection: Collection,
    n: int,
    pid: int,
    paragraph: str,
    span: tuple[int, int],
    focus: tuple[int, int],
    score: float,
    also_in: Sequence[str] = (),
) -> Citation:
    """A Citation showing ``span`` of the ``paragraph`` of passage ``pid``, its best
    sentences (``focus``, within the quote) in bold."""
    passage = collection.passage(pid)
    article = collection.article(passage.article_id)
    start, end = span
    return Citation(
        n=n,
        quote=paragraph[start:end],
        focus=focus,
        article_id=article.id,
        title=article.title,
        url=article.url,
        published=article.published,
        paragraph=passage.paragraph,
        score=round(score, 6),
        also_in=tuple(also_in),
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", normalize(text).casefold()))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two quotes' words overlap enough to be copies of one another."""
    return bool(a and b) and len(a & b) / len(a | b) >= DUPLICATE_OVERLAP
