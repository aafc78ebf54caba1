"""Telegram's weather, injected in the fake server: every fault survived, logged in one line.

Each answer is delivered exactly once where delivery is possible, and never twice: a send is
retried only when the failure proves Telegram did not accept it (see ``bot.telegram.delivery``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import httpx
import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.settings import Settings
from bot.telegram import delivery
from retrieval import Engine
from tests.bot.telegram.conftest import TOKEN, Runner, make_settings
from tests.bot.telegram.fakeapi import REPLY_NOT_FOUND, FakeBotAPI, Sent
from tests.bot.telegram.updates import GROUP, SMALL_GROUP, private, send, user

ADA, BO = user(1001, "Ada"), user(1002, "Bo")
Q = "What did Blinken say about China?"
Q2 = "What did Xi say about Beijing?"
SUPERGROUP = {"id": -1009000000003, "type": "supergroup", "title": "Family"}


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delivery, "BACKOFF", 0.05)


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Captured logs; afterwards: no token anywhere, no traceback for any fault."""
    caplog.set_level(logging.INFO)
    yield caplog
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert TOKEN.partition(":")[2] not in text
    assert not [r for r in caplog.records if r.exc_info], "a fault logged a traceback"


def lines(caplog: pytest.LogCaptureFixture, *words: str) -> list[str]:
    """Log lines (WARNING and up, or from newsbot) holding all ``words``."""
    return [
        r.getMessage()
        for r in caplog.records
        if all(w in r.getMessage() for w in words)
        and (r.levelno >= logging.WARNING or r.name.startswith("bot."))
    ]


async def ask(api: FakeBotAPI, text: str = Q, who: dict = ADA, timeout: float = 5) -> Sent:
    asked = send(api, private(who), text, sender=who)
    (reply,) = await api.wait_replies(who["id"], asked["message_id"], timeout=timeout)
    return reply


async def settle(seconds: float = 0.3) -> None:
    await asyncio.sleep(seconds)


def answers_in(api: FakeBotAPI, chat_id: int) -> list[Sent]:
    return [s for s in api.sent if s.message["chat"]["id"] == chat_id]


async def test_a_5xx_on_send_is_retried_and_the_answer_arrives_once(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    async with run_bot(settings, engine):
        api.fail("sendMessage", 502)
        api.fail("sendMessage", 500)
        reply = await ask(api)
        await settle()
    assert [c.status for c in api.calls_of("sendMessage")] == [502, 500, 200]
    assert len(api.sent) == 1 and "<blockquote" in reply.html
    assert len(lines(logs, "retry", "Bad Gateway")) == 1
    assert len(lines(logs, "retry", "Internal Server Error")) == 1


async def test_retries_are_bounded_then_the_answer_is_dropped_with_one_line(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    async with run_bot(settings, engine):
        api.fail("sendMessage", 503, times=delivery.SEND_ATTEMPTS)
        send(api, private(ADA), Q, sender=ADA)
        await api.wait_for(lambda: lines(logs, "dropped"))
        after = await ask(api, Q2)
    assert len(api.calls_of("sendMessage")) == delivery.SEND_ATTEMPTS + 1
    assert api.sent == [after]
    assert len(lines(logs, "Service Unavailable")) == delivery.SEND_ATTEMPTS


async def test_a_slow_reply_after_the_message_was_accepted_is_not_sent_again(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    async with run_bot(settings, engine, timeout=0.4):
        api.slow("sendMessage", 1.0, after=True)  # accepted, then the reply comes too late
        reply = await ask(api)
        await api.wait_for(lambda: lines(logs, "timed out"))
        await settle(1.0)
        second = await ask(api, Q2)
    assert [s.message["message_id"] for s in api.sent] == [
        reply.message["message_id"],
        second.message["message_id"],
    ]
    assert len(api.calls_of("sendMessage")) == 2  # no retry of the accepted one
    assert len(lines(logs, "not retried", "timed out")) == 1


async def test_a_connection_dropped_after_the_request_is_never_retried(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    async with run_bot(settings, engine):
        api.drop("sendMessage", after=True)  # sent, but the reply is lost
        first = send(api, private(ADA), Q, sender=ADA)
        await api.wait_for(lambda: lines(logs, "not retried"))
        api.drop("sendMessage")  # lost before Telegram took it: cannot be told apart
        send(api, private(BO), Q, sender=BO)
        await api.wait_for(lambda: len(lines(logs, "not retried")) == 2)
        after = await ask(api, Q2)
    assert len(api.replies_to(ADA["id"], first["message_id"])) == 1
    assert not answers_in(api, BO["id"])  # at most once: lost rather than maybe twice
    assert "<blockquote" in after.html
    assert len(api.calls_of("sendMessage")) == 3
    assert len(lines(logs, "RemoteProtocolError")) == 2


async def test_a_reply_to_a_vanished_message_is_sent_without_the_reply(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    async with run_bot(settings, engine):
        api.fail("sendMessage", 400, description=REPLY_NOT_FOUND)
        asked = send(api, GROUP, f"/ask {Q}", sender=ADA)
        (answer,) = await api.wait_for(lambda: answers_in(api, GROUP["id"]))
        await settle()
    first, second = api.calls_of("sendMessage")
    assert first.params["reply_parameters"]["message_id"] == asked["message_id"]
    assert "reply_parameters" not in second.params and answer.reply_to is None
    assert "<blockquote" in answer.html and len(api.sent) == 1
    assert len(lines(logs, "gone", "without the reply")) == 1


async def test_a_user_who_blocked_the_bot_costs_one_line_and_nothing_else(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    async with run_bot(settings, engine):
        api.block(ADA["id"])
        send(api, private(ADA), Q, sender=ADA)
        await api.wait_for(lambda: lines(logs, "not allowed to write"))
        other = await ask(api, Q, BO)
        await settle()
    assert [c.status for c in api.calls_of("sendMessage")] == [403, 200]
    assert api.sent == [other]
    assert len(lines(logs, "blocked")) == 1


async def test_a_migrated_group_gets_its_answers_in_the_new_supergroup(
    api: FakeBotAPI, engine: Engine, run_bot: Runner, logs, tmp_path
) -> None:
    settings = make_settings(api, tmp_path / "data", newsbot_allowed_chats=str(SMALL_GROUP["id"]))
    api.migrate_chat(SMALL_GROUP, SUPERGROUP)
    async with run_bot(settings, engine):
        send(api, SMALL_GROUP, f"/ask {Q}", sender=ADA)
        await api.wait_for(lambda: answers_in(api, SUPERGROUP["id"]))
        send(api, SMALL_GROUP, f"/ask {Q2}", sender=ADA)  # sent before the move, seen after
        await api.wait_for(lambda: len(answers_in(api, SUPERGROUP["id"])) == 2)
        send(api, SUPERGROUP, sender=ADA, migrate_from_chat_id=SMALL_GROUP["id"])
        asked = send(api, SUPERGROUP, f"/ask {Q}", sender=BO)
        await api.wait_replies(SUPERGROUP["id"], asked["message_id"])
        await settle()
    assert [c.status for c in api.calls_of("sendMessage")] == [400, 200, 200, 200]
    assert len(api.sent) == 3 and not api.calls_of("leaveChat")
    assert len(lines(logs, "became supergroup", "sending there")) == 1
    assert len(lines(logs, "add", "NEWSBOT_ALLOWED_CHATS")) == 1


async def test_faults_while_polling_are_retried_with_one_line_each(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    api.fail("getUpdates", 502)
    api.drop("getUpdates")
    api.fail("getUpdates", 500)
    async with run_bot(settings, engine):
        reply = await ask(api, timeout=10)
    statuses = [c.status for c in api.calls_of("getUpdates")]
    assert statuses[:3] == [502, 0, 500] and "<blockquote" in reply.html
    assert len(lines(logs, "Polling for updates failed")) == 3
    assert len(api.sent) == 1


async def test_a_poll_answered_after_the_client_gave_up_loses_no_update(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    asked = send(api, private(ADA), Q, sender=ADA)
    api.slow("getUpdates", 1.2, after=True)  # the updates were handed out, too late
    async with run_bot(settings, engine, timeout=0.3, poll_timeout=0):
        await api.wait_replies(ADA["id"], asked["message_id"], timeout=6)
        await settle(1.0)
    assert len(api.sent) == 1
    assert len(lines(logs, "Polling for updates timed out")) >= 1


async def test_flood_control_past_the_retries_drops_the_answer_with_one_line(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, logs
) -> None:
    from telegram.ext import AIORateLimiter

    limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=1)
    async with run_bot(settings, engine, limiter):
        api.fail("sendMessage", 429, retry_after=1, times=2)
        send(api, private(ADA), Q, sender=ADA)
        await api.wait_for(lambda: lines(logs, "still refused"), timeout=6)
        after = await ask(api, Q2, BO)
    assert api.sent == [after]
    assert len(lines(logs, "still refused", "flood control")) == 1


def _chained(error: TelegramError, cause: BaseException | None) -> TelegramError:
    try:
        raise error from cause
    except TelegramError as raised:
        return raised


@pytest.mark.parametrize(
    ("error", "cause", "retry"),
    [
        (NetworkError("Bad Gateway"), None, True),
        (NetworkError("httpx.ConnectError: refused"), httpx.ConnectError("refused"), True),
        (TimedOut(), httpx.ConnectTimeout("slow"), True),
        (TimedOut("Pool timeout"), httpx.PoolTimeout("busy"), True),
        (TimedOut(), httpx.ReadTimeout("slow"), False),
        (TimedOut(), httpx.WriteTimeout("slow"), False),
        (NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("gone"), False),
        (NetworkError("httpx.ReadError"), httpx.ReadError("reset"), False),
        (NetworkError("Unknown error in HTTP implementation"), RuntimeError("x"), False),
        (BadRequest("Bad Request: can't parse entities"), None, False),
        (Forbidden("Forbidden: bot was blocked by the user"), None, False),
        (RetryAfter(3), None, False),
        (ChatMigrated(-100), None, False),
    ],
)
def test_only_failures_that_prove_nothing_was_sent_are_retried(
    error: TelegramError, cause: BaseException | None, retry: bool
) -> None:
    assert delivery.not_accepted(_chained(error, cause)) is retry
    assert "\n" not in delivery.describe(error)
