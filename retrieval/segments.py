"""Index segments: term-major postings (passage ids, term frequencies) for a run of passages.

A segment covers passages ``base .. base + n_docs - 1``. For each term id it holds
the passages containing the term, ascending, with the term's frequency in each,
plus an upper bound of the term's saturation (the tf part of BM25) over those
postings at the mean length ``sat_avgdl``; the search scales it when the mean
length has changed since (see ``growth``).

Weights are not frozen into postings: idf and the mean passage length belong to
the whole collection, and change as segments are added, so scores stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from retrieval.config import ScoringConfig
from retrieval.scoring import length_norm, saturation

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
LenArray = npt.NDArray[np.uint8] | npt.NDArray[np.uint16] | npt.NDArray[np.int32]
TfArray = npt.NDArray[np.uint8] | npt.NDArray[np.uint16]
TF_LIMIT = 1 << 16
"""Frequencies are stored as uint16 (a passage would need 65,536 repeats of a term)."""
PACK_LIMIT = 1 << 46
"""Largest term x passage product for which (term, passage, tf) packs in an int64."""


@dataclass(eq=False)
class Segment:
    """Postings of consecutive passages, term-major."""

    base: int
    indptr: IntArray
    doc_ids: npt.NDArray[np.int32]
    tfs: TfArray
    doc_len: LenArray
    max_sat: FloatArray
    sat_avgdl: float
    norm_cache: tuple[float, FloatArray] | None = field(default=None, repr=False, compare=False)
    post_len: LenArray | None = field(default=None, repr=False, compare=False)
    min_len: int = field(default=0, repr=False, compare=False)
    _plain: tuple[np.ndarray, ...] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Freeze the postings (searches share them; compiled kernels take read-only arrays)."""
        for array in (self.indptr, self.doc_ids, self.tfs, self.doc_len, self.max_sat):
            array.flags.writeable = False
        if self.post_len is not None:
            self.post_len.flags.writeable = False
        self.min_len = int(self.doc_len.min()) if self.doc_len.shape[0] else 0

    def posting_lengths(self) -> LenArray:
        """The length of each posting's passage, in postings order (made once, if not loaded)."""
        if self.post_len is None:
            self.post_len = self.doc_len[self.doc_ids]
            self.post_len.flags.writeable = False
        return self.post_len

    def kernel_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Passage ids, tfs and passage lengths of the postings as plain read-only arrays
        (memory-mapped ones included: one compiled signature serves both)."""
        if self._plain is None:
            arrays = (self.doc_ids, self.tfs, self.posting_lengths())
            plain = tuple(np.asarray(a) for a in arrays)
            for array in plain:
                array.flags.writeable = False
            self._plain = plain
        return self._plain  # type: ignore[return-value]

    @property
    def n_docs(self) -> int:
        """How many passage ids the segment spans (removed ones included)."""
        return int(self.doc_len.shape[0])

    @property
    def n_terms(self) -> int:
        """How many term ids have a postings range here."""
        return int(self.indptr.shape[0]) - 1

    def doc_freq(self) -> IntArray:
        """Postings per term id."""
        return np.diff(self.indptr)

    def span(self, tid: int) -> tuple[int, int]:
        """Start and end of a term's postings (empty for unknown ids)."""
        if tid >= self.n_terms:
            return 0, 0
        return int(self.indptr[tid]), int(self.indptr[tid + 1])

    def growth(self, avgdl: float) -> float:
        """Factor making ``max_sat`` a bound at mean length ``avgdl`` (sat <= old / ratio)."""
        return max(1.0, avgdl / self.sat_avgdl)


def from_pairs(
    terms: IntArray,
    docs: IntArray,
    tfs: IntArray,
    doc_len: LenArray,
    n_terms: int,
    base: int,
    config: ScoringConfig,
    avgdl: float,
) -> Segment:
    """A segment from (term, local passage, tf) triples; sorts them term-major."""
    n_docs = max(int(doc_len.shape[0]), 1)
    if int(tfs.max(initial=0)) >= TF_LIMIT:
        raise ValueError("a term repeats more than 65,535 times in one passage")
    if n_terms * n_docs < PACK_LIMIT:
        key = (terms * n_docs + docs) << 16 | tfs
        key.sort()
        tf_sorted = (key & 0xFFFF).astype(np.uint16)
        key >>= 16
        term_sorted = key // n_docs
        doc_sorted = (key - term_sorted * n_docs).astype(np.int32)
    else:
        order = np.lexsort((docs, terms))
        term_sorted, doc_sorted = terms[order], docs[order].astype(np.int32)
        tf_sorted = tfs[order].astype(np.uint16)
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_sorted, minlength=n_terms), out=indptr[1:])
    tf_small = compact_tfs(tf_sorted)
    max_sat = bound_saturation(config, indptr, doc_sorted, tf_small, doc_len, avgdl)
    return Segment(base, indptr, doc_sorted, tf_small, doc_len, max_sat, avgdl)


def from_tokens(
    tokens: npt.NDArray[np.int32],
    lengths: npt.NDArray[np.integer],
    n_terms: int,
    base: int,
    config: ScoringConfig,
    avgdl: float,
    chunk: int = 1 << 17,
    *,
    compiled: bool = False,
) -> Segment:
    """A segment from each passage's term ids (concatenated) and token counts."""
    if compiled:
        return _from_tokens_compiled(tokens, lengths, n_terms, base, config, avgdl)
    offsets = np.zeros(lengths.shape[0] + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    parts: list[tuple[IntArray, IntArray, IntArray]] = []
    for lo in range(0, int(lengths.shape[0]), chunk):
        hi = min(lo + chunk, int(lengths.shape[0]))
        parts.append(_count_chunk(tokens[offsets[lo] : offsets[hi]], lengths[lo:hi], lo))
    if parts:
        terms, docs, tfs = (np.concatenate(p) for p in zip(*parts, strict=True))
    else:
        terms = docs = tfs = np.empty(0, dtype=np.int64)
    return from_pairs(terms, docs, tfs, compact_lengths(lengths), n_terms, base, config, avgdl)


def compact_lengths(lengths: npt.NDArray[np.integer]) -> LenArray:
    """Passage lengths in the smallest of uint8, uint16 and int32 that holds them."""
    longest = int(lengths.max()) if lengths.shape[0] else 0
    if longest < 1 << 8:
        return lengths.astype(np.uint8)
    if longest < 1 << 16:
        return lengths.astype(np.uint16)
    return lengths.astype(np.int32)


def compact_tfs(tfs: npt.NDArray[np.integer]) -> TfArray:
    """Term frequencies as uint8 when every one fits, else uint16."""
    if tfs.shape[0] and int(tfs.max()) >= 1 << 8:
        return tfs.astype(np.uint16, copy=False)
    return tfs.astype(np.uint8)


def _from_tokens_compiled(
    tokens: npt.NDArray[np.int32],
    lengths: npt.NDArray[np.integer],
    n_terms: int,
    base: int,
    config: ScoringConfig,
    avgdl: float,
) -> Segment:
    """``from_tokens`` in linear time with the numba kernels (same segment)."""
    from retrieval import kernel

    indptr, doc_ids, wide_tfs = kernel.build_postings(tokens, lengths.astype(np.int64), n_terms)
    tfs = compact_tfs(wide_tfs)
    del wide_tfs
    doc_len = compact_lengths(lengths)
    max_sat = kernel.bound_saturation(config, indptr, doc_ids, tfs, doc_len, avgdl)
    post_len = doc_len[doc_ids]
    return Segment(base, indptr, doc_ids, tfs, doc_len, max_sat, avgdl, post_len=post_len)


def _count_chunk(
    tokens: npt.NDArray[np.int32], lengths: npt.NDArray[np.integer], first: int
) -> tuple[IntArray, IntArray, IntArray]:
    """(term, passage, tf) of a run of passages, from their tokens."""
    n = int(lengths.shape[0])
    key = tokens.astype(np.int64) * n
    key += np.repeat(np.arange(n, dtype=np.int64), lengths)
    key.sort()
    if key.shape[0] == 0:
        return key, key, key
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    tfs = np.diff(np.append(starts, key.shape[0]))
    unique = key[starts]
    terms = unique // n
    return terms, unique - terms * n + first, tfs


def bound_saturation(
    config: ScoringConfig,
    indptr: IntArray,
    doc_ids: npt.NDArray[np.int32],
    tfs: TfArray,
    doc_len: LenArray,
    avgdl: float,
    chunk: int = 1 << 22,
) -> FloatArray:
    """Each term's largest saturation over its postings, at mean length ``avgdl``."""
    n_terms = int(indptr.shape[0]) - 1
    norm = length_norm(config, doc_len.astype(np.float64), avgdl)
    sat = np.empty(doc_ids.shape[0], dtype=np.float64)
    for lo in range(0, int(doc_ids.shape[0]), chunk):
        hi = lo + chunk
        sat[lo:hi] = saturation(config, tfs[lo:hi].astype(np.float64), norm[doc_ids[lo:hi]])
    out = np.zeros(n_terms, dtype=np.float64)
    nonempty = np.flatnonzero(indptr[1:] > indptr[:-1])
    if nonempty.size:
        out[nonempty] = np.maximum.reduceat(sat, indptr[nonempty])
    return out


def merge(
    segments: list[Segment],
    alive: npt.NDArray[np.bool_] | None,
    n_terms: int,
    config: ScoringConfig,
    avgdl: float,
) -> Segment:
    """One segment holding the live postings of consecutive ``segments``."""
    base = segments[0].base
    terms, docs, tfs = [], [], []
    for seg in segments:
        t = np.repeat(np.arange(seg.n_terms, dtype=np.int64), seg.doc_freq())
        d = seg.doc_ids.astype(np.int64) + (seg.base - base)
        keep = alive[d + base] if alive is not None else slice(None)
        terms.append(t[keep])
        docs.append(d[keep])
        tfs.append(seg.tfs[keep].astype(np.int64))
    doc_len = compact_lengths(np.concatenate([s.doc_len for s in segments]))
    return from_pairs(
        np.concatenate(terms),
        np.concatenate(docs),
        np.concatenate(tfs),
        doc_len,
        n_terms,
        base,
        config,
        avgdl,
    )
