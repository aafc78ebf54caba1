"""Channel posts as articles, and which discussion thread belongs to which post."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from pathlib import Path

from telegram import Message, Update

from bot.telegram.journal import Journal
from retrieval import Article, ArticleStore, NewsbotError, make_article, write_atomic

logger = logging.getLogger(__name__)

MAX_THREADS = 20_000
"""Discussion threads remembered at most (oldest forgotten first)."""
MAX_RECEIPTS = 4096
"""Update ids of posts stored on receipt, remembered until their handler runs."""


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


class Receipts:
    """The update ids of channel posts already stored on receipt (bounded)."""

    def __init__(self, limit: int = MAX_RECEIPTS) -> None:
        self.limit = limit
        self._ids: OrderedDict[int, None] = OrderedDict()

    def add(self, update_id: int) -> None:
        """Remember that this update's post is on disk."""
        self._ids[update_id] = None
        while len(self._ids) > self.limit:
            self._ids.popitem(last=False)

    def take(self, update_id: int) -> bool:
        """Whether this update's post was stored on receipt (forgotten once asked)."""
        return self._ids.pop(update_id, 0) is None

    def __len__(self) -> int:
        return len(self._ids)


class StoringQueue(asyncio.Queue[object]):
    """The update queue: it journals each update, and stores a channel post, before queueing.

    The Updater confirms updates to Telegram (the next ``getUpdates`` offset), and the
    webhook answers 200, only once ``put`` has returned: so every update is in the journal,
    and every post on disk (written atomically, fsync'ed), before Telegram forgets it. A crash
    at any point, kill -9 included, loses no post and no question: after a restart the
    journal hands the unhandled updates back (see ``journal``). An update the journal knows
    (handled, or being handled) is not queued again: Telegram resends what the last poll did
    not confirm, and that must not be answered twice. The handler of a post then only makes
    it searchable.
    """

    def __init__(
        self,
        store: ArticleStore,
        allowed: tuple[int, ...],
        receipts: Receipts,
        journal: Journal | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.allowed = allowed
        self.receipts = receipts
        self.journal = journal

    async def put(self, item: object) -> None:
        """Journal an update (skipping one already known), store a channel post, queue it."""
        if isinstance(item, Update):
            if self.journal is not None:
                if self.journal.seen(item.update_id):
                    logger.debug("Update %s was already handled; skipped", item.update_id)
                    return
                self._journal(item)
            await self._store(item)
        await super().put(item)
        if isinstance(item, Update) and self.journal is not None:
            try:  # handled meanwhile; Telegram is told once this returns
                await asyncio.to_thread(self.journal.sync)
            except OSError as exc:
                logger.error("Could not journal update %s: %s", item.update_id, exc)

    async def replay(self, update: Update) -> None:
        """Queue an update the journal received before a crash (it is journaled already)."""
        await super().put(update)

    def _journal(self, update: Update) -> None:
        assert self.journal is not None
        try:
            self.journal.received(update.update_id, update.to_dict(), sync=False)
        except (OSError, TypeError, ValueError) as exc:  # answered all the same
            logger.error("Could not journal update %s: %s", update.update_id, exc)

    async def _store(self, update: Update) -> None:
        post = update.channel_post or update.edited_channel_post
        if post is None or (self.allowed and post.chat.id not in self.allowed):
            return
        article = post_article(post)
        if article is None:
            return
        try:
            await asyncio.to_thread(self.store.save, article)
        except OSError as exc:  # the handler tries again
            logger.error("Could not store channel post %s: %s", article.id, exc)
            return
        self.receipts.add(update.update_id)


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
        write_atomic(self.path, json.dumps(self._map).encode("utf-8"), prefix=".tmp-threads-")
