"""A progress bar for long loads, shown on a terminal only and only when the load is big."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

MIN_BYTES = 2_000_000
"""Loads smaller than this finish too fast to need a bar (and rich is not even imported)."""
EVERY = 0.1
"""Seconds between two redraws."""

Progress = Callable[[int, int], None]


@contextmanager
def progress_bar(label: str, stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A ``(done, total)`` bytes callback drawing a bar on ``stream``, or None off a terminal."""
    out = stream or sys.stderr
    if not _is_terminal(out):
        yield None
        return
    bar = _LazyBar(label, out)
    try:
        yield bar.update
    finally:
        bar.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _LazyBar:
    """A rich progress bar started on the first big enough update."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self._progress: Any = None
        self._task: Any = None
        self._last = 0.0

    def update(self, done: int, total: int) -> None:
        """Move the bar to ``done`` of ``total`` bytes (redrawn at most every EVERY seconds)."""
        now = time.monotonic()
        if total < MIN_BYTES or (now - self._last < EVERY and done < total):
            return
        self._last = now
        if self._progress is None:
            self._start(total)
        self._progress.update(self._task, completed=done, total=total)

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn(self.label),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=total)

    def close(self) -> None:
        """Remove the bar."""
        if self._progress is not None:
            self._progress.stop()
