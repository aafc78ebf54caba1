"""The feed refresh job: what is new in NEWSBOT_FEEDS, and what `newsbot add` stored meanwhile.

It runs every NEWSBOT_FEED_REFRESH_MINUTES on python-telegram-bot's JobQueue
(APScheduler, the ``job-queue`` extra). Fetching and reading the store happen in
a thread; the engine is only changed on the event loop. A failing feed is logged
in one line and never stops the bot.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext

from bot.telegram.state import BotState, state
from retrieval import Article

if TYPE_CHECKING:
    from telegram.ext import Application

logger = logging.getLogger(__name__)

JOB_NAME = "refresh-feeds"
FIRST_REFRESH = 10.0
"""Seconds after start-up before the first refresh."""


async def refresh(st: BotState) -> list[Article]:
    """Add what is new in the feeds and in the store to the engine; the articles added."""
    from retrieval import AddReport, refresh_feeds, unseen_articles

    feeds = list(st.settings.newsbot_feeds)
    known = [a.id for a in st.engine.articles]

    def work() -> tuple[AddReport | None, list[Article]]:
        report = refresh_feeds(feeds, st.store, st.add_options) if feeds else None
        stored = [a.id for a in report.added] if report else []
        return report, unseen_articles(st.store, [*known, *stored])

    report, unseen = await asyncio.to_thread(work)
    if report is not None:
        for problem in report.skipped:
            if problem.origin in feeds:  # the feed itself failed, not one of its items
                logger.warning("Feed refresh failed: %s", _one_line(str(problem)))
    learned = st.learn([*(report.added if report else ()), *unseen])
    if learned:
        logger.info("Feed refresh: %d new articles searchable", len(learned))
    return learned


async def refresh_job(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """The JobQueue callback: refresh, never raising."""
    try:
        await refresh(state(context))
    except Exception as exc:  # a job must never take the bot down
        logger.warning("Feed refresh failed: %s", _one_line(f"{type(exc).__name__}: {exc}"))


def schedule(application: Application[Any, Any, Any, Any, Any, Any], minutes: int) -> bool:
    """Run ``refresh_job`` every ``minutes``; False when the JobQueue is not installed."""
    jobs = application.job_queue
    if jobs is None:
        return False
    jobs.run_repeating(refresh_job, interval=minutes * 60, first=FIRST_REFRESH, name=JOB_NAME)
    return True


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]
