"""Comparing newsbot's top k with the rank-bm25 oracle (``benchmarks/oracle.py``)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from benchmarks.oracle import oracle, oracle_top_k

__all__ = ["assert_same_top_k", "oracle"]


def assert_same_top_k(
    ids: npt.NDArray[np.int64],
    scores: npt.NDArray[np.float64],
    expected: npt.NDArray[np.float64],
    k: int,
) -> None:
    """Our top k equals the oracle's: same scores (1e-9 relative), same ids up to exact ties."""
    want = oracle_top_k(expected, k)
    assert ids.shape[0] == want.shape[0]
    np.testing.assert_allclose(scores, expected[want], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(scores, expected[ids], rtol=1e-9, atol=1e-12)
    for mine, theirs in zip(ids.tolist(), want.tolist(), strict=True):
        if mine != theirs:  # only a tie within rounding may reorder
            assert math.isclose(expected[mine], expected[theirs], rel_tol=1e-9, abs_tol=1e-12)
