"""The engines compared, each behind the same small interface (peers imported lazily)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

K1, B, EPSILON = 1.2, 0.75, 0.25
Docs = list[list[str]]
Search = Callable[[list[str], int], Any]


class Engine:
    """Build over analyzed passages, then answer top-k queries."""

    name = "engine"

    def build(self, docs: Docs) -> None:
        raise NotImplementedError

    def search(self, query: list[str], k: int) -> Any:
        raise NotImplementedError

    def top_ids(self, query: list[str], k: int) -> list[int] | None:
        """Top-k passage ids when the engine's scores are rank-bm25's, else None."""
        return None

    def extras(self, docs: Docs, queries: list[list[str]]) -> dict[str, float]:
        """Engine-specific figures (load time, add latency)."""
        return {}


class Newsbot(Engine):
    name = "newsbot"

    def build(self, docs: Docs) -> None:
        from retrieval.config import ScoringConfig
        from retrieval.index import Bm25Index

        self.config = ScoringConfig(k1=K1, b=B, epsilon=EPSILON)
        self.index = Bm25Index.build(docs, self.config)

    def search(self, query: list[str], k: int) -> Any:
        return self.index.search(query, k)

    def top_ids(self, query: list[str], k: int) -> list[int]:
        return [int(i) for i in self.index.search(query, k)[0]]

    def extras(self, docs: Docs, queries: list[list[str]]) -> dict[str, float]:
        from retrieval import persist

        out: dict[str, float] = {}
        tmp = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
        try:
            start = time.perf_counter()
            persist.save(self.index, tmp / "index", {"bench": "1"}, {})
            out["save_s"] = time.perf_counter() - start
            start = time.perf_counter()
            loaded, _ = persist.load(tmp / "index", self.config, {})
            out["load_s"] = time.perf_counter() - start
            loaded.search(queries[0], 10)
            out["first_query_s"] = time.perf_counter() - start
            out["cold_start_s"] = cold_start(tmp / "index", queries[1])
            fresh = [list(d) for d in docs[:20]]
            fresh[0] = [*fresh[0], "freshlyaddedword"]
            start = time.perf_counter()
            ids = self.index.add(fresh)
            hit = self.index.search(["freshlyaddedword"], 1)[0]
            out["add_s"] = time.perf_counter() - start
            assert int(hit[0]) == ids[0]
            self.index.wait_for_merge()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return out


COLD_START = """
import sys, time
from pathlib import Path
from retrieval import persist
from retrieval.config import ScoringConfig
index, _ = persist.load(Path(sys.argv[1]), ScoringConfig(k1=1.2, b=0.75, epsilon=0.25), {})
index.search(sys.argv[2:], 10)
print(time.time())
"""


def cold_start(directory: Path, query: list[str]) -> float:
    """Seconds from launching a fresh interpreter to its first answer from the saved index."""
    import subprocess
    import sys

    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", COLD_START, str(directory), *query],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1]) - start


class RankBm25(Engine):
    name = "rank-bm25"

    def build(self, docs: Docs) -> None:
        from oracle import FixedOkapi  # benchmarks/ is the script's folder

        self.model = FixedOkapi(docs, k1=K1, b=B, epsilon=EPSILON)

    def search(self, query: list[str], k: int) -> Any:
        scores = self.model.get_scores(query)
        return np.lexsort((np.arange(scores.shape[0]), -scores))[:k]

    def top_ids(self, query: list[str], k: int) -> list[int]:
        return [int(i) for i in self.search(query, k)]


class Bm25s(Engine):
    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.name = f"bm25s-{backend}"

    def build(self, docs: Docs) -> None:
        import bm25s

        self.model = bm25s.BM25(k1=K1, b=B, method="lucene", backend=self.backend)
        self.model.index(docs, show_progress=False)

    def search(self, query: list[str], k: int) -> Any:
        return self.model.retrieve([query], k=k, show_progress=False, n_threads=1)


class Tantivy(Engine):
    name = "tantivy"

    def build(self, docs: Docs) -> None:
        import tantivy

        self.t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", tokenizer_name="ws", index_option="freq")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        self.index.register_tokenizer("ws", analyzer)
        writer = self.index.writer(heap_size=512_000_000, num_threads=1)
        for doc in docs:
            writer.add_document(tantivy.Document(body=" ".join(doc)))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, query: list[str], k: int) -> Any:
        t = self.t
        terms = dict.fromkeys(query)
        clauses = [(t.Occur.Should, t.Query.term_query(self.schema, "body", w)) for w in terms]
        return self.searcher.search(t.Query.boolean_query(clauses), k).hits


ENGINES: dict[str, Callable[[], Engine]] = {
    "newsbot": Newsbot,
    "rank-bm25": RankBm25,
    "bm25s-numpy": lambda: Bm25s("numpy"),
    "bm25s-numba": lambda: Bm25s("numba"),
    "tantivy": Tantivy,
}


def single_threaded() -> None:
    """Pin numeric libraries to one thread (call before importing them)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ[var] = "1"
