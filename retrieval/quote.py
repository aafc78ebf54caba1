"""Choose the sentences of a passage that answer a question, verbatim.

A quote is one sentence, or up to three consecutive ones, sliced from the
passage text. The best sentence is the one holding most of the question's
weight (idf of the question terms it contains), with a bonus when it carries
the kind of answer asked for; neighbours join it when they add question terms
it lacks, or when it is too short to stand alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from retrieval.answer_type import AnswerType, carries
from retrieval.segment import sentence_spans

TYPE_BONUS = 0.35
"""Fraction of the question's weight a sentence gains by carrying the answer type."""
CONTEXT_SHARE = 0.7
"""How much a question term counts when only the article's headline holds it."""
MIN_QUOTE_WORDS = 6
"""A shorter best sentence takes its predecessor along for context."""


class Quote(BaseModel):
    """A verbatim slice of a passage and how well it answers."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    coverage: float
    typed: bool


def choose_quote(
    passage: str,
    weights: Mapping[str, float],
    terms_of: Callable[[str], Sequence[str]],
    kind: AnswerType,
    max_sentences: int = 3,
    context: frozenset[str] = frozenset(),
    alternatives: Mapping[str, frozenset[str]] | None = None,
) -> Quote:
    """The best run of at most ``max_sentences`` sentences of ``passage`` for the question.

    ``weights`` maps each question term to its weight (idf); ``terms_of`` is the
    analyzer; ``context`` holds the terms of the article's headline. Coverage is
    the share of the question's weight the quote holds, headline terms counting
    ``CONTEXT_SHARE`` as much. ``alternatives`` maps a question term to every term
    that stands for it (itself and its synonyms).
    """
    forms = alternatives or {t: frozenset((t,)) for t in weights}
    spans = sentence_spans(passage) or [(0, len(passage))]
    sentence_terms = [set(terms_of(passage[a:b])) for a, b in spans]
    total = sum(weights.values()) or 1.0

    def matched(indices: range) -> float:
        found = set().union(*(sentence_terms[i] for i in indices))
        return sum(w for t, w in weights.items() if not forms[t].isdisjoint(found))

    def value(i: int) -> float:
        bonus = TYPE_BONUS * total if carries(kind, passage[spans[i][0] : spans[i][1]]) else 0.0
        return matched(range(i, i + 1)) + bonus

    best = max(range(len(spans)), key=lambda i: (value(i), -i))
    lo, hi = best, best + 1
    while hi - lo < max_sentences:
        grown = _grow(lo, hi, len(spans), matched)
        if grown is None:
            break
        lo, hi = grown
    if hi - lo < max_sentences and lo > 0 and _too_short(passage, spans, lo, hi):
        lo -= 1
    start, end = spans[lo][0], spans[hi - 1][1]
    text = passage[start:end]
    typed = kind is not AnswerType.OTHER and carries(kind, text)
    return Quote(
        text=text,
        start=start,
        end=end,
        coverage=_coverage(
            matched(range(lo, hi)), weights, forms, context, sentence_terms[lo:hi], total
        ),
        typed=typed,
    )


def _grow(lo: int, hi: int, n: int, matched: Callable[[range], float]) -> tuple[int, int] | None:
    """Extend the run by the neighbour that adds the most question weight, if any does."""
    current = matched(range(lo, hi))
    options = []
    if hi < n:
        options.append((matched(range(lo, hi + 1)) - current, 1, (lo, hi + 1)))
    if lo > 0:
        options.append((matched(range(lo - 1, hi)) - current, 0, (lo - 1, hi)))
    gain, _, run = max(options, default=(0.0, 0, (lo, hi)))
    return run if gain > 1e-12 else None


def _coverage(
    held: float,
    weights: Mapping[str, float],
    forms: Mapping[str, frozenset[str]],
    context: frozenset[str],
    quoted: Sequence[set[str]],
    total: float,
) -> float:
    """Share of the question's weight in the quote, plus a part for headline-only terms."""
    in_quote = set().union(*quoted)
    from_context = sum(
        w
        for t, w in weights.items()
        if forms[t].isdisjoint(in_quote) and not forms[t].isdisjoint(context)
    )
    return (held + CONTEXT_SHARE * from_context) / total


def _too_short(passage: str, spans: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether the run is too short to make sense alone ("This is very good.")."""
    return len(passage[spans[lo][0] : spans[hi - 1][1]].split()) < MIN_QUOTE_WORDS
