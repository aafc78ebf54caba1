"""Nothing learned is lost, no answer is lost or sent twice, across a kill -9.

``newsbot telegram`` is killed with SIGKILL while posts stream in, then restarted: every post
is stored (no half-written file) and searchable. It is killed after answering questions whose
updates Telegram has not been told about yet, and after Telegram forgot questions it had not
answered yet: after a restart each question has exactly one answer.
"""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.telegram import render
from bot.telegram.answering import Answerer
from retrieval import ArticleStore, Engine
from tests.bot.telegram.conftest import Runner
from tests.bot.telegram.fakeapi import Call, FakeBotAPI
from tests.bot.telegram.test_cli import newsbot
from tests.bot.telegram.updates import CHANNEL, private, send, user

ADA = user(1001, "Ada")
POSTS = 40


def post(n: int) -> str:
    return f"Lighthouse {n} relit\nThe lighthouse number {n} on Gull Rock was relit on Friday."


async def test_a_post_is_on_disk_before_its_update_is_confirmed(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    store = ArticleStore(settings.newsbot_data_dir / "articles")
    seen: dict[int, bool] = {}
    sent = send(api, CHANNEL, post(1))
    update_id = max(api.pushed_at)
    path = store.path_for(f"telegram-{CHANNEL['id']}-{sent['message_id']}")

    def confirming(call: Call) -> None:
        if call.method == "getUpdates" and int(call.params.get("offset") or 0) > update_id:
            seen.setdefault(update_id, path.exists())

    api.on_call = confirming
    async with run_bot(settings, engine):
        await api.wait_for(lambda: seen)
    assert seen == {update_id: True}


def _stored(folder: Path) -> int:
    """Articles on disk; a temporary file left by the kill (".tmp-…") is not one."""
    return sum(1 for p in folder.glob("*.json") if not p.name.startswith("."))


async def test_posts_survive_kill_9_at_any_point_and_are_searchable_after_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    articles = tmp_path / "data" / "articles"
    async with newsbot(api, tmp_path) as proc:
        await api.wait_for(lambda: api.calls_of("getUpdates"), timeout=20)
        posts = [send(api, CHANNEL, post(n)) for n in range(POSTS)]
        await api.wait_for(lambda: _stored(articles) >= POSTS // 4, timeout=10)
        proc.send_signal(signal.SIGKILL)  # mid-stream: some posts stored, some not yet
        await proc.wait()
    confirmed = max(int(c.params.get("offset") or 0) for c in api.calls_of("getUpdates"))
    stored, problems = ArticleStore(articles).load()
    assert not problems
    ids = {a.id for a in stored}
    for update_id, message in zip(sorted(api.pushed_at), posts, strict=True):
        if update_id < confirmed:  # Telegram will not hand it out again: it must be on disk
            assert f"telegram-{CHANNEL['id']}-{message['message_id']}" in ids
    async with newsbot(api, tmp_path):
        await api.wait_for(lambda: _stored(articles) == POSTS, timeout=20)
        asked = send(api, private(ADA), "Which lighthouse number was relit?", sender=ADA)
        (reply,) = await api.wait_replies(ADA["id"], asked["message_id"], timeout=10)
        await asyncio.sleep(0)
    stored, problems = ArticleStore(articles).load()
    assert len(stored) == POSTS and not problems
    assert "was relit on Friday" in reply.message["text"]


QUESTIONS = [
    "What did Blinken say about China?",
    "Who won the election?",
    "What happened to the economy?",
]
ASKERS = [user(2001 + n, f"Asker{n}") for n in range(len(QUESTIONS))]


def _answers(api: FakeBotAPI, asked: list[dict[str, Any]]) -> list[int]:
    return [len(api.replies_to(m["chat"]["id"], m["message_id"])) for m in asked]


def _pages(engine: Engine) -> list[int]:
    """How many messages the answer to each question takes."""
    answerer = Answerer(engine)
    answers = [answerer.answer(q) for q in QUESTIONS]
    return [len(render.answer_messages(a, answerer.spans(a.question), "-")) for a in answers]


def _journaled(tmp_path: Path) -> set[int]:
    """The update ids the bot recorded as handled (its answer delivered)."""
    path = tmp_path / "data" / "telegram" / "updates.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return {json.loads(line)["d"] for line in lines if line.startswith('{"d":')}


def _confirmed(api: FakeBotAPI) -> int:
    """The highest offset a successful getUpdates sent (updates below it are confirmed)."""
    polls = [c for c in api.calls_of("getUpdates") if c.status == 200]
    return max(int(c.params.get("offset") or 0) for c in polls)


async def test_answers_sent_just_before_a_kill_9_are_not_sent_again_after_restart(
    api: FakeBotAPI, tmp_path: Path, engine: Engine
) -> None:
    async with newsbot(api, tmp_path) as proc:
        await api.wait_for(lambda: api.calls_of("getUpdates"), timeout=20)
        asked = [send(api, private(u), q, sender=u) for u, q in zip(ASKERS, QUESTIONS, strict=True)]
        api.fail("getUpdates", 502, times=2)  # the poll that would confirm them is refused
        await api.wait_for(lambda: all(_answers(api, asked)), timeout=10)
        await api.wait_for(lambda: _journaled(tmp_path) >= set(api.pushed_at), timeout=10)
        proc.send_signal(signal.SIGKILL)  # answered, but Telegram still holds the updates
        await proc.wait()
    api.faults.clear()
    assert _confirmed(api) <= min(api.pushed_at)
    before = _answers(api, asked)  # an answer may be cut between its messages
    polls = len(api.calls_of("getUpdates"))
    async with newsbot(api, tmp_path):
        await api.wait_for(lambda: _confirmed(api) > max(api.pushed_at), timeout=20)
        await asyncio.sleep(0.3)
    assert len(api.calls_of("getUpdates")) > polls
    assert _answers(api, asked) == _pages(engine)
    assert all(n <= p for n, p in zip(before, _pages(engine), strict=True))
    assert not api.problems


async def test_questions_confirmed_but_not_answered_before_a_kill_9_are_answered_after_restart(
    api: FakeBotAPI, tmp_path: Path, engine: Engine
) -> None:
    async with newsbot(api, tmp_path) as proc:
        await api.wait_for(lambda: api.calls_of("getUpdates"), timeout=20)
        api.fail("sendMessage", 429, retry_after=60, times=len(QUESTIONS))
        asked = [send(api, private(u), q, sender=u) for u, q in zip(ASKERS, QUESTIONS, strict=True)]
        await api.wait_for(
            lambda: (
                _confirmed(api) > max(api.pushed_at)
                and api.calls_of("sendMessage")  # refused: the others wait behind it
            ),
            timeout=10,
        )
        proc.send_signal(signal.SIGKILL)  # Telegram forgot the updates; no answer went out
        await proc.wait()
    api.faults.clear()
    assert _answers(api, asked) == [0] * len(asked)
    async with newsbot(api, tmp_path):
        await api.wait_for(lambda: all(_answers(api, asked)), timeout=20)
        await asyncio.sleep(0.3)
    assert _answers(api, asked) == _pages(engine) and not api.problems
