"""Hostile input in every front end: always a valid reply (Telegram's HTML checks pass) or none.

Never a traceback, never "something went wrong": questions of every shape in private chats,
groups and inline mode; channel posts that are themselves hostile; and the CLI.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.telegram.handlers import FAILED
from retrieval import Engine
from tests.bot.telegram.conftest import Runner
from tests.bot.telegram.fakeapi import FakeBotAPI, text_len
from tests.bot.telegram.updates import CHANNEL, GROUP, inline, private, send, user

HOSTILE = [
    " \t\n ",
    "x" * 100_000,
    "What did Blinken say about China? " * 3000,
    "\x00\x01\x07\x1b[31mBlinken\x7f China\x0b\x0c",
    "\u200b\u200c\u200d\u2060Blinken\u200f\u202e China\u202c\ufeff",
    "\U0001f1fa\U0001f1e6\U0001f525\U0001f600 Blinken \U0001f469\u200d\U0001f467 China",
    "<b>Blinken</b></blockquote>&amp; *_[China](http://x) `code` <a href='x'>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#0; &#x110000; &bogus;",
    "<" * 5000,
    "the of and a to is it",
    "Что сказал Блинкен о Китае?",
    "布林肯对中国说了什么？",
    "ما الذي قاله بلينكن عن الصين؟",
    "\ud83d lone surrogate Blinken",
    "?",
    "@NewsTestBot",
    "/ask@NewsTestBot " + "\u202e" * 300,
]
POSTS = [
    "<b>Tags & ampersands</b> in a <title>\n"
    "The council said a < b && c > d for the <script>budget</script>, & that was &amp; final.",
    "Long line " + "without any sentence punctuation at all just words " * 400,
    "No punctuation\n" + "harbour ferry strike union talks " * 50,
    "\u202eRTL title\u202c\nThe ferry \u200bstrike ended on Friday, the union said.",
]


def _sent_text_is_valid(api: FakeBotAPI) -> None:
    assert not api.problems, api.problems
    assert all(text_len(s.html) <= 4096 for s in api.sent)
    assert not [s for s in api.sent if FAILED in s.message["text"]]


async def test_hostile_questions_everywhere_get_valid_replies_or_none(
    api: FakeBotAPI,
    settings: Settings,
    engine: Engine,
    run_bot: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    asked = []
    async with run_bot(settings, engine):
        for post in POSTS:
            send(api, CHANNEL, post)
        await api.wait_for(lambda: sum(a.id.startswith("telegram-") for a in engine.articles) == 4)
        for n, text in enumerate(HOSTILE):
            who = user(9000 + n)
            asked.append(send(api, private(who), text, sender=who))
            asked.append(send(api, GROUP, f"@NewsTestBot {text}", sender=who))
            asked.append(send(api, GROUP, f"/ask {text}", sender=who))
            inline(api, text[:256], who)
        who = user(8000)
        budget = send(api, private(who), "What did the council say about the budget?", sender=who)
        asked += [budget, send(api, private(who), "ferry strike union", sender=who)]
        asked.append(send(api, private(user(8001)), "/sources", sender=user(8001)))
        await api.wait_for(lambda: len(api.calls_of("answerInlineQuery")) == len(HOSTILE), 10)
        await asyncio.sleep(0.5)
    _sent_text_is_valid(api)
    replies = [len(api.replies_to(m["chat"]["id"], m["message_id"])) for m in asked]
    assert all(n in (0, 1) for n in replies[:-1]) and sum(replies) >= len(asked) - 3
    assert [c.status for c in api.calls_of("answerInlineQuery")] == [200] * len(HOSTILE)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    (answer,) = api.replies_to(8000, budget["message_id"])
    assert "a < b && c > d for the <script>budget</script>" in answer.message["text"]


def test_the_cli_answers_hostile_questions_without_a_traceback(tmp_path: Path) -> None:
    newsbot = str(Path(sys.executable).with_name("newsbot"))
    lines = [q.replace("\n", " ") for q in HOSTILE if "\ud83d" not in q]
    done = subprocess.run(
        [newsbot, "ask"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "NEWSBOT_DATA_DIR": str(tmp_path / "data")},
        timeout=60,
    )
    assert done.returncode in (0, 1, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
