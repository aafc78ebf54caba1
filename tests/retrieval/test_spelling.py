"""Misspelt question words, read as the words the articles use."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from retrieval import Article, Engine, spelling
from retrieval.spelling import corrected
from tests.conftest import unrelated_articles


def _uses(*words: str) -> Callable[[Sequence[str]], list[int]]:
    return lambda options: [int(w in words) for w in options]


@pytest.mark.parametrize(
    ("typed", "read"),
    [("goverment", "government"), ("recieve", "receive"), ("chancelor", "chancellor")],
    ids=["dropped-letter", "swapped-letters", "single-l"],
)
def test_a_misspelt_word_is_read_as_the_word_the_articles_use(typed: str, read: str) -> None:
    assert corrected(typed, "english", _uses(read)) == read


def test_a_word_the_dictionary_knows_stays_as_typed() -> None:
    assert corrected("whittled", "english", _uses("whistled")) == "whittled"


def test_a_misspelling_no_article_can_mean_stays_as_typed() -> None:
    assert corrected("asbos", "english", _uses()) == "asbos"


def test_short_words_stay_as_typed() -> None:
    assert corrected("thw", "english", _uses("the", "thaw")) == "thw"


def test_a_misspelt_name_is_read_as_the_spelling_the_articles_use_most() -> None:
    used = {"castlebridge": 7, "castlebridges": 1}
    frequencies = lambda options: [used.get(w, 0) for w in options]  # noqa: E731
    assert corrected("castlebrdge", "english", frequencies) == "castlebridge"


def test_a_language_without_a_dictionary_reads_words_as_typed() -> None:
    assert corrected("goverment", "finnish", _uses("government")) == "goverment"


@pytest.fixture(scope="module")
def budget_engine() -> Engine:
    story = Article(
        id="budget",
        title="Council sets budget",
        paragraphs=("The government will receive $2m from the council.",),
    )
    return Engine([story, *unrelated_articles(9)])


def test_a_question_with_a_typo_has_the_terms_of_the_spelled_one(budget_engine: Engine) -> None:
    typed = budget_engine.question_terms("how much will the goverment recieve")
    assert typed == budget_engine.question_terms("how much will the government receive")


def test_a_capitalized_unknown_word_is_a_name_not_a_typo(budget_engine: Engine) -> None:
    assert "govern" not in budget_engine.question_terms("What did Goverment say?")


def test_an_answer_says_how_a_misspelt_question_was_read(budget_engine: Engine) -> None:
    answer = budget_engine.answer("What will the goverment receive?")
    assert answer.read_as == "What will the government receive?"


@pytest.mark.parametrize(
    "question",
    ["What will the government receive?", "whats the government receiving"],
    ids=["spelt-right", "only-apostrophes-missing"],
)
def test_an_answer_read_as_typed_says_nothing_about_reading(
    budget_engine: Engine, question: str
) -> None:
    assert budget_engine.answer(question).read_as is None


def test_a_dictionary_loaded_ahead_is_not_loaded_again_by_the_first_misspelling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spelling.dictionary.cache_clear()
    spelling.load("english")

    def load_again(**_: object) -> None:
        raise AssertionError("the dictionary was loaded again")

    monkeypatch.setattr(spelling, "SpellChecker", load_again)
    assert corrected("goverment", "english", _uses("government")) == "government"
