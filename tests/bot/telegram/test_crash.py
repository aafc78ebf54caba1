"""Nothing learned is lost: channel posts are on disk before Telegram forgets their update.

``newsbot telegram`` is killed with SIGKILL while posts stream in, then restarted: every post
is stored (no half-written file) and searchable.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from bot.settings import Settings
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


async def test_posts_survive_kill_9_at_any_point_and_are_searchable_after_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    articles = tmp_path / "data" / "articles"
    async with newsbot(api, tmp_path) as proc:
        await api.wait_for(lambda: api.calls_of("getUpdates"), timeout=20)
        posts = [send(api, CHANNEL, post(n)) for n in range(POSTS)]
        await api.wait_for(lambda: len(list(articles.glob("*.json"))) >= POSTS // 4, timeout=10)
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
        await api.wait_for(lambda: len(list(articles.glob("*.json"))) == POSTS, timeout=20)
        asked = send(api, private(ADA), "Which lighthouse number was relit?", sender=ADA)
        (reply,) = await api.wait_replies(ADA["id"], asked["message_id"], timeout=10)
        await asyncio.sleep(0)
    stored, problems = ArticleStore(articles).load()
    assert len(stored) == POSTS and not problems
    assert "was relit on Friday" in reply.message["text"]
