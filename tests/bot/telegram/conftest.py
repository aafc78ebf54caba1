"""Fixtures for the Telegram tests: the fake Bot API server and the real bot running against it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import AIORateLimiter, Application

from bot.settings import Settings
from bot.telegram import delivery
from bot.telegram.app import ALLOWED_UPDATES, build_application, set_commands
from retrieval import Article, ArticleStore, Engine, bundled_corpus_path, load_corpus
from tests.bot.telegram.fakeapi import FakeBotAPI

TOKEN = "123456789:AAHfakeTOKENfor-tests_only-0123456789abcdef"
"""A well-formed token that exists only here; it must never show up in output."""

Runner = Callable[..., AbstractAsyncContextManager[Application[Any, Any, Any, Any, Any, Any]]]


@pytest.fixture(autouse=True)
def no_migrations() -> None:
    """Group migrations are remembered process-wide: each test starts without any."""
    delivery.forget_moves()


@pytest.fixture(scope="session")
def corpus() -> tuple[Article, ...]:
    """The bundled articles, loaded once."""
    return load_corpus(bundled_corpus_path()).articles


@pytest.fixture
def engine(corpus: tuple[Article, ...]) -> Engine:
    """A fresh engine over the bundled corpus (channel posts get added to it)."""
    return Engine(corpus)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """The fake Bot API server, listening on 127.0.0.1."""
    server = FakeBotAPI(token=TOKEN)
    await server.start()
    yield server
    await server.stop()


def make_settings(api: FakeBotAPI, data_dir: Path, **overrides: Any) -> Settings:
    """Settings pointing at the fake server, ignoring any .env file."""
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": api.base_url,
        "newsbot_data_dir": data_dir,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(api: FakeBotAPI, tmp_path: Path) -> Settings:
    """Settings for a bot talking to the fake server, storing under tmp_path."""
    return make_settings(api, tmp_path / "data")


def learned_engine(corpus: tuple[Article, ...], settings: Settings) -> Engine:
    """The corpus plus what the bot stored, as ``newsbot telegram`` loads it after a restart."""
    stored, _ = ArticleStore(settings.newsbot_data_dir / "articles").load()
    return Engine([*corpus, *stored])


@pytest.fixture
def run_bot(api: FakeBotAPI) -> Runner:
    """Run the real application against the fake server with long polling."""

    @asynccontextmanager
    async def running(
        settings: Settings,
        engine: Engine,
        limiter: Any = None,
        timeout: float | None = None,
        poll_timeout: int = 2,
    ) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
        app = build_application(settings, engine, limiter or unthrottled(), timeout)
        await app.initialize()
        await set_commands(app)
        assert app.updater is not None

        def polling_error(exc: Exception) -> None:  # as Application.run_polling does
            app.create_task(app.process_error(error=exc, update=None))

        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=polling_error,
        )
        await app.start()
        try:
            yield app
        finally:
            stopping = asyncio.create_task(app.updater.stop())
            await asyncio.sleep(0)
            api.release()
            await stopping
            await app.stop()
            await app.shutdown()

    return running


def unthrottled() -> AIORateLimiter:
    """AIORateLimiter without flood throttling (fast tests) but honouring RetryAfter."""
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
