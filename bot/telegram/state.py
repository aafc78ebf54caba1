"""What the handlers share: the engine, the stores and the limiter, kept in ``bot_data``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext

from bot.messages import suggestion
from bot.settings import Settings
from bot.telegram import delivery
from bot.telegram.answering import Answerer
from bot.telegram.channels import Receipts, ThreadMap
from bot.telegram.journal import FILE_NAME, Journal
from bot.telegram.ratelimit import UserLimiter
from retrieval import Article, ArticleStore, Conversation, Conversations, Engine

if TYPE_CHECKING:
    from retrieval import AddOptions

KEY = "newsbot"
"""The key of the state in ``application.bot_data``."""


@dataclass
class BotState:
    """The bot's engine, what it learns while running, and its per-user limit."""

    settings: Settings
    engine: Engine
    answerer: Answerer
    store: ArticleStore
    threads: ThreadMap
    limiter: UserLimiter
    add_options: AddOptions
    journal: Journal
    """The updates received and handled (``journal``): each answered once across crashes."""
    conversations: Conversations = field(default_factory=Conversations)
    receipts: Receipts = field(default_factory=Receipts)
    """Channel posts the update queue already stored (see ``channels.StoringQueue``)."""
    posts_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _suggestion: tuple[object, str] | None = None

    def suggestion(self) -> str:
        """A line suggesting questions, recomputed only when the articles change."""
        version = len(self.engine.articles)  # edits call articles_changed()
        if self._suggestion is None or self._suggestion[0] != version:
            text = suggestion(self.engine.example_questions(2), self.engine.topics())
            self._suggestion = (version, text)
        return self._suggestion[1]

    def articles_changed(self) -> None:
        """Forget cached answers and suggestions (new or edited articles)."""
        self._suggestion = None
        self.answerer.forget()

    def learn(self, articles: Sequence[Article]) -> list[Article]:
        """Make stored ``articles`` searchable at once (those the engine lacks); the new ones."""
        fresh = [a for a in articles if not self.knows(a.id)]
        if fresh:
            self.engine.add(fresh)
            self.articles_changed()
        return fresh

    def knows(self, article_id: str) -> bool:
        """Whether the engine searches an article with this id."""
        try:
            self.engine.article(article_id)
        except KeyError:
            return False
        return True

    def is_admin(self, user_id: int | None) -> bool:
        """Whether a user is in NEWSBOT_ADMIN_IDS."""
        return user_id is not None and user_id in self.settings.newsbot_admin_ids

    def conversation(self, key: Hashable) -> Conversation:
        """The recent questions of one chat (or of one person in a group)."""
        return self.conversations.of(key)


def now() -> float:
    """The clock of conversations (seconds, monotonic)."""
    return time.monotonic()


def make_state(settings: Settings, engine: Engine) -> BotState:
    """The state for a bot answering from ``engine``, storing under NEWSBOT_DATA_DIR."""
    from bot.add_cli import add_options

    data_dir = settings.newsbot_data_dir
    delivery.keep_moves_in(data_dir / "telegram" / "migrations.json")
    return BotState(
        settings=settings,
        engine=engine,
        answerer=Answerer(engine),
        store=ArticleStore(data_dir / "articles"),
        threads=ThreadMap(data_dir / "telegram" / "threads.json"),
        limiter=UserLimiter(
            settings.newsbot_user_rate_limit, exempt=frozenset(settings.newsbot_admin_ids)
        ),
        add_options=add_options(settings),
        journal=Journal(data_dir / "telegram" / FILE_NAME),
    )


def state(context: CallbackContext[Any, Any, Any, Any]) -> BotState:
    """The bot's state, from a handler's context."""
    found: BotState = context.bot_data[KEY]
    return found
