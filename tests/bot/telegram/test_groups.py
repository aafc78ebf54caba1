"""Groups and supergroups: which messages are answered, how, and where."""

from __future__ import annotations

import asyncio

from bot.settings import Settings
from retrieval import Engine
from tests.bot.telegram.conftest import Runner, make_settings
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import FORUM, GROUP, SMALL_GROUP, send, user

ADA = user(1001, "Ada")
Q = "What did Blinken say about China?"


async def test_each_trigger_is_answered_by_replying_to_the_asking_message(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        asks = [
            send(api, GROUP, f"/ask@NewsTestBot {Q}", sender=ADA),
            send(api, GROUP, f"/ask {Q}", sender=ADA),
            send(api, GROUP, f"@NewsTestBot {Q}", sender=ADA),
            send(api, SMALL_GROUP, f"{Q} @newstestbot", sender=ADA),
        ]
        for asked in asks:
            await api.wait_replies(asked["chat"]["id"], asked["message_id"])
        bot_reply = api.replies_to(GROUP["id"], asks[0]["message_id"])[0].message
        follow = send(api, GROUP, "What did Xi say about Beijing?", reply_to_message=bot_reply)
        (answer,) = await api.wait_replies(GROUP["id"], follow["message_id"])
    assert "<blockquote" in answer.html
    assert all("<blockquote" in s.html for s in api.sent), [
        s.message["text"][:80] for s in api.sent
    ]
    assert not api.problems


async def test_chatter_and_other_bots_commands_are_ignored(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        friend = send(api, GROUP, "Did you read about Blinken in China?", sender=ADA)
        send(api, GROUP, f"/ask@OtherBot {Q}", sender=ADA)
        send(api, GROUP, "@someone_else what do you think?", sender=ADA)
        send(api, GROUP, "I agree", sender=user(1002, "Bo"), reply_to_message=friend)
        send(api, GROUP, "/frobnicate", sender=ADA)
        control = send(api, GROUP, f"/ask {Q}", sender=ADA)
        await api.wait_replies(GROUP["id"], control["message_id"])
        await asyncio.sleep(0.15)
    assert len(api.sent) == 1


async def test_forum_topics_keep_the_answer_in_the_topic(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        asked = send(
            api, FORUM, f"/ask {Q}", sender=ADA, message_thread_id=77, is_topic_message=True
        )
        (reply,) = await api.wait_replies(FORUM["id"], asked["message_id"])
    sent = api.calls_of("sendMessage")[0].params
    assert sent["message_thread_id"] == 77 and reply.message["message_thread_id"] == 77


async def test_an_empty_ask_gets_an_example_and_ask_in_reply_asks_that_message(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        empty = send(api, GROUP, "/ask@NewsTestBot", sender=ADA)
        (hint,) = await api.wait_replies(GROUP["id"], empty["message_id"])
        other = send(api, GROUP, Q, sender=user(1003, "Cy"))
        relay = send(api, GROUP, "/ask", sender=ADA, reply_to_message=other)
        (answer,) = await api.wait_replies(GROUP["id"], relay["message_id"])
    assert "for example" in hint.message["text"]
    assert "<b>Blinken</b>" in answer.html


async def test_the_bot_leaves_groups_outside_the_allow_list(
    api: FakeBotAPI, tmp_path, engine: Engine, run_bot: Runner
) -> None:
    settings = make_settings(api, tmp_path, newsbot_allowed_chats=str(GROUP["id"]))
    async with run_bot(settings, engine):
        outside = send(api, SMALL_GROUP, f"/ask {Q}", sender=ADA)
        await api.wait_for(lambda: api.calls_of("leaveChat"))
        inside = send(api, GROUP, f"/ask {Q}", sender=ADA)
        dm = send(api, {"id": 1001, "type": "private", "first_name": "Ada"}, Q, sender=ADA)
        await api.wait_replies(GROUP["id"], inside["message_id"])
        await api.wait_replies(1001, dm["message_id"])
    assert int(api.calls_of("leaveChat")[0].params["chat_id"]) == SMALL_GROUP["id"]
    assert not api.replies_to(SMALL_GROUP["id"], outside["message_id"])


async def test_joins_and_service_messages_are_ignored(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        send(api, GROUP, sender=ADA, new_chat_members=[user(1004, "Di")])
        send(api, GROUP, sender=ADA, left_chat_member=user(1004, "Di"))
        send(api, GROUP, sender=ADA, new_chat_title="Renamed")
        control = send(api, GROUP, f"/ask {Q}", sender=ADA)
        await api.wait_replies(GROUP["id"], control["message_id"])
        await asyncio.sleep(0.1)
    assert len(api.sent) == 1
