# mypy: disable-error-code="no-untyped-def, no-any-return, return-value"
"""numba kernels: linear-time encoding and postings build, and exact top-k search.

Imported only through ``retrieval.kernel`` (numba costs ~0.4 s to import). Every
function is compiled once per signature and cached on disk (``cache=True``).

Search is term at a time with MaxScore early termination, over runs of ``CHUNK``
passage ids so that the per-passage accumulators stay in the CPU cache; each
posting carries its passage's length (``post_len``), so scoring reads postings
sequentially, and the saturation of the common (tf, length) pairs is looked up
in a small table computed with the same operations. The per-posting loops carry
no branch on the data except the rare one into the heap (a mispredicted branch
per posting cost more than the work). Scoring mirrors ``retrieval.scoring``
operation for operation, so a posting's weight is bit-for-bit the numpy path's,
and a passage's score is summed over the query terms in the same fixed order
(``maxscore.term_order``): both paths return identical ids and scores.

Build: the passages' terms arrive as one separator-joined UTF-8 buffer, split and
numbered by an open-addressing table whose slots hold a term's first 8 bytes (the
whole term up to 7 bytes), so a lookup mostly touches one cache line; tokens are
hashed a block at a time before they are looked up, so the misses overlap.
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
TABLE_TF, TABLE_LEN = 4, 256
"""Saturations of postings with tf below TABLE_TF and length below TABLE_LEN are looked up."""


@njit(cache=True, nogil=True, inline="always")
def _sat(variant: int, tf: float, norm: float, k1: float, delta: float, absent: float) -> float:
    """The tf part of a posting's weight (``retrieval.scoring.saturation``)."""
    if variant == OKAPI:
        return tf * (k1 + 1) / (tf + k1 * norm)
    if variant == PLUS:
        return (tf * (k1 + 1)) / (k1 * norm + tf)
    ctd = tf / norm
    return (k1 + 1) * (ctd + delta) / (k1 + ctd + delta) - absent


@njit(cache=True, nogil=True, inline="always")
def _tf_sat(table, variant, tf, length, k1, b, avgdl, delta, absent) -> float:
    """``_sat`` of a posting (tf, passage length): from ``table`` when it holds the pair."""
    if tf < table.shape[0] and length < table.shape[1]:
        return table[tf, length]
    norm = 1 - b + b * length / avgdl
    return _sat(variant, float(tf), norm, k1, delta, absent)


@njit(cache=True, nogil=True)
def saturation_table(params):
    """``_sat`` of every (tf, length) pair below ``TABLE_TF`` x ``TABLE_LEN``, computed
    exactly as a posting's is, so looking a weight up gives the very same float."""
    variant, k1, b, avgdl = int(params[0]), params[1], params[2], params[3]
    delta, absent = params[4], params[5]
    table = np.zeros((TABLE_TF, TABLE_LEN), dtype=np.float64)
    # Length 0 holds no term (and with b = 1 its norm is 0): its row stays 0.
    for length in range(1, TABLE_LEN):
        norm = 1 - b + b * length / avgdl
        for tf in range(1, TABLE_TF):
            table[tf, length] = _sat(variant, float(tf), norm, k1, delta, absent)
    return table


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
    doc_ids, tfs, post_len, starts, ends, coef, bounds, alive, base, params, table,
    top_ids, top_scores, filled, acc, touched,
):  # fmt: skip
    """Fold a segment's passages into the running top k; returns the heap's new fill.

    ``starts``/``ends``/``coef``/``bounds`` describe the query terms in the order
    their weights are summed. The passages holding the first (rarest) term are
    scored in full first; then passages are taken in runs of ``len(acc)`` ids, so
    the per-passage scratch (``acc``: zeroed, left zeroed; ``touched``: one more
    slot than ``acc``) stays in cache; ``alive`` is empty when all passages are live.
    """
    n = starts.shape[0]
    suffix = np.zeros(n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] + bounds[i]
    if n > 1 and ends[0] - starts[0] <= PREFILL_MAX:
        filled = _prefill(
            doc_ids, tfs, post_len, starts, ends, coef, alive, base, params, table, top_ids,
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
            doc_ids, tfs, post_len, ptr, stop, coef, suffix, alive, base, params, table,
            top_ids, top_scores, filled, acc, touched, lo,
        )  # fmt: skip
        ptr[:] = stop


@njit(cache=True, nogil=True)
def _run(
    doc_ids, tfs, post_len, starts, ends, coef, suffix, alive, base, params, table, top_ids,
    top_scores, filled, acc, touched, lo,
):  # fmt: skip
    """Fold the passages ``lo ..`` of postings ``starts..ends`` into the top k.

    Term at a time with MaxScore early termination: while the bounds of the terms
    left could lift an unseen passage into the top k, a term's postings are scored
    into ``acc`` (a passage first met whose weight cannot get it there is skipped);
    after that only passages still able to make the top k are refined.

    Weights are positive, so ``acc`` is 0 exactly for passages not met yet. The
    loop has no branch on the data but the rare one into the heap: the outcome of
    "met before?" and "can it still make the top k?" is unpredictable, and a
    mispredicted branch per posting costs more than the few extra stores.
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
            w = c_i * _tf_sat(table, variant, tfs[p], post_len[p], k1, b, avgdl, delta, absent)
            old = acc[x]
            seen = old != 0.0
            fresh = w > 0 and w * BOUND_SLACK + rest >= theta
            if check_alive:
                fresh = fresh and alive[base + d]
            new = fresh and not seen
            keep = seen or fresh
            v = old + w
            touched[n_touched] = x
            n_touched += new
            acc[x] = v if keep else 0.0
            if keep and (filled < k or v >= top_scores[0]):  # noqa: SIM102 (cheap test first)
                if _enters(top_ids, top_scores, filled, k, base + d, v):
                    filled = _raise(top_ids, top_scores, filled, base + d, v)
                    theta = _threshold(top_scores, filled, k)
        term += 1
    if term < n:
        filled = _refine(
            doc_ids, tfs, post_len, starts, ends, coef, suffix, base, params, table, top_ids,
            top_scores, filled, acc, touched[:n_touched].copy(), term, lo,
        )  # fmt: skip
    for t in range(n_touched):
        acc[touched[t]] = 0.0
    return filled


@njit(cache=True, nogil=True)
def _prefill(
    doc_ids, tfs, post_len, starts, ends, coef, alive, base, params, table, top_ids,
    top_scores, filled,
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
        length = post_len[p]
        score = 0.0
        score += coef[0] * _tf_sat(table, variant, tfs[p], length, k1, b, avgdl, delta, absent)
        for i in range(1, n):
            q = _find(doc_ids, pos[i], ends[i], d)
            pos[i] = q
            if q < ends[i] and doc_ids[q] == d:
                s = _tf_sat(table, variant, tfs[q], length, k1, b, avgdl, delta, absent)
                score += coef[i] * s
        if score > 0 and _enters(top_ids, top_scores, filled, k, base + d, score):
            filled = _raise(top_ids, top_scores, filled, base + d, score)
    return filled


@njit(cache=True, nogil=True)
def _refine(
    doc_ids, tfs, post_len, starts, ends, coef, suffix, base, params, table, top_ids,
    top_scores, filled, acc, cand, first, lo,
):  # fmt: skip
    """Add terms ``first..`` to the candidates ``cand`` (passage ``lo + x`` for each x).

    A candidate has a positive ``acc``; one that can no longer make the top k is
    marked by a negative ``acc`` (other passages of the run hold 0). Returns the
    heap's new fill.
    """
    variant, k1, b, avgdl = int(params[0]), params[1], params[2], params[3]
    delta, absent = params[4], params[5]
    n, k = starts.shape[0], top_ids.shape[0]
    n_cand = cand.shape[0]
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
                    s = _tf_sat(table, variant, tfs[p], post_len[p], k1, b, avgdl, delta, absent)
                    v = acc[x] + c_j * s
                    acc[x] = v
                    if _enters(top_ids, top_scores, filled, k, base + lo + x, v):
                        filled = _raise(top_ids, top_scores, filled, base + lo + x, v)
            continue
        for p in range(first_p, end_p):
            x = doc_ids[p] - lo
            old = acc[x]
            s = _tf_sat(table, variant, tfs[p], post_len[p], k1, b, avgdl, delta, absent)
            v = old + c_j * s
            live = old > 0
            acc[x] = v if live else old
            if live and (filled < k or v >= top_scores[0]):  # noqa: SIM102 (cheap test first)
                if _enters(top_ids, top_scores, filled, k, base + lo + x, v):
                    filled = _raise(top_ids, top_scores, filled, base + lo + x, v)
    return filled


TERM_BLOCK = 1024
"""Tokens split and hashed per block before they are looked up (the lookups overlap)."""
LONG_TERM = np.int64(1 << 31)
"""Flag of a table entry whose term has more than 7 bytes (checked against the arena)."""
TERM_ID = np.int64((1 << 31) - 1)


@njit(cache=True, nogil=True, inline="always")
def _key_hash(buf, lo: int, n: int):
    """A 31-bit hash (FNV-1a, high bits) of ``buf[lo:lo+n]`` and its 8-byte key: the
    term itself when it has up to 7 bytes (length in the top byte), else its first 8."""
    h = np.uint64(14695981039346656037)
    key = np.uint64(0)
    for j in range(n):
        c = np.uint64(buf[lo + j])
        h = (h ^ c) * np.uint64(1099511628211)
        if j < 8:
            key |= c << np.uint64(8 * j)
    if n < 8:
        key |= np.uint64(n) << np.uint64(56)
    return np.int64(h >> np.uint64(33)), np.int64(key)


@njit(cache=True, nogil=True)
def _find_term(table, arena, offsets, buf, lo: int, n: int, h: int, key: int):
    """(term id or -1, slot) of the token ``buf[lo:lo+n]`` in the open-addressing table.

    A slot is two int64: the key, then ``hash << 32 | long flag | id`` (-1: empty).
    Terms of up to 7 bytes are equal when their keys are; longer ones are compared
    byte for byte with their copy in ``arena`` (``offsets``: each term's start)."""
    long = n >= 8
    mask = (table.shape[0] >> 1) - 1
    i = h & mask
    while True:
        v = table[2 * i + 1]
        if v < 0:
            return -1, i
        if table[2 * i] == key and (v >> 32) == h and ((v & LONG_TERM) != 0) == long:
            t = v & TERM_ID
            a = offsets[t]
            if not long or _same_bytes(arena, a, offsets[t + 1] - a, buf, lo, n):
                return t, i
        i = (i + 1) & mask


@njit(cache=True, nogil=True, inline="always")
def _same_bytes(arena, a: int, len_a: int, buf, b: int, len_b: int) -> bool:
    """Whether ``arena[a:a+len_a]`` equals ``buf[b:b+len_b]``."""
    if len_a != len_b:
        return False
    for j in range(len_a):  # noqa: SIM110 (numba compiles loops, not generators)
        if arena[a + j] != buf[b + j]:
            return False
    return True


@njit(cache=True, nogil=True)
def _grow_table(table):
    """The term table rehashed at twice the size."""
    cap = table.shape[0] // 2
    out = np.zeros(4 * cap, dtype=np.int64)
    out[1::2] = -1
    mask = 2 * cap - 1
    for s in range(cap):
        v = table[2 * s + 1]
        if v >= 0:
            i = (v >> 32) & mask
            while out[2 * i + 1] >= 0:
                i = (i + 1) & mask
            out[2 * i], out[2 * i + 1] = table[2 * s], v
    return out


@njit(cache=True, nogil=True)
def _number(buf, sep, pos, count, ids, table, arena, offsets, n_terms, block):
    """Number the tokens from byte ``pos`` on, until the end or until the table, the
    arena or ``offsets`` must grow; returns (byte pos, tokens numbered, terms).

    Tokens are split and hashed a block at a time (``block``: start, length, hash,
    key of each), then looked up, so that the lookups' cache misses overlap."""
    size = buf.shape[0]
    limit = table.shape[0] // 4
    while pos <= size and count < ids.shape[0]:
        nb, lo, hi = 0, pos, pos
        while nb < block.shape[0] and hi <= size:
            if hi < size and buf[hi] != sep:
                hi += 1
                continue
            h, key = _key_hash(buf, lo, hi - lo)
            block[nb, 0], block[nb, 1], block[nb, 2], block[nb, 3] = lo, hi - lo, h, key
            nb += 1
            hi += 1
            lo = hi
        for b in range(nb):
            lo, n, h, key = block[b, 0], block[b, 1], block[b, 2], block[b, 3]
            if count == ids.shape[0]:
                return lo, count, n_terms  # more tokens than expected
            t, i = _find_term(table, arena, offsets, buf, lo, n, h, key)
            if t < 0:
                a = offsets[n_terms]
                if n_terms >= limit or n_terms + 2 > offsets.shape[0] or a + n > arena.shape[0]:
                    return lo, count, n_terms
                arena[a : a + n] = buf[lo : lo + n]
                offsets[n_terms + 1] = a + n
                flag = LONG_TERM if n >= 8 else 0
                table[2 * i], table[2 * i + 1] = key, (h << 32) | flag | n_terms
                t = n_terms
                n_terms += 1
            ids[count] = t
            count += 1
        pos = hi
    return pos, count, n_terms


@njit(cache=True, nogil=True)
def split_terms(buf, sep, n_tokens):
    """Term id of each ``sep``-separated token of ``buf`` (first-seen order), the terms'
    bytes one after another and each term's start in them (plus the end); the id count
    is -1 when the tokens are not ``n_tokens``."""
    ids = np.empty(n_tokens, dtype=np.int32)
    table = np.zeros(1 << 17, dtype=np.int64)
    table[1::2] = -1
    arena = np.empty(1 << 16, dtype=np.uint8)
    offsets = np.zeros((1 << 14) + 1, dtype=np.int64)
    block = np.empty((TERM_BLOCK, 4), dtype=np.int64)
    pos, count, n_terms = 0, 0, 0
    while True:
        pos, count, n_terms = _number(
            buf, sep, pos, count, ids, table, arena, offsets, n_terms, block
        )
        if pos > buf.shape[0] or count == n_tokens:
            break
        if n_terms >= table.shape[0] // 4:
            table = _grow_table(table)
        elif n_terms + 2 > offsets.shape[0]:
            offsets = np.concatenate((offsets, np.zeros(offsets.shape[0], dtype=np.int64)))
        else:
            arena = np.concatenate((arena, np.empty(arena.shape[0], dtype=np.uint8)))
    if count != n_tokens or pos <= buf.shape[0]:
        return ids, arena[:0], offsets[:1], -1
    return ids, arena[: offsets[n_terms]], offsets[: n_terms + 1], n_terms
