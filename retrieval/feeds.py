"""RSS and Atom feeds (feedparser): each item becomes an article.

An item's full text is taken from the feed (``content:encoded`` or Atom
``content``) when it is long enough to be the article; otherwise the linked
page is fetched and its main text extracted. Feeds are parsed from bytes only:
feedparser never touches the network here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, ConfigDict

from retrieval.errors import ArticleFormatError, NewsbotError
from retrieval.ingest import Problem, make_article
from retrieval.models import Article
from retrieval.web import fragment_text


class FeedItem(BaseModel):
    """One item of a feed, before it becomes an article."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = ""
    link: str | None = None
    published: dt.date | None = None
    content: str = ""
    summary: str = ""


class Feed(BaseModel):
    """A parsed feed: its title (the outlet) and its items, newest first as published."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    title: str | None = None
    items: tuple[FeedItem, ...] = ()


PageReader = Callable[[str, FeedItem], Article]
"""Fetches and extracts the page an item links to (raises NewsbotError when it cannot)."""


def looks_like_feed(data: bytes) -> bool:
    """Whether the start of a document is an RSS, RDF or Atom feed."""
    head = data[:2048].lstrip().lower()
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(data: bytes, url: str, max_items: int = 200) -> Feed:
    """The feed in ``data`` (RSS 0.9x/1.0/2.0 or Atom), or ArticleFormatError."""
    import feedparser  # imported when a feed is read: keeps `import retrieval` cheap

    parsed: Any = feedparser.parse(io.BytesIO(data))  # a stream: never a URL or a file name
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom items"
        raise ArticleFormatError(f"{url}: not a readable feed ({reason})")
    items = tuple(_item(entry, url) for entry in parsed.entries[:max_items])
    return Feed(url=url, title=parsed.feed.get("title") or None, items=items)


def feed_articles(
    feed: Feed,
    read_page: PageReader,
    *,
    min_words: int,
    skip: Callable[[FeedItem], str | None] = lambda item: None,
) -> Iterator[tuple[FeedItem, Article | Problem]]:
    """Each item with its article, or a Problem saying why not; ``skip`` names known items."""
    for n, item in enumerate(feed.items, start=1):
        origin = item.link or f"{feed.url}#item-{n}"
        reason = skip(item)
        if reason:
            yield item, Problem(origin=origin, reason=reason)
            continue
        try:
            yield item, item_article(feed, item, read_page, min_words=min_words, n=n)
        except NewsbotError as exc:
            yield item, Problem(origin=origin, reason=str(exc))


def item_article(
    feed: Feed, item: FeedItem, read_page: PageReader, *, min_words: int, n: int = 1
) -> Article:
    """One item's article: the feed's full text when it has it, else the linked page."""
    text = fragment_text(item.content) if item.content else ""
    if len(text.split()) < min_words and item.link:
        article = read_page(item.link, item)
        return article.model_copy(
            update={
                "published": article.published or item.published,
                "source": article.source or feed.title,
                "origin": feed.url,
            }
        )
    text = text or fragment_text(item.summary)
    if not text.strip():
        raise ArticleFormatError("the item has no text and no link")
    return make_article(
        text,
        article_id=f"feed-item-{n}",
        title=item.title or None,
        url=item.link,
        published=item.published.isoformat() if item.published else None,
        source=feed.title or _host(feed.url),
        origin=feed.url,
    )


def _item(entry: Any, feed_url: str) -> FeedItem:
    """A feedparser entry as a FeedItem."""
    link = entry.get("link") or _guid_link(entry)
    link = urljoin(feed_url, link) if link else None
    if link and urlsplit(link).scheme not in {"http", "https"}:
        link = None
    return FeedItem(
        title=_plain(entry.get("title") or ""),
        link=link,
        published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        content=_longest_content(entry),
        summary=entry.get("summary") or "",
    )


def _guid_link(entry: Any) -> str | None:
    """The item's guid when it is a permalink URL."""
    guid = entry.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) else None


def _longest_content(entry: Any) -> str:
    """The longest of the item's full-text bodies (``content:encoded``, Atom ``content``)."""
    values = [str(c.get("value") or "") for c in entry.get("content") or ()]
    return max(values, key=len, default="")


def _date(value: Any) -> dt.date | None:
    """A feedparser time tuple as a date."""
    try:
        return dt.date(value[0], value[1], value[2]) if value else None
    except (TypeError, ValueError, IndexError):
        return None


def _plain(text: str) -> str:
    """Titles sometimes carry markup: keep their text."""
    return " ".join(fragment_text(text).split()) if "<" in text else " ".join(text.split())


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None
