"""The searchable collection: articles, their passages, and the BM25 index over them."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.analyze import Analyzer
from retrieval.config import ScoringConfig
from retrieval.errors import EmptyCorpusError
from retrieval.index import Bm25Index, FloatArray, IntArray
from retrieval.models import Article, Passage
from retrieval.segment import passages_of


class Collection:
    """Articles segmented into passages and indexed; articles can be added or replaced."""

    def __init__(
        self, articles: Sequence[Article], scoring: ScoringConfig, analyzer: Analyzer
    ) -> None:
        self.scoring = scoring
        self.analyzer = analyzer
        self._build(articles)

    def _build(self, articles: Sequence[Article]) -> None:
        """Segment and index ``articles``, replacing what was indexed before."""
        if not articles:
            raise EmptyCorpusError("there are no articles to search")
        passages = tuple(passages_of(articles))
        index = Bm25Index.build([self.analyzer.terms(p.text) for p in passages], self.scoring)
        self._articles: tuple[Article, ...] = tuple(articles)
        self._by_id = {a.id: a for a in self._articles}
        self._passages = passages
        self._index = index

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article, in load order."""
        return self._articles

    @property
    def n_passages(self) -> int:
        """How many passages are indexed."""
        return self._index.n_docs

    def article(self, article_id: str) -> Article:
        """The article with this id (KeyError when there is none)."""
        return self._by_id[article_id]

    def passage(self, passage_id: int) -> Passage:
        """The passage with this id."""
        return self._passages[passage_id]

    def passages(self) -> Sequence[Passage]:
        """Every passage, in id order."""
        return self._passages

    def doc_freq(self, term: str) -> int:
        """How many passages hold ``term``."""
        tid = self._index.vocabulary.get(term)
        return 0 if tid is None else int(self._index.doc_freq[tid])

    def search(self, terms: Sequence[str], k: int) -> tuple[IntArray, FloatArray]:
        """The k best passages for the query terms (ids, BM25 scores), best first."""
        return self._index.search(terms, k)

    def add(self, articles: Sequence[Article]) -> None:
        """Make ``articles`` searchable; one with a known id replaces the old version."""
        incoming = {a.id: a for a in articles}
        kept = [a for a in self._articles if a.id not in incoming]
        self._build([*kept, *incoming.values()])
