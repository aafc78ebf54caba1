"""BM25 term weights, defined exactly as rank-bm25 0.2.2 defines them, with three fixes.

For a term t in passage d with frequency tf, passage length dl and mean length
avgdl, rank-bm25 scores (N passages, df of them holding t):

* okapi: idf = ln((N - df + 0.5) / (df + 0.5)),
  w = idf * tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))
* plus:  idf = ln((N + 1) / df),  w = idf * (delta + tf (k1 + 1) / (k1 (1 - b + b dl / avgdl) + tf))
* l:     idf = ln((N + 1) / (df + 0.5)),  ctd = tf / (1 - b + b dl / avgdl),
  w = idf * (k1 + 1) (ctd + delta) / (k1 + ctd + delta)

Deliberate departures from rank-bm25 0.2.2 (tests apply the same to the oracle):

1. okapi floors idf at epsilon x the mean idf for every term *below* that floor.
   rank-bm25 floors only negative idfs, so a term in exactly half the passages
   scores zero while a commoner one scores more: with the few passages of one
   article that inversion is common. When the mean idf is not positive (a corpus
   of one or two passages) the floor is epsilon itself.
2. l drops the extra factor tf that rank-bm25's released BM25L multiplies in.
3. An empty corpus (or one without a single term) is refused before scoring,
   where rank-bm25 divides by zero.

plus and l give every passage a constant ``idf * floor`` for each query term it
lacks; that part is kept apart (``baseline``) so that postings stay sparse.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from retrieval.config import ScoringConfig

FloatArray = npt.NDArray[np.float64]

MEAN_TOLERANCE = 1e-9
"""A mean idf this close to zero counts as not positive: summed in another order, an
exact zero comes out a hair either side of it, and the floor must not flip between
epsilon and nearly nothing."""


def idf(config: ScoringConfig, doc_freq: npt.NDArray[np.integer], n_docs: int) -> FloatArray:
    """Inverse document frequency of each term, given its document frequency."""
    df = doc_freq.astype(np.float64)
    if config.variant == "okapi":
        raw = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        mean = float(raw.mean()) if raw.size else 0.0
        floor = config.epsilon * mean if mean > MEAN_TOLERANCE else config.epsilon
        floored: FloatArray = np.where(raw < floor, floor, raw)
        return floored
    if config.variant == "plus":
        plus: FloatArray = np.log((n_docs + 1) / df)
        return plus
    lower: FloatArray = np.log(n_docs + 1) - np.log(df + 0.5)
    return lower


def length_norm(config: ScoringConfig, doc_len: FloatArray, avgdl: float) -> FloatArray:
    """The passage-length normalisation 1 - b + b dl / avgdl."""
    return 1 - config.b + config.b * doc_len / avgdl


def saturation(config: ScoringConfig, tf: FloatArray, norm: FloatArray) -> FloatArray:
    """The tf part of a posting's weight, without what a missing term would get."""
    k1 = config.k1
    if config.variant == "okapi":
        return tf * (k1 + 1) / (tf + k1 * norm)
    if config.variant == "plus":
        return (tf * (k1 + 1)) / (k1 * norm + tf)
    ctd = tf / norm
    full = (k1 + 1) * (ctd + config.delta) / (k1 + ctd + config.delta)
    return full - absent_part(config)


def absent_part(config: ScoringConfig) -> float:
    """What a passage gets, per unit of idf, for a query term it does not hold."""
    if config.variant == "plus":
        return config.delta
    if config.variant == "l":
        return (config.k1 + 1) * config.delta / (config.k1 + config.delta)
    return 0.0
