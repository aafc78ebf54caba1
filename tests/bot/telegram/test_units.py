"""Pure parts: triggers, the per-user limit, channel posts, the thread map, log redaction."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram import Message

from bot.telegram import triggers
from bot.telegram.answering import Answerer
from bot.telegram.channels import ThreadMap, post_article
from bot.telegram.logsafe import RedactToken
from bot.telegram.ratelimit import UserLimiter, Verdict
from retrieval import Article, Engine
from tests.bot.telegram.conftest import TOKEN
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import CHANNEL, GROUP, message, user
from tests.conftest import unrelated_articles

BOT_ID, NAME = 5550001, "NewsTestBot"


def msg(text: str | None, **extra: Any) -> Message:
    api = FakeBotAPI(token=TOKEN)
    return Message.de_json(message(api, GROUP, text, **extra), None)


def test_command_args_accept_our_name_only() -> None:
    assert triggers.command_args("/ask@newstestbot  Who met? ", "ask", NAME) == "Who met?"
    assert triggers.command_args("/ask Who met?", "ask", NAME) == "Who met?"
    assert triggers.command_args("/ask@OtherBot Who met?", "ask", NAME) is None
    assert triggers.command_args("/asking Who", "ask", NAME) is None


def test_mentions_are_found_by_utf16_offsets_and_removed() -> None:
    m = msg("\U0001f600\U0001f600 @NewsTestBot, who met Xi?")
    assert triggers.group_question(m, NAME, BOT_ID) == "\U0001f600\U0001f600 who met Xi?"
    assert triggers.group_question(msg("@other_bot who met?"), NAME, BOT_ID) is None
    assert triggers.group_question(msg("just chatting"), NAME, BOT_ID) is None


def test_replies_to_the_bot_are_questions() -> None:
    bot_msg = {"message_id": 9, "date": 0, "chat": GROUP, "text": "x"}
    bot_msg["from"] = {"id": BOT_ID, "is_bot": True, "first_name": "Bot"}
    m = msg("and Xi?", reply_to_message=bot_msg)
    assert triggers.group_question(m, NAME, BOT_ID) == "and Xi?"
    other = msg("and Xi?", reply_to_message={**bot_msg, "from": user(3)})
    assert triggers.group_question(other, NAME, BOT_ID) is None


def test_the_per_user_limit_notes_once_then_recovers() -> None:
    now = [0.0]
    limiter = UserLimiter(2, window=60, exempt=frozenset({7}), clock=lambda: now[0])
    verdicts = [limiter.check(1) for _ in range(4)]
    assert verdicts == [Verdict.ANSWER, Verdict.ANSWER, Verdict.NOTE, Verdict.IGNORE]
    assert limiter.wait(1) == 60
    assert all(limiter.check(7) is Verdict.ANSWER for _ in range(10))
    now[0] = 61.0
    assert limiter.check(1) is Verdict.ANSWER
    limiter.forget_idle()


def test_channel_posts_without_text_make_no_article() -> None:
    api = FakeBotAPI(token=TOKEN)
    empty = Message.de_json(message(api, CHANNEL, None), None)
    assert post_article(empty) is None
    titled = Message.de_json(message(api, CHANNEL, "Title\nBody text here."), None)
    article = post_article(titled)
    assert article is not None and article.title == "Title"
    assert article.url == f"https://t.me/dailywire/{titled.message_id}"


def test_the_thread_map_survives_a_restart_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "threads.json"
    threads = ThreadMap(path)
    assert threads.put(-100, 5, "telegram-1-2") and not threads.put(-100, 5, "telegram-1-2")
    threads.save()
    assert ThreadMap(path).get(-100, 5) == "telegram-1-2"
    path.write_text("{not json")
    assert ThreadMap(path).get(-100, 5) is None


def test_the_log_filter_removes_the_token_from_messages_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, "f", 1, "url %s", (f"/bot{TOKEN}/x",), None)
    try:
        raise RuntimeError(f"The token `{TOKEN}` was rejected")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactToken(TOKEN).filter(record)
    text = logging.Formatter().format(record)
    secret = TOKEN.partition(":")[2]
    assert secret not in text and "<TOKEN>" in text


def _bridge_and_budget() -> Engine:
    post = Article(
        id="post",
        title="Ortiz opens Harbor Bridge",
        paragraphs=(
            "Mayor Lena Ortiz opened the Harbor Bridge on Monday, two years late.",
            "Ortiz said the bridge would cut the drive to the airport by 20 minutes.",
        ),
    )
    budget = Article(
        id="budget",
        title="Airport budget",
        paragraphs=("The airport journey will be shortened by 20 minutes, the airport said.",),
    )
    return Engine([post, budget])


def test_a_post_s_closest_quote_does_not_come_before_a_sure_answer_elsewhere() -> None:
    question = "By how much is the journey to the airport shortened?"
    answer = Answerer(_bridge_and_budget()).answer(question, prefer="post")
    assert answer.answered and not answer.tentative
    assert answer.citations[0].article_id == "budget"


def test_a_post_s_closest_quote_is_offered_as_such_when_nothing_else_answers() -> None:
    question = "By how much does the crossing shorten the trip to the airport?"
    post = _bridge_and_budget().article("post")
    answerer = Answerer(Engine([post, *unrelated_articles(3)]))
    assert not answerer.engine.answer(question).answered
    answer = answerer.answer(question, prefer="post")
    assert answer.answered and answer.tentative
    assert answer.citations[0].article_id == "post"
