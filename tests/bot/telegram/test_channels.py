"""Channels: posts become articles (kept across restarts); discussion threads prefer their post."""

from __future__ import annotations

import argparse

from bot.cli import load_engine
from bot.settings import Settings
from retrieval import Engine
from tests.bot.telegram.conftest import Runner
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import (
    CHANNEL,
    DISCUSSION,
    PRIVATE_CHANNEL,
    automatic_forward,
    comment,
    edit,
    private,
    send,
    user,
)

ADA = user(1001, "Ada")
POST = (
    "Harbour bridge reopens after repairs\n"
    "The harbour bridge reopened on Monday after eight months of repairs, the city said.\n\n"
    "Engineers replaced 400 steel cables and repainted the towers in their original green."
)
BLINKEN_POST = (
    "Blinken in Beijing, a recap\n"
    "Blinken said China and the U.S. agreed to keep talking, according to our reporter."
)


async def _learn(api: FakeBotAPI, engine: Engine, article_id: str) -> None:
    await api.wait_for(lambda: any(a.id == article_id for a in engine.articles))


async def test_a_post_becomes_a_linked_article_searchable_at_once_and_after_restart(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, tmp_path
) -> None:
    chat = private(ADA)
    async with run_bot(settings, engine):
        post = send(api, CHANNEL, POST)
        article_id = f"telegram-{CHANNEL['id']}-{post['message_id']}"
        await _learn(api, engine, article_id)
        asked = send(api, chat, "How many steel cables were replaced?", sender=ADA)
        (reply,) = await api.wait_replies(chat["id"], asked["message_id"])
    link = f'href="https://t.me/dailywire/{post["message_id"]}"'
    assert "400 steel cables" in reply.message["text"] and link in reply.html
    assert "Harbour bridge reopens after repairs" in reply.message["text"]
    assert not [s for s in api.sent if s.message["chat"]["id"] == CHANNEL["id"]]
    args = argparse.Namespace(corpus=None)
    restarted = load_engine(args, settings)
    assert restarted.article(article_id).title == "Harbour bridge reopens after repairs"
    assert restarted.answer("How many steel cables were replaced?").answered


async def test_an_edited_post_updates_its_article_and_private_channels_get_no_link(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        post = send(api, PRIVATE_CHANNEL, POST)
        article_id = f"telegram-{PRIVATE_CHANNEL['id']}-{post['message_id']}"
        await _learn(api, engine, article_id)
        edit(api, post, POST.replace("400 steel cables", "512 steel cables"))
        await api.wait_for(lambda: "512" in " ".join(engine.article(article_id).paragraphs))
        send(api, PRIVATE_CHANNEL, sticker=None)  # a post without text: ignored
    article = engine.article(article_id)
    assert article.url is None and article.published is not None
    assert sum(a.id.startswith("telegram-") for a in engine.articles) == 1
    assert not api.calls_of("sendMessage")


async def test_comments_asking_the_bot_prefer_the_posts_article(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        post = send(api, CHANNEL, BLINKEN_POST)
        await _learn(api, engine, f"telegram-{CHANNEL['id']}-{post['message_id']}")
        forward = automatic_forward(api, post)
        api.push({"message": forward})
        chatter = comment(api, forward, "Great recap!", sender=ADA)
        asked = comment(api, forward, "/ask What did Blinken say about China?", sender=ADA)
        (answer,) = await api.wait_replies(DISCUSSION["id"], asked["message_id"])
        bot_reply = answer.message
        followed = comment(
            api, forward, "What did Blinken say about the U.S.?", reply_to_message=bot_reply
        )
        (second,) = await api.wait_replies(DISCUSSION["id"], followed["message_id"])
        mention = comment(api, forward, "@NewsTestBot what did Xi say about Beijing?")
        (third,) = await api.wait_replies(DISCUSSION["id"], mention["message_id"])
    assert "[1] Blinken in Beijing, a recap" in answer.message["text"]
    assert "[1] Blinken in Beijing, a recap" in second.message["text"]
    assert "Secretary of State Blinken" in third.message["text"]  # falls back to the corpus
    assert not api.replies_to(DISCUSSION["id"], chatter["message_id"])
    assert not api.replies_to(DISCUSSION["id"], forward["message_id"])
    assert not api.problems
