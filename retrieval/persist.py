"""The on-disk index: ``.npy`` arrays plus a manifest, written atomically, memory-mapped.

Layout of an index directory::

    manifest.json   format version, analyzer, corpus fingerprint, counts, and for
                    every array file its dtype, shape, size and CRC-32
    vocab.npy  indptr.npy  doc_ids.npy  tfs.npy  doc_len.npy  max_sat.npy
    post_len.npy    each posting's passage length (for the compiled search; optional)
    <extra>.npy     arrays the caller keeps beside the index (passage map)

Saving writes a sibling temporary directory, fsyncs it, then swaps it in by
renaming; a crash leaves the old index or none, never half of one. Loading
checks the manifest, every file's size and checksum and the arrays' shapes
before trusting them, and raises ``IndexFormatError`` saying what is wrong.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.config import ScoringConfig
from retrieval.errors import IndexFormatError
from retrieval.index import Bm25Index
from retrieval.segments import Segment
from retrieval.stats import Stats
from retrieval.vocab import Vocabulary

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CORE = ("vocab", "indptr", "doc_ids", "tfs", "doc_len", "max_sat")
OPTIONAL = ("post_len",)


def save(
    index: Bm25Index, out: Path, meta: Mapping[str, Any], extras: Mapping[str, np.ndarray]
) -> None:
    """Write a single-segment index (and ``extras``) to ``out``, atomically."""
    if (
        index.segment_count() != 1
        or index.alive is not None
        or len(index.vocabulary) != (index.vocabulary.n_frozen)
    ):
        raise ValueError("only a freshly built index (one segment, nothing removed) is saved")
    seg = index.segments[0]
    arrays: dict[str, np.ndarray] = {
        "vocab": index.vocabulary.frozen,
        "indptr": seg.indptr,
        "doc_ids": seg.doc_ids,
        "tfs": seg.tfs,
        "doc_len": seg.doc_len,
        "max_sat": seg.max_sat,
        "post_len": seg.posting_lengths(),
        **extras,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        files = {name: _write_array(tmp / f"{name}.npy", arr) for name, arr in arrays.items()}
        manifest = {
            "format_version": FORMAT_VERSION,
            **meta,
            "scoring": index.config.model_dump(),
            "n_docs": index.n_docs,
            "total_len": index.stats.total_len,
            "sat_avgdl": seg.sat_avgdl,
            "files": files,
        }
        _write_bytes(tmp / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
        _fsync_dir(tmp)
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of an index directory (IndexFormatError when missing or unreadable)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexFormatError(f"no index at {directory}") from exc
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"unreadable index manifest in {directory}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(f"index at {directory} has another format version")
    return manifest


def load(
    directory: Path,
    config: ScoringConfig,
    expect: Mapping[str, Any],
    *,
    background_kernel: bool = True,
) -> tuple[Bm25Index, dict[str, np.ndarray]]:
    """The index saved in ``directory`` (memory-mapped) and its extra arrays, all checked.

    A large index answers at once: its compiled search (numba) loads in a background
    thread, and searches take the numpy path (same results) until it is ready
    (``background_kernel=False``: the compiled path loads on first search instead).
    """
    manifest = read_manifest(directory)
    for key, value in expect.items():
        if manifest.get(key) != value:
            raise IndexFormatError(f"index at {directory} was built with another {key}")
    files = manifest.get("files")
    if not isinstance(files, dict) or not set(CORE) <= set(files):
        raise IndexFormatError(f"index manifest in {directory} lists no arrays")
    arrays = {name: _read_array(directory / f"{name}.npy", spec) for name, spec in files.items()}
    index = _assemble(arrays, manifest, config, directory)
    if background_kernel:
        index.warm_kernel_in_background()
    return index, {k: v for k, v in arrays.items() if k not in CORE + OPTIONAL}


def _assemble(
    arrays: dict[str, np.ndarray], manifest: dict[str, Any], config: ScoringConfig, where: Path
) -> Bm25Index:
    """An index over loaded arrays, after checking that they fit together."""
    indptr, doc_ids, doc_len = arrays["indptr"], arrays["doc_ids"], arrays["doc_len"]
    n_terms = arrays["vocab"].shape[0]
    consistent = (
        indptr.shape[0] == n_terms + 1
        and arrays["max_sat"].shape[0] == n_terms
        and int(indptr[0]) == 0
        and int(indptr[-1]) == doc_ids.shape[0] == arrays["tfs"].shape[0]
        and doc_len.shape[0] == manifest.get("n_docs")
        and int(doc_len.sum()) == manifest.get("total_len")
    )
    if not consistent:
        raise IndexFormatError(f"index at {where} is inconsistent (corrupt)")
    sat_avgdl = float(manifest["sat_avgdl"])
    if ScoringConfig.model_validate(manifest["scoring"]) == config:
        max_sat = arrays["max_sat"]
    else:
        max_sat = _rebound(config, indptr, doc_ids, arrays["tfs"], doc_len, sat_avgdl)
    post_len = arrays.get("post_len")
    if post_len is not None and post_len.shape != doc_ids.shape:
        raise IndexFormatError(f"index at {where} is inconsistent (corrupt)")
    segment = Segment(
        0, indptr, doc_ids, arrays["tfs"], doc_len, max_sat, sat_avgdl, post_len=post_len
    )
    stats = Stats(config, int(doc_len.shape[0]), int(manifest["total_len"]), np.diff(indptr))
    return Bm25Index(config, Vocabulary(arrays["vocab"]), [segment], stats)


def _rebound(config: ScoringConfig, *arrays: Any) -> npt.NDArray[np.float64]:
    """Saturation bounds for other scoring settings than the index was saved with."""
    from retrieval.segments import bound_saturation

    return bound_saturation(config, *arrays)


def _write_array(path: Path, array: np.ndarray) -> dict[str, Any]:
    """Save one array as .npy (fsynced); its manifest entry."""
    with path.open("wb") as handle:
        np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
    return {
        "dtype": array.dtype.str,
        "shape": list(array.shape),
        "size": path.stat().st_size,
        "crc32": _crc32(path),
    }


def _read_array(path: Path, spec: Mapping[str, Any]) -> np.ndarray:
    """Memory-map one array after checking its size, checksum, dtype and shape."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IndexFormatError(f"index file missing: {path.name}") from exc
    if size != spec.get("size"):
        raise IndexFormatError(f"index file truncated or resized: {path.name}")
    if _crc32(path) != spec.get("crc32"):
        raise IndexFormatError(f"index file corrupt (checksum mismatch): {path.name}")
    try:
        array: np.ndarray = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"index file unreadable: {path.name}: {exc}") from exc
    if array.dtype.str != spec.get("dtype") or list(array.shape) != spec.get("shape"):
        raise IndexFormatError(f"index file has the wrong type or shape: {path.name}")
    return array


def _crc32(path: Path) -> int:
    """CRC-32 of a whole file, computed over a read-only memory map (no copies)."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return 0
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return zlib.crc32(mapped)


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(tmp: Path, out: Path) -> None:
    """Replace ``out`` by ``tmp`` with renames (the old one is removed afterwards)."""
    old: Path | None = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
    os.replace(tmp, out)
    _fsync_dir(out.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
