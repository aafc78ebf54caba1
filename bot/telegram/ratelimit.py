"""A per-user limit on questions: a sliding window, with one polite note per window."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable

WINDOW = 60.0
"""Seconds over which a user's questions are counted."""
SWEEP_FROM = 1024
"""Users tracked before idle ones are dropped (then again each time the count doubles)."""


class Verdict(enum.Enum):
    """What to do with a user's question."""

    ANSWER = "answer"
    NOTE = "note"
    """Over the limit: say so, once per window."""
    IGNORE = "ignore"
    """Over the limit and already told."""


class UserLimiter:
    """At most ``limit`` questions per user per ``window`` seconds; ``exempt`` users unlimited."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW,
        exempt: frozenset[int] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.exempt = exempt
        self.clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}
        self._sweep_at = SWEEP_FROM

    def check(self, user_id: int) -> Verdict:
        """Count a question from ``user_id`` and say whether to answer it."""
        if user_id in self.exempt:
            return Verdict.ANSWER
        if len(self._asked) >= self._sweep_at:
            self.forget_idle()
            self._sweep_at = max(SWEEP_FROM, 2 * len(self._asked))
        now = self.clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self.window:
            asked.popleft()
        if len(asked) < self.limit:
            asked.append(now)
            return Verdict.ANSWER
        if self._told.get(user_id, -self.window) > now - self.window:
            return Verdict.IGNORE
        self._told[user_id] = now
        return Verdict.NOTE

    def wait(self, user_id: int) -> int:
        """Whole seconds until ``user_id`` may ask again."""
        asked = self._asked.get(user_id)
        if not asked:
            return 0
        return max(1, round(asked[0] + self.window - self.clock()))

    def __len__(self) -> int:
        """Users currently tracked."""
        return len(self._asked)

    def forget_idle(self) -> None:
        """Drop users with nothing in the window (keeps memory bounded)."""
        cutoff = self.clock() - self.window
        for user_id in [u for u, q in self._asked.items() if not q or q[-1] <= cutoff]:
            del self._asked[user_id]
            self._told.pop(user_id, None)
