"""The compiled query and build path for large indexes (numba, imported on first use).

Small indexes are searched with numpy (``retrieval.maxscore``): numba costs ~0.4 s
to import, more than a small collection's whole start-up budget. From
``NUMBA_MIN_PASSAGES`` passages on, ``auto`` picks the compiled path when numba is
installed; both paths give the same ids and scores.

A large index opened from disk need not wait for numba:
``Bm25Index.warm_kernel_in_background`` (called by ``persist.load`` once the files
are checked, so the checks do not compete with numba's import for the GIL) imports
the kernels and loads the index's compiled signatures in a daemon thread; until
then its searches take the numpy path.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import pairwise
from types import ModuleType
from typing import Literal

import numpy as np
import numpy.typing as npt

from retrieval.config import ScoringConfig
from retrieval.maxscore import SLACK, Query, fill_zeros, term_order
from retrieval.scoring import absent_part
from retrieval.segments import Segment
from retrieval.stats import Stats

Kernel = Literal["auto", "numpy", "numba"]
NUMBA_MIN_PASSAGES = 50_000
"""From this many passages on, ``auto`` uses the compiled kernels (when numba is installed)."""
VARIANT_CODE = {"okapi": 0, "plus": 1, "l": 2}
NO_ALIVE = np.zeros(0, dtype=np.bool_)
NO_ALIVE.flags.writeable = False
_LOCAL = threading.local()


@cache
def available() -> bool:
    """Whether numba is installed (without importing it)."""
    return importlib.util.find_spec("numba") is not None


def compiled() -> ModuleType:
    """The numba kernels module (imports numba and loads or compiles the kernels)."""
    from retrieval import _compiled

    return _compiled


_importer: threading.Thread | None = None
_importer_lock = threading.Lock()


def import_in_background() -> None:
    """Start importing the kernels module (numba) in a daemon thread, once; no-op when
    numba is not installed or the module is already imported."""
    global _importer
    if not available() or "retrieval._compiled" in sys.modules:
        return
    with _importer_lock:
        if _importer is None:
            _importer = threading.Thread(target=compiled, name="numba-import", daemon=True)
            _importer.start()


def warm_up(segments: list[Segment], stats: Stats) -> None:
    """Load (or compile) the compiled search for these segments' array types, by one
    search of a rare term in each distinct kind of segment; results are discarded."""
    seen: set[tuple[str, ...]] = set()
    for seg in segments:
        doc_ids, tfs, post_len = seg.kernel_arrays()
        kind = (doc_ids.dtype.str, tfs.dtype.str, post_len.dtype.str)
        if kind in seen or seg.n_docs == 0:
            continue
        seen.add(kind)
        df = np.diff(np.asarray(seg.indptr))
        held = np.flatnonzero(df)
        if held.shape[0] == 0:
            continue
        tid = int(held[np.argmin(df[held])])
        query = Query(np.array([tid], dtype=np.int64), np.ones(1), 0.0)
        search([seg], stats, None, query, 1)


def wanted(kernel: Kernel, n_passages: int) -> bool:
    """Whether to use the compiled path for an index of ``n_passages``."""
    if kernel == "numba":
        if not available():
            raise RuntimeError("the numba kernel was asked for but numba is not installed")
        return True
    return kernel == "auto" and n_passages >= NUMBA_MIN_PASSAGES and available()


def params(config: ScoringConfig, avgdl: float, min_len: int = 0) -> npt.NDArray[np.float64]:
    """Scoring parameters as the kernels take them.

    (variant, k1, b, avgdl, delta, absent part, least length norm given ``min_len``).
    """
    code = VARIANT_CODE[config.variant]
    least = 1 - config.b + config.b * float(min_len) / avgdl
    return np.array(
        [code, config.k1, config.b, avgdl, config.delta, absent_part(config), least],
        dtype=np.float64,
    )


def readonly(array: np.ndarray) -> np.ndarray:
    """A read-only view (one compiled signature serves in-memory and mapped arrays)."""
    if not array.flags.writeable:
        return array
    view = array.view()
    view.flags.writeable = False
    return view


def build_postings(
    tokens: npt.NDArray[np.int32], lengths: npt.NDArray[np.integer], n_terms: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.uint16]]:
    """Term-major postings (indptr, passage ids, tfs) of passages given as term ids."""
    lengths = np.ascontiguousarray(lengths, dtype=np.int64)
    tokens = np.ascontiguousarray(tokens, dtype=np.int32)
    indptr, doc_ids, tfs, max_tf = compiled().build_postings(tokens, lengths, n_terms)
    if max_tf > 65535:
        raise ValueError("a term repeats more than 65,535 times in one passage")
    return indptr, doc_ids, tfs


def bound_saturation(
    config: ScoringConfig,
    indptr: npt.NDArray[np.int64],
    doc_ids: npt.NDArray[np.int32],
    tfs: np.ndarray,
    doc_len: np.ndarray,
    avgdl: float,
) -> npt.NDArray[np.float64]:
    """Each term's largest saturation over its postings, at mean length ``avgdl``."""
    arrays = (readonly(a) for a in (indptr, doc_ids, tfs, doc_len))
    return compiled().bound_saturation(*arrays, params(config, avgdl))  # type: ignore[no-any-return]


def search(
    segments: list[Segment],
    stats: Stats,
    alive: npt.NDArray[np.bool_] | None,
    query: Query,
    k: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The k best live passages (global ids, scores), best first, ties to the lower id."""
    if k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    top_ids = np.empty(k, dtype=np.int64)
    top_scores = np.empty(k, dtype=np.float64)
    filled = 0
    alive_view = NO_ALIVE if alive is None else readonly(alive)
    run = compiled().search_segment
    for seg in sorted(segments, key=lambda s: -s.n_docs):
        terms = _segment_terms(seg, stats, query)
        if terms is None:
            continue
        acc, touched = _scratch()
        weights = params(stats.config, stats.avgdl, seg.min_len)
        filled = run(
            *seg.kernel_arrays(), *terms, alive_view, seg.base, weights, saturations(weights),
            top_ids, top_scores, filled, acc, touched,
        )  # fmt: skip
    ids, scores = top_ids[:filled], top_scores[:filled]
    order = np.lexsort((ids, -scores))
    ids, scores = ids[order], scores[order]
    if ids.shape[0] < k or scores[-1] <= 0:
        ids, scores = fill_zeros(ids, scores, k, segments, alive)
    return ids, scores + query.constant


def saturations(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The (tf, length) saturation table for these scoring parameters (cached)."""
    return _saturations(tuple(weights[:6].tolist()))


@lru_cache(maxsize=8)
def _saturations(key: tuple[float, ...]) -> npt.NDArray[np.float64]:
    """``saturations`` by the parameters' values."""
    table = compiled().saturation_table(np.array(key, dtype=np.float64))
    table.flags.writeable = False
    return table  # type: ignore[no-any-return]


def _scratch() -> tuple[np.ndarray, np.ndarray]:
    """This thread's per-passage work arrays for one run of passages: the zeroed
    accumulators and the list of those in use (one slot longer: it is written
    ahead of the count)."""
    pool: dict[str, tuple[np.ndarray, np.ndarray]] = _LOCAL.__dict__
    arrays = pool.get("scratch")
    if arrays is None:
        size = compiled().CHUNK
        arrays = (np.zeros(size, dtype=np.float64), np.zeros(size + 1, dtype=np.int32))
        pool["scratch"] = arrays
    return arrays


def _segment_terms(
    seg: Segment, stats: Stats, query: Query
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Postings spans, weights and bounds of the query terms in a segment, in summation
    order (``maxscore.term_order``), or None when no term can score there."""
    tids = query.tids
    inside = tids < seg.n_terms
    max_sat = np.zeros(tids.shape[0])
    max_sat[inside] = seg.max_sat[tids[inside]]
    bounds = query.coef * max_sat * (seg.growth(stats.avgdl) * SLACK)
    order = term_order(seg, tids, bounds)
    if order.shape[0] == 0:
        return None
    picked = tids[order]
    return seg.indptr[picked], seg.indptr[picked + 1], query.coef[order], bounds[order]


SEPARATOR = "\x1f"


def encode(
    docs: Sequence[Sequence[str]],
) -> tuple[list[str], npt.NDArray[np.int32], npt.NDArray[np.int64]] | None:
    """``retrieval.index.encode`` in compiled code (terms in first-seen order), or None.

    Each passage's terms are joined, then the passages, into one UTF-8 buffer (joining
    lists is several times faster than joining one chained iterator), which is split
    and numbered by a byte hash table; None (use ``index.encode``) when a term itself
    holds the separator.
    """
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    total = int(lengths.sum())
    if total == 0:
        return None
    joined = SEPARATOR.join([SEPARATOR.join(doc) for doc in docs if doc])
    data = joined.encode("utf-8", "surrogatepass")
    del joined
    buf = np.frombuffer(data, dtype=np.uint8)
    ids, arena, offsets, n_terms = compiled().split_terms(buf, 0x1F, total)
    if n_terms < 0:
        return None
    raw = arena.tobytes()
    bounds = offsets.tolist()
    terms = [raw[a:b].decode("utf-8", "surrogatepass") for a, b in pairwise(bounds)]
    return terms, ids, lengths
