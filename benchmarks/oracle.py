"""rank-bm25 0.2.2 as the scoring oracle, with newsbot's deliberate fixes applied.

Shared by the property tests (``tests/retrieval``) and the benchmark's rank-bm25
peer; rank-bm25 is a test and benchmark dependency, never a runtime one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from retrieval.config import ScoringConfig
from retrieval.scoring import MEAN_TOLERANCE


class FixedOkapi(BM25Okapi):  # type: ignore[misc]
    """BM25Okapi whose idf floor applies to every idf below epsilon x mean (fix 1)."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(self.corpus_size - freq + 0.5) - math.log(freq + 0.5)
        mean = sum(self.idf.values()) / len(self.idf)
        floor = self.epsilon * mean if mean > MEAN_TOLERANCE else self.epsilon
        for word, value in self.idf.items():
            if value < floor:
                self.idf[word] = floor


class FixedL(BM25L):  # type: ignore[misc]
    """BM25L without the extra tf factor (fix 2)."""

    def get_scores(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        score = np.zeros(self.corpus_size)
        doc_len = np.array(self.doc_len)
        for q in query:
            q_freq = np.array([(doc.get(q) or 0) for doc in self.doc_freqs])
            ctd = q_freq / (1 - self.b + self.b * doc_len / self.avgdl)
            score += (
                (self.idf.get(q) or 0)
                * (self.k1 + 1)
                * (ctd + self.delta)
                / (self.k1 + ctd + self.delta)
            )
        return score


def oracle(docs: Sequence[Sequence[str]], config: ScoringConfig) -> BM25Okapi:
    """The rank-bm25 model newsbot's index must match for ``config``."""
    corpus = [list(d) for d in docs]
    if config.variant == "okapi":
        return FixedOkapi(corpus, k1=config.k1, b=config.b, epsilon=config.epsilon)
    if config.variant == "plus":
        return BM25Plus(corpus, k1=config.k1, b=config.b, delta=config.delta)
    return FixedL(corpus, k1=config.k1, b=config.b, delta=config.delta)


def oracle_top_k(scores: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.int64]:
    """Ids of the k best oracle scores, ties to the lower id."""
    return np.lexsort((np.arange(scores.shape[0]), -scores))[:k]
