"""Collection-wide BM25 statistics: live passages, total length, document frequencies.

Every segment is scored with these, so a passage scores exactly as it would in
one index built from scratch over the live passages. ``idf`` and the per-segment
length norms are derived lazily and cached until the statistics change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from retrieval.config import ScoringConfig
from retrieval.scoring import idf, length_norm

if TYPE_CHECKING:
    from retrieval.segments import Segment

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Stats:
    """Statistics of the live passages (immutable once published to searches)."""

    config: ScoringConfig
    n_docs: int
    total_len: int
    doc_freq: IntArray
    _idf: FloatArray | None = field(default=None, repr=False)

    @property
    def avgdl(self) -> float:
        """Mean live passage length (as rank-bm25 computes it)."""
        return self.total_len / self.n_docs

    @property
    def idf(self) -> FloatArray:
        """The idf of every term id (0 for terms no live passage holds)."""
        if self._idf is None:
            values = np.zeros(self.doc_freq.shape[0], dtype=np.float64)
            live = self.doc_freq > 0
            if live.any():
                values[live] = idf(self.config, self.doc_freq[live], self.n_docs)
            self._idf = values
        return self._idf

    def norm(self, segment: Segment) -> FloatArray:
        """The length norm of each passage of a segment (cached on it per mean length)."""
        cached = segment.norm_cache
        if cached is None or cached[0] != self.avgdl:
            values = length_norm(self.config, segment.doc_len.astype(np.float64), self.avgdl)
            cached = segment.norm_cache = (self.avgdl, values)
        return cached[1]

    def changed(self, n_docs: int, total_len: int, doc_freq: IntArray) -> Stats:
        """New statistics (caches dropped)."""
        return Stats(self.config, n_docs, total_len, doc_freq)
