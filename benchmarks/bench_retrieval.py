"""Retrieval benchmark: newsbot's BM25 against rank-bm25, bm25s (numpy, numba) and tantivy.

Usage: python benchmarks/bench_retrieval.py [--sizes 10000,100000,1000000] [--seed 7]

Each engine runs in its own single-threaded process over the same synthetic,
already-analyzed passages (see synthetic.py) and the same queries, so memory and
time are its own. Printed per size: build s, queries/s, p50/p99 ms, peak and kept
memory, newsbot's index load time, first query after load and the time to make
one added article searchable; then each newsbot figure's ratio to each peer, and
whether newsbot's top-10 equals rank-bm25's (rank-bm25 times a subset of queries
at large sizes: it scores every passage in Python).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from peers import ENGINES, single_threaded  # noqa: E402

K = 10
QUERIES = {10_000: 1000, 100_000: 1000, 1_000_000: 500}
RANK_BM25_QUERIES = {10_000: 200, 100_000: 40, 1_000_000: 10}
ORDER = ["newsbot", "rank-bm25", "bm25s-numpy", "bm25s-numba", "tantivy"]


class PeakRss:
    """Samples this process's resident memory every few milliseconds."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak = self.rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def rss(self) -> int:
        return int(self.process.memory_info().rss)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self.rss())

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self.rss())


def run_engine(name: str, size: int, seed: int) -> dict[str, Any]:
    """Build one engine and time its queries (runs in a child process)."""
    import numpy as np
    import synthetic

    tokens, lengths = synthetic.corpus(size, seed)
    docs = synthetic.as_text(tokens, lengths)
    words = synthetic.words()
    n_queries = RANK_BM25_QUERIES[size] if name == "rank-bm25" else QUERIES[size]
    queries = [[words[t] for t in q] for q in synthetic.queries(n_queries, seed + 1)]
    engine = ENGINES[name]()
    gc.collect()
    meter = PeakRss()
    before = meter.rss()
    start = time.perf_counter()
    engine.build(docs)
    build_s = time.perf_counter() - start
    gc.collect()
    kept = meter.rss() - before
    for q in queries[:3]:  # warm-up (numba compiles here)
        engine.search(q, K)
    times = []
    for q in queries:
        t0 = time.perf_counter()
        engine.search(q, K)
        times.append(time.perf_counter() - t0)
    peak = meter.stop() - before
    check = RANK_BM25_QUERIES[size]
    tops = [engine.top_ids(q, K) for q in queries[:check]]
    extras = engine.extras(docs, queries)
    arr = np.asarray(times)
    return {
        "engine": name,
        "size": size,
        "queries": len(times),
        "build_s": build_s,
        "qps": len(times) / float(arr.sum()),
        "p50_ms": float(np.percentile(arr, 50)) * 1e3,
        "p99_ms": float(np.percentile(arr, 99)) * 1e3,
        "kept_mb": kept / 2**20,
        "peak_mb": peak / 2**20,
        "tops": tops if tops and tops[0] is not None else None,
        **extras,
    }


def child(name: str, size: int, seed: int) -> dict[str, Any]:
    """Run one engine in a fresh interpreter; its JSON result."""
    cmd = [sys.executable, __file__, "--child", name, "--sizes", str(size), "--seed", str(seed)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {"engine": name, "size": size, "error": done.returncode}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def table(results: list[dict[str, Any]]) -> str:
    """The figures of one size as a Markdown table."""
    head = (
        "| engine | passages | build s | queries/s | p50 ms | p99 ms | peak MB | kept MB "
        "| load s | 1st query s | cold start→1st answer s | add→searchable s |"
    )
    lines = [head, "|" + "---|" * 12]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['engine']} | {r['size']:,} | failed |" + " |" * 9)
            continue
        subset = " (subset)" if r["engine"] == "rank-bm25" else ""
        lines.append(
            f"| {r['engine']}{subset} | {r['size']:,} | {fmt(r['build_s'])} | "
            f"{fmt(r['qps'])} | {fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | "
            f"{fmt(r['peak_mb'], 0)} | {fmt(r['kept_mb'], 0)} | {fmt(r.get('load_s'), 3)} | "
            f"{fmt(r.get('first_query_s'), 3)} | {fmt(r.get('cold_start_s'), 3)} | "
            f"{fmt(r.get('add_s'), 3)} |"
        )
    return "\n".join(lines)


def ratios(results: list[dict[str, Any]]) -> str:
    """newsbot's figures over each peer's (qps: higher is better; others: lower)."""
    ours = next((r for r in results if r["engine"] == "newsbot" and "error" not in r), None)
    if ours is None:
        return ""
    lines = [
        "| newsbot vs | queries/s ×| p50 (peer/ours) ×| build (ours/peer) | kept (ours/peer) |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        if r is ours or "error" in r:
            continue
        lines.append(
            f"| {r['engine']} | {ours['qps'] / r['qps']:,.2f} | "
            f"{r['p50_ms'] / ours['p50_ms']:,.2f} | {ours['build_s'] / r['build_s']:.2f} | "
            f"{ours['kept_mb'] / max(r['kept_mb'], 1e-9):.2f} |"
        )
    return "\n".join(lines)


def same_tops(results: list[dict[str, Any]]) -> str:
    """Whether newsbot's top-k equals rank-bm25's on the queries rank-bm25 ran."""
    by = {r["engine"]: r for r in results if "error" not in r}
    if "newsbot" not in by or "rank-bm25" not in by:
        return "top-k vs rank-bm25: not compared"
    ours, theirs = by["newsbot"]["tops"], by["rank-bm25"]["tops"]
    same = sum(a == b for a, b in zip(ours, theirs, strict=False))
    return f"top-{K} identical to rank-bm25 on {same}/{len(theirs)} queries"


def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = cpu
    return (
        f"{model}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engines", default=",".join(ORDER))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.child:
        single_threaded()
        print(json.dumps(run_engine(args.child, sizes[0], args.seed)))
        return 0
    import synthetic

    print(f"machine: {machine()}")
    print("single-threaded; each engine in its own process; top-10; memory = RSS deltas\n")
    everything = []
    for size in sizes:
        synthetic.corpus(size, args.seed)  # generate and cache once
        results = [child(name, size, args.seed) for name in args.engines.split(",")]
        everything.extend(results)
        print(f"## {size:,} passages\n")
        print(table(results), "\n")
        print(ratios(results), "\n")
        print(same_tops(results), "\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
