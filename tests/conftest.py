"""Fixtures shared by the whole suite: corpora and engines built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from retrieval import Article, Engine, bundled_corpus_path, load_corpus

# In CI, property tests draw the same examples every run (a red CI must mean a regression,
# not an unlucky draw); on a developer's machine they keep exploring.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"
EVAL = DATA / "eval"


def unrelated_articles(n: int = 20) -> list[Article]:
    """Short articles about nothing asked, so a question's words are rare, as in a real
    collection."""
    return [Article(id=f"r{i}", title="Rain", paragraphs=(f"Rain, day {i}.",)) for i in range(n)]


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    """Five-plus small articles in every supported format."""
    return GOLDEN


@pytest.fixture(scope="session")
def golden_articles() -> tuple[Article, ...]:
    """The golden corpus, loaded."""
    return load_corpus(GOLDEN).articles


@pytest.fixture(scope="session")
def golden_engine(golden_articles: tuple[Article, ...]) -> Engine:
    """An engine over the golden corpus."""
    return Engine(golden_articles)


@pytest.fixture(scope="session")
def bundled_article() -> Article:
    """The news article newsbot ships with."""
    (article,) = load_corpus(bundled_corpus_path()).articles
    return article


@pytest.fixture(scope="session")
def bundled_engine(bundled_article: Article) -> Engine:
    """An engine over the bundled article."""
    return Engine([bundled_article])
