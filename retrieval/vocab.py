"""The index's vocabulary: a sorted, memory-mappable term array plus terms learned later.

Persisted terms live in one fixed-width byte array (UTF-8, sorted), so loading a
million-term index maps a file instead of building a dict; a term's id is its
position. Terms first seen after that get the next ids from a small dict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

IdArray = npt.NDArray[np.int64]
CACHE_SIZE = 1 << 16
"""Known terms whose ids are remembered (queries repeat terms; ids never change)."""


class Vocabulary:
    """Maps terms to dense ids: sorted frozen terms first, then added ones."""

    def __init__(self, frozen: npt.NDArray[np.bytes_] | None = None) -> None:
        self.frozen = frozen if frozen is not None else np.empty(0, dtype="S1")
        self._width = self.frozen.dtype.itemsize
        self._extra: dict[str, int] = {}
        self._known: dict[str, int] = {}

    @classmethod
    def sorted_from(cls, terms: Sequence[str]) -> tuple[Vocabulary, IdArray]:
        """A frozen vocabulary of ``terms`` and the new id of each (by old position)."""
        encoded = [t.encode("utf-8") for t in terms]
        order = sorted(range(len(encoded)), key=encoded.__getitem__)
        width = max((len(e) for e in encoded), default=1) or 1
        frozen = np.array([encoded[i] for i in order], dtype=f"S{width}")
        new_id = np.empty(len(encoded), dtype=np.int64)
        new_id[np.asarray(order, dtype=np.int64)] = np.arange(len(encoded))
        return cls(frozen), new_id

    def __len__(self) -> int:
        return int(self.frozen.shape[0]) + len(self._extra)

    @property
    def n_frozen(self) -> int:
        """How many terms are in the sorted, persisted part."""
        return int(self.frozen.shape[0])

    def lookup(self, terms: Sequence[str]) -> IdArray:
        """The id of each term, -1 for a term never seen."""
        known = self._known
        hits = [known.get(t, -1) for t in terms]
        if -1 not in hits:
            return np.array(hits, dtype=np.int64)
        ids = self._lookup(terms)
        if len(known) > CACHE_SIZE:
            known.clear()
        for term, tid in zip(terms, ids.tolist(), strict=True):
            if tid >= 0:
                known[term] = tid
        return ids

    def _lookup(self, terms: Sequence[str]) -> IdArray:
        """``lookup`` without the cache."""
        ids = np.full(len(terms), -1, dtype=np.int64)
        encoded = [t.encode("utf-8") for t in terms]
        fits = [i for i, e in enumerate(encoded) if 0 < len(e) <= self._width]
        if fits and self.n_frozen:
            keys = np.array([encoded[i] for i in fits], dtype=self.frozen.dtype)
            pos = np.searchsorted(self.frozen, keys)
            pos_ok = np.minimum(pos, self.n_frozen - 1)
            hit = (pos < self.n_frozen) & (self.frozen[pos_ok] == keys)
            ids[np.asarray(fits)[hit]] = pos[hit]
        if self._extra:
            for i, term in enumerate(terms):
                if ids[i] < 0:
                    ids[i] = self._extra.get(term, -1)
        return ids

    def add(self, terms: Iterable[str]) -> IdArray:
        """Ids of ``terms`` (one per term given), giving new ids to unseen ones."""
        terms = list(terms)
        ids = self.lookup(terms)
        for i in np.flatnonzero(ids < 0).tolist():
            ids[i] = self._extra.setdefault(terms[i], len(self))
        return ids

    def terms(self) -> list[str]:
        """Every term, by id."""
        frozen = [t.decode("utf-8") for t in self.frozen.tolist()]
        return frozen + sorted(self._extra, key=self._extra.__getitem__)
