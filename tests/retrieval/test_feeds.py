"""Feeds: RSS and Atom items become articles, from their full text or their linked page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from retrieval.errors import ArticleFormatError, FetchError
from retrieval.feeds import FeedItem, feed_articles, looks_like_feed, parse_feed
from retrieval.ingest import Problem, make_article
from retrieval.models import Article

WEB = Path(__file__).resolve().parents[1] / "data" / "web"
BASE = "http://news.test"


def _feed_bytes(name: str) -> bytes:
    return (WEB / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


def _fake_page(link: str, item: FeedItem) -> Article:
    if link.endswith("no-article.html"):
        raise ArticleFormatError("no article text found in the page")
    if link.endswith("wrong-type"):
        raise FetchError(f"{link}: refused content type image/png (expected a web page)")
    return make_article(
        f"The text of the page at {link}, fetched.",
        article_id="page",
        title=item.title,
        url=link,
        source="Page Outlet",
        origin=link,
    )


def _results(pairs: Iterable[tuple[FeedItem, Article | Problem]]) -> list[Article | Problem]:
    return [result for _item, result in pairs]


def test_rss_items_are_parsed() -> None:
    feed = parse_feed(_feed_bytes("feed.rss"), f"{BASE}/feed.rss")
    assert feed.title == "Coastline Daily"
    assert [i.title for i in feed.items][:2] == [
        "Fishing quotas cut by a quarter, ministry says",
        "Council approves budget with new night ferry",
    ]
    first = feed.items[0]
    assert first.link == f"{BASE}/pages/fishing-quotas.html"
    assert first.published == dt.date(2024, 3, 11)
    assert "spawning stocks" in first.content
    assert feed.items[1].content == ""


def test_atom_entries_are_parsed_with_plain_titles() -> None:
    feed = parse_feed(_feed_bytes("feed.atom"), f"{BASE}/feed.atom")
    assert feed.title == "The Harbour Gazette"
    assert feed.items[0].title == "School year to start a week later after heat review"
    assert feed.items[0].published == dt.date(2024, 3, 14)
    assert feed.items[1].published == dt.date(2024, 3, 11)  # from <updated>
    assert feed.items[1].link == f"{BASE}/pages/harbour-bridge.html"


def test_full_text_items_are_taken_from_the_feed() -> None:
    feed = parse_feed(_feed_bytes("feed.rss"), f"{BASE}/feed.rss")
    results = _results(feed_articles(feed, _fake_page, min_words=100))
    quotas = results[0]
    assert isinstance(quotas, Article)
    assert quotas.title == "Fishing quotas cut by a quarter, ministry says"
    assert quotas.source == "Coastline Daily"
    assert quotas.origin == f"{BASE}/feed.rss"
    assert quotas.url == f"{BASE}/pages/fishing-quotas.html"
    assert quotas.published == dt.date(2024, 3, 11)
    assert quotas.paragraphs[0].startswith("Cod and herring quotas")
    assert len(quotas.paragraphs) == 5  # the script and "Advertisement" are gone
    assert not any("trackView" in p or p == "Advertisement" for p in quotas.paragraphs)


def test_short_items_are_fetched_from_their_link() -> None:
    feed = parse_feed(_feed_bytes("feed.rss"), f"{BASE}/feed.rss")
    council = _results(feed_articles(feed, _fake_page, min_words=100))[1]
    assert isinstance(council, Article)
    assert council.paragraphs == (
        f"The text of the page at {BASE}/pages/council-budget.html, fetched.",
    )
    assert council.source == "Page Outlet"  # the page's own outlet wins
    assert council.origin == f"{BASE}/feed.rss"
    assert council.published == dt.date(2024, 3, 12)  # the item's date when the page has none


def test_items_that_cannot_be_read_become_problems() -> None:
    feed = parse_feed(_feed_bytes("feed.rss"), f"{BASE}/feed.rss")
    results = _results(feed_articles(feed, _fake_page, min_words=100))
    problems = [r for r in results if isinstance(r, Problem)]
    assert [p.origin for p in problems] == [f"{BASE}/pages/no-article.html", f"{BASE}/wrong-type"]
    assert "no article text" in problems[0].reason
    assert "refused content type" in problems[1].reason


def test_known_items_are_skipped_without_fetching() -> None:
    feed = parse_feed(_feed_bytes("feed.atom"), f"{BASE}/feed.atom")
    fetched: list[str] = []

    def page(link: str, item: FeedItem) -> Article:
        fetched.append(link)
        return _fake_page(link, item)

    skip = lambda item: "already added" if item.link else None  # noqa: E731
    results = _results(feed_articles(feed, page, min_words=100, skip=skip))
    assert fetched == []
    assert all(isinstance(r, Problem) and r.reason == "already added" for r in results)


def test_a_low_threshold_uses_the_feed_text_and_no_link_means_the_summary() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Brief</title>
    <description>Ferry fares rise by ten per cent in May.</description></item>
    <item><title>Empty</title></item></channel></rss>"""
    results = _results(feed_articles(parse_feed(rss, "http://t/feed"), _fake_page, min_words=100))
    assert isinstance(results[0], Article)
    assert results[0].paragraphs == ("Ferry fares rise by ten per cent in May.",)
    assert isinstance(results[1], Problem) and "no text and no link" in results[1].reason


@pytest.mark.parametrize("data", [b"<html><body>hello</body></html>", b"not xml at all", b""])
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(ArticleFormatError, match="not a readable feed"):
        parse_feed(data, "http://t/x")


def test_feed_sniffing() -> None:
    assert looks_like_feed(_feed_bytes("feed.rss"))
    assert looks_like_feed(_feed_bytes("feed.atom"))
    assert not looks_like_feed(b"<!doctype html><html></html>")


def test_links_are_resolved_and_only_http_kept() -> None:
    rss = b"""<rss version="2.0"><channel><title>T</title>
    <item><title>A</title><link>/a.html</link></item>
    <item><title>B</title><link>javascript:alert(1)</link></item></channel></rss>"""
    items = parse_feed(rss, "http://t/feeds/main.xml").items
    assert items[0].link == "http://t/a.html"
    assert items[1].link is None
