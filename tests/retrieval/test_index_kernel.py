"""The compiled (numba) path: same top k, scores and segments as numpy and rank-bm25."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import kernel
from retrieval.config import ScoringConfig
from retrieval.index import Bm25Index, encode
from tests.retrieval.index_fixtures import assert_same_top_k, oracle
from tests.retrieval.test_index_exact import config_strategy, docs_strategy, query_strategy

pytestmark = pytest.mark.skipif(not kernel.available(), reason="numba is not installed")


def assert_same_results(a: Bm25Index, b: Bm25Index, query: list[str], k: int) -> None:
    """Both indexes give bit-identical ids and scores."""
    ids_a, scores_a = a.search(query, k)
    ids_b, scores_b = b.search(query, k)
    assert ids_a.tolist() == ids_b.tolist()
    assert scores_a.tolist() == scores_b.tolist()


@settings(max_examples=60, deadline=None)
@given(docs_strategy, query_strategy, config_strategy, st.integers(1, 12))
def test_compiled_top_k_equals_rank_bm25_and_numpy(docs, query, config, k):
    compiled = Bm25Index.build(docs, config, kernel="numba")
    expected = oracle(docs, config).get_scores(query)
    ids, scores = compiled.search(query, k)
    assert_same_top_k(ids, scores, expected, min(k, len(docs)))
    assert_same_results(compiled, Bm25Index.build(docs, config, kernel="numpy"), query, k)


@settings(max_examples=30, deadline=None)
@given(docs_strategy, docs_strategy, query_strategy, config_strategy, st.data())
def test_compiled_search_over_grown_and_shrunk_indexes(first, more, query, config, data):
    index = Bm25Index.build(first, config, kernel="numba")
    for doc in more:
        index.add([doc])
    corpus = [*first, *more]
    gone = data.draw(st.lists(st.integers(0, len(corpus) - 1), unique=True, max_size=3))
    if len(gone) < len(corpus):
        index.remove(gone, [corpus[i] for i in gone])
    else:
        gone = []
    live = [i for i in range(len(corpus)) if i not in gone]
    expected = oracle([corpus[i] for i in live], config).get_scores(query)
    full = np.full(len(corpus), -np.inf)
    full[live] = expected
    ids, scores = index.search(query, 5)
    assert set(ids.tolist()) <= set(live)
    assert_same_top_k(ids, scores, full, min(5, len(live)))
    numpy_twin = Bm25Index(
        index.config, index.vocabulary, index.segments, index.stats, index.alive, kernel="numpy"
    )
    assert_same_results(index, numpy_twin, query, 5)


def test_compiled_build_makes_the_numpy_segment():
    rng = np.random.default_rng(5)
    sizes = rng.integers(1, 40, 500)
    docs = [[f"t{int(x)}" for x in rng.zipf(1.3, int(size)) % 300] for size in sizes]
    config = ScoringConfig(variant="l")
    a = Bm25Index.build(docs, config, kernel="numpy").segments[0]
    b = Bm25Index.build(docs, config, kernel="numba").segments[0]
    for name in ("indptr", "doc_ids", "tfs", "doc_len"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
        assert getattr(a, name).dtype == getattr(b, name).dtype
    np.testing.assert_allclose(a.max_sat, b.max_sat, rtol=1e-12)


def test_compiled_pruning_on_long_postings_stays_exact():
    rng = np.random.default_rng(3)
    docs = [["common"] * int(rng.integers(1, 3)) + ["rare"] * (i % 97 == 0) for i in range(3000)]
    config = ScoringConfig()
    index = Bm25Index.build(docs, config, kernel="numba")
    expected = oracle(docs, config).get_scores(["common", "rare"])
    for k in (1, 5, 40, 3000):
        ids, scores = index.search(["common", "rare"], k)
        assert_same_top_k(ids, scores, expected, k)


@pytest.mark.parametrize(
    "docs",
    [
        [["b", "a", "b"], ["c"], ["a", "é", "日本"]],
        [["", "x"], ["x", ""]],
        [["same"]] * 5,
    ],
)
def test_compiled_encoding_numbers_terms_like_python(docs):
    assert kernel.encode(docs) is not None
    terms, flat, lengths = kernel.encode(docs)  # type: ignore[misc]
    want_terms, want_flat, want_lengths = encode(docs)
    assert terms == want_terms
    assert flat.tolist() == want_flat.tolist()
    assert lengths.tolist() == want_lengths.tolist()


def test_a_term_holding_the_separator_falls_back_to_python():
    docs = [["a\x1fb", "a"], ["b"]]
    assert kernel.encode(docs) is None
    index = Bm25Index.build(docs, ScoringConfig(), kernel="numba")
    assert index.doc_freq("a\x1fb") == 1
    assert index.search(["a\x1fb"], 1)[0].tolist() == [0]


def test_auto_uses_numpy_for_small_indexes():
    assert not kernel.wanted("auto", kernel.NUMBA_MIN_PASSAGES - 1)
    assert kernel.wanted("auto", kernel.NUMBA_MIN_PASSAGES)
    assert not kernel.wanted("numpy", 10**7)
    assert kernel.wanted("numba", 1)


def test_importing_retrieval_or_searching_a_small_index_does_not_import_numba():
    code = (
        "import sys, retrieval\n"
        "from retrieval.index import Bm25Index\n"
        "from retrieval.config import ScoringConfig\n"
        "Bm25Index.build([['a', 'b'], ['b']], ScoringConfig()).search(['a'], 1)\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_loaded_index_searches_the_same_compiled(tmp_path):
    from retrieval import persist

    docs = [[f"w{(i * 7 + j) % 23}" for j in range(i % 9 + 1)] for i in range(400)]
    config = ScoringConfig(variant="plus")
    built = Bm25Index.build(docs, config, kernel="numba")
    persist.save(built, tmp_path / "index", {}, {})
    loaded, _ = persist.load(tmp_path / "index", config, {})
    loaded.kernel = "numba"
    expected = oracle(docs, config).get_scores(["w3", "w5", "w11"])
    ids, scores = loaded.search(["w3", "w5", "w11"], 10)
    assert_same_top_k(ids, scores, expected, 10)
    assert_same_results(built, loaded, ["w3", "w5", "w11"], 10)


def test_a_search_before_the_compiled_kernel_is_ready_gives_the_same_results(tmp_path):
    import threading

    from retrieval import persist

    rng = np.random.default_rng(11)
    docs = [[f"w{int(x)}" for x in rng.zipf(1.2, int(n)) % 500] for n in rng.integers(1, 30, 800)]
    config = ScoringConfig()
    persist.save(Bm25Index.build(docs, config, kernel="numpy"), tmp_path / "index", {}, {})
    loaded, _ = persist.load(tmp_path / "index", config, {}, background_kernel=False)
    loaded.kernel = "numba"
    hold = threading.Event()
    thread = loaded.warm_kernel_in_background(hold=hold)
    assert thread is not None
    assert loaded.warm_kernel_in_background() is None  # one load per index
    queries = [["w1", "w7", "w30"], ["w2"], ["w499", "nothere"], ["w3", "w3", "w5", "w400"]]
    early = [loaded.search(q, 10) for q in queries]
    assert not loaded.kernel_ready()
    hold.set()
    thread.join(timeout=120)
    assert loaded.kernel_ready()
    numpy_twin = Bm25Index(loaded.config, loaded.vocabulary, loaded.segments, loaded.stats)
    numpy_twin.kernel = "numpy"
    for query, (ids, scores) in zip(queries, early, strict=True):
        late_ids, late_scores = loaded.search(query, 10)
        twin_ids, twin_scores = numpy_twin.search(query, 10)
        assert ids.tolist() == late_ids.tolist() == twin_ids.tolist()
        assert scores.tolist() == late_scores.tolist() == twin_scores.tolist()
        assert_same_top_k(ids, scores, oracle(docs, config).get_scores(query), 10)


def test_searches_before_the_kernel_is_ready_take_the_numpy_path(monkeypatch):
    import threading

    docs = [["a", "b"], ["b", "c"], ["c"]]
    index = Bm25Index.build(docs, ScoringConfig(), kernel="numba")
    assert index.kernel_ready()
    calls: list[str] = []
    real = kernel.search
    monkeypatch.setattr(kernel, "search", lambda *a: calls.append("compiled") or real(*a))
    hold = threading.Event()
    thread = index.warm_kernel_in_background(hold=hold)
    assert thread is not None
    index.search(["b"], 2)
    assert calls == []
    hold.set()
    thread.join(timeout=120)
    calls.clear()
    index.search(["b"], 2)
    assert calls == ["compiled"]


def test_loading_a_large_index_does_not_wait_for_numba(tmp_path):
    """A fresh process answers from a big saved index before numba has loaded."""
    from retrieval import persist

    docs = [[f"w{i % 97}", f"v{i % 13}"] for i in range(kernel.NUMBA_MIN_PASSAGES)]
    config = ScoringConfig()
    persist.save(Bm25Index.build(docs, config, kernel="numpy"), tmp_path / "index", {}, {})
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from retrieval import persist\n"
        "from retrieval.config import ScoringConfig\n"
        f"index, _ = persist.load(Path({str(tmp_path / 'index')!r}), ScoringConfig(), {{}})\n"
        "first = index.search(['w5', 'v3'], 10)\n"
        "index._kernel_ready.wait(120)\n"
        "assert index.kernel_ready() and 'numba' in sys.modules\n"
        "later = index.search(['w5', 'v3'], 10)\n"
        "assert first[0].tolist() == later[0].tolist()\n"
        "assert first[1].tolist() == later[1].tolist()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
