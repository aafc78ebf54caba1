"""Reading a question against the articles' vocabulary."""

from __future__ import annotations

import pytest

from retrieval import Analyzer
from retrieval.lexicon import QUESTION_STOPWORDS
from retrieval.reading import QuestionReader

ANALYZER = Analyzer()
ARTICLE_WORDS = "home owner pay 80 over-80 t-mobile mobile customers punch fight".split()
SEEN = {t for word in ARTICLE_WORDS for t in ANALYZER.terms(word)}


@pytest.fixture
def reader() -> QuestionReader:
    return QuestionReader(ANALYZER, lambda terms: [int(t in SEEN) for t in terms], ["what", "how"])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what will a homeowner pay", ["home", "owner", "pay"]),
        ("what do the over-80s pay", ["over-80", "80", "pay"]),
        ("how many customers has t-mobile", ["custom", "t-mobile", "mobil"]),
        ("what did the punch-up cost", ["punch", "cost"]),
    ],
    ids=["compound-split", "number-with-s", "short-part-whole", "common-part-parts"],
)
def test_a_question_is_read_in_the_articles_words(
    reader: QuestionReader, question: str, expected: list[str]
) -> None:
    assert reader.terms(question) == expected


def test_a_word_the_articles_use_is_left_whole(reader: QuestionReader) -> None:
    assert reader.terms("what will the owner pay") == ["owner", "pay"]


def test_only_words_of_up_to_30_letters_are_split(reader: QuestionReader) -> None:
    word = "homeowner" * 4
    assert reader.terms(f"what will a {word}") == ANALYZER.terms(word)


def test_single_digits_with_an_s_are_left_alone(reader: QuestionReader) -> None:
    assert "8" not in reader.terms("what about the 8s")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what's veritel's annual revenue", {"veritel"}),
        ("who's the md at sonaptic", {"sonapt"}),
        ("what did the know-how cost over 9.2km", set()),
        ("Who runs Veritel?", set()),
    ],
    ids=["possessive-name", "name-after-at", "hyphen-and-dot-parts", "capitalized"],
)
def test_lowercase_words_the_dictionary_does_not_know_are_found(
    reader: QuestionReader, question: str, expected: set[str]
) -> None:
    assert reader.unknown_word_terms(question) == expected


def test_no_word_is_unknown_in_a_language_without_a_dictionary() -> None:
    finnish = QuestionReader(Analyzer("finnish"), lambda terms: [0 for _ in terms], [])
    assert finnish.unknown_word_terms("kuka johtaa veritelia") == frozenset()


@pytest.mark.parametrize(
    ("question", "term", "words"),
    [
        ("What ties does Xi want?", "tie", {"ties"}),
        ("how many customers has t-mobile", "mobil", {"t-mobile", "mobile"}),
        ("What will a homeowner pay?", "home", {"home"}),
        ("Did the U.S. agree?", "us", {"u.s"}),
    ],
    ids=["inflected", "hyphen-part", "compound-split", "abbreviation"],
)
def test_each_term_knows_the_words_it_was_read_from(
    reader: QuestionReader, question: str, term: str, words: set[str]
) -> None:
    assert reader.term_words(question)[term] == words


def test_the_story_word_for_a_reader_s_phrase_is_a_real_word(reader: QuestionReader) -> None:
    assert "boss" in reader.real_word_terms("who is head of the agency")


@pytest.mark.parametrize("framing", ["besides", "apart from", "aside from"], ids=str)
def test_words_setting_aside_a_known_answer_only_frame_the_question(framing: str) -> None:
    reader = QuestionReader(ANALYZER, lambda terms: [1 for _ in terms], QUESTION_STOPWORDS)
    assert reader.terms(f"{framing} Ortiz, who spoke?") == ["ortiz", "speak"]


def test_a_reader_s_phrase_no_article_uses_is_read_as_the_story_s_words(
    reader: QuestionReader,
) -> None:
    assert reader.terms("did they see eye to eye") == ANALYZER.terms("agree")
