"""The engine: a corpus indexed for BM25, answering questions with cited quotes."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from retrieval.analyze import Analyzer, clean_question
from retrieval.answer_type import (
    CALENDAR_WORDS,
    GENERIC_COUNTED,
    STRICT_TYPES,
    AnswerType,
    answer_type,
    carries,
    counted_words,
    focus_words,
)
from retrieval.asked import Asked
from retrieval.citing import cite
from retrieval.collection import Collection
from retrieval.config import AnswerConfig, ScoringConfig
from retrieval.errors import QuestionError
from retrieval.followup import leans_on_previous
from retrieval.lexicon import (
    DAY_WORDS,
    DEMONYMS,
    DURATION_WORDS,
    EVENT_WORDS,
    LIGHT_WORDS,
    MONEY_WORDS,
    NAMING_WORDS,
    PLACE_WORDS,
    QUESTION_STOPWORDS,
    RANK_WORDS,
    SCORE_WORDS,
    SEATS_OF_GOVERNMENT,
)
from retrieval.models import Answer, Article
from retrieval.names import (
    acronyms,
    countries_abbreviated,
    mentions,
    name_terms,
    numbered_names,
    question_names,
    writes_numbered,
)
from retrieval.quote import (
    ARTICLE_SHARE,
    HEADLINE_SHARE,
    MIN_QUOTE_WORDS,
    Quote,
    choose_quote,
    refers_back,
)
from retrieval.rarity import EVERYDAY_RARITY, rarity
from retrieval.reading import QuestionReader
from retrieval.segment import split_sentences
from retrieval.spelling import has_dictionary
from retrieval.spelling import load as load_dictionary
from retrieval.suggest import example_questions, topics
from retrieval.thesaurus import synonym_groups

SENTENCE_CACHE = 50_000
"""Sentences whose analysis is kept between questions."""
ARTICLE_CACHE = 2_048
"""Articles whose context, names and mentions are kept between questions."""
CANDIDATES = 12
"""Passages BM25 hands to quote selection, at least (more when more quotes are asked)."""
BM25_SHARE = 0.5
"""Weight of the passage's BM25 score (relative to the best) in the final ranking."""
TYPED_BONUS = 0.5
"""Ranking bonus of a quote that carries the kind of answer asked for."""
COUNTED_BONUS = 0.3
"""Ranking bonus of a quote whose number counts what a *how many* question counts."""
FOLLOW_UP_SHARE = 0.5
"""Weight of an earlier question's words in a follow-up, relative to its own words."""
UNSEEN_MARGIN = 0.1
"""Extra coverage a quote needs when a question word appears in no article."""
TENTATIVE_COVERAGE = 0.2
"""The least share of the question a tentative quote (see ``Engine._comes_closest``) holds."""
SPECIFIC_RARITY = 10.0
"""A word at least this rare in the language ("balloon", "independence", or a name; not
"win", "world" or "said") makes a question about the article it is in, for a tentative
quote, and a tentative quote holding one goes first. On the bundled article's blind sets
11 and 12 gave 1 to 4 points less in the top 3; 9 gave 0.3 to 0.6 more, for 3 points
fewer declined."""
UNSEEN_FRAMING_SHARE = 0.5
"""What a word that only frames the question ("venue", "day of the *week*") weighs, of its
own weight, when no article uses it: the kind of answer stands for it."""
UNSEEN_SHARE = 0.45
"""In a small collection, the share of a question's weight that words no article uses
must reach to raise the bar, dictionary words or not (0.45–0.5 measured alike on blind
paraphrases of the bundled article; 0.45 still declines "Which dessert did Blinken eat
at the meeting?", whose unseen words weigh 46%)."""
SMALL_COLLECTION = 100
"""Passages below which a question word weighs by its rarity in the language, not its
idf (the bundled article has 20; `tests/data/news` 174)."""
SECONDARY_COVERAGE = 0.3
"""Quotes after the first must hold at least this share of the question's weight."""
SECOND_QUOTE_PENALTY = 0.2
"""How much lower a passage's second-best quote ranks than it would on its own."""
NAME_PASSAGES = 50
"""Passages holding a lowercase question word looked at to tell whether it is a name."""
STORY_BONUS = 0.3
"""Ranking bonus of the quotes from the story found: once the story is found, its other
paragraphs answer more often than near matches in other stories."""
STORY_PASSAGES = 3
"""The story is the article whose best passages, this many at most, score highest in BM25."""
STORY_COVERAGE = 1.5
"""How much the share of the question an article holds counts in finding the story,
against its best passages' BM25 relative to the best article's (1.25–2 measured alike)."""
ANY_NUMBER_COUNTS = GENERIC_COUNTED | DEMONYMS
"""Counted words any number answers: people, times, and a people ("how many Europeans")."""


class Engine:
    """Articles, their passages and a BM25 index over them; answers questions."""

    def __init__(
        self,
        articles: Sequence[Article],
        scoring: ScoringConfig | None = None,
        answering: AnswerConfig | None = None,
        analyzer: Analyzer | None = None,
        collection: Collection | None = None,
    ) -> None:
        self.scoring = scoring or ScoringConfig()
        self.answering = answering or AnswerConfig()
        self.analyzer = analyzer or Analyzer()
        self._light = self._terms_of(LIGHT_WORDS)
        money, event = self._terms_of(MONEY_WORDS), self._terms_of(EVENT_WORDS)
        place = self._terms_of(PLACE_WORDS)
        # Words a quote need not hold, by the kind of answer asked for: the amount, the
        # date or the place answers "pay", "start" and "based".
        self._excused = {
            AnswerType.MONEY: self._light | money,
            AnswerType.TIME: self._light | event,
            AnswerType.YEAR: self._light | event,
            AnswerType.DAY: self._light | event | self._terms_of(DAY_WORDS),
            AnswerType.DURATION: self._light | self._terms_of(DURATION_WORDS),
            AnswerType.PLACE: self._light | place,
            AnswerType.RANK: self._light | self._terms_of(RANK_WORDS),
            AnswerType.SCORE: self._light | self._terms_of(SCORE_WORDS),
            AnswerType.NAME: self._light | self._terms_of(NAMING_WORDS),
        }
        self._peoples = self._terms_of(DEMONYMS)
        seats = [
            (names.split(", "), self._terms_of(country))
            for names, country in SEATS_OF_GOVERNMENT.items()
        ]
        self._seats = [(self._terms_of(names), country) for names, country in seats]
        # A one-word seat stands for its country in a quote ("Moscow" for "Russia").
        self._countries = {
            seat: country
            for names, country in seats
            for name in names
            if " " not in name
            for seat in self._terms_of([name])
        }
        self._calendar = self._terms_of(CALENDAR_WORDS)
        self._synonyms = _synonyms_for(self.analyzer.language)
        self._sentence_terms = lru_cache(maxsize=SENTENCE_CACHE)(self._terms_tuple)
        self.collection = collection or Collection(articles, self.scoring, self.analyzer)
        self._reader = QuestionReader(self.analyzer, self.collection.doc_freqs, QUESTION_STOPWORDS)
        # What the engine knows about the articles it has quoted lately (bounded).
        self._context = lru_cache(maxsize=ARTICLE_CACHE)(self._article_context)
        self._names = lru_cache(maxsize=ARTICLE_CACHE)(self._article_names)
        self._mentioned = lru_cache(maxsize=ARTICLE_CACHE)(self._article_mentions)
        self._text = lru_cache(maxsize=ARTICLE_CACHE)(self._article_text)

    def _terms_of(self, words: Iterable[str]) -> frozenset[str]:
        """The analyzed terms of a word list."""
        return frozenset(t for word in words for t in self.analyzer.terms(word))

    @classmethod
    def over(cls, collection: Collection, answering: AnswerConfig | None = None) -> Engine:
        """An engine answering from a built or loaded collection, with its scoring and analyzer."""
        return cls((), collection.scoring, answering, collection.analyzer, collection)

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article searched."""
        return self.collection.articles

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return self.collection.article(article_id)

    def add(self, articles: Sequence[Article]) -> None:
        """Make ``articles`` searchable; one with a known id replaces the old version."""
        self.collection.add(articles)
        for cache in (self._context, self._names, self._mentioned, self._text):
            cache.cache_clear()

    def warm_up(self) -> None:
        """Load now what the first question would otherwise wait for (the spelling
        dictionary, about a third of a second): call it from a worker thread at start-up."""
        load_dictionary(self.analyzer.language)

    def question_terms(self, question: str) -> list[str]:
        """The analyzed terms of a question, without words that only frame it."""
        return self._reader.terms(question)

    def topics(self, n: int = 5) -> list[str]:
        """Names the articles mention most, for suggestions."""
        return topics((p.text for p in self.collection.passages()), n)

    def example_questions(self, n: int = 2) -> list[str]:
        """Questions a reader could ask, drawn from the articles."""
        return example_questions((p.text for p in self.collection.passages()), n)

    def answer(
        self, question: str, top_k: int | None = None, history: Sequence[str] = ()
    ) -> Answer:
        """Cited verbatim quotes answering ``question``, or a decline.

        ``history`` holds the chat's earlier questions, oldest first: a question that
        leans on them ("and when?", "what did he say about Taiwan?") borrows their
        words, each weighing ``FOLLOW_UP_SHARE`` as much as its own.
        """
        question = self._checked(question)
        readable = self._reader.spelled(question)
        read_as = readable if readable != clean_question(question) else None
        asked = self._understand(readable, history)
        if asked is None:
            return Answer(question=question, answered=False, read_as=read_as)
        k = top_k or self.answering.top_k
        # The reader's own words count twice in BM25; a synonym, or a word borrowed from
        # an earlier question of the chat, once.
        weights, forms = asked.weights, asked.forms
        own = [t for t in weights if t in asked.terms]
        borrowed = [t for t in weights if t not in asked.terms]
        synonyms = sorted({f for t in weights for f in forms[t]} - weights.keys())
        ids, scores = self.collection.search(
            [*own, *own, *borrowed, *synonyms], max(CANDIDATES, 4 * k)
        )
        story = self._story(asked, ids, scores)
        ranked = self._rank(asked, *self._with_story(story, ids, scores), story)
        first = next((r for r in ranked if self._may_answer(r, asked)), None)
        tentative = first is None
        if tentative:
            close = [r for r in ranked if self._comes_closest(r, asked)]
            first = next((r for r in close if self._holds_specific(r, asked)), None)
            first = first or next(iter(close), None)
        if first is None:
            return Answer(question=question, answered=False, read_as=read_as)
        first = self._lead_instead(first, ranked, asked)
        first = self._introduction_instead(first, asked, readable)
        others = [r for r in ranked if not _same(r, first) and self._may_follow(r[1], asked)]
        before = self._before(first, asked)
        if before is not None:
            others = [before, *(r for r in others if r[0] != before[0])]
        chosen = [first, *others]
        citations = cite(self.collection, chosen, k, self.answering.context_words)
        return Answer(
            question=question,
            answered=True,
            citations=citations,
            read_as=read_as,
            tentative=tentative,
        )

    def _understand(self, readable: str, history: Sequence[str]) -> Asked | None:
        """The question's weighted terms and what it asks for (None when it has no terms)."""
        weights = self._weights(readable)
        own = frozenset(weights)
        if history and self._leans(readable, weights):
            for earlier in reversed(history):
                for term, weight in self._weights(self._reader.spelled(earlier)).items():
                    weights.setdefault(term, FOLLOW_UP_SHARE * weight)
        if not weights:
            return None
        kind = answer_type(readable)
        focus = frozenset(t for w in focus_words(readable) for t in self.analyzer.terms(w))
        counting = counted_words(readable)
        counted = frozenset(
            f for w in counting for t in self.analyzer.terms(w) for f in self._forms(t)
        )
        framing = self._excused.get(kind, self._light)
        for term in own & framing:
            if self.collection.doc_freq(term) == 0:
                weights[term] *= UNSEEN_FRAMING_SHARE
        return Asked(
            weights=weights,
            forms={t: self._forms(t) for t in weights},
            terms=own,
            named=(
                question_names(readable, self.analyzer.spans)
                | _numbers(own, readable)
                | self._lowercase_names(readable)
            )
            & (own - focus),
            numbered=numbered_names(readable),
            dated=frozenset(t for t in own if t in self._calendar or _is_year(t)),
            kind=kind,
            counted=counted,
            must_count=bool(counting) and counting[0].casefold() not in ANY_NUMBER_COUNTS,
            words=frozenset(w.casefold() for w in re.findall(r"\w+", readable)),
            excused=framing | focus,
            bar=self._coverage_bar(own, weights, readable, framing),
        )

    def is_follow_up(self, question: str) -> bool:
        """Whether a question needs the chat's earlier ones ("and when?", "which building
        hosted the two of them?"); a QuestionError for an empty or overlong one."""
        readable = self._reader.spelled(self._checked(question))
        return self._leans(readable, self._weights(readable))

    def _leans(self, readable: str, weights: dict[str, float]) -> bool:
        """Whether a question (already spelled, with its weighted terms) leans on the
        earlier ones: see ``leans_on_previous``."""
        names = question_names(readable, self.analyzer.spans) | self._lowercase_names(readable)
        return leans_on_previous(readable, len(weights), len(names & weights.keys()))

    def _lowercase_names(self, readable: str) -> frozenset[str]:
        """Names the question types in lowercase ("what's veritel's revenue"): words the
        dictionary does not know that the articles write as names."""
        unknown = self._reader.unknown_word_terms(readable)
        return frozenset(t for t in unknown if self._written_as_name(t))

    def _written_as_name(self, term: str) -> bool:
        """Whether the articles holding the term (in their first ``NAME_PASSAGES``
        passages holding it) write it as a name."""
        ids, _ = self.collection.index.postings(term)
        passages = ids[:NAME_PASSAGES].tolist()
        articles = dict.fromkeys(self.collection.passage(p).article_id for p in passages)
        return any(term in self._names(a) for a in articles)

    def _forms(self, term: str) -> frozenset[str]:
        """The term and its synonyms (and, for a seat of government, its country: a quote
        saying "Russia" holds the "Moscow" of a question)."""
        return (
            self._synonyms.get(term, frozenset()) | self._countries.get(term, frozenset()) | {term}
        )

    def _may_answer(self, ranked: tuple[int, Quote, float], asked: Asked) -> bool:
        """Whether a ranked quote may answer: coverage, form, something asked, every name."""
        return (
            self._answers(ranked[1], asked.kind, asked.bar)
            and _counts_what_is_asked(ranked[1], asked)
            and self._holds_asked(ranked, asked)
            and self._names_all(ranked[0], asked)
            and self._dates_held(ranked[0], asked)
        )

    def _comes_closest(self, ranked: tuple[int, Quote, float], asked: Asked) -> bool:
        """In a collection of one article (of fewer than ``SMALL_COLLECTION`` passages),
        whether a quote that is not a sure answer is offered as the closest the article
        comes.

        Over one article every question is asked of it, and a reader's paraphrase ("Which
        building in Beijing hosted the talks?") holds too little of the article's wording
        to be a sure answer, or none of the words of what it asks. The quote is offered,
        marked tentative, when the question is about the article (the article holds a word
        of it that is not an everyday one, ``SPECIFIC_RARITY``: a name or a specific word)
        and the quote passes the tests of form, count, names and dates, holding at least
        ``TENTATIVE_COVERAGE`` of the question. "Who won the football world cup?" over a
        chess story, or "what's the weather in Paris" over the Beijing talks, are still
        declined, and so is "Which building hosted the talks?": all its words are everyday
        ones. Over several articles, a question the quotes do not answer may be about a
        story the bot does not have ("what's the capital of canada" over a city budget),
        and nothing is tentative.
        """
        if self.collection.n_passages >= SMALL_COLLECTION or len(self.collection.articles) > 1:
            return False
        pid, quote, _ = ranked
        return (
            self._answers(quote, asked.kind, TENTATIVE_COVERAGE)
            and _counts_what_is_asked(quote, asked)
            and self._names_all(pid, asked)
            and self._dates_held(pid, asked)
            and self._about_article(self.collection.passage(pid).article_id, asked, quote)
        )

    def _holds_specific(self, ranked: tuple[int, Quote, float], asked: Asked) -> bool:
        """Whether the quote holds something asked and a word of the question that is not
        a name nor an everyday one (``SPECIFIC_RARITY``): of the quotes that come closest,
        these go first."""
        pid, quote, _ = ranked
        article_id = self.collection.passage(pid).article_id
        names = self._any_names(article_id, asked)
        held = set(self._sentence_terms(quote.text))
        return self._holds_asked(ranked, asked) and any(
            _specific(t, asked) and t not in names and not asked.forms[t].isdisjoint(held)
            for t in asked.weights
        )

    def _any_names(self, article_id: str, asked: Asked) -> frozenset[str]:
        """The terms that only say who or what is meant: the article's names, the
        question's and the words for a country's people."""
        return self._names(article_id) | asked.named | self._peoples

    def _about_article(self, article_id: str, asked: Asked, quote: Quote) -> bool:
        """Whether the question is about the article: the article holds a word of it (or a
        synonym) that is not an everyday one (``SPECIFIC_RARITY``: a name or a specific
        word), and one that is not a name ("What did Blinken eat for dinner?" names only
        the story's man). In a follow-up, that word must be the reader's own unless the
        question asks for a kind of fact the quote carries: "what building hosted them?"
        after "Which Chinese leader did Blinken meet?" is about the meeting, "what did
        they eat?" is not.

        A question of everyday words asking for a kind of fact (a place, a day, a number)
        is about the article too when the article holds at least half its words ("what
        building did they meet in", "Venue of the talks?") and the quote carries that
        kind of fact.
        """
        context = self._context(article_id)
        names = self._any_names(article_id, asked)
        held = [t for t in asked.weights if not asked.forms[t].isdisjoint(context)]
        typed = asked.kind is not AnswerType.OTHER and quote.typed
        topical = [t for t in held if t not in names and (typed or t in asked.terms)]
        if topical and any(_specific(t, asked) for t in held):
            return True
        own = [t for t in asked.terms if t not in asked.excused]
        own_held = [t for t in own if t in held]
        return typed and bool(own_held) and 2 * len(own_held) >= len(own)

    @staticmethod
    def _may_follow(quote: Quote, asked: Asked) -> bool:
        """Whether a quote may come after the first: enough of the question and, for ages,
        amounts, counts, durations and dates, one of them ("how many jobs" is not
        followed by "I can go back to my job")."""
        typed = quote.typed or asked.kind not in STRICT_TYPES
        return typed and quote.coverage >= SECONDARY_COVERAGE

    def _checked(self, question: str) -> str:
        """The question stripped, or a QuestionError saying what is wrong with it."""
        text = question.strip()
        if not text:
            raise QuestionError("Please type a question: this one is empty.")
        limit = self.answering.max_question_chars
        if len(text) > limit:
            raise QuestionError(
                f"That question is too long ({len(text):,} characters); "
                f"please keep it under {limit:,}."
            )
        return text

    def _weights(self, readable: str) -> dict[str, float]:
        """Each term of a question (already spelled) and how much it matters: its idf, or
        in a collection of fewer than ``SMALL_COLLECTION`` passages, how rare its word
        is in the language (see ``rarity``)."""
        terms = dict.fromkeys(self._reader.spelled_terms(readable))
        language = self.analyzer.language
        if self.collection.n_passages >= SMALL_COLLECTION or not has_dictionary(language):
            return {t: self._weight(t) for t in terms}
        words = self._reader.term_words(readable)
        return {t: min(rarity(w, language) or 0.0 for w in words.get(t, {t})) for t in terms}

    def _weight(self, term: str) -> float:
        """How much a question term matters: its idf; an unseen term counts as the rarest seen."""
        df = max(self.collection.doc_freq(term), 1)
        n = self.collection.n_passages
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _terms_tuple(self, text: str) -> tuple[str, ...]:
        """The analyzed terms of a sentence (cached: the same passages answer many questions)."""
        return tuple(self.analyzer.terms(text))

    def _answers(self, quote: Quote, kind: AnswerType, bar: float) -> bool:
        """Whether a quote may answer: enough of the question, and the form asked for."""
        if quote.coverage < bar:
            return False
        return quote.typed or kind not in STRICT_TYPES

    def _before(
        self, first: tuple[int, Quote, float], asked: Asked
    ) -> tuple[int, Quote, float] | None:
        """The paragraph before, when the first quote opens by pointing back at it
        ("The 21-year-old Blues prop is the only uncapped player…")."""
        pid, quote, _ = first
        if quote.start > 0 or not refers_back(quote.text):
            return None
        # Passages of an article's current version are numbered in a row from its lead.
        if pid <= self.collection.lead(self.collection.passage(pid).article_id):
            return None
        return pid - 1, self._quote(pid - 1, asked), 0.0

    def _lead_instead(
        self,
        first: tuple[int, Quote, float],
        ranked: list[tuple[int, Quote, float]],
        asked: Asked,
    ) -> tuple[int, Quote, float]:
        """For a question made only of names ("Veritel?"), the lead of the story about them.

        Any passage naming the company would do; the lead of the article whose
        headline holds most of the names says what the story is.
        """
        if asked.kind is not AnswerType.OTHER or not asked.terms:
            return first
        articles = dict.fromkeys(self.collection.passage(r[0]).article_id for r in (first, *ranked))
        article_id = max(articles, key=lambda a: self._in_headline(a, asked))
        if not asked.terms <= self._names(article_id):
            return first
        lead = self.collection.lead(article_id)
        if lead == first[0]:
            return first
        quote = self._quote(lead, asked)
        score = next((r[2] for r in ranked if r[0] == lead), 0.0)
        return (lead, quote, score) if quote.coverage >= first[1].coverage else first

    def _introduction_instead(
        self, first: tuple[int, Quote, float], asked: Asked, readable: str
    ) -> tuple[int, Quote, float]:
        """For a question asking who someone is ("Who is Wang Yi?"), the passage of the
        story that first names them: news introduces a person with their title
        ("Secretary of State Antony Blinken") and later writes the name alone."""
        if asked.kind is not AnswerType.PERSON or not _WHO_IS.match(readable):
            return first
        article_id = self.collection.passage(first[0]).article_id
        if not asked.terms or not asked.terms <= self._names(article_id):
            return first
        pid = next(
            (
                p
                for p in self.collection.passage_ids(article_id)
                if asked.terms <= set(self._sentence_terms(self.collection.passage(p).text))
            ),
            first[0],
        )
        return first if pid == first[0] else (pid, self._quote(pid, asked), first[2])

    def _in_headline(self, article_id: str, asked: Asked) -> float:
        """The weight of the question's own terms the article's headline holds."""
        context = self._context(article_id)
        return sum(asked.weights[t] for t in asked.terms if context.get(t) == HEADLINE_SHARE)

    def _coverage_bar(
        self,
        own: frozenset[str],
        weights: dict[str, float],
        readable: str,
        framing: frozenset[str],
    ) -> float:
        """The share of the question a quote must hold: more when the articles never use
        one of its names or words the dictionary does not know ("Who won the Ashes?"
        over chess and bridges).

        An English word the articles never use ("tycoon") is the reader's own word more
        often than a sign the question is about something absent, and does not raise
        the bar, unless, in a collection of fewer than ``SMALL_COLLECTION`` passages,
        such words weigh ``UNSEEN_SHARE`` of the question or more ("Who won the football
        world cup?" over a chess story). Words that only frame the kind of answer asked
        (``framing``: "cost" in "how much did the makeover cost") never count.
        """
        unseen = {t for t in own - framing if self.collection.doc_freq(t) == 0}
        unseen -= self._seats_named(unseen)
        if not unseen:
            return self.answering.min_coverage
        absent = sum(weights[t] for t in unseen) / sum(weights[t] for t in own)
        small = self.collection.n_passages < SMALL_COLLECTION
        if not (small and absent >= UNSEEN_SHARE):
            unseen -= self._reader.real_word_terms(readable)
        return self.answering.min_coverage + (UNSEEN_MARGIN if unseen else 0.0)

    def _seats_named(self, terms: set[str]) -> set[str]:
        """Of these terms, the seats of government of countries the articles name
        ("washington" when they say "the US"): not absent from the articles."""
        return {
            t
            for seats, country in self._seats
            if any(self.collection.doc_freq(c) for c in country)
            for t in terms & seats
        }

    def _holds_asked(self, ranked: tuple[int, Quote, float], asked: Asked) -> bool:
        """Whether the quote holds something asked about, not only the names asked about.

        A question with words other than names ("population" in "What is the
        population of Port Aldine?") is answered only by a quote holding one of them
        (or a synonym); names alone only say which story the question is about.
        A question whose other words only frame it ("how much money was she trying
        to get") asks nothing a quote must hold; nor, in a collection of fewer than
        ``SMALL_COLLECTION`` passages, one whose other words are everyday words no
        article uses ("When did Blinken *see* Xi?"): they are the
        reader's, and the article cannot hold them. Not in a follow-up, where they are
        all that the reader asks ("what did they *eat*?"): the borrowed words would
        make any quote about the earlier subject look like an answer.
        """
        pid, quote, _ = ranked
        article_id = self.collection.passage(pid).article_id
        names = self._any_names(article_id, asked)
        about = [t for t in asked.terms if asked.forms[t].isdisjoint(names)]
        if all(t in asked.excused for t in about):
            return True
        held = set(self._sentence_terms(quote.text))
        if any(not asked.forms[t].isdisjoint(held) for t in about):
            return True
        if not asked.borrows and self._everyday_and_unseen(
            [t for t in about if t not in asked.excused], asked
        ):
            return True
        return asked.kind is AnswerType.AGE and self._ages_a_name(quote, asked)

    def _everyday_and_unseen(self, terms: list[str], asked: Asked) -> bool:
        """In a small collection (where words weigh by rarity), whether every one of the
        terms is an everyday word (``EVERYDAY_RARITY``) that no article uses."""
        if self.collection.n_passages >= SMALL_COLLECTION:
            return False
        return all(
            self.collection.doc_freq(t) == 0 and asked.weights[t] <= EVERYDAY_RARITY for t in terms
        )

    def _ages_a_name(self, quote: Quote, asked: Asked) -> bool:
        """Whether a sentence of the quote gives an age beside a name the question writes
        ("the 41 year-old Bwalya" for "How old is Zambia's technical director Kalusha
        Bwalya?"): the question's other words only say who is meant."""
        return any(
            carries(AnswerType.AGE, sentence, asked.words)
            and not asked.named.isdisjoint(self._sentence_terms(sentence))
            for sentence in split_sentences(quote.text)
        )

    def _dates_held(self, pid: int, asked: Asked) -> bool:
        """Whether the passage holds every day, month and year the question names.

        "How many acres had the fire burned by Sunday?" is not answered by "8,300
        acres by Friday", nor "Who won the 2004 prize?" by the 2005 shortlist.
        """
        if not asked.dated:
            return True
        return asked.dated <= set(self._sentence_terms(self.collection.passage(pid).text))

    def _names_all(self, pid: int, asked: Asked) -> bool:
        """Whether the passage's article mentions every name (and number) the question writes.

        "What is the capital of Australia?" is not answered by a city budget that
        mentions capital spending: the article never names Australia.
        """
        article_id = self.collection.passage(pid).article_id
        terms, initials = self._mentioned(article_id)
        if not all(any(mentions(terms, initials, f) for f in asked.forms[t]) for t in asked.named):
            return False
        return all(writes_numbered(self._text(article_id), n) for n in asked.numbered)

    def _article_mentions(self, article_id: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """The article's terms, sorted, and the initials of its names, with the countries
        it names by abbreviation ("the US" mentions America) and the seats of government
        of the countries it names ("China" mentions Beijing)."""
        article = self.article(article_id)
        terms = self._context(article_id)
        countries = self._terms_of(countries_abbreviated((article.title, *article.paragraphs)))
        seats = frozenset(
            seat
            for seats, country in self._seats
            if not country.isdisjoint(terms) or not country.isdisjoint(countries)
            for seat in seats
        )
        return tuple(sorted(terms)), acronyms(article.paragraphs) | countries | seats

    def _article_text(self, article_id: str) -> str:
        """The article's headline and body, case-folded."""
        article = self.article(article_id)
        return "\n".join((article.title, *article.paragraphs)).casefold()

    def _article_names(self, article_id: str) -> frozenset[str]:
        """The terms the article writes as names."""
        return name_terms(self.article(article_id).paragraphs, self.analyzer.spans)

    def _story(self, asked: Asked, ids: np.ndarray, scores: np.ndarray) -> str | None:
        """The article whose best candidate passages (up to ``STORY_PASSAGES``) score most,
        relative to the best, plus the share of the question the whole article holds
        (``STORY_COVERAGE`` times); of equally good ones, the most recent.

        An article holding more of the question (a name the others lack) can win over one
        repeating a few of its words in every paragraph, but only by that share: for "How
        many people in China have a mobile phone" the story repeating "mobile phones" is
        still the story, and the quote comes from the one naming China because a quote's
        article must name every name asked.
        """
        found: dict[str, list[float]] = {}
        for pid, score in zip(ids.tolist(), scores.tolist(), strict=True):
            found.setdefault(self.collection.passage(pid).article_id, []).append(score)
        best = max((sum(s[:STORY_PASSAGES]) for s in found.values()), default=0.0) or 1.0
        return max(
            found,
            key=lambda a: (
                sum(found[a][:STORY_PASSAGES]) / best
                + STORY_COVERAGE * self._article_coverage(a, asked),
                self._article_recency(a),
            ),
            default=None,
        )

    def _article_coverage(self, article_id: str, asked: Asked) -> float:
        """The share of the question's weight whose terms (or synonyms) the article holds."""
        terms = self._context(article_id)
        total = sum(asked.weights.values())
        held = sum(w for t, w in asked.weights.items() if not asked.forms[t].isdisjoint(terms))
        return held / total if total else 0.0

    def _with_story(
        self, story: str | None, ids: np.ndarray, scores: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The BM25 candidates and every other passage of the story.

        The answer often sits in a paragraph that says "he" or "the firm" where the
        lead holds the question's words; with the article's context it can compete.
        """
        if story is None:
            return ids, scores
        found = set(ids.tolist())
        more = [p for p in self.collection.passage_ids(story) if p not in found]
        return (
            np.concatenate([ids, np.asarray(more, dtype=ids.dtype)]),
            np.concatenate([scores, np.zeros(len(more), dtype=scores.dtype)]),
        )

    def _rank(
        self, asked: Asked, ids: np.ndarray, scores: np.ndarray, story: str | None
    ) -> list[tuple[int, Quote, float]]:
        """Candidates with their best quotes, best answer first.

        A passage offers its best quote and, ranked a little lower, the best of the
        rest of it: a long paragraph can hold the words asked and, two sentences on,
        the answer. Quotes from the ``story`` (the article found) rank higher.
        """
        top = float(scores[0]) if len(scores) and scores[0] > 0 else 1.0
        ranked: list[tuple[float, int, Quote, float]] = []
        for pid, score in zip(ids.tolist(), scores.tolist(), strict=True):
            quote = self._quote(pid, asked)
            if quote.coverage <= 0:
                continue
            bonus = STORY_BONUS if self.collection.passage(pid).article_id == story else 0.0
            ranked.append((self._value(quote, score / top) + bonus, pid, quote, score))
            second = self._second_quote(pid, asked, quote)
            if second is not None:
                value = self._value(second, score / top) + bonus - SECOND_QUOTE_PENALTY
                ranked.append((value, pid, second, score))
        ranked.sort(key=lambda r: (-round(r[0], 6), -self._recency(r[1]), r[1]))
        return [(pid, quote, score) for _, pid, quote, score in ranked]

    @staticmethod
    def _value(quote: Quote, bm25: float) -> float:
        """How well a quote answers: its passage's BM25 (relative to the best), its coverage,
        and the kind of answer asked for."""
        typed = TYPED_BONUS * quote.typed + COUNTED_BONUS * quote.counted
        return BM25_SHARE * bm25 + quote.coverage + typed

    def _second_quote(self, pid: int, asked: Asked, first: Quote) -> Quote | None:
        """The best quote of the passage outside ``first`` (None when nothing is left)."""
        length = len(self.collection.passage(pid).text)
        options = []
        for start, end in ((0, first.start), (first.end, length)):
            quote = self._quote(pid, asked, (start, end))
            if quote.coverage > 0 and len(quote.text.split()) >= MIN_QUOTE_WORDS:
                shift = {"start": quote.start + start, "end": quote.end + start}
                options.append(quote.model_copy(update=shift))
        return max(options, key=lambda q: self._value(q, 0.0), default=None)

    def _quote(self, pid: int, asked: Asked, part: tuple[int, int] | None = None) -> Quote:
        """The best quote of passage ``pid`` (or of the ``part`` of it) for the question."""
        passage = self.collection.passage(pid)
        start, end = part or (0, len(passage.text))
        return choose_quote(
            passage.text[start:end],
            asked.weights,
            self._sentence_terms,
            asked.kind,
            self.answering.max_sentences,
            self._context(passage.article_id),
            asked.forms,
            asked.counted,
            self.analyzer.spans,
            asked.words,
        )

    def _recency(self, pid: int) -> int:
        """The passage's publication day as a number (0 when undated): newer wins ties."""
        return self._article_recency(self.collection.passage(pid).article_id)

    def _article_recency(self, article_id: str) -> int:
        """The article's publication day as a number (0 when undated)."""
        published = self.article(article_id).published
        return published.toordinal() if published else 0

    def _article_context(self, article_id: str) -> dict[str, float]:
        """Terms around each passage of an article: its headline's and its body's, with shares."""
        article = self.article(article_id)
        context = dict.fromkeys(
            (t for p in article.paragraphs for t in self.analyzer.terms(p)), ARTICLE_SHARE
        )
        context.update(dict.fromkeys(self.analyzer.terms(article.title), HEADLINE_SHARE))
        return context

    def highlights(self, text: str, question: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` whose words match the question's terms."""
        wanted = set(self.question_terms(question))
        return [(a, b) for a, b, terms in self.analyzer.spans(text) if wanted.intersection(terms)]


_WHO_IS = re.compile(r"\W*who(?:'s|\u2019s|s|\s+is|\s+was)\s+(?:\S+\s*){1,4}\W*$", re.IGNORECASE)
"""A question asking who someone is: "who is X", "who's X", "Who was X?" (a short name)."""


def _specific(term: str, asked: Asked) -> bool:
    """Whether a term of the question is not an everyday word (``SPECIFIC_RARITY``): a
    name or a specific word. A word borrowed from an earlier question of the chat is
    judged by its own weight, not by the share it weighs in the follow-up."""
    weight = asked.weights[term]
    own = weight if term in asked.terms else weight / FOLLOW_UP_SHARE
    return own >= SPECIFIC_RARITY


def _counts_what_is_asked(quote: Quote, asked: Asked) -> bool:
    """Whether a quote counts what a "how many" question counts.

    "How many spectators watched the final?" is answered by a number of spectators
    ("27,000 spectators", or of a synonym: "an attendance of 27,000" is not, the number
    must come first), not by the score of the final.
    """
    return asked.kind is not AnswerType.COUNT or not asked.must_count or quote.counted


def _same(a: tuple[int, Quote, float], b: tuple[int, Quote, float]) -> bool:
    """Whether two ranked quotes are the same slice of the same passage."""
    return a[0] == b[0] and a[1].start == b[1].start


def _is_year(term: str) -> bool:
    """Whether a term is a year of the last two centuries or this one ("2004")."""
    return len(term) == 4 and term.isdigit() and 1800 <= int(term) <= 2099


def _numbers(terms: frozenset[str], question: str) -> frozenset[str]:
    """Question terms that are numbers ("2004"): like names, they say which story is meant.

    Not the parts of "9/11" or "24/7", which stories write in other ways ("the 11
    September attacks").
    """
    slashed = {n for pair in _SLASHED.findall(question) for n in pair}
    return frozenset(t for t in terms if t[:1].isdigit() and t not in slashed)


_SLASHED = re.compile(r"\b(\d+)/(\d+)\b")


@lru_cache(maxsize=4)
def _synonyms_for(language: str) -> dict[str, frozenset[str]]:
    """The synonym table for analyzers of this language (built once per process)."""
    return synonym_table(Analyzer(language))


def synonym_table(analyzer: Analyzer) -> dict[str, frozenset[str]]:
    """Each term of a synonym group, analyzed, mapped to the group's other terms.

    A hyphenated word stands for itself, not its parts ("e-mail" joins "email", its
    "e" and "mail" join nothing).
    """
    table: dict[str, set[str]] = {}
    for group in synonym_groups():
        terms = {t for word in group for t in analyzer.terms(word) if "-" in t or "-" not in word}
        for term in terms:
            table.setdefault(term, set()).update(terms - {term})
    return {term: frozenset(others) for term, others in table.items()}
