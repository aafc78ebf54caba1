"""A web page's article: its main text and metadata, without the page around it.

Main-text extraction is trafilatura's (navigation, ads, cookie banners, comment
sections, scripts and related-story lists are left out); the title, date,
canonical url and outlet name come from the page's metadata. HTML fragments
(a feed item's content) are turned into paragraphs by a small stdlib parser.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from retrieval.errors import ArticleFormatError
from retrieval.models import Article

MIN_BODY_WORDS = 20
"""A page whose main text is shorter than this holds no article (a paywall, an index page)."""

_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "header", "footer", "figure",
        "figcaption", "table", "tr", "dl", "dt", "dd", "hr", "aside", "main",
    }
)  # fmt: skip
_SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "form"})


def page_article(
    html: str | bytes,
    *,
    origin: str,
    article_id: str,
    url: str | None = None,
    fallback_title: str | None = None,
) -> Article:
    """The article in a web page (``url`` is where it was fetched, used when it names none)."""
    import trafilatura  # heavy: imported only when a page is read

    from retrieval.ingest import make_article

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    data: dict[str, Any] = doc if isinstance(doc, dict) else (doc.as_dict() if doc else {})
    text = str(data.get("text") or "")
    if len(text.split()) < MIN_BODY_WORDS:
        raise ArticleFormatError("no article text found in the page")
    page_url = _http_url(data.get("url")) or url
    return make_article(
        text,
        article_id=article_id,
        title=data.get("title") or fallback_title,
        url=page_url,
        published=data.get("date"),
        source=data.get("sitename") or _host(page_url),
        origin=origin,
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, one blank line between blocks, scripts and styles dropped."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


def _http_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL."""
    if isinstance(value, str) and urlsplit(value).scheme in {"http", "https"}:
        return value
    return None


def _host(url: str | None) -> str | None:
    """The host name of a URL without ``www.``."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class _TextParser(HTMLParser):
    """Collects text, breaking paragraphs at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data.replace("\n", " "))

    def text(self) -> str:
        blocks = (b.strip() for b in "".join(self._parts).split("\n\n"))
        return "\n\n".join(b for b in blocks if b)
