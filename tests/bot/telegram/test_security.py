"""Security: the allow-list (anonymous admins, posts sent as a channel), admin-only commands,
and no chat message reading or writing a local file the bot was not configured to use.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.settings import Settings
from retrieval import Engine
from tests.bot.telegram.conftest import Runner, make_settings
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import CHANNEL, GROUP, SMALL_GROUP, document, private, send, user

ADMIN = user(1001, "Ada")
ANONYMOUS = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}
Q = "What did Blinken say about China?"


async def test_anonymous_admins_and_channel_senders_are_allowed_by_chat_not_made_admins(
    api: FakeBotAPI, engine: Engine, run_bot: Runner, tmp_path: Path
) -> None:
    settings = make_settings(
        api,
        tmp_path / "data",
        newsbot_allowed_chats=str(GROUP["id"]),
        newsbot_admin_ids=f"{ADMIN['id']},{ANONYMOUS['id']}",
        newsbot_user_rate_limit=1,
    )
    async with run_bot(settings, engine):
        anon = send(api, GROUP, f"/ask {Q}", sender=ANONYMOUS, sender_chat=GROUP)
        (answer,) = await api.wait_replies(GROUP["id"], anon["message_id"])
        as_channel = send(api, GROUP, f"/ask {Q}", sender=CHANNEL_BOT, sender_chat=CHANNEL)
        (channel_answer,) = await api.wait_replies(GROUP["id"], as_channel["message_id"])
        add = send(api, GROUP, "/add https://example.org/", sender=CHANNEL_BOT, sender_chat=CHANNEL)
        (refused,) = await api.wait_replies(GROUP["id"], add["message_id"])
        stats = send(api, GROUP, "/stats", sender=CHANNEL_BOT, sender_chat=CHANNEL)
        again = send(api, GROUP, f"/ask {Q}", sender=ANONYMOUS, sender_chat=GROUP)
        (limited,) = await api.wait_replies(GROUP["id"], again["message_id"])
        outside = send(api, SMALL_GROUP, f"/ask {Q}", sender=ANONYMOUS, sender_chat=SMALL_GROUP)
        await api.wait_for(lambda: api.calls_of("leaveChat"))
        await asyncio.sleep(0.2)
    assert "<blockquote" in answer.html and "<blockquote" in channel_answer.html
    assert "only the bot's admins" in refused.message["text"]
    assert not api.replies_to(GROUP["id"], stats["message_id"])
    # the anonymous admin's own limit (per sender_chat), not the shared GroupAnonymousBot id
    assert "faster than I can keep up" in limited.message["text"]
    assert not api.replies_to(SMALL_GROUP["id"], outside["message_id"])


async def test_no_message_reads_or_writes_a_file_outside_the_data_folder(
    api: FakeBotAPI, engine: Engine, run_bot: Runner, tmp_path: Path
) -> None:
    settings: Settings = make_settings(api, tmp_path / "data", newsbot_admin_ids="1001")
    secret = tmp_path / "secret.txt"
    secret.write_text("Vault notes\nThe vault code is 8642, the manager said.\n")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    chat = private(ADMIN)
    async with run_bot(settings, engine):
        texts = [
            f"/add {secret}",
            f"/add file://{secret}",
            "/add ../secret.txt",
            "/add ~/.ssh/id_rsa",
            f"What is the vault code in {secret}?",
        ]
        asked = [send(api, chat, t, sender=ADMIN) for t in texts]
        asked.append(
            document(api, chat, "../../../escape.txt", b"Escape\nIt got out.", sender=ADMIN)
        )
        for message in asked:
            await api.wait_replies(chat["id"], message["message_id"], timeout=10)
        send(
            api, {**CHANNEL, "title": "../../../outside", "username": "x/../../y"}, "T\nBody text."
        )
        await asyncio.sleep(0.3)
    assert not any("8642" in s.message["text"] for s in api.sent)
    data = tmp_path / "data"
    new = [
        p for p in tmp_path.rglob("*") if p not in before and p != data and data not in p.parents
    ]
    changed = [p for p in before if p.exists() and p.stat().st_mtime_ns != before[p]]
    assert new == [] and [p for p in changed if data not in p.parents and p != data] == []
    assert not (tmp_path.parent / "escape.txt").exists()
