"""Follow-up questions: "and when?" leans on the question before it, in its conversation only."""

from __future__ import annotations

import copy

from bot.settings import Settings
from retrieval import Engine
from tests.bot.telegram.conftest import Runner
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import GROUP, inline, press, private, send, user

ADA = user(1001, "Ada")
BOB = user(2002, "Bob")
FIRST = "Where did Xi and Biden meet?"
FOLLOW_UP = "and when?"
WHEN = "last November"


async def test_a_follow_up_is_answered_in_its_chat_and_declined_in_another(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        first = send(api, private(ADA), FIRST, sender=ADA)
        await api.wait_replies(ADA["id"], first["message_id"])
        then = send(api, private(ADA), FOLLOW_UP, sender=ADA)
        (answer,) = await api.wait_replies(ADA["id"], then["message_id"])
        elsewhere = send(api, private(BOB), FOLLOW_UP, sender=BOB)
        (declined,) = await api.wait_replies(BOB["id"], elsewhere["message_id"])
        query_id = inline(api, FOLLOW_UP, ADA)
        await api.wait_for(lambda: api.calls_of("answerInlineQuery"))
    assert WHEN in answer.message["text"] and "<blockquote" in answer.html
    assert "blockquote" not in declined.html and "couldn't find" in declined.message["text"]
    (call,) = api.calls_of("answerInlineQuery")
    assert call.params["inline_query_id"] == query_id
    assert all(r["id"].startswith("example-") for r in call.params["results"])  # no history
    assert not api.problems


async def test_in_groups_each_persons_thread_is_their_own(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        first = send(api, GROUP, f"/ask {FIRST}", sender=ADA)
        (answer,) = await api.wait_replies(GROUP["id"], first["message_id"])
        bob = send(api, GROUP, f"/ask {FOLLOW_UP}", sender=BOB)
        (bob_reply,) = await api.wait_replies(GROUP["id"], bob["message_id"])
        ada = send(api, GROUP, FOLLOW_UP, sender=ADA, reply_to_message=answer.message)
        (ada_reply,) = await api.wait_replies(GROUP["id"], ada["message_id"])
    assert "couldn't find" in bob_reply.message["text"]
    assert WHEN in ada_reply.message["text"]
    assert not api.problems


async def test_more_on_a_follow_up_continues_the_same_answer(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    chat = private(ADA)
    async with run_bot(settings, engine):
        first = send(api, chat, FIRST, sender=ADA)
        await api.wait_replies(ADA["id"], first["message_id"])
        then = send(api, chat, FOLLOW_UP, sender=ADA)
        (answer,) = await api.wait_replies(ADA["id"], then["message_id"])
        assert "reply_markup" in answer.message  # ten quotes: a More button
        press(api, copy.deepcopy(answer.message), ADA)
        await api.wait_for(lambda: api.calls_of("answerCallbackQuery"))
        more = await api.wait_replies(ADA["id"], then["message_id"], n=2)
    assert "[4]" in more[1].message["text"]
