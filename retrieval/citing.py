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
    """The first ``k`` distinct quotes, each in its passage's context, none shown twice.

    A quote whose sentences an earlier quote already shows (its passage around it)
    is left out; one beside it keeps to the rest of the passage.
    """
    shown: dict[int, list[tuple[int, int]]] = {}
    citations: list[Citation] = []
    for pid, quote, score, also in distinct(collection, chosen):
        taken = shown.setdefault(pid, [])
        if any(a <= quote.start and quote.end <= b for a, b in taken):
            continue
        lo = max((b for _, b in taken if b <= quote.start), default=0)
        hi = min((a for a, _ in taken if a >= quote.end), default=None)
        span = _context_span(collection.passage(pid).text, quote, lo, hi, context_words)
        taken.append(span)
        n = len(citations) + 1
        citations.append(_citation(collection, n, pid, quote, span, score, also))
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


def _context_span(
    text: str, quote: Quote, lo: int, hi: int | None, context_words: int
) -> tuple[int, int]:
    """The quote grown within its passage ``text`` (between ``lo`` and ``hi``) up to
    ``context_words``."""
    end = len(text) if hi is None else hi
    start, stop = widen(text[lo:end], quote.start - lo, quote.end - lo, context_words)
    return start + lo, stop + lo


def _citation(
    collection: Collection,
    n: int,
    pid: int,
    quote: Quote,
    span: tuple[int, int],
    score: float,
    also_in: Sequence[str] = (),
) -> Citation:
    """A Citation showing ``span`` of passage ``pid``, ``quote`` (its best sentences) as
    the focus."""
    passage = collection.passage(pid)
    article = collection.article(passage.article_id)
    start, end = span
    return Citation(
        n=n,
        quote=passage.text[start:end],
        focus=(quote.start - start, quote.end - start),
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
