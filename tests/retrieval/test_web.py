"""Web pages: main text and metadata, without navigation, ads, banners, comments or scripts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval import Engine, load_corpus
from retrieval.errors import ArticleFormatError
from retrieval.web import fragment_text, page_article

PAGES = Path(__file__).resolve().parents[1] / "data" / "web" / "pages"

JUNK = [
    "cookies",
    "Maldives",
    "Crestline",
    "mortgage",
    "Weather forecast",
    "Subscribe",
    "Lighthouse keeper",
    "Related stories",
    "haunted",
    "crook",
    "bridgewatcher77",
    "ninety minutes",
    "second tunnel",
    "trillion",
    "newsletter",
    "All rights reserved",
    "Share on",
    "dataLayer",
    "Join the discussion",
    "Marta Kowalczyk",
]
COUNCIL_JUNK = [
    "cookies",
    "Saltholm Spa",
    "SPRING24",
    "scam",
    "mountains",
    "Seal pup",
    "Volta",
    "Jobs and classifieds",
    "Read more politics",
    "Log in",
    "trackPageView",
    "Copyright",
    "thoughts on",
]


def _page(name: str, **kwargs: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def _body(article_paragraphs: tuple[str, ...]) -> str:
    return "\n".join(article_paragraphs)


def test_a_news_page_yields_its_article_and_metadata() -> None:
    article = page_article(
        _page("harbour-bridge.html"), origin="http://saved/page", article_id="bridge"
    )
    assert article.title == "Harbour Bridge reopens after two-year repair"
    assert article.published == dt.date(2024, 3, 11)
    assert article.source == "The Harbour Gazette"
    assert (
        article.url == "https://www.harbourgazette.example/news/2024/03/11/harbour-bridge-reopens"
    )
    assert article.origin == "http://saved/page"
    assert article.paragraphs[0].startswith("The Harbour Bridge reopened to traffic on Monday")
    assert article.paragraphs[-1].startswith("Tolls will not be reintroduced")
    assert len(article.paragraphs) == 8


@pytest.mark.parametrize(
    ("name", "junk"), [("harbour-bridge.html", JUNK), ("council-budget.html", COUNCIL_JUNK)]
)
def test_page_furniture_is_left_out(name: str, junk: list[str]) -> None:
    body = _body(page_article(_page(name), origin=name, article_id="x").paragraphs)
    for phrase in junk:
        assert phrase.casefold() not in body.casefold(), phrase


def test_a_second_layout_with_sidebar_and_comments() -> None:
    article = page_article(_page("council-budget.html"), origin="x", article_id="council")
    assert article.title == "Council approves budget with new night ferry"
    assert article.source == "Coastline Daily"
    assert article.published == dt.date(2024, 3, 12)
    assert article.url == "https://coastline-daily.example/politics/council-budget-night-ferry"
    assert any("every forty minutes" in p for p in article.paragraphs)
    assert (
        article.paragraphs[-1]
        == "Property taxes will rise by 1.5 per cent, the first increase since 2019."
    )


def test_a_page_without_an_article_is_refused() -> None:
    with pytest.raises(ArticleFormatError, match="no article text"):
        page_article(_page("no-article.html"), origin="x", article_id="x")


def test_the_fetch_url_is_used_when_the_page_names_none() -> None:
    html = (
        _page("harbour-bridge.html")
        .replace('rel="canonical"', 'rel="x"')
        .replace('property="og:url"', 'property="x"')
    )
    article = page_article(
        html, origin="o", article_id="b", url="https://www.harbourgazette.example/b?id=1"
    )
    assert article.url == "https://www.harbourgazette.example/b?id=1"


def test_quotes_come_from_the_body_only() -> None:
    articles = [
        page_article(_page(name), origin=name, article_id=name.split(".")[0])
        for name in ("harbour-bridge.html", "council-budget.html")
    ]
    engine = Engine(articles)
    bodies = {a.id: a.paragraphs for a in articles}
    questions = {
        "How much did the bridge repair cost?": "48 million euros",
        "How often does the night ferry run?": "every forty minutes",
        "Which consortium carried out the work?": "Nordholm",
        "Is the bridge haunted by the toll collector?": None,
        "Where can I win a luxury cruise?": None,
        "Does the mayor's brother own the boat yard?": None,
        "Should I accept cookies?": None,
    }
    for question, expected in questions.items():
        answer = engine.answer(question)
        for citation in answer.citations:
            assert any(citation.quote in p for p in bodies[citation.article_id]), citation.quote
            for junk in (*JUNK, *COUNCIL_JUNK):
                assert junk.casefold() not in citation.quote.casefold()
        if expected:
            assert answer.answered and expected in answer.citations[0].quote, question


def test_fragment_text_breaks_blocks_and_drops_scripts() -> None:
    html = "<p>One <b>bold</b> claim.</p><script>var x = 1;</script>"
    html += "<ul><li>Two</li><li>Three</li></ul>"
    assert fragment_text(html).split("\n\n") == ["One bold claim.", "Two", "Three"]
    assert fragment_text("Tom &amp; Jerry&nbsp;met") == "Tom & Jerry\xa0met"


def test_saved_pages_in_a_corpus_folder_load_through_ingest() -> None:
    corpus = load_corpus(PAGES)
    assert {a.id for a in corpus.articles} == {"harbour-bridge", "council-budget"}
    assert [p.origin.endswith("no-article.html") for p in corpus.problems] == [True]
