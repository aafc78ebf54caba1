"""A fingerprint of a corpus: what a persisted index must have been built from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from retrieval.models import Article


def corpus_fingerprint(articles: Iterable[Article]) -> str:
    """A digest of every article's id and paragraphs, in order (titles are not indexed)."""
    digest = hashlib.blake2b(digest_size=16)
    for article in articles:
        digest.update(article.id.encode("utf-8"))
        digest.update(b"\x1e")
        for paragraph in article.paragraphs:
            digest.update(paragraph.encode("utf-8"))
            digest.update(b"\x1f")
        digest.update(b"\x1d")
    return digest.hexdigest()
