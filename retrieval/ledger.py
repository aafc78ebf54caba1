"""What the article store already holds, by url and by text, so nothing is added twice.

An article's identity is its url (normalized: no fragment, no tracking
parameters, host lower case) and a hash of its text (words only, case folded).
Learned articles get ids derived from them, so the same url always gets the
same id. The ledger is a hidden JSON file in the store folder, written
atomically; on opening it is reconciled with the folder (articles saved by
others are read and remembered, removed ones forgotten), so it never goes stale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import ValidationError

from retrieval.atomic import write_atomic
from retrieval.ingest import text_key
from retrieval.models import Article
from retrieval.store import ArticleStore

LEDGER_NAME = ".ledger.json"
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$", re.IGNORECASE)
_SLUG = re.compile(r"[^a-z0-9]+")


def url_key(url: str) -> str:
    """``url`` normalized for comparison: scheme and host lower case, no fragment or trackers."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in {None, 80, 443} else None
    netloc = f"{host}:{port}" if port else host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def learned_id(article: Article) -> str:
    """A stable id: from the url when there is one, else from the title and the text."""
    if article.url:
        key = url_key(article.url)
        parts = urlsplit(key)
        host = (parts.hostname or "web").removeprefix("www.")
        last = parts.path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        return "-".join(p for p in (host, _slug(last), digest) if p)
    return "-".join(p for p in (_slug(article.title), text_key(article.paragraphs)[:10]) if p)


def _slug(text: str, limit: int = 48) -> str:
    """Lower-case words joined by hyphens, cut at a word boundary."""
    slug = _SLUG.sub("-", text.casefold()).strip("-")
    return slug if len(slug) <= limit else slug[:limit].rsplit("-", 1)[0]


class Ledger:
    """The urls and text hashes of the stored articles, and which article holds each."""

    def __init__(self, store: ArticleStore) -> None:
        self.store = store
        self.path = store.root / LEDGER_NAME
        self._entries: dict[str, dict[str, Any]] = {}
        self._urls: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._dirty = False
        self._load()
        self._reconcile()

    def url_owner(self, url: str) -> str | None:
        """The id of the stored article with this url, if any."""
        return self._urls.get(url_key(url))

    def duplicate(self, article: Article, urls: Iterable[str] = ()) -> str | None:
        """Why ``article`` is already stored (same url or same text), or None when it is new."""
        for url in (article.url, *urls):
            owner = self.url_owner(url) if url else None
            if owner:
                return f"already added (same url as {owner})"
        owner = self._texts.get(text_key(article.paragraphs))
        return f"already added (same text as {owner})" if owner else None

    def record(self, article: Article, urls: Iterable[str] = ()) -> None:
        """Remember a stored article under its url(s) and its text."""
        keys = sorted({url_key(u) for u in (article.url, *urls) if u})
        entry: dict[str, Any] = {
            "id": article.id,
            "urls": keys,
            "text": text_key(article.paragraphs),
        }
        self._add(self.store.path_for(article.id).name, entry)
        self._dirty = True

    def save(self) -> None:
        """Write the ledger atomically, when it changed."""
        if not self._dirty:
            return
        self.store.root.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"version": 1, "files": self._entries}, ensure_ascii=False)
        write_atomic(self.path, data.encode("utf-8"), suffix=".ledger")
        self._dirty = False

    def _add(self, name: str, entry: dict[str, Any]) -> None:
        self._entries[name] = entry
        article_id = str(entry.get("id", ""))
        for key in entry.get("urls") or ():
            self._urls.setdefault(str(key), article_id)
        if entry.get("text"):
            self._texts.setdefault(str(entry["text"]), article_id)

    def _load(self) -> None:
        """Read the ledger file; a missing or corrupt one is rebuilt from the folder."""
        try:
            files = json.loads(self.path.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return
        if isinstance(files, dict):
            for name, entry in files.items():
                if isinstance(entry, dict):
                    self._add(str(name), entry)

    def _reconcile(self) -> None:
        """Read stored articles the ledger does not know; forget files that are gone."""
        root = self.store.root
        names = (
            {p.name for p in root.glob("*.json") if not p.name.startswith(".")}
            if root.is_dir()
            else set()
        )
        gone = set(self._entries) - names
        new = sorted(names - set(self._entries))
        if gone:
            kept = {n: e for n, e in self._entries.items() if n not in gone}
            self._entries, self._urls, self._texts = {}, {}, {}
            for name, entry in kept.items():
                self._add(name, entry)
            self._dirty = True
        for name in new:
            article = _read(root / name)
            if article is not None:
                self._add(name, {"id": article.id, "urls": _urls(article), "text": _text(article)})
                self._dirty = True


def _read(path: Path) -> Article | None:
    """A stored article, or None when the file is not one."""
    try:
        return Article.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return None


def _urls(article: Article) -> list[str]:
    return [url_key(article.url)] if article.url else []


def _text(article: Article) -> str:
    return text_key(article.paragraphs)
