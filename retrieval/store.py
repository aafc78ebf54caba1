"""Articles learned while running (channel posts, added pages, feed items), kept on disk.

One JSON file per article under a folder, written atomically (a temporary file
in the same folder, flushed to disk, then renamed over the old one), so a crash
at any point leaves either the old version or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from pathlib import Path

from pydantic import ValidationError

from retrieval.atomic import write_atomic
from retrieval.ingest import Problem
from retrieval.models import Article

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class ArticleStore:
    """A folder of articles saved as JSON, one file each."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, article_id: str) -> Path:
        """The file that holds the article with this id."""
        slug = _UNSAFE.sub("-", article_id).strip("-.")[:80] or "article"
        digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]
        return self.root / f"{slug}-{digest}.json"

    def save(self, article: Article) -> Path:
        """Write the article (replacing any earlier version) atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        target = self.path_for(article.id)
        data = article.model_dump_json(indent=1).encode("utf-8")
        write_atomic(target, data, suffix=".json")
        return target

    def remove(self, article_id: str) -> bool:
        """Forget an article; False when it was not stored."""
        try:
            self.path_for(article_id).unlink()
        except FileNotFoundError:
            return False
        return True

    def _remove_stale_temporaries(self) -> None:
        """Delete half-written files a crash left behind (never one still being written)."""
        cutoff = time.time() - STALE_SECONDS
        for tmp in self.root.glob(".tmp-*"):
            with contextlib.suppress(OSError):
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()

    def load(self) -> tuple[list[Article], list[Problem]]:
        """Every stored article, and the files that could not be read."""
        articles: list[Article] = []
        problems: list[Problem] = []
        if not self.root.is_dir():
            return articles, problems
        self._remove_stale_temporaries()
        for path in sorted(self.root.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                articles.append(Article.model_validate_json(path.read_bytes()))
            except (OSError, ValidationError) as exc:
                problems.append(Problem(origin=str(path), reason=_reason(exc)))
        return articles, problems


STALE_SECONDS = 3600
"""A temporary file this old was left by a crash mid-write, not by a write under way."""


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "not a stored article (corrupt or truncated JSON)"
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"
