"""The update journal: each update answered once, across a ``kill -9`` too.

python-telegram-bot confirms an update to Telegram with the offset of the *next*
``getUpdates``, which it sends as soon as the update is queued, not once it is handled; in
webhook mode it answers 200 as soon as the update is queued. So a crash can come

* after the confirmation but before the answer: Telegram will not send the update again,
  and the answer would be lost;
* after the answer but before the confirmation (a slow or failing poll): Telegram sends the
  update again, and it would be answered twice.

The journal closes both gaps. It is one append-only file of JSON lines,
``NEWSBOT_DATA_DIR/telegram/updates.jsonl``, each line flushed and fsync'ed before the bot goes
on:

* ``{"r": id, "u": update}`` when an update is **received** (written by the update queue, so
  before Telegram is told);
* ``{"s": id}`` each time one of its messages has been sent (or given up on), so that an
  answer of several messages cut short by a crash goes on where it stopped;
* ``{"d": id}`` when it is **done**: every handler has run (its answer delivered, refused,
  or deliberately not sent).

At start-up the bot loads it: updates received but not done are handled again (their answer
was not sent), and an update Telegram delivers again whose id is done or pending is skipped.
The file keeps the last ``MAX_DONE`` done ids; when it grows past twice that it is rewritten
to a temporary file and renamed over the old one (atomic). A torn last line (a kill during a
write) is ignored.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from retrieval import write_atomic

logger = logging.getLogger(__name__)

MAX_DONE = 10_000
"""Handled update ids remembered at most (the newest)."""
MAX_PENDING = 1_000
"""Received, not yet handled updates kept at most (the newest)."""
FILE_NAME = "updates.jsonl"


@dataclass
class Progress:
    """The messages sent for the update being handled (one per task: ``current``)."""

    journal: Journal
    update_id: int
    skip: int = 0
    """Messages sent before a crash: not sent again."""

    def already_sent(self) -> bool:
        """Whether the next message went out before a crash (then it is not sent again)."""
        if self.skip <= 0:
            return False
        self.skip -= 1
        return True

    def sent(self) -> None:
        """Record that the next message was sent (or given up on)."""
        self.journal.sent(self.update_id)


current: ContextVar[Progress | None] = ContextVar("current_update", default=None)
"""The progress of the update the running task handles (set by the Application)."""


class Journal:
    """Which updates were received and which were handled, durable on disk."""

    def __init__(self, path: Path, max_done: int = MAX_DONE) -> None:
        self.path = path
        self.max_done = max_done
        self._done: OrderedDict[int, None] = OrderedDict()
        self._pending: dict[int, dict[str, Any]] = {}
        self._sent: dict[int, int] = {}
        self._tries: dict[int, int] = {}
        self._lock = threading.Lock()
        self._lines = 0
        self._file: BinaryIO | None = None
        self._load()

    # --- asking -----------------------------------------------------------------------------

    def seen(self, update_id: int) -> bool:
        """Whether this update was already handled, or is received and being handled."""
        return update_id in self._done or update_id in self._pending

    def is_done(self, update_id: int) -> bool:
        """Whether this update was handled."""
        return update_id in self._done

    def pending(self) -> list[dict[str, Any]]:
        """Updates received but not handled (a crash came in between), oldest first."""
        return [self._pending[i] for i in sorted(self._pending)]

    def sent_count(self, update_id: int) -> int:
        """Messages of a pending update already sent (before a crash)."""
        return self._sent.get(update_id, 0)

    def progress(self, update_id: int) -> Progress:
        """The progress of an update about to be handled (skipping what was sent)."""
        return Progress(self, update_id, self.sent_count(update_id))

    def __len__(self) -> int:
        return len(self._done)

    # --- recording ----------------------------------------------------------------------------

    def received(self, update_id: int, update: dict[str, Any], sync: bool = True) -> None:
        """Record that an update arrived (its data, to handle it again after a crash).

        With ``sync=False`` the line is written (a kill -9 cannot lose it) but not yet
        fsync'ed: call ``sync`` before Telegram is told (the update queue does so in a thread
        while the update is already being handled).
        """
        if self.seen(update_id):
            return
        self._pending[update_id] = update
        while len(self._pending) > MAX_PENDING:
            oldest = min(self._pending)
            del self._pending[oldest]
            self._sent.pop(oldest, None)
            self._tries.pop(oldest, None)
        self._append({"r": update_id, "u": update}, sync)

    def sent(self, update_id: int) -> None:
        """Record that one more message of a received update was sent."""
        if update_id not in self._pending:
            return
        self._sent[update_id] = self._sent.get(update_id, 0) + 1
        self._append({"s": update_id})

    def retry(self, update_id: int) -> int:
        """Record that a pending update is handled again after a restart; how many times."""
        if update_id not in self._pending:
            return 0
        self._tries[update_id] = self._tries.get(update_id, 0) + 1
        self._append({"t": update_id})
        return self._tries[update_id]

    def done(self, update_id: int) -> None:
        """Record that an update was handled: it is never handled again."""
        if update_id in self._done:
            return
        self._pending.pop(update_id, None)
        self._sent.pop(update_id, None)
        self._tries.pop(update_id, None)
        self._done[update_id] = None
        while len(self._done) > self.max_done:
            self._done.popitem(last=False)
        self._append({"d": update_id})
        if self._lines > 2 * (self.max_done + MAX_PENDING):
            self.compact()

    def sync(self) -> None:
        """Flush what was written to the disk (fsync); safe to call from another thread."""
        with self._lock:
            if self._file is not None:
                os.fsync(self._file.fileno())

    def close(self) -> None:
        """Close the file (appending opens it again)."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def _append(self, entry: dict[str, Any], sync: bool = True) -> None:
        line = json.dumps(entry, separators=(",", ":")) + "\n"
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "ab")  # noqa: SIM115 (kept open while running)
        self._file.write(line.encode("ascii"))
        self._file.flush()
        if sync:
            os.fsync(self._file.fileno())
        self._lines += 1

    # --- the file -----------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            logger.error("Cannot read the update journal %s: %s", self.path, exc)
            return
        torn = 0
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            self._lines += 1
            try:
                entry = json.loads(line)
                self._replay(entry)
            except (ValueError, TypeError, KeyError):
                torn += 1
        if torn:
            logger.warning("Update journal: %d unreadable line(s) skipped", torn)
        torn_end = bool(raw) and not raw.endswith(b"\n")
        if torn_end or self._lines > 2 * (self.max_done + MAX_PENDING):
            try:
                self.compact()  # appending after a torn line would glue two entries together
            except OSError as exc:
                logger.error("Cannot rewrite the update journal %s: %s", self.path, exc)

    def _replay(self, entry: Any) -> None:
        if not isinstance(entry, dict):
            raise TypeError("not an entry")
        if "s" in entry:
            update_id = int(entry["s"])
            if update_id in self._pending:
                self._sent[update_id] = self._sent.get(update_id, 0) + 1
        elif "t" in entry:
            update_id = int(entry["t"])
            if update_id in self._pending:
                self._tries[update_id] = self._tries.get(update_id, 0) + 1
        elif "d" in entry:
            update_id = int(entry["d"])
            self._pending.pop(update_id, None)
            self._sent.pop(update_id, None)
            self._tries.pop(update_id, None)
            self._done[update_id] = None
            self._done.move_to_end(update_id)
            while len(self._done) > self.max_done:
                self._done.popitem(last=False)
        else:
            update_id = int(entry["r"])
            update = entry["u"]
            if not isinstance(update, dict):
                raise TypeError("not an update")
            if update_id not in self._done:
                self._pending[update_id] = update

    def compact(self) -> None:
        """Rewrite the file with only what is remembered (temporary file, fsync, rename)."""
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entries: list[dict[str, Any]] = [{"d": i} for i in self._done]
        for i in sorted(self._pending):
            entries += [{"r": i, "u": self._pending[i]}] + [{"s": i}] * self._sent.get(i, 0)
            entries += [{"t": i}] * self._tries.get(i, 0)
        data = "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in entries)
        write_atomic(self.path, data.encode("ascii"), prefix=".tmp-updates-")
        _sync_dir(self.path.parent)
        self._lines = len(entries)


def _sync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
