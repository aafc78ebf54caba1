"""Select the k best-scoring passages without sorting them all."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def top_k(scores: FloatArray, k: int) -> IntArray:
    """Ids of the k highest scores, best first; ties go to the lower id."""
    ids, _ = top_k_of(np.arange(scores.shape[0], dtype=np.int64), scores, k)
    return ids


def top_k_of(ids: IntArray, scores: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """The k best (id, score) pairs, best first; ties go to the lower id."""
    n = scores.shape[0]
    if k <= 0 or n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if k < n:
        kth = np.partition(scores, n - k)[n - k]
        keep = np.flatnonzero(scores >= kth)
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:k]
    return ids[order].astype(np.int64), scores[order]
