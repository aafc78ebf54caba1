"""A term-major BM25 index: per-term postings with precomputed weights.

Scoring a query adds, for each query term, its postings' weights into a dense
score vector (numpy, no Python loop over passages), plus the constant that
BM25+/BM25L give for terms a passage lacks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from retrieval.config import ScoringConfig
from retrieval.errors import EmptyCorpusError
from retrieval.scoring import absent_part, idf, length_norm, saturation
from retrieval.topk import top_k

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Bm25Index:
    """BM25 over a fixed list of tokenized passages, scores identical to rank-bm25's."""

    def __init__(
        self,
        config: ScoringConfig,
        vocabulary: dict[str, int],
        indptr: IntArray,
        doc_ids: npt.NDArray[np.int32],
        tfs: npt.NDArray[np.int32],
        doc_len: npt.NDArray[np.int32],
    ) -> None:
        self.config = config
        self.vocabulary = vocabulary
        self.indptr = indptr
        self.doc_ids = doc_ids
        self.doc_len = doc_len
        self.n_docs = int(doc_len.shape[0])
        self.avgdl = float(doc_len.sum()) / self.n_docs
        self.doc_freq = np.diff(indptr)
        self.idf = idf(config, self.doc_freq, self.n_docs)
        term_of_posting = np.repeat(np.arange(len(vocabulary)), self.doc_freq)
        norm = length_norm(config, doc_len.astype(np.float64), self.avgdl)
        self.weights: FloatArray = self.idf[term_of_posting] * saturation(
            config, tfs.astype(np.float64), norm[doc_ids]
        )
        self.baseline: FloatArray = self.idf * absent_part(config)

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]], config: ScoringConfig) -> Bm25Index:
        """Index tokenized passages; refuses a corpus with no terms at all."""
        if not docs:
            raise EmptyCorpusError("there are no passages to index")
        vocabulary: dict[str, int] = {}
        term_ids: list[int] = []
        doc_ids: list[int] = []
        tfs: list[int] = []
        for doc_id, terms in enumerate(docs):
            for term, tf in Counter(terms).items():
                term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_ids.append(doc_id)
                tfs.append(tf)
        if not vocabulary:
            raise EmptyCorpusError("the passages hold no searchable words")
        order = np.argsort(np.asarray(term_ids, dtype=np.int64), kind="stable")
        counts = np.bincount(np.asarray(term_ids, dtype=np.int64), minlength=len(vocabulary))
        indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return cls(
            config,
            vocabulary,
            indptr,
            np.asarray(doc_ids, dtype=np.int32)[order],
            np.asarray(tfs, dtype=np.int32)[order],
            np.fromiter((len(d) for d in docs), dtype=np.int32, count=len(docs)),
        )

    def term_idf(self, term: str) -> float | None:
        """The idf of a term, or None when no passage holds it."""
        tid = self.vocabulary.get(term)
        return None if tid is None else float(self.idf[tid])

    def postings(self, term: str) -> tuple[npt.NDArray[np.int32], FloatArray]:
        """The passages holding ``term`` and the term's weight in each."""
        tid = self.vocabulary.get(term)
        if tid is None:
            return np.empty(0, dtype=np.int32), np.empty(0)
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        return self.doc_ids[lo:hi], self.weights[lo:hi]

    def scores(self, query: Sequence[str]) -> FloatArray:
        """The BM25 score of every passage for the query terms (repeats count)."""
        scores = np.zeros(self.n_docs)
        constant = 0.0
        for term, count in Counter(query).items():
            tid = self.vocabulary.get(term)
            if tid is None:
                continue
            lo, hi = self.indptr[tid], self.indptr[tid + 1]
            scores[self.doc_ids[lo:hi]] += count * self.weights[lo:hi]
            constant += count * self.baseline[tid]
        return scores + constant if constant else scores

    def search(self, query: Sequence[str], k: int) -> tuple[IntArray, FloatArray]:
        """The k best passages (ids, scores), best first, ties to the lower id."""
        scores = self.scores(query)
        ids = top_k(scores, k)
        return ids, scores[ids]
