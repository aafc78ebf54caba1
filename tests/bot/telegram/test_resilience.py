"""Staying up: flood limits (429), server errors, bursts, errors in handlers, no token in logs."""

from __future__ import annotations

import logging
import statistics
from typing import Any

import pytest

from bot.settings import Settings
from bot.telegram.answering import CACHED_ANSWERS
from bot.telegram.ratelimit import SWEEP_FROM, UserLimiter
from bot.telegram.state import KEY, BotState
from retrieval import Engine
from tests.bot.telegram.conftest import TOKEN, Runner
from tests.bot.telegram.fakeapi import FakeBotAPI, text_len
from tests.bot.telegram.updates import private, send, user

Q = "What did Blinken say about China?"
NAMES = ["Blinken", "Xi", "China", "Beijing", "Ukraine", "Taiwan", "Russia", "Wang Yi"]
TOPICS = ["relations", "talks", "military", "trade", "communications", "Taiwan", "progress"]
QUESTIONS = [f"What did {a} say about {b}?" for a in NAMES for b in TOPICS if a != b]
"""Distinct questions, so that no answer comes from the bot's cache."""


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_429_is_honoured_and_the_reply_still_arrives(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    ada = user(1001)
    async with run_bot(settings, engine):
        api.fail("sendMessage", 429, retry_after=1)
        asked = send(api, private(ada), Q, sender=ada)
        (reply,) = await api.wait_replies(ada["id"], asked["message_id"], timeout=6)
    refused, accepted = api.calls_of("sendMessage")[:2]
    assert refused.status == 429 and accepted.status == 200
    assert accepted.at - refused.at >= 1.0
    assert "<blockquote" in reply.html


async def test_5xx_on_get_updates_is_retried(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    ada = user(1001)
    api.fail("getUpdates", 502, times=2)
    async with run_bot(settings, engine):
        asked = send(api, private(ada), Q, sender=ada)
        await api.wait_replies(ada["id"], asked["message_id"], timeout=8)
    statuses = [c.status for c in api.calls_of("getUpdates")]
    assert statuses[:2] == [502, 502] and 200 in statuses


async def test_an_error_while_answering_is_logged_and_the_bot_keeps_going(
    api: FakeBotAPI,
    settings: Settings,
    engine: Engine,
    run_bot: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ada = user(1001)
    caplog.set_level(logging.DEBUG)
    async with run_bot(settings, engine):
        api.fail("sendMessage", 500, times=1)
        first = send(api, private(ada), Q, sender=ada)
        await api.wait_for(lambda: any("failed" in r.message for r in caplog.records))
        second = send(api, private(ada), Q, sender=ada)
        await api.wait_replies(ada["id"], second["message_id"])
    assert api.calls_of("sendMessage")[0].status == 500
    assert first["message_id"] != second["message_id"]
    secret = TOKEN.partition(":")[2]
    assert secret not in caplog.text


async def test_a_burst_of_1000_questions_from_200_users_is_answered_exactly_once(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    users = [user(5000 + n, f"U{n}") for n in range(200)]
    async with run_bot(settings, engine) as app:
        asked = [
            send(api, private(who), f"{QUESTIONS[i % len(QUESTIONS)]} <b>{i}</b>", sender=who)
            for i, who in enumerate(users * 5)
        ]
        await api.wait_for(lambda: len(api.sent) >= 1000, timeout=40)
        st = state_of(app)
        queued = app.update_queue.qsize()
    counts = [len(api.replies_to(m["chat"]["id"], m["message_id"])) for m in asked]
    assert counts == [1] * 1000
    assert not api.problems and all(text_len(s.html) <= 4096 for s in api.sent)
    # bounded memory: every per-user and per-answer structure has a ceiling
    assert queued == 0 and len(st.receipts) == 0
    assert len(st.limiter) <= 200 and len(st.conversations) <= 200
    assert len(st.answerer._answers) <= CACHED_ANSWERS
    latencies = sorted(_latencies(api))
    p50, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]
    print(f"\nburst 1000/200: update->reply latency p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    assert p95 < 30_000


def test_the_per_user_limiter_forgets_idle_users() -> None:
    now = [0.0]
    limiter = UserLimiter(10, window=60, clock=lambda: now[0])
    for uid in range(100_000):
        now[0] = uid * 0.01  # 100 new users a second, each asking once
        limiter.check(uid)
    assert len(limiter) <= 2 * 60 * 100 + SWEEP_FROM


async def test_sequential_latency_is_under_50_ms(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        for n in range(30):
            who = user(7000 + n)
            asked = send(api, private(who), QUESTIONS[n], sender=who)
            await api.wait_replies(who["id"], asked["message_id"])
    latency_ms = statistics.median(_latencies(api))
    print(f"\nsequential: median update->reply latency {latency_ms:.1f} ms")
    assert latency_ms < 50


def _latencies(api: FakeBotAPI) -> list[float]:
    """Milliseconds from each update's arrival to the first reply to its message."""
    first_reply: dict[tuple[int, int], float] = {}
    for sent in api.sent:
        key = (sent.message["chat"]["id"], sent.reply_to or 0)
        first_reply.setdefault(key, sent.at)
    out = []
    for update_id, pushed in api.pushed_at.items():
        chat_msg = api.update_message_key(update_id)
        if chat_msg in first_reply:
            out.append((first_reply[chat_msg] - pushed) * 1000)
    return out


def state_of(app: Any) -> BotState:
    found: BotState = app.bot_data[KEY]
    return found
