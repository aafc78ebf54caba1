"""Admins add articles from Telegram: /add URL (page or feed), forwarded messages, documents."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from bot.settings import Settings
from retrieval import ArticleStore, Engine
from tests.bot.telegram.conftest import TOKEN, Runner, make_settings
from tests.bot.telegram.fakeapi import FakeBotAPI, Sent
from tests.bot.telegram.updates import CHANNEL, GROUP, document, forward, private, send, user
from tests.retrieval.web_server import WEB_DATA, LocalWeb, web

__all__ = ["web"]

ADMIN = user(1001, "Ada")
GUEST = user(2002, "Bob")
CHAT = private(ADMIN)
BRIDGE_TITLE = "Harbour Bridge reopens after two-year repair"
STORY = (
    "Lighthouse keeper retires after forty years\n"
    "Marta Lindqvist, the last keeper of the Gull Rock lighthouse, retired on Friday after "
    "forty years of service, the coastguard said.\n\n"
    "She will move to the mainland, where she plans to write a book about the storms of 1987."
)


@pytest.fixture
def admin_settings(api: FakeBotAPI, tmp_path: Path) -> Settings:
    """An admin (Ada), fetching from the local web server allowed."""
    return make_settings(
        api, tmp_path / "data", newsbot_admin_ids="1001", newsbot_allow_private_urls=True
    )


def _stored(settings: Settings) -> list[Any]:
    return ArticleStore(settings.newsbot_data_dir / "articles").load()[0]


async def _ask(api: FakeBotAPI, text: str, who: dict[str, Any] = ADMIN) -> Sent:
    asked = send(api, private(who), text, sender=who)
    (answer,) = await api.wait_replies(who["id"], asked["message_id"], timeout=10)
    return answer


async def test_add_a_page_searchable_at_once_and_a_second_time_already_added(
    api: FakeBotAPI, admin_settings: Settings, engine: Engine, run_bot: Runner, web: LocalWeb
) -> None:
    url = web.url("/pages/harbour-bridge.html")
    async with run_bot(admin_settings, engine):
        cached = await _ask(api, "How many steel cables were replaced?")
        added = await _ask(api, f"/add {url}")
        answer = await _ask(api, "How many steel cables were replaced?")
        again = await _ask(api, f"/add {url}")
    assert "blockquote" not in cached.html  # declined before: the cache must not keep that
    assert "Added 1 article" in added.message["text"]
    assert BRIDGE_TITLE in added.message["text"] and "The Harbour Gazette" in added.html
    assert "212 steel cables" in answer.message["text"]
    assert "Nothing new was added" in again.message["text"]
    assert "already added" in again.message["text"]
    assert [a.title for a in _stored(admin_settings)] == [BRIDGE_TITLE]
    assert not api.problems


async def test_add_a_feed_lists_added_titles_and_skipped_items_with_reasons(
    api: FakeBotAPI, admin_settings: Settings, engine: Engine, run_bot: Runner, web: LocalWeb
) -> None:
    async with run_bot(admin_settings, engine):
        reply = await _ask(api, f"/add@NewsTestBot {web.url('/feed.rss')}")
        answer = await _ask(api, "By how much were fishing quotas cut?")
    text = reply.message["text"]
    assert "Added 2 articles" in text and "Skipped 2" in text
    assert "Fishing quotas cut by a quarter" in text and "Council approves budget" in text
    assert "no article text" in text and "refused content type image/png" in text
    assert "25 per cent" in answer.message["text"]
    assert len(engine.articles) == 3
    assert not api.problems


async def test_hostile_and_malformed_targets_are_refused_and_change_nothing(
    api: FakeBotAPI, admin_settings: Settings, engine: Engine, run_bot: Runner, web: LocalWeb
) -> None:
    secret = Path(admin_settings.newsbot_data_dir).parent / "secret.txt"
    secret.write_text("Private notes\nThe vault code is 1234, the manager said.\n")
    async with run_bot(admin_settings, engine):
        wrong = await _ask(api, f"/add {web.url('/wrong-type')}")
        local = await _ask(api, f"/add {secret}")
        ftp = await _ask(api, "/add ftp://127.0.0.1/<b>x</b>")
        empty = await _ask(api, "/add")
    assert "refused content type image/png" in wrong.message["text"]
    assert "Nothing was added" in wrong.message["text"]
    assert "http://" in local.message["text"] and "http://" in ftp.message["text"]
    assert "/add URL" in empty.message["text"]
    assert len(engine.articles) == 1 and not _stored(admin_settings)
    assert not api.problems


async def test_help_tells_admins_how_to_add(
    api: FakeBotAPI, admin_settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(admin_settings, engine):
        admin_help = await _ask(api, "/help")
        guest_help = await _ask(api, "/help", GUEST)
    assert "/add URL" in admin_help.message["text"]
    assert "/add" not in guest_help.message["text"]


async def test_non_admins_are_refused_politely_everywhere(
    api: FakeBotAPI, settings: Settings, engine: Engine, run_bot: Runner, web: LocalWeb
) -> None:
    async with run_bot(settings, engine):  # no admins configured at all
        refused = await _ask(api, f"/add {web.url('/pages/harbour-bridge.html')}", GUEST)
        in_group = send(api, GROUP, "/add https://example.org/", sender=GUEST)
        (group_reply,) = await api.wait_replies(GROUP["id"], in_group["message_id"])
        doc = document(api, private(GUEST), "story.txt", STORY.encode(), sender=GUEST)
        (doc_reply,) = await api.wait_replies(GUEST["id"], doc["message_id"])
        forwarded = forward(api, private(GUEST), "Who retired from the lighthouse?", CHANNEL,
                            sender=GUEST)  # fmt: skip
        (question_reply,) = await api.wait_replies(GUEST["id"], forwarded["message_id"])
    for reply in (refused, group_reply, doc_reply):
        assert "only the bot's admins can add articles" in reply.message["text"]
    assert "couldn't find" in question_reply.message["text"]  # a guest's forward is a question
    assert len(engine.articles) == 1 and not _stored(settings)
    assert not [c for c in api.calls if c.method in ("getFile", "download")]


async def test_a_forwarded_channel_post_becomes_an_article_named_after_its_channel(
    api: FakeBotAPI, admin_settings: Settings, engine: Engine, run_bot: Runner
) -> None:
    async with run_bot(admin_settings, engine):
        sent = forward(api, CHAT, STORY, CHANNEL, sender=ADMIN)
        (reply,) = await api.wait_replies(CHAT["id"], sent["message_id"])
        answer = await _ask(api, "Who retired from the Gull Rock lighthouse?")
        twice = forward(api, CHAT, STORY, user(3003, "Cy <script>"), sender=ADMIN)
        (again,) = await api.wait_replies(CHAT["id"], twice["message_id"])
        listed = await _ask(api, "/sources")
    (article,) = _stored(admin_settings)
    assert article.title == "Lighthouse keeper retires after forty years"
    assert article.source == "Daily Wire" and article.origin == "forwarded from Daily Wire"
    assert article.url == "https://t.me/dailywire/42" and article.published is not None
    assert "Added 1 article" in reply.message["text"]
    assert "Marta Lindqvist" in answer.message["text"]
    assert "already added" in again.message["text"]
    assert "forwarded from Daily Wire" in listed.message["text"]
    assert not api.problems


async def test_uploaded_documents_are_added_and_bad_ones_refused(
    api: FakeBotAPI,
    admin_settings: Settings,
    engine: Engine,
    run_bot: Runner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    page = (WEB_DATA / "pages" / "harbour-bridge.html").read_bytes()
    big = b"x" * (admin_settings_limit() + 1)
    async with run_bot(admin_settings, engine):
        replies = []
        for name, data in [
            ("bridge.html", page),
            ("keeper.md", STORY.encode()),
            ("photo.png", b"\x89PNG"),
            ("huge.txt", big),
            ("binary.txt", b"\x00\x01\x02 hello"),
        ]:
            sent = document(api, CHAT, name, data, sender=ADMIN)
            (reply,) = await api.wait_replies(CHAT["id"], sent["message_id"], timeout=10)
            replies.append(reply.message["text"])
        answer = await _ask(api, "How many steel cables were replaced?")
    assert "Added 1 article" in replies[0] and BRIDGE_TITLE in replies[0]
    assert "Added 1 article" in replies[1] and "Lighthouse keeper retires" in replies[1]
    assert "send a .txt, .md or .html file" in replies[2]
    assert "too large" in replies[3] and "binary file" in replies[4]
    assert all("Nothing was added" in r for r in replies[2:])
    assert "212 steel cables" in answer.message["text"]
    assert {a.origin for a in _stored(admin_settings)} == {
        "document bridge.html",
        "document keeper.md",
    }
    downloads = [c for c in api.calls if c.method == "download"]
    assert len(downloads) == 3  # the wrong type and the oversized file are never downloaded
    assert TOKEN not in caplog.text and TOKEN.partition(":")[2] not in caplog.text
    assert not api.problems


def admin_settings_limit() -> int:
    """The size limit of uploaded documents (the fetch limit, 5 MB)."""
    from retrieval.fetch import FetchOptions

    return FetchOptions().max_bytes
