"""The analyzer: normalization, tokens, stopwords, stemming."""

from __future__ import annotations

import pytest

from retrieval import Analyzer
from retrieval.analyze import clean_question, normalize


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("military-to-military", ["military-to-military", "militari", "militari"]),
        ("the U.S. push", ["us", "push"]),
        ("since 2018", ["sinc", "2018"]),
        ("35 minutes", ["35", "minut"]),
        ("2,000 people", ["2000", "peopl"]),
        ("3.5 percent", ["3.5", "percent"]),
        ("China\u2019s role", ["china", "role"]),
        ("China's role", ["china", "role"]),
        ("he met Xi", ["meet", "xi"]),
        ("it doesn't matter", ["not", "matter"]),
        ("no deal", ["no", "deal"]),
        ("\uff26\uff55\uff4c\uff4c width", ["full", "width"]),
        ("3D audio on the 7E7", ["3d", "audio", "7e7"]),
        ("where'd they've who'll meet", ["meet"]),
    ],
    ids=[
        "inner-hyphens",
        "dotted-acronym",
        "year",
        "number",
        "thousands-separator",
        "decimal",
        "curly-possessive",
        "straight-possessive",
        "irregular-past",
        "negation-kept",
        "no-kept",
        "fullwidth",
        "number-led-words-folded",
        "contractions-are-their-word",
    ],
)
def test_terms_of_text(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert analyzer.terms(text) == expected


def test_questions_and_passages_agree_on_curly_and_straight_quotes(analyzer: Analyzer) -> None:
    assert analyzer.terms("\u201cprovocative actions\u201d") == analyzer.terms(
        '"provocative actions"'
    )


def test_case_is_folded(analyzer: Analyzer) -> None:
    assert analyzer.terms("Beijing BEIJING beijing") == ["beij"] * 3


def test_stopwords_only_give_no_terms(analyzer: Analyzer) -> None:
    assert analyzer.terms("what is it that they were doing there?") == []


def test_shouted_text_is_not_read_as_acronyms(analyzer: Analyzer) -> None:
    assert analyzer.terms("WHERE DID THEY MEET") == ["meet"]


def test_spans_point_at_the_original_characters(analyzer: Analyzer) -> None:
    text = "Blinken met Xi."
    spans = [(text[a:b], terms) for a, b, terms in analyzer.spans(text)]
    assert spans == [("Blinken", ("blinken",)), ("met", ("meet",)), ("Xi", ("xi",))]


def test_normalize_drops_invisible_characters() -> None:
    assert normalize("Blin\u200bken\u200f") == "Blinken"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("whats the deal worth", "what's the deal worth"),
        ("Whos the boss", "Who's the boss"),
        ("why didnt they sign", "why didn't they sign"),
        ("they cant agree", "they can't agree"),
        ("its profits whatsoever", "its profits whatsoever"),
    ],
    ids=["whats", "whos-capitalized", "didnt", "cant", "real-words-untouched"],
)
def test_questions_get_back_the_apostrophes_readers_leave_out(typed: str, read: str) -> None:
    assert clean_question(typed) == read


def test_a_question_without_apostrophes_has_the_same_terms(analyzer: Analyzer) -> None:
    with_apostrophe = analyzer.terms(clean_question("what's Lord Woolf's job"))
    assert analyzer.terms(clean_question("whats lord woolfs job")) == with_apostrophe
