"""The feed refresh job: new feed items and articles `newsbot add` stored become searchable."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.add_cli import learned_store
from bot.telegram.app import build_application
from bot.telegram.feeds import JOB_NAME, refresh, refresh_job
from bot.telegram.state import KEY, BotState, make_state
from retrieval import Engine
from retrieval.adding import add_text
from tests.bot.telegram.conftest import TOKEN, make_settings, unthrottled
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.retrieval.web_server import WEB_DATA, LocalWeb, web

__all__ = ["web"]


def _state(api: FakeBotAPI, tmp_path: Path, engine: Engine, feeds: list[str]) -> BotState:
    settings = make_settings(
        api, tmp_path / "data", newsbot_feeds=",".join(feeds), newsbot_allow_private_urls=True
    )
    return make_state(settings, engine)


async def test_refresh_adds_new_feed_items_once_and_what_newsbot_add_stored(
    api: FakeBotAPI, tmp_path: Path, engine: Engine, web: LocalWeb
) -> None:
    web.route("/live.rss", (WEB_DATA / "feed.rss").read_bytes(), "application/rss+xml")
    st = _state(api, tmp_path, engine, [web.url("/live.rss")])
    st.answerer.answer("By how much were fishing quotas cut?")  # cached: must be forgotten
    first = await refresh(st)
    assert {a.title for a in first} == {
        "Fishing quotas cut by a quarter, ministry says",
        "Council approves budget with new night ferry",
    }
    assert (
        "25 per cent"
        in st.answerer.answer("By how much were fishing quotas cut?").citations[0].quote
    )
    assert await refresh(st) == []  # nothing new
    # `newsbot add` (another process) stores an article while the bot runs.
    text = "Ferry strike ends\nThe ferry crews ended their strike on Tuesday after a pay deal."
    add_text(text, learned_store(st.settings), origin="notes.txt")
    (picked,) = await refresh(st)
    assert picked.title == "Ferry strike ends"
    assert st.engine.answer("When did the ferry crews end their strike?").answered
    assert len(st.engine.articles) == 4


async def test_a_failing_feed_logs_one_line_and_the_others_still_refresh(
    api: FakeBotAPI,
    tmp_path: Path,
    engine: Engine,
    web: LocalWeb,
    caplog: pytest.LogCaptureFixture,
) -> None:
    feeds = [web.url("/status/500"), web.url("/wrong-type"), web.url("/feed.atom")]
    st = _state(api, tmp_path, engine, feeds)
    context = SimpleNamespace(bot_data={KEY: st})
    with caplog.at_level(logging.WARNING, logger="bot.telegram.feeds"):
        await refresh_job(context)  # type: ignore[arg-type]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and all("\n" not in w for w in warnings)
    assert "500" in warnings[0]
    assert len(st.engine.articles) == 3  # the Atom feed's two articles


async def test_the_job_never_raises(
    api: FakeBotAPI,
    tmp_path: Path,
    engine: Engine,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("retrieval.unseen_articles", broken)
    st = _state(api, tmp_path, engine, [])
    context = SimpleNamespace(bot_data={KEY: st})
    with caplog.at_level(logging.WARNING, logger="bot.telegram.feeds"):
        await refresh_job(context)  # type: ignore[arg-type]
    (warning,) = [r.getMessage() for r in caplog.records]
    assert "PermissionError" in warning and "\n" not in warning


def test_the_job_is_scheduled_every_configured_minutes(
    api: FakeBotAPI, tmp_path: Path, engine: Engine
) -> None:
    settings = make_settings(
        api,
        tmp_path,
        newsbot_feeds="https://example.org/rss.xml",
        newsbot_feed_refresh_minutes=7,
    )
    app = build_application(settings, engine, unthrottled())
    assert app.job_queue is not None
    (job,) = app.job_queue.jobs()  # scheduled once the application starts
    assert job.name == JOB_NAME and job.callback is refresh_job
    assert job.job.trigger.interval.total_seconds() == 7 * 60
    assert TOKEN not in repr(job)
