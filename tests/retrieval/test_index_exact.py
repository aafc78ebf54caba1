"""The index scores exactly like rank-bm25 (with newsbot's fixes), pruned or not, grown or not."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.config import ScoringConfig
from retrieval.errors import EmptyCorpusError
from retrieval.index import Bm25Index
from tests.retrieval.index_fixtures import assert_same_top_k, oracle

WORDS = [f"w{i}" for i in range(12)]
word = st.sampled_from(WORDS)
# Passages hold at least one term: with b = 1 rank-bm25 divides 0 by 0 for an empty one.
docs_strategy = st.lists(st.lists(word, min_size=1, max_size=10), min_size=1, max_size=30)
query_strategy = st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=1, max_size=6)
config_strategy = st.builds(
    ScoringConfig,
    variant=st.sampled_from(["okapi", "plus", "l"]),
    k1=st.floats(0.3, 2.5),
    b=st.floats(0.0, 1.0),
    delta=st.floats(0.0, 1.5),
    epsilon=st.sampled_from([0.0, 0.25, 0.5]),
)


@settings(max_examples=60, deadline=None)
@given(docs_strategy, query_strategy, config_strategy, st.integers(1, 12))
def test_top_k_equals_rank_bm25(docs, query, config, k):
    index = Bm25Index.build(docs, config)
    expected = oracle(docs, config).get_scores(query)
    ids, scores = index.search(query, k)
    assert_same_top_k(ids, scores, expected, min(k, len(docs)))
    np.testing.assert_allclose(index.scores(query), expected, rtol=1e-9, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(docs_strategy, docs_strategy, query_strategy, config_strategy, st.integers(1, 12))
def test_added_segments_score_with_combined_statistics(first, more, query, config, k):
    index = Bm25Index.build(first, config)
    for doc in more:  # one fresh segment per passage
        index.add([doc])
    expected = oracle([*first, *more], config).get_scores(query)
    ids, scores = index.search(query, k)
    assert_same_top_k(ids, scores, expected, min(k, len(first) + len(more)))
    index.merge()
    assert index.segment_count() == 1
    ids, scores = index.search(query, k)
    assert_same_top_k(ids, scores, expected, min(k, len(first) + len(more)))


@settings(max_examples=30, deadline=None)
@given(docs_strategy, query_strategy, config_strategy, st.data())
def test_removed_passages_leave_the_statistics(docs, query, config, data):
    index = Bm25Index.build([*docs, ["extra", "w1"]], config)
    gone = data.draw(st.lists(st.integers(0, len(docs) - 1), unique=True, max_size=len(docs) - 1))
    index.remove(gone, [docs[i] for i in gone])
    live = [i for i in range(len(docs) + 1) if i not in gone]
    corpus = [([*docs, ["extra", "w1"]])[i] for i in live]
    expected = oracle(corpus, config).get_scores(query)
    mine = index.scores(query)
    np.testing.assert_allclose(mine[live], expected, rtol=1e-9, atol=1e-12)
    ids, scores = index.search(query, 5)
    assert set(ids.tolist()) <= set(live)
    want = np.asarray(live)[np.lexsort((np.arange(len(live)), -expected))[:5]]
    np.testing.assert_allclose(scores, mine[want], rtol=1e-9)


def test_pruning_skips_long_postings_and_stays_exact():
    rng = np.random.default_rng(3)
    docs = [["common"] * int(rng.integers(1, 3)) + ["rare"] * (i % 97 == 0) for i in range(3000)]
    config = ScoringConfig()
    index = Bm25Index.build(docs, config)
    ids, scores = index.search(["common", "rare"], 5)
    expected = oracle(docs, config).get_scores(["common", "rare"])
    assert_same_top_k(ids, scores, expected, 5)


def test_an_empty_corpus_is_refused():
    with pytest.raises(EmptyCorpusError):
        Bm25Index.build([], ScoringConfig())
    with pytest.raises(EmptyCorpusError):
        Bm25Index.build([[], []], ScoringConfig())


def test_background_merge_keeps_results():
    docs = [[f"w{i % 7}", f"w{i % 5}"] for i in range(200)]
    index = Bm25Index.build(docs[:100], ScoringConfig())
    for doc in docs[100:]:
        index.add([doc])
    index.wait_for_merge()
    expected = oracle(docs, ScoringConfig()).get_scores(["w3", "w4"])
    ids, scores = index.search(["w3", "w4"], 10)
    assert_same_top_k(ids, scores, expected, 10)
    assert index.segment_count() < 20


def test_doc_freqs_of_many_terms_match_each_term_s_doc_freq():
    index = Bm25Index.build([["tram", "line"], ["tram"], ["bus"]], ScoringConfig())
    index.add([["tram", "ferry"]])
    terms = ["tram", "ferry", "bus", "never", ""]
    assert index.doc_freqs(terms) == [index.doc_freq(t) for t in terms] == [3, 1, 1, 0, 0]
