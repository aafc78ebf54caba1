"""/sources: each article with its outlet and origin, within Telegram's message limit."""

from __future__ import annotations

import re

from bot.settings import Settings
from bot.telegram import render
from retrieval import Article, Engine, make_article
from tests.bot.telegram.conftest import Runner
from tests.bot.telegram.fakeapi import FakeBotAPI, text_len
from tests.bot.telegram.updates import GROUP, private, send, user

ADA = user(1001, "Ada")


def _article(n: int, title: str, **fields: str) -> Article:
    text = f"{title}\nThe council met on Monday to discuss item number {n} of the agenda."
    return make_article(text, article_id=f"a{n}", **fields)


async def test_sources_show_outlet_and_origin_escaped(
    api: FakeBotAPI, settings: Settings, corpus: tuple[Article, ...], run_bot: Runner
) -> None:
    engine = Engine(
        [
            *corpus,
            _article(
                1,
                "Bridge <reopens> & more",
                url="https://news.example/bridge",
                source="The <Gazette>",
                origin="https://news.example/feed.rss",
            ),
            _article(2, "Channel news", origin="telegram:-1001/5", source="Daily Wire"),
            _article(3, "A forward", origin="forwarded from Cy <script>"),
            _article(4, "A document", origin="document notes.md"),
            _article(5, "A local file", origin="/srv/news/story.txt"),
        ]
    )
    async with run_bot(settings, engine):
        asked = send(api, private(ADA), "/sources", sender=ADA)
        (reply,) = await api.wait_replies(ADA["id"], asked["message_id"])
    lines = reply.message["text"].splitlines()
    assert lines[0] == "6 articles"
    assert lines[1].endswith("\u2014 bundled")
    assert lines[2] == "2. Bridge <reopens> & more \u2014 The <Gazette> \u2014 news.example"
    assert '<a href="https://news.example/feed.rss">news.example</a>' in reply.html
    assert lines[3] == "3. Channel news \u2014 Daily Wire \u2014 channel post"
    assert lines[4] == "4. A forward \u2014 forwarded from Cy <script>"
    assert lines[5] == "5. A document \u2014 document notes.md"
    assert lines[6] == "6. A local file \u2014 story.txt"
    assert not api.problems


async def test_many_sources_fit_in_three_messages_and_count_the_rest(
    api: FakeBotAPI, settings: Settings, run_bot: Runner
) -> None:
    title = "Very long headline about the council budget and the night ferry " * 3
    engine = Engine(
        [
            _article(n, f"{title}{n}", url=f"https://news.example/{n}", source="Coastline Daily")
            for n in range(1, 151)
        ]
    )
    async with run_bot(settings, engine):
        asked = send(api, GROUP, "/sources", sender=ADA)
        replies = await api.wait_replies(GROUP["id"], asked["message_id"], n=3)
    assert len(api.replies_to(GROUP["id"], asked["message_id"])) == 3
    assert all(text_len(r.html) <= 4096 for r in replies)
    listed = [line for r in replies for line in r.message["text"].splitlines()]
    numbered = [line for line in listed if re.match(r"^\d+\. ", line)]
    more = re.search(r"and (\d+) more\.$", replies[-1].message["text"])
    assert more is not None and len(numbered) + int(more.group(1)) == 150
    assert not api.problems


def test_listing_packs_lines_and_counts_what_does_not_fit() -> None:
    lines = ["<b>head</b>", *(f"{n}. " + "x" * 1000 for n in range(1, 21))]
    pages = render.listing(lines, hidden=5, max_messages=2)
    assert len(pages) == 2 and all(render.visible_len(p) <= 4096 for p in pages)
    shown = sum(p.count(". x") for p in pages)
    assert pages[-1].endswith(f"and {20 - shown + 5} more.")
    assert render.listing(["h", "a"]) == ["h\na"]
    assert render.listing(["h", "a"], hidden=2) == ["h\na\n\u2026 and 2 more."]
