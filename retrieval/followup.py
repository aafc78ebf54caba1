"""Follow-up questions: a question that leans on the previous one in the same chat.

"What did he say about Taiwan?" or "and when?" only make sense after the question
before. A ``Conversation`` remembers the last few questions of one chat for a
while; ``leans_on_previous`` decides whether a new question needs them.
Memory is bounded (a few turns per chat, expiring after ``ttl`` seconds, a
bounded number of chats) and a conversation never crosses chats.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Hashable

MAX_TURNS = 3
TTL_SECONDS = 30 * 60
MAX_CHATS = 10_000

_LEADING = re.compile(
    r"^\s*(?:and|but|also|so|then|what about|how about|and what about|what else)\b", re.IGNORECASE
)
_PRONOUN = re.compile(
    r"\b(?:he|she|they|him|her|them|his|hers|their|theirs|it|its|this|that|these|those|there)\b",
    re.IGNORECASE,
)


SHORT_QUESTION_TERMS = 2
"""A question with at most this many content words and no name is too short to stand
alone in a chat ("what election is coming up?", "in person or virtually?")."""


def leans_on_previous(question: str, content_terms: int, names: int = 0) -> bool:
    """Whether a question needs the previous ones to be understood: it has no words of its
    own, opens with a connective ("and when?"), refers back ("which building hosted the
    two of *them*?") or is too short to stand alone and names no one (``names``: how
    many names it writes)."""
    if content_terms == 0 or _LEADING.match(question) or _PRONOUN.search(question):
        return True
    return content_terms <= SHORT_QUESTION_TERMS and names == 0


class Conversation:
    """The last few questions of one chat, forgotten after a while."""

    def __init__(self, max_turns: int = MAX_TURNS, ttl: float = TTL_SECONDS) -> None:
        self.ttl = ttl
        self._turns: deque[tuple[float, str]] = deque(maxlen=max_turns)

    def remember(self, question: str, now: float) -> None:
        """Record a question that was answered."""
        self._turns.append((now, question))

    def recent(self, now: float) -> list[str]:
        """Questions still remembered, oldest first."""
        while self._turns and now - self._turns[0][0] > self.ttl:
            self._turns.popleft()
        return [question for _, question in self._turns]


class Conversations:
    """One Conversation per chat, the least recently used forgotten past ``max_chats``."""

    def __init__(self, max_chats: int = MAX_CHATS, ttl: float = TTL_SECONDS) -> None:
        self.max_chats = max_chats
        self.ttl = ttl
        self._chats: OrderedDict[Hashable, Conversation] = OrderedDict()

    def __len__(self) -> int:
        return len(self._chats)

    def of(self, chat: Hashable) -> Conversation:
        """The conversation of a chat, created on first use."""
        conversation = self._chats.pop(chat, None) or Conversation(ttl=self.ttl)
        self._chats[chat] = conversation
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)
        return conversation
