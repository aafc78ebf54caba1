"""Channel posts as articles, and which discussion thread belongs to which post."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from telegram import Message

from retrieval import Article, NewsbotError, make_article

MAX_THREADS = 20_000
"""Discussion threads remembered at most (oldest forgotten first)."""


def post_article_id(chat_id: int, message_id: int) -> str:
    """The id of the article made from a channel post."""
    return f"telegram-{chat_id}-{message_id}"


def post_url(message: Message) -> str | None:
    """The post's public link, when the channel has a username."""
    username = message.chat.username
    return f"https://t.me/{username}/{message.message_id}" if username else None


def post_article(message: Message) -> Article | None:
    """The article a channel post makes (title from its first line); None without text."""
    text = message.text or message.caption or ""
    if not text.strip():
        return None
    chat = message.chat
    try:
        return make_article(
            text,
            article_id=post_article_id(chat.id, message.message_id),
            url=post_url(message),
            published=message.date.isoformat() if message.date else None,
            source=chat.title or chat.username or "Telegram channel",
            origin=f"telegram:{chat.id}/{message.message_id}",
        )
    except NewsbotError:
        return None


class ThreadMap:
    """Discussion threads (group chat id, thread id) to the article of their channel post.

    Persisted as one small JSON file, so answers in a thread (and its More buttons)
    still prefer the post's article after a restart.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._map: dict[str, str] = self._read()

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, chat_id: int, thread_id: int | None) -> str | None:
        """The article id of the post a thread discusses, if known."""
        return None if thread_id is None else self._map.get(f"{chat_id}:{thread_id}")

    def put(self, chat_id: int, thread_id: int, article_id: str) -> bool:
        """Remember a thread's post; True when this is new."""
        key = f"{chat_id}:{thread_id}"
        if self._map.get(key) == article_id:
            return False
        self._map[key] = article_id
        while len(self._map) > MAX_THREADS:
            del self._map[next(iter(self._map))]
        return True

    def save(self) -> None:
        """Write the map atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-threads-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._map, handle)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
