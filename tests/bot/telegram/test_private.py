"""Private chats, end to end: the real application, the fake Bot API, long polling over HTTP."""

from __future__ import annotations

import asyncio
import copy

from bot.messages import DECLINED
from bot.settings import Settings
from retrieval import Engine
from tests.bot.telegram.conftest import Runner, learned_engine
from tests.bot.telegram.fakeapi import FakeBotAPI, text_len
from tests.bot.telegram.updates import edit, press, private, send, user

ADA = user(1001, "Ada")
CHAT = private(ADA)
QUESTION = "What did Blinken say about China?"


async def test_start_welcomes_with_two_example_questions(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        asked = send(api, CHAT, "/start", sender=ADA)
        (welcome,) = await api.wait_replies(CHAT["id"], asked["message_id"])
    examples = engine.example_questions(2)
    assert len(examples) == 2
    assert all(q in welcome.message["text"] for q in examples)
    assert not api.problems


async def test_help_sources_and_commands_list(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        helped = send(api, CHAT, "/help", sender=ADA)
        listed = send(api, CHAT, "/sources", sender=ADA)
        (help_reply,) = await api.wait_replies(CHAT["id"], helped["message_id"])
        (sources_reply,) = await api.wait_replies(CHAT["id"], listed["message_id"])
    assert "/ask" in help_reply.message["text"] and "@NewsTestBot" in help_reply.message["text"]
    assert engine.articles[0].title in sources_reply.message["text"]
    (commands,) = api.calls_of("setMyCommands")
    assert {c["command"] for c in commands.params["commands"]} >= {"ask", "help", "sources"}
    assert not api.problems


async def test_any_text_and_ask_get_quotes_in_blockquotes_with_bold_words(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        plain = send(api, CHAT, QUESTION, sender=ADA)
        command = send(api, CHAT, f"/ask {QUESTION}", sender=ADA)
        (first,) = await api.wait_replies(CHAT["id"], plain["message_id"])
        (second,) = await api.wait_replies(CHAT["id"], command["message_id"])
    assert first.message["text"] == second.message["text"]
    assert "<blockquote" in first.html and "<b>Blinken</b>" in first.html
    assert "paragraph" in first.message["text"]
    assert not api.problems


async def test_declined_question_gets_short_help_and_no_quote(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        asked = send(api, CHAT, "What is the airspeed of an unladen swallow?", sender=ADA)
        (reply,) = await api.wait_replies(CHAT["id"], asked["message_id"])
    assert reply.message["text"].startswith(DECLINED)
    assert "blockquote" not in reply.html and "You could ask" in reply.message["text"]


async def test_hostile_text_gets_valid_replies(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    hostile = [
        "<b>Blinken</b> </blockquote> &amp; China?",
        "What did Blinken say about <script>alert(1)</script> China & Xi?",
        "\u202eBlinken \U0001f600 China \u200f\u05e9\u05dc\u05d5\u05dd?",
        "/ask <i>Xi</i> & <a href='x'>Beijing</a>",
        "&lt;&#x27;&nbsp; & <",
    ]
    async with run_bot(settings, engine):
        sent = [send(api, CHAT, text, sender=ADA) for text in hostile]
        for msg in sent:
            await api.wait_replies(CHAT["id"], msg["message_id"])
    assert not api.problems
    assert all(text_len(s.html) <= 4096 for s in api.sent)


async def test_a_5000_character_message_is_refused_politely(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        asked = send(api, CHAT, ("Blinken China <b>&amp; " * 250)[:5000], sender=ADA)
        (reply,) = await api.wait_replies(CHAT["id"], asked["message_id"])
    assert "too long" in reply.message["text"]
    assert not api.problems


async def test_more_button_shows_further_citations_even_after_a_restart(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, corpus: tuple
) -> None:
    question = "What did Blinken and Xi say about China and the U.S.?"
    async with run_bot(settings, engine):
        asked = send(api, CHAT, question, sender=ADA)
        (answer,) = await api.wait_replies(CHAT["id"], asked["message_id"])
        button_message = copy.deepcopy(answer.message)  # the button is removed once pressed
        press(api, button_message, ADA)
        await api.wait_replies(CHAT["id"], asked["message_id"], n=2)
    follow = api.replies_to(CHAT["id"], asked["message_id"])[1]
    assert "[4]" in follow.message["text"] and "[1]" not in follow.message["text"]
    assert api.calls_of("answerCallbackQuery")
    # A new process: nothing in memory, the same button still works.
    async with run_bot(settings, learned_engine(corpus, settings)):
        press(api, button_message, ADA)
        await api.wait_replies(CHAT["id"], asked["message_id"], n=3)
    again = api.replies_to(CHAT["id"], asked["message_id"])[2]
    assert again.message["text"] == follow.message["text"]
    assert not api.problems


async def test_long_questions_keep_the_more_button_within_64_bytes(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    question = "What did Blinken say to Xi about military talks, the U.S. and " + "é" * 40 + "?"
    async with run_bot(settings, engine):
        asked = send(api, CHAT, question, sender=ADA)
        (answer,) = await api.wait_replies(CHAT["id"], asked["message_id"])
        data = answer.message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert len(data.encode()) <= 64
        press(api, answer.message, ADA)
        await api.wait_replies(CHAT["id"], asked["message_id"], n=2)
    assert not api.problems


async def test_stickers_photos_and_unknown_commands(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        sticker = {"file_id": "s", "file_unique_id": "s", "type": "regular"}
        sticker.update(width=1, height=1, is_animated=False, is_video=False)
        send(api, CHAT, sender=ADA, sticker=sticker)
        photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
        send(api, CHAT, sender=ADA, photo=photo)
        unknown = send(api, CHAT, "/frobnicate", sender=ADA)
        (reply,) = await api.wait_replies(CHAT["id"], unknown["message_id"])
        await asyncio.sleep(0.1)
    assert "/help" in reply.message["text"]
    assert len(api.sent) == 1


async def test_an_edited_question_is_answered_again(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(settings, engine):
        asked = send(api, CHAT, "What did Blinken say about the airspeed of swallows?", sender=ADA)
        await api.wait_replies(CHAT["id"], asked["message_id"])
        edit(api, asked, QUESTION)
        replies = await api.wait_replies(CHAT["id"], asked["message_id"], n=2)
    assert "<blockquote" in replies[1].html


async def test_the_per_user_limit_answers_with_one_polite_note(
    api: FakeBotAPI, tmp_path, engine: Engine, run_bot: Runner
) -> None:
    from tests.bot.telegram.conftest import make_settings

    settings = make_settings(api, tmp_path, newsbot_user_rate_limit=3)
    bob = user(2002, "Bob")
    async with run_bot(settings, engine):
        asked = [send(api, private(bob), QUESTION, sender=bob) for _ in range(6)]
        await api.wait_for(lambda: len(api.sent) >= 4)
        await asyncio.sleep(0.2)
        other = send(api, CHAT, QUESTION, sender=ADA)
        await api.wait_replies(CHAT["id"], other["message_id"])
    texts = [r.message["text"] for m in asked for r in api.replies_to(bob["id"], m["message_id"])]
    assert len(texts) == 4
    assert sum("please wait" in t for t in texts) == 1
