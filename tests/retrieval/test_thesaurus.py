"""The synonym tables: every group joins words the analyzer keeps apart."""

from __future__ import annotations

import pytest

from retrieval import Analyzer
from retrieval.thesaurus import DERIVATIONS, NEWS_SYNONYMS

ANALYZER = Analyzer()


@pytest.mark.parametrize("group", [*NEWS_SYNONYMS, *DERIVATIONS])
def test_every_group_joins_at_least_two_distinct_terms(group: str) -> None:
    terms = {t for word in group.split() for t in ANALYZER.terms(word)}
    assert len(terms) >= 2, f"{group!r} analyzes to {terms}"


@pytest.mark.parametrize("group", [*NEWS_SYNONYMS, *DERIVATIONS])
def test_no_group_word_is_a_stopword(group: str) -> None:
    assert all(ANALYZER.terms(word) for word in group.split())
