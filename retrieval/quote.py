"""Choose the sentences of a passage that answer a question, verbatim.

A quote is one sentence, or up to three consecutive ones, sliced from the
passage text. The best sentence is the one holding most of the question's
weight (idf of the question terms it contains), with a bonus when it carries
the kind of answer asked for; neighbours join it when they add question terms
it lacks, or when it is too short to stand alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from retrieval.answer_type import AnswerType, carries, is_numeral
from retrieval.segment import sentence_spans

TYPE_BONUS = 0.35
"""Fraction of the question's weight a sentence gains by carrying the answer type."""
HEADLINE_SHARE = 0.7
"""How much a question term counts when only the article's headline holds it."""
ARTICLE_SHARE = 0.5
"""How much a question term counts when only another passage of the article holds it."""
SYNONYM_SHARE = 0.5
"""In choosing sentences, a synonym counts this much of the reader's own word."""
MIN_QUOTE_WORDS = 6
"""A shorter best sentence takes its predecessor along for context."""
COUNT_REACH = 4
"""How many words before a counted word its number may stand ("900,000 military and
civilian staff")."""


class Quote(BaseModel):
    """A verbatim slice of a passage and how well it answers."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int
    end: int
    coverage: float
    typed: bool
    counted: bool = False


def choose_quote(
    passage: str,
    weights: Mapping[str, float],
    terms_of: Callable[[str], Sequence[str]],
    kind: AnswerType,
    max_sentences: int = 3,
    context: Mapping[str, float] | None = None,
    alternatives: Mapping[str, frozenset[str]] | None = None,
    counted: frozenset[str] = frozenset(),
    spans_of: Callable[[str], Iterable[tuple[int, int, tuple[str, ...]]]] | None = None,
    asked_words: frozenset[str] = frozenset(),
) -> Quote:
    """The best run of at most ``max_sentences`` sentences of ``passage`` for the question.

    ``weights`` maps each question term to its weight (idf); ``terms_of`` is the
    analyzer; ``context`` maps the terms found elsewhere in the article (headline,
    other passages) to the share of their weight they count with there. Coverage
    is the share of the question's weight the quote holds, plus those shares.
    ``alternatives`` maps a question term to every term that stands for it (itself
    and its synonyms). ``counted`` holds the terms a "how many" question counts: a
    sentence with a number right before one of them ("Eleven homes") is preferred.
    ``asked_words`` are the question's words, case-folded: a name among them does
    not answer "who".
    """
    forms = alternatives or {t: frozenset((t,)) for t in weights}
    spans = sentence_spans(passage) or [(0, len(passage))]
    sentence_terms = [set(terms_of(passage[a:b])) for a, b in spans]
    total = sum(weights.values()) or 1.0

    around = context or {}
    # What holding a term adds to coverage: its weight, less the share it counts with
    # anyway from the headline or the rest of the article.
    gains = {t: w * (1 - max(around.get(f, 0.0) for f in forms[t])) for t, w in weights.items()}

    def matched(indices: range) -> float:
        found = set().union(*(sentence_terms[i] for i in indices))
        return sum(w for t, w in weights.items() if not forms[t].isdisjoint(found))

    def gained(indices: range) -> float:
        found = set().union(*(sentence_terms[i] for i in indices))
        return sum(
            g if t in found else SYNONYM_SHARE * g
            for t, g in gains.items()
            if not forms[t].isdisjoint(found)
        )

    def counts(i: int) -> bool:
        if not counted or spans_of is None:
            return False
        return _counts(passage[spans[i][0] : spans[i][1]], counted, spans_of)

    def value(i: int) -> float:
        sentence = passage[spans[i][0] : spans[i][1]]
        bonus = TYPE_BONUS * total * (carries(kind, sentence, asked_words) + counts(i))
        return gained(range(i, i + 1)) + bonus

    def typed_at(i: int) -> bool:
        return carries(kind, passage[spans[i][0] : spans[i][1]], asked_words)

    best = max(range(len(spans)), key=lambda i: (value(i), -i))
    lo, hi = best, best + 1
    if kind is not AnswerType.OTHER and max_sentences > 1 and not typed_at(best):
        lo, hi = _with_typed_neighbour(lo, hi, len(spans), typed_at)
    if hi - lo < max_sentences and lo > 0 and refers_back(passage[spans[lo][0] : spans[lo][1]]):
        lo -= 1
    while hi - lo < max_sentences:
        grown = _grow(lo, hi, len(spans), gained)
        if grown is None:
            break
        lo, hi = grown
    if hi - lo < max_sentences and lo > 0 and _too_short(passage, spans, lo, hi):
        lo -= 1
    start, end = spans[lo][0], spans[hi - 1][1]
    text = passage[start:end]
    typed = kind is not AnswerType.OTHER and carries(kind, text, asked_words)
    return Quote(
        text=text,
        start=start,
        end=end,
        coverage=_coverage(
            matched(range(lo, hi)), weights, forms, context or {}, sentence_terms[lo:hi], total
        ),
        typed=typed,
        counted=any(counts(i) for i in range(lo, hi)),
    )


def widen(text: str, start: int, end: int, max_words: int) -> tuple[int, int]:
    """The run ``text[start:end]`` grown by whole neighbouring sentences of ``text``, the
    next one first, while the whole stays within ``max_words`` words."""
    spans = sentence_spans(text) or [(0, len(text))]
    lo = next((i for i, (_, b) in enumerate(spans) if b > start), 0)
    hi = next((i for i, (a, _) in enumerate(spans) if a >= end), len(spans))
    hi = max(hi, lo + 1)

    def fits(a: int, b: int) -> bool:
        return len(text[spans[a][0] : spans[b - 1][1]].split()) <= max_words

    while True:
        grown = False
        if hi < len(spans) and fits(lo, hi + 1):
            hi, grown = hi + 1, True
        if lo > 0 and fits(lo - 1, hi):
            lo, grown = lo - 1, True
        if not grown:
            return min(start, spans[lo][0]), max(end, spans[hi - 1][1])


def _with_typed_neighbour(
    lo: int, hi: int, n: int, typed_at: Callable[[int], bool]
) -> tuple[int, int]:
    """The run with the next or previous sentence added when it carries the answer kind."""
    if hi < n and typed_at(hi):
        return lo, hi + 1
    if lo > 0 and typed_at(lo - 1):
        return lo - 1, hi
    return lo, hi


_BACK_REFERENCE = re.compile(
    r"^\W*(?:he|she|they|it|his|her|their|its|this|these|that|those|the\s+latter|"
    r"the\s+former|the\s+\d+-year-old)\b",
    re.IGNORECASE,
)


def refers_back(sentence: str) -> bool:
    """Whether a sentence opens by pointing at the one before ("He said", "The 21-year-old")."""
    return bool(_BACK_REFERENCE.match(sentence))


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
    context: Mapping[str, float],
    quoted: Sequence[set[str]],
    total: float,
) -> float:
    """Share of the question's weight in the quote, plus parts for terms found around it."""
    in_quote = set().union(*quoted)
    from_context = sum(
        w * max(context.get(f, 0.0) for f in forms[t])
        for t, w in weights.items()
        if forms[t].isdisjoint(in_quote)
    )
    return (held + from_context) / total


def _counts(
    sentence: str,
    counted: frozenset[str],
    spans_of: Callable[[str], Iterable[tuple[int, int, tuple[str, ...]]]],
) -> bool:
    """Whether a number stands right before (at most three words before, in the same
    clause) a counted term: not "48 hours, the drivers' union said"."""
    tokens = list(spans_of(sentence))
    for i, (start, _, terms) in enumerate(tokens):
        if counted.intersection(terms) and any(
            is_numeral(sentence[a:b], sentence[b:start])
            and not _CLAUSE_BREAK.search(sentence, b, start)
            for a, b, _ in tokens[max(0, i - COUNT_REACH) : i]
        ):
            return True
    return False


_CLAUSE_BREAK = re.compile(r"[,;:()\"\u201c\u201d\u2013\u2014]")


def _too_short(passage: str, spans: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether the run is too short to make sense alone ("This is very good.")."""
    return len(passage[spans[lo][0] : spans[hi - 1][1]].split()) < MIN_QUOTE_WORDS
