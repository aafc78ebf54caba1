"""The searchable collection: articles, their passages, and the BM25 index over them.

Passages are not kept as objects: three int32 arrays map a passage id to its
article, paragraph and chunk, and ``passage(id)`` rebuilds the Passage from the
article on demand. ``add`` indexes new or replaced articles as a fresh index
segment (replaced passages are removed), so one article is searchable at once
even beside a million passages. ``open`` reuses a persisted index whose corpus
fingerprint matches and rebuilds (and saves) it otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import overload

import numpy as np
import numpy.typing as npt

from retrieval import persist
from retrieval.analyze import Analyzer
from retrieval.config import ScoringConfig
from retrieval.errors import EmptyCorpusError, IndexFormatError
from retrieval.fingerprint import corpus_fingerprint
from retrieval.index import Bm25Index, FloatArray, IntArray
from retrieval.models import Article, Passage
from retrieval.segment import MAX_PASSAGE_WORDS, chunk_paragraph

SEGMENTER = f"paragraphs-chunked-{MAX_PASSAGE_WORDS}-v1"
"""Identifies how articles are cut into passages, for persisted indexes."""
Progress = Callable[[int, int], None]
"""Called with (passages analyzed, passages in all) while building."""
Warn = Callable[[str], None]


class PassageMap:
    """Passage id -> (article number, 1-based paragraph, chunk within the paragraph)."""

    def __init__(
        self,
        article: npt.NDArray[np.int32],
        paragraph: npt.NDArray[np.int32],
        chunk: npt.NDArray[np.int32],
    ) -> None:
        self.article = article
        self.paragraph = paragraph
        self.chunk = chunk

    @classmethod
    def empty(cls) -> PassageMap:
        """A map of no passages."""
        return cls(*(np.empty(0, dtype=np.int32) for _ in range(3)))

    def extended(self, other: PassageMap) -> PassageMap:
        """This map followed by ``other``."""
        return PassageMap(
            np.concatenate((self.article, other.article)),
            np.concatenate((self.paragraph, other.paragraph)),
            np.concatenate((self.chunk, other.chunk)),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to persist."""
        return {"p_article": self.article, "p_paragraph": self.paragraph, "p_chunk": self.chunk}


def segment(articles: Sequence[Article], first: int = 0) -> tuple[list[str], PassageMap]:
    """Passage texts of ``articles`` (numbered from ``first``) and where each comes from."""
    texts: list[str] = []
    where: list[tuple[int, int, int]] = []
    for number, article in enumerate(articles, start=first):
        for para, paragraph in enumerate(article.paragraphs, start=1):
            for chunk, text in enumerate(chunk_paragraph(paragraph)):
                texts.append(text)
                where.append((number, para, chunk))
    table = np.asarray(where, dtype=np.int32).reshape(-1, 3)
    return texts, PassageMap(table[:, 0].copy(), table[:, 1].copy(), table[:, 2].copy())


class Passages(Sequence[Passage]):
    """The live passages in id order, made on access."""

    def __init__(self, collection: Collection, ids: IntArray) -> None:
        self._collection = collection
        self._ids = ids

    def __len__(self) -> int:
        return int(self._ids.shape[0])

    @overload
    def __getitem__(self, i: int) -> Passage: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Passage]: ...
    def __getitem__(self, i: int | slice) -> Passage | Sequence[Passage]:
        if isinstance(i, slice):
            return Passages(self._collection, self._ids[i])
        return self._collection.passage(int(self._ids[i]))

    def __iter__(self) -> Iterator[Passage]:
        for pid in self._ids.tolist():
            yield self._collection.passage(pid)


class Collection:
    """Articles segmented into passages and indexed; articles can be added or replaced."""

    def __init__(
        self,
        articles: Sequence[Article],
        scoring: ScoringConfig,
        analyzer: Analyzer,
        *,
        index: Bm25Index | None = None,
        passage_map: PassageMap | None = None,
        progress: Progress | None = None,
    ) -> None:
        if not articles:
            raise EmptyCorpusError("there are no articles to search")
        self.scoring = scoring
        self.analyzer = analyzer
        self._all: list[Article] = list(articles)
        self._by_id = {a.id: n for n, a in enumerate(self._all)}
        if len(self._by_id) != len(self._all):
            self._all = list({a.id: a for a in self._all}.values())
            self._by_id = {a.id: n for n, a in enumerate(self._all)}
            index = passage_map = None
        if index is None or passage_map is None:
            texts, passage_map = segment(self._all)
            index = Bm25Index.build(self._analyze(texts, progress), scoring)
        self._index = index
        self._map = passage_map
        self._passage_cache = lru_cache(maxsize=4096)(self._make_passage)

    # -- persistence ----------------------------------------------------------

    @classmethod
    def open(
        cls,
        articles: Sequence[Article],
        directory: Path,
        scoring: ScoringConfig,
        analyzer: Analyzer,
        *,
        progress: Progress | None = None,
        warn: Warn | None = None,
    ) -> Collection:
        """The collection of ``articles``, from the index in ``directory`` when it matches.

        A missing, stale, truncated or corrupt index is reported through ``warn``
        (missing ones silently), rebuilt and saved; saving failures are reported too.
        """
        expect = cls.index_meta(articles, analyzer)
        try:
            index, extras = persist.load(directory, scoring, expect)
            passage_map = PassageMap(extras["p_article"], extras["p_paragraph"], extras["p_chunk"])
            if passage_map.article.shape[0] != index.n_ids:
                raise IndexFormatError(f"index at {directory} has a damaged passage map")
            return cls(articles, scoring, analyzer, index=index, passage_map=passage_map)
        except (IndexFormatError, KeyError) as exc:
            if warn is not None and (directory / persist.MANIFEST).exists():
                warn(f"{exc}; rebuilding it")
        collection = cls(articles, scoring, analyzer, progress=progress)
        try:
            collection.save(directory, expect)
        except (OSError, ValueError) as exc:
            if warn is not None:
                warn(f"could not save the index to {directory}: {exc}")
        return collection

    @staticmethod
    def index_meta(articles: Sequence[Article], analyzer: Analyzer) -> dict[str, str]:
        """What a persisted index must match to be used for ``articles``."""
        return {
            "analyzer": analyzer.signature,
            "segmenter": SEGMENTER,
            "fingerprint": corpus_fingerprint(articles),
        }

    def save(self, directory: Path, meta: dict[str, str] | None = None) -> None:
        """Persist the index (as first built: nothing added or replaced since)."""
        meta = meta or self.index_meta(self._all, self.analyzer)
        persist.save(self._index, directory, meta, self._map.arrays())

    # -- the Collection interface ----------------------------------------------

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every current article, in load order (a replaced one moves to the end)."""
        return tuple(a for n, a in enumerate(self._all) if self._by_id.get(a.id) == n)

    @property
    def n_passages(self) -> int:
        """How many passages are indexed (live ones)."""
        return self._index.n_docs

    @property
    def index(self) -> Bm25Index:
        """The BM25 index."""
        return self._index

    def article(self, article_id: str) -> Article:
        """The article with this id (KeyError when there is none)."""
        return self._all[self._by_id[article_id]]

    def passage(self, passage_id: int) -> Passage:
        """The passage with this id."""
        return self._passage_cache(int(passage_id))

    def _make_passage(self, pid: int) -> Passage:
        article = self._all[int(self._map.article[pid])]
        para = int(self._map.paragraph[pid])
        text = chunk_paragraph(article.paragraphs[para - 1])[int(self._map.chunk[pid])]
        return Passage(id=pid, article_id=article.id, paragraph=para, text=text)

    def lead(self, article_id: str) -> int:
        """The id of the article's first passage (its lead paragraph)."""
        # Articles are numbered in the order their passages were added, so the map's
        # article column is sorted and an article's passages are contiguous.
        return int(np.searchsorted(self._map.article, self._by_id[article_id]))

    def passage_ids(self, article_id: str) -> range:
        """The ids of the current version's passages, lead first."""
        number = self._by_id[article_id]
        return range(
            int(np.searchsorted(self._map.article, number)),
            int(np.searchsorted(self._map.article, number, side="right")),
        )

    def passages(self) -> Sequence[Passage]:
        """Every live passage, in id order."""
        alive = self._index.alive
        ids = np.arange(self._index.n_ids) if alive is None else np.flatnonzero(alive)
        return Passages(self, ids.astype(np.int64))

    def doc_freq(self, term: str) -> int:
        """How many passages hold ``term``."""
        return self._index.doc_freq(term)

    def doc_freqs(self, terms: Sequence[str]) -> list[int]:
        """How many passages hold each term."""
        return self._index.doc_freqs(terms)

    def search(self, terms: Sequence[str], k: int) -> tuple[IntArray, FloatArray]:
        """The k best passages for the query terms (ids, BM25 scores), best first."""
        return self._index.search(terms, k)

    def add(self, articles: Sequence[Article]) -> None:
        """Make ``articles`` searchable; one with a known id replaces the old version."""
        incoming = list({a.id: a for a in articles}.values())
        if not incoming:
            return
        # The new versions go in before the old ones come out, so replacing the only
        # article never leaves the index empty.
        replaced = [self._by_id[a.id] for a in incoming if a.id in self._by_id]
        texts, passage_map = segment(incoming, first=len(self._all))
        self._index.add(self._analyze(texts, None))
        self._map = self._map.extended(passage_map)
        for article in incoming:
            self._by_id[article.id] = len(self._all)
            self._all.append(article)
        self._remove(replaced)

    def _remove(self, article_numbers: list[int]) -> None:
        """Remove the passages of these articles (by number) from the index."""
        if not article_numbers:
            return
        numbers = np.asarray(article_numbers, dtype=np.int32)
        pids = np.flatnonzero(np.isin(self._map.article, numbers)).tolist()
        if self._index.alive is not None:
            pids = [p for p in pids if self._index.alive[p]]
        self._index.remove(pids, [self.analyzer.terms(self.passage(p).text) for p in pids])

    def _analyze(self, texts: list[str], progress: Progress | None) -> list[list[str]]:
        """The terms of each text, reporting progress every few thousand."""
        out: list[list[str]] = []
        terms = self.analyzer.terms
        step = 2000
        for lo in range(0, len(texts), step):
            out.extend(terms(t) for t in texts[lo : lo + step])
            if progress is not None:
                progress(len(out), len(texts))
        return out


__all__ = ["Collection", "PassageMap", "Passages", "segment"]
