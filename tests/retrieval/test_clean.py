"""Scraper junk is dropped by rule; kept paragraphs stay verbatim."""

from __future__ import annotations

import pytest

from retrieval import Article
from retrieval.clean import clean_paragraphs, is_credit, split_blocks


def test_bundled_article_loses_its_page_chrome(bundled_article: Article) -> None:
    text = " ".join(bundled_article.paragraphs)
    assert "Oops" not in text
    assert "Something went wrong" not in text


def test_bundled_article_loses_its_agency_credit(bundled_article: Article) -> None:
    assert all("Wire Services" not in p for p in bundled_article.paragraphs)


def test_bundled_article_keeps_every_real_paragraph(bundled_article: Article) -> None:
    assert len(bundled_article.paragraphs) == 20
    assert bundled_article.paragraphs[0].startswith("Secretary of State Antony Blinken met")
    assert bundled_article.paragraphs[-1].endswith(
        "\u201ccounterproductive to our interests.\u201d"
    )


def test_chrome_repeated_on_a_page_is_dropped() -> None:
    text = "Share on X\n\nReal news paragraph here.\n\nShare on X\n\nMore real news."
    assert clean_paragraphs(text) == ["Real news paragraph here.", "More real news."]


def test_bullets_without_content_are_dropped() -> None:
    assert clean_paragraphs("\u2022\n\u2022 \n* \n\nThe vote passed.") == ["The vote passed."]


def test_bullets_with_content_are_kept_without_their_marker() -> None:
    assert clean_paragraphs("\u2022 The vote passed 7-2.") == ["The vote passed 7-2."]


@pytest.mark.parametrize(
    "line",
    [
        "With News Wire Services",
        "With wire services",
        "Reporting by Jane Doe; Editing by Bob Roe",
        "The Associated Press contributed to this report.",
        "\u2014 Reuters",
        "By Jane Doe and John Smith",
    ],
)
def test_credit_lines_are_recognised(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the talks had collapsed.",
        "With wire services down, the city went dark for hours.",
    ],
)
def test_sentences_that_start_like_credits_are_kept(line: str) -> None:
    assert not is_credit(line)


@pytest.mark.parametrize(
    "line", ["Advertisement", "Oops! Something went wrong.", "Sign up for our free newsletter"]
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    assert clean_paragraphs(f"{line}\n\nThe vote passed.") == ["The vote passed."]


def test_long_paragraph_mentioning_chrome_words_is_kept() -> None:
    paragraph = "Read more about it: " + "the council debated the bridge at length " * 8
    assert clean_paragraphs(paragraph) == [paragraph.strip()]


def test_wrapped_lines_are_folded_into_one_paragraph() -> None:
    assert split_blocks("The council\n   voted on Tuesday.\n\nNext.") == [
        "The council voted on Tuesday.",
        "Next.",
    ]


def test_text_without_blank_lines_has_a_paragraph_per_line() -> None:
    assert split_blocks("One.\nTwo.\nThree.") == ["One.", "Two.", "Three."]


def test_control_characters_and_terminal_escapes_are_dropped() -> None:
    assert clean_paragraphs("The \x1b[31mvote\x1b[0m passed\x07 7-2.\x00") == [
        "The vote passed 7-2."
    ]
