# mypy: disable-error-code="no-untyped-def, no-any-return, return-value"
"""numba kernels: linear-time encoding and postings build, and exact top-k search.

Imported only through ``retrieval.kernel`` (numba costs ~0.4 s to import). Every
function is compiled once per signature and cached on disk (``cache=True``).

Search is term at a time with MaxScore early termination, over runs of ``CHUNK``
passage ids so that the per-passage accumulators stay in the CPU cache; each
posting carries its passage's length (``post_len``), so scoring reads postings
sequentially. Scoring mirrors ``retrieval.scoring`` operation for operation, so
a posting's weight is bit-for-bit the numpy path's, and a passage's score is
summed over the query terms in the same fixed order (``maxscore.term_order``):
both paths return identical ids and scores.
"""

from __future__ import annotations

import numpy as np
from numba import njit

OKAPI, PLUS, L = 0, 1, 2
PRUNE_MARGIN = 1.0 - 1e-12
"""Thresholds are lowered by this factor so summation rounding never prunes a tie."""
BOUND_SLACK = 1.0 + 1e-9
"""Bounds are raised by this factor so rounding can never prune a tying passage."""
CHUNK = 1 << 15
"""Passages scored per run: the per-passage scratch of a run stays in the CPU cache."""
PREFILL_MAX = 8192
"""The rarest term's passages are fully scored first when it has at most this many."""


@njit(cache=True, nogil=True, inline="always")
def _sat(variant: int, tf: float, norm: float, k1: float, delta: float, absent: float) -> float:
    """The tf part of a posting's weight (``retrieval.scoring.saturation``)."""
    if variant == OKAPI:
        return tf * (k1 + 1) / (tf + k1 * norm)
    if variant == PLUS:
        return (tf * (k1 + 1)) / (k1 * norm + tf)
    ctd = tf / norm
    return (k1 + 1) * (ctd + delta) / (k1 + ctd + delta) - absent


@njit(cache=True, nogil=True)
def build_postings(tokens, lengths, n_terms):
    """Term-major postings (indptr, ascending passage ids, tfs) from concatenated term ids."""
    last = np.full(n_terms, -1, dtype=np.int64)
    counts = np.zeros(n_terms, dtype=np.int64)
    pos = 0
    for d in range(lengths.shape[0]):
        for j in range(pos, pos + lengths[d]):
            t = tokens[j]
            if last[t] != d:
                last[t] = d
                counts[t] += 1
        pos += lengths[d]
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    for t in range(n_terms):
        indptr[t + 1] = indptr[t] + counts[t]
    doc_ids = np.empty(indptr[n_terms], dtype=np.int32)
    tfs = np.zeros(indptr[n_terms], dtype=np.uint16)
    fill = indptr[:-1].copy()
    last[:] = -1
    max_tf = 0
    pos = 0
    for d in range(lengths.shape[0]):
        for j in range(pos, pos + lengths[d]):
            t = tokens[j]
            if last[t] != d:
                last[t] = d
                doc_ids[fill[t]] = d
                fill[t] += 1
            p = fill[t] - 1
            if tfs[p] == 65535:
                max_tf = 65536
            else:
                tfs[p] += 1
        pos += lengths[d]
    return indptr, doc_ids, tfs, max_tf


@njit(cache=True, nogil=True)
def bound_saturation(indptr, doc_ids, tfs, doc_len, params):
    """Each term's largest saturation; params = (variant, k1, b, avgdl, delta, absent)."""
    variant, k1, b, avgdl = int(params[0]), params[1], params[2], params[3]
    delta, absent = params[4], params[5]
    n_terms = indptr.shape[0] - 1
    out = np.zeros(n_terms, dtype=np.float64)
    for t in range(n_terms):
        best = 0.0
        for p in range(indptr[t], indptr[t + 1]):
            norm = 1 - b + b * doc_len[doc_ids[p]] / avgdl
            s = _sat(variant, float(tfs[p]), norm, k1, delta, absent)
            if s > best:
                best = s
        out[t] = best
    return out


@njit(cache=True, nogil=True, inline="always")
def _worse(s1: float, i1: int, s2: float, i2: int) -> bool:
    """Whether (s1, i1) ranks below (s2, i2): lower score, or equal score and higher id."""
    return s1 < s2 or (s1 == s2 and i1 > i2)


@njit(cache=True, nogil=True, inline="always")
def _sift_down(top_ids, top_scores, i, size, pid, score):
    """Place (pid, score) at slot ``i`` of the heap's first ``size`` slots, moving it down."""
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and _worse(
            top_scores[child + 1], top_ids[child + 1], top_scores[child], top_ids[child]
        ):
            child += 1
        if not _worse(top_scores[child], top_ids[child], score, pid):
            break
        top_ids[i], top_scores[i] = top_ids[child], top_scores[child]
        i = child
    top_ids[i], top_scores[i] = pid, score


@njit(cache=True, nogil=True)
def _push(top_ids, top_scores, filled, pid, score):
    """Offer (pid, score) to the min-heap of the k best (root = worst); the new fill."""
    k = top_ids.shape[0]
    if filled < k:
        i = filled
        while i > 0:
            parent = (i - 1) >> 1
            if not _worse(score, pid, top_scores[parent], top_ids[parent]):
                break
            top_ids[i], top_scores[i] = top_ids[parent], top_scores[parent]
            i = parent
        top_ids[i], top_scores[i] = pid, score
        return filled + 1
    if not _worse(top_scores[0], top_ids[0], score, pid):
        return filled
    _sift_down(top_ids, top_scores, 0, k, pid, score)
    return filled


@njit(cache=True, nogil=True)
def _raise(top_ids, top_scores, filled, pid, score):
    """Offer a passage whose partial score grew to ``score``; the heap's new fill.

    A passage already in the heap is raised in place (found by a scan: it is only
    looked for when its score beats the heap's worst), so the heap holds the k best
    current partial scores, each passage once.
    """
    i = 0
    while i < filled and top_ids[i] != pid:
        i += 1
    if i == filled:
        return _push(top_ids, top_scores, filled, pid, score)
    if top_scores[i] >= score:  # already there with its full score (see _prefill)
        return filled
    _sift_down(top_ids, top_scores, i, filled, pid, score)
    return filled


@njit(cache=True, nogil=True, inline="always")
def _enters(top_ids, top_scores, filled, k, pid, score) -> bool:
    """Whether (pid, score) would rank among the heap's k (a raise of a member does)."""
    return filled < k or not _worse(score, pid, top_scores[0], top_ids[0])


@njit(cache=True, nogil=True, inline="always")
def _threshold(top_scores, filled, k) -> float:
    """The score a passage must reach (lowered by the margin), or -1 while the heap fills."""
    if filled < k:
        return -1.0
    return top_scores[0] * PRUNE_MARGIN


@njit(cache=True, nogil=True)
def _find(doc_ids, lo: int, hi: int, target: int) -> int:
    """First position in the ascending ``doc_ids[lo:hi]`` holding a passage >= target."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if doc_ids[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def search_segment(
    doc_ids, tfs, post_len, starts, ends, coef, bounds, alive, base, params,
    top_ids, top_scores, filled, acc, touched, bits,
):  # fmt: skip
    """Fold a segment's passages into the running top k; returns the heap's new fill.

    ``starts``/``ends``/``coef``/``bounds`` describe the query terms in the order
    their weights are summed. The passages holding the first (rarest) term are
    scored in full first; then passages are taken in runs of ``len(acc)`` ids, so
    the per-passage scratch (``acc``, ``bits``: zeroed, left zeroed; ``touched``)
    stays in cache; ``alive`` is empty when all passages are live.
    """
    n = starts.shape[0]
    suffix = np.zeros(n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] + bounds[i]
    if n > 1 and ends[0] - starts[0] <= PREFILL_MAX:
        filled = _prefill(
            doc_ids, tfs, post_len, starts, ends, coef, alive, base, params, top_ids,
            top_scores, filled,
        )  # fmt: skip
    ptr = starts.copy()
    stop = starts.copy()
    span = acc.shape[0]
    while True:
        lo = -1
        for i in range(n):
            if ptr[i] < ends[i] and (lo < 0 or doc_ids[ptr[i]] < lo):
                lo = doc_ids[ptr[i]]
        if lo < 0:
            return filled
        for i in range(n):
            stop[i] = _find(doc_ids, ptr[i], ends[i], lo + span)
        filled = _run(
            doc_ids, tfs, post_len, ptr, stop, coef, suffix, alive, base, params, top_ids,
            top_scores, filled, acc, touched, bits, lo,
        )  # fmt: skip
        ptr[:] = stop


@njit(cache=True, nogil=True)
def _run(
    doc_ids, tfs, post_len, starts, ends, coef, suffix, alive, base, params, top_ids,
    top_scores, filled, acc, touched, bits, lo,
):  # fmt: skip
    """Fold the passages ``lo ..`` of postings ``starts..ends`` into the top k.

    Term at a time with MaxScore early termination: while the bounds of the terms
    left could lift an unseen passage into the top k, a term's postings are scored
    into ``acc`` (a passage first met whose weight cannot get it there is skipped);
    after that only passages still able to make the top k are refined.
    """
    variant, k1, b, avgdl = int(params[0]), params[1], params[2], params[3]
    delta, absent = params[4], params[5]
    n = starts.shape[0]
    k = top_ids.shape[0]
    check_alive = alive.shape[0] > 0
    n_touched = 0
    term = 0
    theta = _threshold(top_scores, filled, k)
    while term < n and suffix[term] >= theta:
        c_i = coef[term]
        rest = suffix[term + 1]
        for p in range(starts[term], ends[term]):
            d = doc_ids[p]
            x = d - lo
            norm = 1 - b + b * post_len[p] / avgdl
            w = c_i * _sat(variant, float(tfs[p]), norm, k1, delta, absent)
            if bits[x >> 3] & (1 << (x & 7)):
                v = acc[x] + w
            else:
                if w * BOUND_SLACK + rest < theta:
                    continue  # a passage first met here cannot make the top k
                if check_alive and not alive[base + d]:
                    continue
                bits[x >> 3] |= np.uint8(1 << (x & 7))
                touched[n_touched] = x
                n_touched += 1
                v = 0.0 + w
            acc[x] = v
            if v > 0 and _enters(top_ids, top_scores, filled, k, base + d, v):
                filled = _raise(top_ids, top_scores, filled, base + d, v)
                theta = _threshold(top_scores, filled, k)
        term += 1
    if term < n:
        filled = _refine(
            doc_ids, tfs, post_len, starts, ends, coef, suffix, base, params, top_ids,
            top_scores, filled, acc, touched[:n_touched].copy(), term, bits, lo,
        )  # fmt: skip
    for t in range(n_touched):
        x = touched[t]
        acc[x] = 0.0
        bits[x >> 3] = 0
    return filled


@njit(cache=True, nogil=True)
def _prefill(
    doc_ids, tfs, post_len, starts, ends, coef, alive, base, params, top_ids, top_scores,
    filled,
):  # fmt: skip
    """Offer the full scores of the passages holding the first (rarest) term.

    Their scores are summed in the same term order as ``acc`` sums them, so the
    values are identical; they set a high threshold before any long list is read.
    """
    variant, k1, b, avgdl = int(params[0]), params[1], params[2], params[3]
    delta, absent = params[4], params[5]
    n, k = starts.shape[0], top_ids.shape[0]
    pos = starts.copy()
    check_alive = alive.shape[0] > 0
    for p in range(starts[0], ends[0]):
        d = doc_ids[p]
        if check_alive and not alive[base + d]:
            continue
        norm = 1 - b + b * post_len[p] / avgdl
        score = 0.0
        score += coef[0] * _sat(variant, float(tfs[p]), norm, k1, delta, absent)
        for i in range(1, n):
            q = _find(doc_ids, pos[i], ends[i], d)
            pos[i] = q
            if q < ends[i] and doc_ids[q] == d:
                score += coef[i] * _sat(variant, float(tfs[q]), norm, k1, delta, absent)
        if score > 0 and _enters(top_ids, top_scores, filled, k, base + d, score):
            filled = _raise(top_ids, top_scores, filled, base + d, score)
    return filled


@njit(cache=True, nogil=True)
def _refine(
    doc_ids, tfs, post_len, starts, ends, coef, suffix, base, params, top_ids, top_scores,
    filled, acc, cand, first, bits, lo,
):  # fmt: skip
    """Add terms ``first..`` to the candidates ``cand`` (passage ``lo + x`` for each x).

    Candidates are flagged in ``bits``; one that can no longer make the top k is
    unflagged and marked by a negative ``acc``. Returns the heap's new fill.
    """
    variant, k1, b, avgdl = int(params[0]), params[1], params[2], params[3]
    delta, absent = params[4], params[5]
    n, k = starts.shape[0], top_ids.shape[0]
    n_cand = cand.shape[0]
    for c in range(n_cand):
        x = cand[c]
        if acc[x] <= 0:
            bits[x >> 3] &= np.uint8(~(1 << (x & 7)) & 0xFF)
    for j in range(first, n):
        theta = _threshold(top_scores, filled, k)
        kept = 0
        for c in range(n_cand):
            x = cand[c]
            v = acc[x]
            if v > 0 and v + suffix[j] >= theta:
                cand[kept] = x
                kept += 1
            elif v > 0:
                acc[x] = -1.0
                bits[x >> 3] &= np.uint8(~(1 << (x & 7)) & 0xFF)
        n_cand = kept
        if n_cand == 0:
            break
        c_j = coef[j]
        first_p, end_p = starts[j], ends[j]
        if n_cand * 16 < end_p - first_p:
            cand[:n_cand].sort()
            p = first_p
            for c in range(n_cand):
                x = cand[c]
                p = _find(doc_ids, p, end_p, lo + x)
                if p < end_p and doc_ids[p] == lo + x:
                    norm = 1 - b + b * post_len[p] / avgdl
                    v = acc[x] + c_j * _sat(variant, float(tfs[p]), norm, k1, delta, absent)
                    acc[x] = v
                    if _enters(top_ids, top_scores, filled, k, base + lo + x, v):
                        filled = _raise(top_ids, top_scores, filled, base + lo + x, v)
            continue
        for p in range(first_p, end_p):
            x = doc_ids[p] - lo
            if bits[x >> 3] & (1 << (x & 7)):
                norm = 1 - b + b * post_len[p] / avgdl
                v = acc[x] + c_j * _sat(variant, float(tfs[p]), norm, k1, delta, absent)
                acc[x] = v
                if _enters(top_ids, top_scores, filled, k, base + lo + x, v):
                    filled = _raise(top_ids, top_scores, filled, base + lo + x, v)
    return filled


@njit(cache=True, nogil=True, inline="always")
def _fnv(buf, lo: int, hi: int) -> int:
    """FNV-1a hash of ``buf[lo:hi]``."""
    h = np.uint64(14695981039346656037)
    for j in range(lo, hi):
        h = (h ^ np.uint64(buf[j])) * np.uint64(1099511628211)
    return h


@njit(cache=True, nogil=True, inline="always")
def _same(buf, lo1: int, len1: int, lo2: int, len2: int) -> bool:
    """Whether two byte runs of ``buf`` are equal."""
    if len1 != len2:
        return False
    for j in range(len1):  # noqa: SIM110 (numba compiles loops, not generators)
        if buf[lo1 + j] != buf[lo2 + j]:
            return False
    return True


@njit(cache=True, nogil=True)
def _grow(slots, hashes, n_terms):
    """The slot table rebuilt at twice the size."""
    size = slots.shape[0] * 2
    mask = np.uint64(size - 1)
    out = np.full(size, -1, dtype=np.int64)
    for t in range(n_terms):
        i = hashes[t] & mask
        while out[i] >= 0:
            i = (i + np.uint64(1)) & mask
        out[i] = t
    return out


@njit(cache=True, nogil=True)
def split_terms(buf, sep, n_tokens):
    """Term id of each ``sep``-separated token of ``buf`` (first-seen order), and each term's
    first (offset, length); the id count is -1 when the tokens are not ``n_tokens``."""
    ids = np.empty(n_tokens, dtype=np.int32)
    cap = 1 << 16
    starts = np.empty(cap, dtype=np.int64)
    lens = np.empty(cap, dtype=np.int64)
    hashes = np.empty(cap, dtype=np.uint64)
    slots = np.full(cap * 2, -1, dtype=np.int64)
    n_terms = 0
    count = 0
    lo = 0
    size = buf.shape[0]
    for hi in range(size + 1):
        if hi < size and buf[hi] != sep:
            continue
        if count == n_tokens:
            return ids, starts, lens, -1
        h = _fnv(buf, lo, hi)
        mask = np.uint64(slots.shape[0] - 1)
        i = h & mask
        found = -1
        while slots[i] >= 0:
            t = slots[i]
            if hashes[t] == h and _same(buf, starts[t], lens[t], lo, hi - lo):
                found = t
                break
            i = (i + np.uint64(1)) & mask
        if found < 0:
            if n_terms == starts.shape[0]:
                starts = np.concatenate((starts, np.empty(n_terms, dtype=np.int64)))
                lens = np.concatenate((lens, np.empty(n_terms, dtype=np.int64)))
                hashes = np.concatenate((hashes, np.empty(n_terms, dtype=np.uint64)))
            found = n_terms
            starts[found], lens[found], hashes[found] = lo, hi - lo, h
            slots[i] = found
            n_terms += 1
            if 2 * n_terms > slots.shape[0] // 2:
                slots = _grow(slots, hashes, n_terms)
        ids[count] = found
        count += 1
        lo = hi + 1
    if count != n_tokens:
        return ids, starts[:n_terms], lens[:n_terms], -1
    return ids, starts[:n_terms], lens[:n_terms], n_terms
