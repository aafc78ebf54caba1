"""Atomic file writes: a temporary file beside the target, fsynced, then renamed over it.

A crash or a failed write leaves either the old file or the new one, never a torn
one; the temporary file is removed when the write fails.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, prefix: str = ".tmp-", suffix: str = "") -> None:
    """Replace ``path`` with ``data`` atomically (its folder must exist)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
