"""A growable BM25 index: segments of term-major postings scored with shared statistics.

Scores are exactly rank-bm25's (see ``retrieval.scoring``) over the live passages,
however many segments hold them: ``add`` indexes new passages as a small fresh
segment, ``remove`` drops passages, and ``merge`` folds segments together (it can
run in a background thread while searches go on). Search is exact top-k with
MaxScore pruning (``retrieval.maxscore``).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt

from retrieval import kernel as kernellib
from retrieval import segments as seglib
from retrieval.config import ScoringConfig
from retrieval.errors import EmptyCorpusError
from retrieval.maxscore import Query
from retrieval.maxscore import search as maxscore_search
from retrieval.scoring import absent_part, saturation
from retrieval.segments import Segment
from retrieval.stats import Stats
from retrieval.vocab import Vocabulary

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
MAX_FRESH_SEGMENTS = 8
"""More fresh segments than this are merged into one (in the background)."""
FRESH_SHARE = 0.1
"""Fresh passages beyond this share of the largest segment trigger a full merge."""


class _TermIds(dict[str, int]):
    """A term -> id dict that numbers unseen terms as they come."""

    def __missing__(self, term: str) -> int:
        tid = self[term] = len(self)
        return tid


def encode(docs: Sequence[Sequence[str]]) -> tuple[list[str], npt.NDArray[np.int32], IntArray]:
    """First-seen term list, concatenated term ids and per-passage token counts."""
    ids = _TermIds()
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    total = int(lengths.sum())
    flat = np.fromiter(map(ids.__getitem__, chain.from_iterable(docs)), dtype=np.int32, count=total)
    return list(ids), flat, lengths


class Bm25Index:
    """BM25 over tokenized passages, in segments; scores identical to rank-bm25's."""

    def __init__(
        self,
        config: ScoringConfig,
        vocabulary: Vocabulary,
        segments: list[Segment],
        stats: Stats,
        alive: npt.NDArray[np.bool_] | None = None,
        kernel: kernellib.Kernel = "auto",
    ) -> None:
        self.config = config
        self.kernel: kernellib.Kernel = kernel
        self.vocabulary = vocabulary
        self.segments = segments
        self.stats = stats
        self.alive = alive
        self._lock = threading.Lock()
        self._merging: threading.Thread | None = None
        self._kernel_ready: threading.Event | None = None
        """Set once the compiled path is loaded; None: use it directly (load on use)."""

    @classmethod
    def build(
        cls,
        docs: Sequence[Sequence[str]],
        config: ScoringConfig,
        kernel: kernellib.Kernel = "auto",
    ) -> Bm25Index:
        """Index tokenized passages; refuses a corpus with no terms at all.

        ``kernel`` picks numpy or the compiled (numba) kernels; ``auto`` compiles
        for large corpora only (``retrieval.kernel.NUMBA_MIN_PASSAGES``).
        """
        if not docs:
            raise EmptyCorpusError("there are no passages to index")
        encoded = kernellib.encode(docs) if kernellib.wanted(kernel, len(docs)) else None
        terms, flat, lengths = encoded or encode(docs)
        return cls.from_tokens(terms, flat, lengths, config, kernel)

    @classmethod
    def from_tokens(
        cls,
        terms: list[str],
        flat: npt.NDArray[np.int32],
        lengths: IntArray,
        config: ScoringConfig,
        kernel: kernellib.Kernel = "auto",
    ) -> Bm25Index:
        """Index passages given as term ids into ``terms`` (concatenated) and their lengths."""
        if not terms or lengths.shape[0] == 0:
            raise EmptyCorpusError("the passages hold no searchable words")
        vocabulary, new_id = Vocabulary.sorted_from(terms)
        tokens = new_id.astype(np.int32)[flat]
        del flat
        total = int(lengths.sum())
        avgdl = total / lengths.shape[0]
        compiled = kernellib.wanted(kernel, int(lengths.shape[0]))
        segment = seglib.from_tokens(
            tokens, lengths, len(terms), 0, config, avgdl, compiled=compiled
        )
        stats = Stats(config, int(lengths.shape[0]), total, segment.doc_freq())
        return cls(config, vocabulary, [segment], stats, kernel=kernel)

    # -- statistics -----------------------------------------------------------

    @property
    def n_docs(self) -> int:
        """How many live passages are indexed."""
        return self.stats.n_docs

    @property
    def n_ids(self) -> int:
        """How many passage ids exist (removed ones included)."""
        return max((s.base + s.n_docs for s in self.segments), default=0)

    @property
    def avgdl(self) -> float:
        """Mean live passage length."""
        return self.stats.avgdl

    def doc_freq(self, term: str) -> int:
        """How many live passages hold ``term``."""
        tid = int(self.vocabulary.lookup([term])[0])
        df = self.stats.doc_freq
        return 0 if tid < 0 or tid >= df.shape[0] else int(df[tid])

    def doc_freqs(self, terms: Sequence[str]) -> list[int]:
        """How many live passages hold each term (one vocabulary lookup for all)."""
        ids = self.vocabulary.lookup(terms)
        df = self.stats.doc_freq
        known = (ids >= 0) & (ids < df.shape[0])
        return [int(n) for n in np.where(known, df[np.where(known, ids, 0)], 0)]

    def term_idf(self, term: str) -> float | None:
        """The idf of a term, or None when no live passage holds it."""
        if not self.doc_freq(term):
            return None
        return float(self.stats.idf[int(self.vocabulary.lookup([term])[0])])

    # -- search ---------------------------------------------------------------

    def query(self, terms: Sequence[str]) -> Query:
        """The query's known term ids, their weights and the constant part."""
        counts = Counter(terms)
        tids = self.vocabulary.lookup(list(counts))
        stats = self.stats
        df = stats.doc_freq
        known = (tids >= 0) & (tids < df.shape[0])
        known[known] &= df[tids[known]] > 0
        tids = tids[known]
        times = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[known]
        coef = times * stats.idf[tids]
        return Query(tids, coef, float(coef.sum()) * absent_part(self.config))

    def search(self, terms: Sequence[str], k: int) -> tuple[IntArray, FloatArray]:
        """The k best live passages (ids, scores), best first, ties to the lower id."""
        segments, stats, alive = self.segments, self.stats, self.alive
        query = self.query(terms)
        if kernellib.wanted(self.kernel, self.n_ids) and self.kernel_ready():
            return kernellib.search(segments, stats, alive, query, k)
        return maxscore_search(segments, stats, alive, query, k)

    def kernel_ready(self) -> bool:
        """Whether searches may take the compiled path without waiting for it to load
        (True unless a background load is under way)."""
        ready = self._kernel_ready
        return ready is None or ready.is_set()

    def warm_kernel_in_background(
        self, hold: threading.Event | None = None
    ) -> threading.Thread | None:
        """Load the compiled search in a daemon thread when this index wants it (else
        None); searches take the numpy path (same ids and scores) until it is ready.

        ``hold``: the thread waits for this event before loading (tests use it to
        keep the index in its not-ready state)."""
        if not kernellib.wanted(self.kernel, self.n_ids):
            return None
        with self._lock:
            if self._kernel_ready is not None:
                return None
            ready = self._kernel_ready = threading.Event()
        kernellib.import_in_background()

        def load() -> None:
            try:
                if hold is not None:
                    hold.wait()
                kernellib.warm_up(list(self.segments), self.stats)
            finally:
                ready.set()

        thread = threading.Thread(target=load, name="kernel-warm-up", daemon=True)
        thread.start()
        return thread

    def scores(self, terms: Sequence[str]) -> FloatArray:
        """Every passage id's score, unpruned (removed passages get -inf); for checks."""
        query = self.query(terms)
        out = np.full(self.n_ids, query.constant)
        for seg in self.segments:
            norm = self.stats.norm(seg)
            for tid, coef in zip(query.tids.tolist(), query.coef.tolist(), strict=True):
                lo, hi = seg.span(tid)
                docs = seg.doc_ids[lo:hi]
                sat = saturation(self.config, seg.tfs[lo:hi].astype(np.float64), norm[docs])
                out[docs.astype(np.int64) + seg.base] += coef * sat
        if self.alive is not None:
            out[~self.alive] = -np.inf
        return out

    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        """The live passages holding ``term`` and the term's weight in each."""
        query = self.query([term])
        ids: list[IntArray] = []
        weights: list[FloatArray] = []
        for tid, coef in zip(query.tids.tolist(), query.coef.tolist(), strict=True):
            for seg in self.segments:
                lo, hi = seg.span(tid)
                docs = seg.doc_ids[lo:hi]
                norm = self.stats.norm(seg)[docs]
                ids.append(docs.astype(np.int64) + seg.base)
                weights.append(coef * saturation(self.config, seg.tfs[lo:hi].astype(float), norm))
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0)
        all_ids, all_w = np.concatenate(ids), np.concatenate(weights)
        if self.alive is not None:
            keep = self.alive[all_ids]
            all_ids, all_w = all_ids[keep], all_w[keep]
        return all_ids, all_w

    # -- growth ---------------------------------------------------------------

    def add(self, docs: Sequence[Sequence[str]]) -> range:
        """Index passages as a fresh segment; returns their ids. Searchable on return."""
        if not docs:
            return range(self.n_ids, self.n_ids)
        with self._lock:
            lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
            tokens = self.vocabulary.add(chain.from_iterable(docs)).astype(np.int32)
            n_terms = len(self.vocabulary)
            base = self.n_ids
            stats = self.stats
            total = stats.total_len + int(lengths.sum())
            n_docs = stats.n_docs + len(docs)
            avgdl = total / n_docs
            seg = seglib.from_tokens(tokens, lengths, n_terms, base, self.config, avgdl)
            df = _padded(stats.doc_freq, n_terms) + seg.doc_freq()
            alive = self.alive
            if alive is not None:
                alive = np.concatenate((alive, np.ones(len(docs), dtype=bool)))
            self.segments = [*self.segments, seg]
            self.alive = alive
            self.stats = stats.changed(n_docs, total, df)
        self._maybe_merge()
        return range(base, base + len(docs))

    def remove(self, ids: Sequence[int], docs: Sequence[Sequence[str]]) -> None:
        """Drop live passages ``ids`` whose terms are ``docs`` (one list per id)."""
        if not ids:
            return
        with self._lock:
            alive = self.alive if self.alive is not None else np.ones(self.n_ids, dtype=bool)
            alive = alive.copy()
            stats = self.stats
            df = stats.doc_freq.copy()
            total = stats.total_len
            for pid, terms in zip(ids, docs, strict=True):
                if not alive[pid]:
                    continue
                alive[pid] = False
                total -= len(terms)
                tids = self.vocabulary.lookup(list(set(terms)))
                df[tids[tids >= 0]] -= 1
            n_docs = int(alive.sum())
            if n_docs == 0:
                raise EmptyCorpusError("removing these passages would leave none")
            self.alive = alive
            self.stats = stats.changed(n_docs, total, df)

    def merge(self, start: int = 0) -> None:
        """Fold segments ``start..`` (as they are now) into one; new ones stay apart."""
        running = self._merging
        if running is not None and running is not threading.current_thread():
            running.join()
        snapshot = self.segments[start:]
        if len(snapshot) < 2:
            return
        merged = seglib.merge(
            snapshot, self.alive, len(self.vocabulary), self.config, self.stats.avgdl
        )
        with self._lock:
            current = self.segments
            if current[start : start + len(snapshot)] == snapshot:
                self.segments = [*current[:start], merged, *current[start + len(snapshot) :]]

    def merge_in_background(self, start: int = 0) -> threading.Thread:
        """Run ``merge`` in a daemon thread (one at a time), then any merge the segments
        added meanwhile call for; returns the thread."""
        running = self._merging
        if running is not None and running.is_alive():
            return running
        thread = threading.Thread(target=self._merge_until_settled, args=(start,), daemon=True)
        self._merging = thread
        thread.start()
        return thread

    def _merge_until_settled(self, start: int) -> None:
        """Merge from ``start``, then again while fresh segments call for it."""
        next_start: int | None = start
        while next_start is not None:
            self.merge(next_start)
            next_start = self._merge_start()

    def wait_for_merge(self) -> None:
        """Block until a background merge, if any, has finished."""
        if self._merging is not None:
            self._merging.join()

    def _maybe_merge(self) -> None:
        """Start a background merge when fresh segments pile up."""
        start = self._merge_start()
        if start is not None:
            self.merge_in_background(start)

    def _merge_start(self) -> int | None:
        """The first segment to merge from when fresh segments pile up, else None."""
        if len(self.segments) < 2:
            return None
        largest = max(s.n_docs for s in self.segments)
        fresh = self.n_ids - self.segments[0].n_docs
        if fresh > FRESH_SHARE * largest:
            return 0
        if len(self.segments) > MAX_FRESH_SEGMENTS + 1:
            return 1
        return None

    def segment_count(self) -> int:
        """How many segments hold the postings."""
        return len(self.segments)

    def terms_iter(self) -> Iterable[str]:
        """Every term id's term."""
        return self.vocabulary.terms()


def _padded(values: IntArray, size: int) -> IntArray:
    """``values`` extended with zeros to ``size`` entries."""
    if values.shape[0] >= size:
        return values.copy()
    return np.concatenate((values, np.zeros(size - values.shape[0], dtype=values.dtype)))
