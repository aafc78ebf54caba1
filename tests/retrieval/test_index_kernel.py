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


def test_a_mean_idf_of_zero_floors_at_epsilon_after_growing_and_shrinking():
    """Found by hypothesis: the mean idf is exactly zero, but summed in another order it
    came out a hair above zero and the floor fell to nearly nothing."""
    first = [["w0", "w1", "w2", "w3", "w4"], ["w0", "w1", "w3", "w4", "w5", "w9"]]
    first.append(["w0", "w1", "w2", "w3", "w4", "w6", "w7", "w8"])
    more = [["w0"], ["w0", "w1", "w2", "w3", "w4", "w5", "w6"], ["w0"], ["w2"], ["w0", "w1", "w2"]]
    config = ScoringConfig(variant="okapi", k1=1.0, b=0.0, delta=0.0, epsilon=0.25)
    index = Bm25Index.build(first, config, kernel="numba")
    for doc in more:
        index.add([doc])
    corpus = [*first, *more]
    index.remove([5, 3], [corpus[5], corpus[3]])
    _, scores = index.search(["w0"], 5)
    assert scores.tolist() == pytest.approx([0.25] * 5)


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


def test_compiled_encoding_of_awkward_and_many_terms():
    """Terms sharing 8-byte prefixes, a 7-byte term against an 8-byte one whose last
    byte is 7 (same table key but for the length flag), and enough distinct terms to
    grow the term table, the byte arena and the offsets several times."""
    awkward = ["abcdefgh1", "abcdefgh2", "abcdefgh", "abcdefg", "abcdefg\x07", "a", "a\x00"]
    many = [f"term{i:06d}-{'x' * (i % 23)}" for i in range(40_000)]
    docs = [awkward, many[:20_000], [*awkward[::-1], "é" * 9], many[20_000:], many[::7]]
    encoded = kernel.encode(docs)
    assert encoded is not None
    want_terms, want_flat, want_lengths = encode(docs)
    assert encoded[0] == want_terms
    assert encoded[1].tolist() == want_flat.tolist()
    assert encoded[2].tolist() == want_lengths.tolist()


def test_compiled_split_refuses_a_token_count_that_does_not_match():
    buf = np.frombuffer(b"a\x1fb\x1fa", dtype=np.uint8)
    split = kernel.compiled().split_terms
    assert split(buf, 0x1F, 3)[3] == 2
    assert split(buf, 0x1F, 2)[3] == -1
    assert split(buf, 0x1F, 4)[3] == -1


@pytest.mark.parametrize("variant", ["okapi", "plus", "l"])
def test_saturation_table_holds_the_exact_posting_saturations(variant):
    from retrieval.scoring import length_norm, saturation

    config = ScoringConfig(variant=variant, k1=1.3, b=0.7, delta=0.6)
    avgdl = 37.25
    table = kernel.saturations(kernel.params(config, avgdl))
    lengths = np.arange(1, table.shape[1], dtype=np.float64)
    for tf in range(1, table.shape[0]):
        want = saturation(
            config, np.full(lengths.shape[0], float(tf)), length_norm(config, lengths, avgdl)
        )
        assert table[tf, 1:].tolist() == want.tolist()


def test_saturation_table_survives_full_length_normalisation():
    config = ScoringConfig(variant="l", k1=1.0, b=1.0, delta=0.0, epsilon=0.0)
    table = kernel.saturations(kernel.params(config, 1.0))
    assert np.isfinite(table).all()


def _many_runs_corpus() -> list[list[str]]:
    """~80k passages (several 32k-id runs of the compiled search): exact duplicates
    (ties), a term in every passage, mid-frequency terms, rare terms, frequencies
    past the saturation table (lengths stay below 256: one compiled signature)."""
    rng = np.random.default_rng(17)
    sizes = rng.integers(1, 12, 80_000)
    docs = [[f"z{int(x)}" for x in rng.zipf(1.15, int(n)) % 3000] for n in sizes]
    for i in range(0, 80_000, 9_973):
        docs[i] = ["tie", "tie", "rare"]
        docs[i + 1] = ["tie", "tie", "rare"]
    for i in range(0, 80_000, 2):
        docs[i].append("everywhere" if i % 4 else "half")
    docs[-1] = ["long"] * 200 + ["rare"] * 6
    return docs


@pytest.fixture(scope="module")
def many_runs() -> tuple[list[list[str]], Bm25Index]:
    docs = _many_runs_corpus()
    return docs, Bm25Index.build(docs, ScoringConfig(), kernel="numba")


MANY_RUNS_QUERIES = [
    ["tie"],
    ["rare"],
    ["tie", "rare", "z1"],
    ["z1", "z2", "z3", "z5", "z8", "z13", "z21", "z34", "z55", "z89", "z144"],
    ["everywhere", "half", "z7", "long"],
    ["z2999", "z1500", "z750", "z375", "nothere"],
    ["z1", "z1", "z1", "z40"],
]


@pytest.mark.parametrize("query", MANY_RUNS_QUERIES)
def test_compiled_pruning_across_runs_is_exact(many_runs, query):
    _, index = many_runs
    numpy_twin = Bm25Index(
        index.config, index.vocabulary, index.segments, index.stats, kernel="numpy"
    )
    full = index.scores(query)
    for k in (1, 10, 100, 5_000):
        ids, scores = index.search(query, k)
        assert_same_top_k(ids, scores, full, k)
        assert_same_results(index, numpy_twin, query, k)


def test_compiled_pruning_across_runs_with_removals_and_segments(many_runs):
    docs, built = many_runs
    config = built.config
    index = Bm25Index.build(docs, config, kernel="numba")
    gone = list(range(0, 80_000, 9_973))  # one passage of each tying pair
    index.remove(gone, [docs[i] for i in gone])
    added = [["tie", "tie", "rare"], ["z1", "z2", "rare"], ["fresh", "z3"]]
    index.add(added)
    numpy_twin = Bm25Index(
        index.config, index.vocabulary, index.segments, index.stats, index.alive, kernel="numpy"
    )
    for query in (["tie", "rare", "z1"], ["rare"], ["fresh", "z3", "z1"]):
        full = index.scores(query)
        for k in (1, 10, 200):
            ids, scores = index.search(query, k)
            assert not set(ids.tolist()) & set(gone)
            assert_same_top_k(ids, scores, full, k)
            assert_same_results(index, numpy_twin, query, k)
