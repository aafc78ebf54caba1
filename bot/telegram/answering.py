"""Answers for the bot: the whole corpus, or one post's article first (discussion threads)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from bot.telegram.render import Spans
from retrieval import Answer, Article, Citation, Engine

MAX_CITATIONS = 10
"""Citations computed per question (pages of the More button, inline results)."""
CACHED_POSTS = 64
"""Per-article engines kept for discussion threads."""
CACHED_ANSWERS = 1024
"""Recent answers kept (a question asked again, a More button, inline typing)."""


class Answerer:
    """Answers questions from the engine, preferring one article when asked to."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._posts: OrderedDict[str, tuple[Article, Engine]] = OrderedDict()
        self._answers: OrderedDict[tuple[str, str | None, tuple[str, ...]], Answer] = OrderedDict()

    def forget(self) -> None:
        """Drop cached answers (the articles changed)."""
        self._answers.clear()

    def answer(
        self, question: str, prefer: str | None = None, history: Sequence[str] = ()
    ) -> Answer:
        """Up to MAX_CITATIONS citations; those from article ``prefer`` first when it has any.

        ``history`` holds the chat's earlier questions, oldest first; it is used (and
        cached with) only a question that leans on them ("and when?").
        """
        context = tuple(history) if history and self.is_follow_up(question) else ()
        key = (" ".join(question.split()), prefer, context)
        cached = self._answers.get(key)
        if cached is None:
            cached = self._answers[key] = self._compute(question, prefer, context)
            while len(self._answers) > CACHED_ANSWERS:
                self._answers.popitem(last=False)
        self._answers.move_to_end(key)
        return cached

    def is_follow_up(self, question: str) -> bool:
        """Whether a question needs the ones before it ("and when?", "what did he say?")."""
        return self.engine.is_follow_up(question)

    def _compute(self, question: str, prefer: str | None, history: tuple[str, ...]) -> Answer:
        """The answer, computed: the post's article first when it answers (only tentatively
        when nothing else answers)."""
        everywhere = self.engine.answer(question, top_k=MAX_CITATIONS, history=history)
        local = self._post_engine(prefer)
        if local is None:
            return everywhere
        here = local.answer(question, top_k=MAX_CITATIONS, history=history)
        if not here.answered or (here.tentative and everywhere.answered):
            return everywhere  # a sure answer anywhere beats the post's closest quote
        return Answer(
            question=here.question,
            answered=True,
            citations=_renumbered([*here.citations, *everywhere.citations]),
            read_as=here.read_as,
            tentative=here.tentative,
        )

    def _post_engine(self, article_id: str | None) -> Engine | None:
        """A small engine over one article, cached until the article changes."""
        if article_id is None:
            return None
        try:
            article = self.engine.article(article_id)
        except KeyError:
            return None
        cached = self._posts.get(article_id)
        if cached is None or cached[0] is not article:
            cached = (article, Engine([article], analyzer=self.engine.analyzer))
            self._posts[article_id] = cached
        self._posts.move_to_end(article_id)
        while len(self._posts) > CACHED_POSTS:
            self._posts.popitem(last=False)
        return cached[1]

    def spans(self, question: str) -> Spans:
        """A function giving the spans of a quote to bold for ``question``."""
        return lambda text: self.engine.highlights(text, question)


def _renumbered(citations: list[Citation]) -> tuple[Citation, ...]:
    """Citations without repeats, numbered from 1, at most MAX_CITATIONS."""
    seen: set[tuple[str, int, str]] = set()
    kept: list[Citation] = []
    for citation in citations:
        key = (citation.article_id, citation.paragraph, citation.quote)
        if key not in seen:
            seen.add(key)
            kept.append(citation.model_copy(update={"n": len(kept) + 1}))
    return tuple(kept[:MAX_CITATIONS])
