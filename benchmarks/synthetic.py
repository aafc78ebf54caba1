"""Deterministic synthetic corpora and queries: a Zipf vocabulary with a stopword head.

Passages have Poisson(60) tokens drawn from a Zipf(1.0) distribution over
``VOCABULARY`` words whose ``STOPWORDS`` most frequent ones are stopwords. The
shared analysis every engine receives drops the stopwords, leaving ~39 content
tokens per passage. Queries have 1 + Poisson(4.6) content words (~5.6 tokens)
drawn from the same distribution. Everything follows from the seed.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt

VOCABULARY = 200_000
STOPWORDS = 50
PASSAGE_TOKENS = 60
QUERY_TOKENS = 5.6
CACHE = Path(__file__).parent / ".cache"


def _cdf(exponent: float = 1.0) -> npt.NDArray[np.float64]:
    weights = 1.0 / np.arange(1, VOCABULARY + 1, dtype=np.float64) ** exponent
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def words() -> list[str]:
    """The content words, most frequent first (term id = position)."""
    return [f"w{i:x}" for i in range(VOCABULARY - STOPWORDS)]


def corpus(n: int, seed: int = 7) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """Content-word ids of ``n`` passages (concatenated) and each passage's length."""
    path = CACHE / f"corpus-{n}-{seed}.npz"
    if path.exists():
        data = np.load(path)
        return data["tokens"], data["lengths"]
    rng = np.random.default_rng(seed)
    raw_lengths = np.maximum(rng.poisson(PASSAGE_TOKENS, n), 5)
    ranks = np.searchsorted(_cdf(), rng.random(int(raw_lengths.sum())))
    doc = np.repeat(np.arange(n), raw_lengths)
    content = ranks >= STOPWORDS
    tokens = (ranks[content] - STOPWORDS).astype(np.int32)
    lengths = np.bincount(doc[content], minlength=n).astype(np.int64)
    CACHE.mkdir(exist_ok=True)
    np.savez(path, tokens=tokens, lengths=lengths)
    return tokens, lengths


def queries(n: int, seed: int = 11) -> list[list[int]]:
    """``n`` queries of content-word ids."""
    rng = np.random.default_rng(seed)
    cdf = _cdf()
    out: list[list[int]] = []
    while len(out) < n:
        size = 1 + int(rng.poisson(QUERY_TOKENS - 1))
        ranks = np.searchsorted(cdf, rng.random(size * 3))
        content = [int(r) - STOPWORDS for r in ranks if r >= STOPWORDS][:size]
        if content:
            out.append(content)
    return out


def as_text(tokens: npt.NDArray[np.int32], lengths: npt.NDArray[np.int64]) -> list[list[str]]:
    """Each passage as a list of its (analyzed) words."""
    vocab = np.asarray(words(), dtype=object)
    flat = vocab[tokens].tolist()
    bounds = np.concatenate(([0], np.cumsum(lengths))).tolist()
    return [flat[a:b] for a, b in pairwise(bounds)]
