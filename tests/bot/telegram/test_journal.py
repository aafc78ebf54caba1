"""The update journal: bounded, durable, readable after a torn write, compacted atomically;
what start-up does before the first update."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.settings import Settings
from bot.telegram import delivery, journal
from bot.telegram.app import build_application, replay, start_up
from bot.telegram.journal import Journal
from retrieval import Engine
from tests.bot.telegram.conftest import Runner, unthrottled
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import message, private, user

Q = "What did Blinken say about China?"


def update(n: int) -> dict[str, Any]:
    return {"update_id": n, "message": {"message_id": n, "date": 0, "text": "hi \ud800"}}


def test_done_and_pending_updates_survive_a_reload(tmp_path: Path) -> None:
    path = tmp_path / "updates.jsonl"
    first = Journal(path)
    for n in (1, 2, 3):
        first.received(n, update(n))
    first.done(1)
    first.done(3)
    first.done(4)  # handled without a receipt (no update queue)
    again = Journal(path)
    assert [again.is_done(n) for n in (1, 2, 3, 4)] == [True, False, True, True]
    assert again.seen(2) and not again.seen(5)
    assert again.pending() == [update(2)]  # lone surrogate kept
    again.done(2)
    assert Journal(path).pending() == []


def test_a_torn_last_line_is_ignored_and_appending_goes_on_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "updates.jsonl"
    first = Journal(path)
    first.done(1)
    first.received(2, update(2))
    first.close()
    with path.open("ab") as handle:
        handle.write(b'{"d":2')  # killed in the middle of a write
    again = Journal(path)
    assert again.is_done(1) and not again.is_done(2) and again.pending() == [update(2)]
    again.done(2)
    again.close()
    assert path.read_bytes().endswith(b"\n")
    final = Journal(path)
    assert final.is_done(1) and final.is_done(2) and final.pending() == []


def test_the_journal_is_bounded_and_compacts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "MAX_PENDING", 10)
    path = tmp_path / "updates.jsonl"
    log = Journal(path, max_done=50)
    for n in range(1, 301):
        log.received(n, update(n))
        log.done(n)
    assert len(log) == 50 and log.is_done(300) and not log.is_done(250)
    assert len(path.read_bytes().splitlines()) <= 2 * (50 + 10) + 1
    reloaded = Journal(path, max_done=50)
    assert len(reloaded) == 50 and reloaded.is_done(251) and not reloaded.is_done(250)
    for n in range(2000, 2020):
        log.received(n, update(n))
    assert len(log.pending()) == 10  # the newest kept


def test_compaction_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "updates.jsonl"
    log = Journal(path)
    log.done(1)
    log.received(2, update(2))
    before = path.read_bytes()

    def crash(src: Any, dst: Any) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        log.compact()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["updates.jsonl"]  # no temporary file left
    monkeypatch.undo()
    log.compact()
    again = Journal(path)
    assert again.is_done(1) and again.pending() == [update(2)]


def test_group_migrations_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "telegram" / "migrations.json"
    delivery.keep_moves_in(path)
    delivery.moved(-400, -100400)
    delivery.forget_moves()
    assert delivery.moved_to(-400) is None
    delivery.keep_moves_in(path)
    assert delivery.moved_to(-400) == -100400 and delivery.moved_from(-100400) == [-400]


async def test_an_update_delivered_twice_is_answered_once(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    """Telegram resends what was not confirmed (a poll, or a webhook's 200, that got lost)."""
    ada = user(1001)
    asked = message(api, private(ada), Q, sender=ada)
    api._remember(asked)
    async with run_bot(settings, engine) as app:
        data = {"update_id": 900, "message": asked}
        await app.update_queue.put(Update.de_json(data, app.bot))
        await api.wait_replies(ada["id"], asked["message_id"])
        await app.update_queue.put(Update.de_json(data, app.bot))
        api.push({"message": asked})  # and a fresh update id is a new question
        await api.wait_replies(ada["id"], asked["message_id"], n=2)
    async with run_bot(settings, engine) as app:  # after a restart too
        await app.update_queue.put(Update.de_json(data, app.bot))
        assert app.update_queue.qsize() == 0  # not even queued
        await asyncio.sleep(0.1)
    assert len(api.replies_to(ada["id"], asked["message_id"])) == 2


def test_messages_sent_before_a_crash_are_counted_across_reloads_and_compaction(
    tmp_path: Path,
) -> None:
    path = tmp_path / "updates.jsonl"
    log = Journal(path)
    log.received(7, update(7))
    log.progress(7).sent()
    log.progress(7).sent()
    log.sent(8)  # never received: nothing to resume
    again = Journal(path)
    again.compact()
    progress = Journal(path).progress(7)
    assert [progress.already_sent() for _ in range(3)] == [True, True, False]
    again.done(7)
    assert Journal(path).sent_count(7) == 0


def test_retries_of_an_unfinished_update_are_counted_across_reloads(tmp_path: Path) -> None:
    path = tmp_path / "updates.jsonl"
    first = Journal(path)
    first.received(7, update(7))
    assert [first.retry(7), first.retry(7)] == [1, 2]
    again = Journal(path)
    assert again.retry(7) == 3
    again.compact()
    assert Journal(path).retry(7) == 4
    assert Journal(path).retry(8) == 0  # not pending: nothing to count


@pytest.mark.parametrize(("tries", "answered"), [(0, True), (3, False)], ids=["retried", "poison"])
async def test_an_update_cut_short_by_crashes_is_retried_then_given_up(
    api: FakeBotAPI,
    settings: Settings,
    engine: Engine,
    run_bot: Runner,
    tries: int,
    answered: bool,
) -> None:
    ada = user(1001)
    asked = message(api, private(ada), Q, sender=ada)
    api._remember(asked)
    earlier = Journal(settings.newsbot_data_dir / "telegram" / "updates.jsonl")
    earlier.received(901, {"update_id": 901, "message": asked})
    for _ in range(tries):
        earlier.retry(901)
    earlier.close()
    async with run_bot(settings, engine) as app:
        await replay(app)  # what `newsbot telegram` does at start-up
        if answered:
            await api.wait_replies(ada["id"], asked["message_id"])
        else:
            await asyncio.sleep(0.3)
    assert len(api.replies_to(ada["id"], asked["message_id"])) == int(answered)
    assert Journal(settings.newsbot_data_dir / "telegram" / "updates.jsonl").pending() == []


async def test_start_up_loads_the_dictionary_in_a_worker_thread_before_the_first_update(
    settings: Settings, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed: list[str] = []
    monkeypatch.setattr(engine, "warm_up", lambda: warmed.append(threading.current_thread().name))
    app = build_application(settings, engine, unthrottled())
    await app.initialize()
    try:
        await start_up(app)
    finally:
        await app.shutdown()
    assert len(warmed) == 1 and warmed[0] != threading.main_thread().name
