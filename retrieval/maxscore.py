"""Exact top-k BM25 with MaxScore pruning, term at a time, vectorized with numpy.

Query terms are taken shortest postings first; each has an upper bound (idf x
count x the largest saturation over its postings). Each step scores exactly, over all
query terms, the passages holding the next term that no earlier term held, and
raises the threshold (the k-th best score so far). A passage holding none of the
terms taken so far scores at most the sum of the remaining bounds; once that sum
is below the threshold no unseen passage can enter the top k, and the search
stops: common terms with long postings are then only looked up, never scanned.

Scores of posting parts are non-negative, so passages holding no query term tie
at the constant every passage gets; those fill the top k in passage order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from retrieval.scoring import saturation
from retrieval.segments import Segment
from retrieval.stats import Stats
from retrieval.topk import top_k_of

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
SLACK = 1 + 1e-9
"""Bounds are widened by this factor so rounding can never prune a tying passage."""


@dataclass(frozen=True)
class Query:
    """Distinct query term ids, their weight (count x idf) and the constant part."""

    tids: IntArray
    coef: FloatArray
    constant: float


def search(
    segments: list[Segment],
    stats: Stats,
    alive: BoolArray | None,
    query: Query,
    k: int,
) -> tuple[IntArray, FloatArray]:
    """The k best live passages (global ids, scores), best first, ties to the lower id."""
    best = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
    if k <= 0:
        return best
    for segment in sorted(segments, key=lambda s: -s.n_docs):
        best = _search_segment(segment, stats, alive, query, k, best)
    ids, scores = best
    if ids.shape[0] < k or scores[-1] <= 0:
        ids, scores = fill_zeros(ids, scores, k, segments, alive)
    return ids, scores + query.constant


def _search_segment(
    seg: Segment,
    stats: Stats,
    alive: BoolArray | None,
    query: Query,
    k: int,
    best: tuple[IntArray, FloatArray],
) -> tuple[IntArray, FloatArray]:
    """Fold one segment's passages into the running top k."""
    tids = query.tids
    inside = tids < seg.n_terms
    max_sat = np.zeros(tids.shape[0])
    max_sat[inside] = seg.max_sat[tids[inside]]
    bounds = query.coef * max_sat * (seg.growth(stats.avgdl) * SLACK)
    order = term_order(seg, tids, bounds).tolist()
    if not order:
        return best
    remaining = np.cumsum(bounds[order][::-1])[::-1]
    norm = stats.norm(seg)
    for step in range(len(order)):
        ids, scores = best
        if ids.shape[0] >= k and remaining[step] < scores[k - 1]:
            break
        docs, part = _score_new(seg, stats, norm, alive, query, order, step)
        if docs.shape[0]:
            best = top_k_of(
                np.concatenate((ids, docs.astype(np.int64) + seg.base)),
                np.concatenate((scores, part)),
                k,
            )
    return best


def term_order(seg: Segment, tids: IntArray, bounds: FloatArray) -> IntArray:
    """Query terms (positions) with a positive bound, shortest postings first.

    Scores are summed in this order by both search paths. Long lists last keep the
    bound of the terms after them small, so they are mostly only looked up.
    """
    inside = np.minimum(tids, seg.n_terms - 1)
    lengths = np.where(tids < seg.n_terms, seg.indptr[inside + 1] - seg.indptr[inside], 0)
    order = np.lexsort((-bounds, lengths))
    return order[bounds[order] > 0]


def _score_new(
    seg: Segment,
    stats: Stats,
    norm: FloatArray,
    alive: BoolArray | None,
    query: Query,
    order: list[int],
    step: int,
) -> tuple[npt.NDArray[np.int32], FloatArray]:
    """Exact scores of the passages holding term ``order[step]`` and no earlier one."""
    term = order[step]
    lo, hi = seg.span(int(query.tids[term]))
    docs = seg.doc_ids[lo:hi]
    own = seg.tfs[lo:hi]
    if alive is not None:
        keep = alive[docs.astype(np.int64) + seg.base]
        docs, own = docs[keep], own[keep]
    for earlier in order[:step]:
        tf = _lookup(seg, seg.span(int(query.tids[earlier])), docs)
        if tf is not None:
            keep = tf == 0
            docs, own = docs[keep], own[keep]
    norm_d = norm[docs]
    config = stats.config
    part = query.coef[term] * saturation(config, own.astype(np.float64), norm_d)
    for later in order[step + 1 :]:
        tf = _lookup(seg, seg.span(int(query.tids[later])), docs)
        if tf is None:
            continue
        hit = np.flatnonzero(tf)
        if hit.shape[0]:
            sat = saturation(config, tf[hit].astype(np.float64), norm_d[hit])
            part[hit] += query.coef[later] * sat
    return docs, part


def _lookup(
    seg: Segment, span: tuple[int, int], docs: npt.NDArray[np.int32]
) -> npt.NDArray[np.uint16] | None:
    """The frequency of a term (its postings span) in each of ``docs`` (0: absent)."""
    lo, hi = span
    size = hi - lo
    if size == 0 or docs.shape[0] == 0:
        return None
    postings = seg.doc_ids[lo:hi]
    n = docs.shape[0]
    if n * math.log2(size + 1) <= 2 * size + n:
        pos = np.searchsorted(postings, docs)
        np.minimum(pos, size - 1, out=pos)
        found = postings[pos] == docs
        return np.where(found, seg.tfs[lo:hi][pos], 0).astype(np.uint16)
    scratch = np.zeros(seg.n_docs, dtype=np.uint16)
    scratch[postings] = seg.tfs[lo:hi]
    return scratch[docs]


def fill_zeros(
    ids: IntArray,
    scores: FloatArray,
    k: int,
    segments: list[Segment],
    alive: BoolArray | None,
) -> tuple[IntArray, FloatArray]:
    """Top k when fewer than k passages score above zero: the rest tie, in id order."""
    positive = scores > 0
    ids, scores = ids[positive], scores[positive]
    end = max((s.base + s.n_docs for s in segments), default=0)
    taken: list[IntArray] = []
    wanted = k - ids.shape[0]
    start = 0
    while wanted > 0 and start < end:
        block = np.arange(start, min(end, start + 2 * k + ids.shape[0]), dtype=np.int64)
        start = int(block[-1]) + 1
        if alive is not None:
            block = block[alive[block]]
        block = block[~np.isin(block, ids)][:wanted]
        taken.append(block)
        wanted -= block.shape[0]
    zeros = np.concatenate(taken) if taken else np.empty(0, dtype=np.int64)
    return np.concatenate((ids, zeros)), np.concatenate((scores, np.zeros(zeros.shape[0])))
