"""Add articles to the store: a web page, a feed, a file, a document or a message's text.

Each entry point returns an ``AddReport`` of what was added and what was
skipped and why (already stored by url or by text, an item that could not be
read). A target that cannot be used at all (refused URL, unreadable file)
raises a ``NewsbotError`` before anything is stored, so nothing else changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from retrieval.errors import ArticleFormatError, CorpusNotFoundError, FetchError, NewsbotError
from retrieval.feeds import Feed, FeedItem, feed_articles, looks_like_feed, parse_feed
from retrieval.fetch import ARTICLE_TYPES, FEED_TYPES, HTML_TYPES, Fetched, FetchOptions, fetch
from retrieval.ingest import SUFFIXES, Problem, make_article, read_file, text_article
from retrieval.ledger import Ledger, learned_id
from retrieval.models import Article
from retrieval.store import ArticleStore
from retrieval.web import page_article

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
_COMMIT = threading.Lock()
"""One writer at a time in this process (the bot's /add and its feed job)."""


class AddOptions(BaseModel):
    """How articles are fetched and when a feed item's own text is the whole article."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    fetch: FetchOptions = FetchOptions()
    min_feed_words: int = Field(
        default=120, ge=1, description="Feed items with less text are fetched from their link."
    )
    max_feed_items: int = Field(default=200, ge=1)


class AddReport(BaseModel):
    """What adding a target did: the articles stored and what was skipped, with reasons."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str
    added: tuple[Article, ...] = ()
    skipped: tuple[Problem, ...] = ()

    def merged(self, other: AddReport) -> AddReport:
        """Both reports as one (under this one's target)."""
        return AddReport(
            target=self.target,
            added=self.added + other.added,
            skipped=self.skipped + other.skipped,
        )

    def summary(self) -> str:
        """One line for people: how many were added and skipped."""
        added = f"{len(self.added)} article{'s' if len(self.added) != 1 else ''} added"
        return f"{self.target}: {added}, {len(self.skipped)} skipped"


Candidate = tuple[Article, tuple[str, ...]]
"""An article to store, with other urls it is known by (the one asked for, the final one)."""


def add_source(
    target: str,
    store: ArticleStore,
    options: AddOptions,
    progress: Callable[[int], None] | None = None,
) -> AddReport:
    """Add a URL (a page, a feed or plain text) or a local file (article, archive, feed)."""
    target = target.strip()
    if target.lower().startswith(("http://", "https://")):
        return add_url(target, store, options)
    path = Path(target).expanduser()
    if path.is_file():
        return add_file(path, store, options, progress)
    if "://" in target:
        raise FetchError(f"{target}: only http and https URLs can be fetched")
    raise CorpusNotFoundError(f"not a file nor an http(s) URL: {target}")


def add_url(url: str, store: ArticleStore, options: AddOptions) -> AddReport:
    """Fetch ``url`` and add the page, every new item of the feed, or the text it holds."""
    owner = Ledger(store).url_owner(url)
    if owner:
        return AddReport(target=url, skipped=(Problem(origin=url, reason=_already(owner)),))
    fetched = fetch(url, options.fetch, ARTICLE_TYPES)
    if fetched.content_type in FEED_TYPES or looks_like_feed(fetched.body):
        feed = parse_feed(fetched.body, url, options.max_feed_items)
        return _add_feed(feed, store, options)
    article = fetched_article(fetched, origin=url)
    return _commit(url, store, [(article, (url, fetched.url))])


def add_feed(url: str, store: ArticleStore, options: AddOptions) -> AddReport:
    """Fetch the feed at ``url`` and add the items not stored yet."""
    fetched = fetch(url, options.fetch, FEED_TYPES | {"text/html", "text/plain"})
    if fetched.content_type not in FEED_TYPES and not looks_like_feed(fetched.body):
        raise FetchError(f"{url}: not a feed (content type {fetched.content_type})")
    return _add_feed(parse_feed(fetched.body, url, options.max_feed_items), store, options)


def refresh_feeds(feeds: Sequence[str], store: ArticleStore, options: AddOptions) -> AddReport:
    """Add what is new in each feed; a feed that fails is reported as skipped, not raised."""
    report = AddReport(target=f"{len(feeds)} feed{'s' if len(feeds) != 1 else ''}")
    for url in feeds:
        try:
            report = report.merged(add_feed(url, store, options))
        except NewsbotError as exc:
            report = report.merged(
                AddReport(target=url, skipped=(Problem(origin=url, reason=str(exc)),))
            )
    return report


def add_file(
    path: Path,
    store: ArticleStore,
    options: AddOptions,
    progress: Callable[[int], None] | None = None,
) -> AddReport:
    """Add a local article file, a ``.jsonl`` archive (streamed) or a saved feed."""
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        data = _read_bytes(path, options.fetch.max_bytes)
        return _add_feed(parse_feed(data, str(path), options.max_feed_items), store, options)
    if suffix not in SUFFIXES:
        raise ArticleFormatError(f"{path}: unsupported file type {suffix or '(none)'}")
    origin = str(path.resolve())
    problems: list[Problem] = []

    def candidates() -> Iterable[Candidate]:
        for item in read_file(path, progress):
            if isinstance(item, Problem):
                problems.append(item)
            else:
                yield item.model_copy(update={"origin": origin}), ()

    try:
        report = _commit(str(path), store, candidates())
    except ArticleFormatError as exc:
        raise ArticleFormatError(f"{path}: {exc}") from exc
    return report.merged(AddReport(target=str(path), skipped=tuple(problems)))


def add_document(
    name: str, data: bytes, store: ArticleStore, options: AddOptions, *, origin: str
) -> AddReport:
    """Add an uploaded ``.txt``, ``.md`` or ``.html`` document (e.g. sent to the bot)."""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise ArticleFormatError(f"{name}: send a .txt, .md or .html file")
    if len(data) > options.fetch.max_bytes:
        raise ArticleFormatError(f"{name}: too large ({len(data):,} bytes)")
    text = _decode(data, name)
    if suffix in {".html", ".htm"}:
        article = page_article(text, origin=origin, article_id="document", fallback_title=name)
    else:
        article = text_article(text, Path(name)).model_copy(update={"origin": origin})
    return _commit(name, store, [(article, ())])


def add_text(
    text: str,
    store: ArticleStore,
    *,
    origin: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    source: str | None = None,
) -> AddReport:
    """Add an article from raw text (e.g. a forwarded message): headline from the first line."""
    try:
        article = make_article(
            text,
            article_id="text",
            title=title,
            url=url,
            published=published,
            source=source,
            origin=origin,
        )
    except ArticleFormatError as exc:
        raise ArticleFormatError(f"{origin}: {exc}") from exc
    return _commit(origin, store, [(article, ())])


def fetched_article(fetched: Fetched, *, origin: str) -> Article:
    """The article in a fetched web page or plain-text document."""
    if fetched.content_type in HTML_TYPES:
        return page_article(fetched.text(), origin=origin, article_id="page", url=fetched.url)
    name = Path(fetched.url.split("?", 1)[0]).name or "article.txt"
    article = text_article(fetched.text(), Path(name if "." in name else f"{name}.txt"))
    return article.model_copy(update={"url": fetched.url, "origin": origin})


def unseen_articles(store: ArticleStore, known_ids: Iterable[str]) -> list[Article]:
    """Stored articles not among ``known_ids`` (e.g. added by `newsbot add` while the bot runs)."""
    known = {store.path_for(i).name for i in known_ids}
    articles: list[Article] = []
    if not store.root.is_dir():
        return articles
    for path in sorted(store.root.glob("*.json")):
        if path.name.startswith(".") or path.name in known:
            continue
        try:
            articles.append(Article.model_validate_json(path.read_bytes()))
        except (OSError, ValueError):
            continue  # half-written by another process, or not an article: next time
    return articles


def _add_feed(feed: Feed, store: ArticleStore, options: AddOptions) -> AddReport:
    """Add the feed's items that are not stored yet (known links are not fetched again)."""
    ledger = Ledger(store)

    def known(item: FeedItem) -> str | None:
        owner = ledger.url_owner(item.link) if item.link else None
        return _already(owner) if owner else None

    def read_page(link: str, item: FeedItem) -> Article:
        fetched = fetch(link, options.fetch, HTML_TYPES)
        return fetched_article(fetched, origin=feed.url)

    candidates: list[Candidate] = []
    skipped: list[Problem] = []
    for item, result in feed_articles(
        feed, read_page, min_words=options.min_feed_words, skip=known
    ):
        if isinstance(result, Problem):
            skipped.append(result)
        else:
            candidates.append((result, tuple(u for u in (item.link, result.url) if u)))
    report = _commit(feed.url, store, candidates)
    return report.merged(AddReport(target=feed.url, skipped=tuple(skipped)))


def _commit(target: str, store: ArticleStore, candidates: Iterable[Candidate]) -> AddReport:
    """Store each candidate under its learned id unless its url or text is already stored."""
    added: list[Article] = []
    skipped: list[Problem] = []
    with _COMMIT:
        ledger = Ledger(store)
        try:
            for article, urls in candidates:
                stored = article.model_copy(update={"id": learned_id(article)})
                reason = ledger.duplicate(stored, (u for u in urls if u))
                if reason:
                    skipped.append(Problem(origin=stored.url or stored.origin, reason=reason))
                    continue
                store.save(stored)
                ledger.record(stored, (u for u in urls if u))
                added.append(stored)
        finally:
            ledger.save()
    return AddReport(target=target, added=tuple(added), skipped=tuple(skipped))


def _already(owner: str) -> str:
    return f"already added (same url as {owner})"


def _read_bytes(path: Path, limit: int) -> bytes:
    """A local file's bytes, refusing one over ``limit``."""
    try:
        if path.stat().st_size > limit:
            raise ArticleFormatError(f"{path}: too large ({path.stat().st_size:,} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise ArticleFormatError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _decode(data: bytes, name: str) -> str:
    """An uploaded document's text (UTF-8), refusing binary files."""
    if b"\x00" in data[:8192]:
        raise ArticleFormatError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(f"{name}: not UTF-8 text (byte {exc.start})") from exc
