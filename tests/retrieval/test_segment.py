"""Sentences and passages."""

from __future__ import annotations

import pytest

from retrieval import Article
from retrieval.segment import MAX_PASSAGE_WORDS, chunk_paragraph, passages_of, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("Mr. Smith left. He returned.", ["Mr. Smith left.", "He returned."]),
        ("The U.S. push failed. China said no.", ["The U.S. push failed.", "China said no."]),
        ("John F. Kennedy spoke. Crowds cheered.", ["John F. Kennedy spoke.", "Crowds cheered."]),
        ("He said \u201cyes.\u201d Then he left.", ["He said \u201cyes.\u201d", "Then he left."]),
        (
            "\u201cIt is vital,\u201d he said. \u201cWe agree.\u201d",
            ["\u201cIt is vital,\u201d he said.", "\u201cWe agree.\u201d"],
        ),
        ("It grew 3.5 percent. Good.", ["It grew 3.5 percent.", "Good."]),
        ("no punctuation at all", ["no punctuation at all"]),
    ],
    ids=["plain", "title", "acronym", "initial", "closing-quote", "quote-open", "decimal", "none"],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_short_paragraph_is_one_passage() -> None:
    assert chunk_paragraph("A short paragraph. Two sentences.") == [
        "A short paragraph. Two sentences."
    ]


def test_long_paragraph_is_split_at_sentence_boundaries() -> None:
    sentence = "The council debated the new bridge for many long hours on Tuesday. "
    paragraph = (sentence * 30).strip()
    chunks = chunk_paragraph(paragraph)
    assert len(chunks) > 1
    assert all(len(c.split()) <= MAX_PASSAGE_WORDS for c in chunks)
    assert " ".join(chunks) == paragraph


def test_passages_know_their_article_and_paragraph() -> None:
    article = Article(id="a", title="T", paragraphs=("First.", "Second."))
    passages = passages_of([article], first_id=5)
    assert [(p.id, p.article_id, p.paragraph, p.text) for p in passages] == [
        (5, "a", 1, "First."),
        (6, "a", 2, "Second."),
    ]
