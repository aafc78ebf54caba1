"""Archives: a large .jsonl streams with bounded memory, progress, and bad lines by number."""

from __future__ import annotations

import itertools
import json
import tracemalloc
from pathlib import Path

import pytest

from retrieval import load_corpus
from retrieval.ingest import Problem, read_file

N = 20_000
BAD_LINES = {101: "{not json", 5_000: '{"title": "No text"}', 15_000: "[1, 2, 3]"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 small articles in one .jsonl file, three lines of it broken."""
    path = tmp_path_factory.mktemp("archive") / "news-archive.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, N + 1):
            line = BAD_LINES.get(number) or json.dumps(
                {
                    "id": f"a{number}",
                    "title": f"Harbour report number {number}",
                    "text": f"Ship {number} docked at berth {number % 40} carrying "
                    f"{number * 3} tonnes of grain for the mills on the river.",
                    "published": "2024-03-11",
                    "source": "Archive Weekly",
                }
            )
            out.write(line + "\n")
    return path


@pytest.fixture(scope="module")
def long_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1.5 MB in 250 long articles (tracemalloc slows parsing down; keep it short)."""
    path = tmp_path_factory.mktemp("archive") / "long-archive.jsonl"
    paragraph = "The harbour master said the tide would turn before the ships could leave. " * 40
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, 251):
            text = f"Report {number}.\n\n{paragraph}\n\n{paragraph}"
            out.write(json.dumps({"title": f"Report {number}", "text": text}) + "\n")
    return path


def test_reading_streams_in_bounded_memory(long_archive: Path) -> None:
    items = read_file(long_archive)
    next(items)  # warm up: imports and caches are not what is measured
    tracemalloc.start()
    try:
        count = 1 + sum(1 for item in items if not isinstance(item, Problem))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 250
    assert peak < long_archive.stat().st_size / 10  # a record at a time, never the whole file


def test_loading_reports_bad_lines_and_keeps_the_rest(archive: Path) -> None:
    seen: list[tuple[int, int]] = []
    corpus = load_corpus(archive, progress=lambda done, total: seen.append((done, total)))
    assert len(corpus.articles) == N - len(BAD_LINES)
    assert [p.origin for p in corpus.problems] == [f"{archive}:{n}" for n in sorted(BAD_LINES)]
    assert "malformed JSON" in corpus.problems[0].reason
    assert "text" in corpus.problems[1].reason
    assert "expected a JSON object" in corpus.problems[2].reason
    size = archive.stat().st_size
    assert len(seen) >= N and seen[-1] == (size, size)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))  # only forwards
    assert corpus.articles[-1].id == f"a{N}" and corpus.articles[-1].source == "Archive Weekly"


def test_progress_over_a_folder_counts_every_file(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Title\n\nSome words here.\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    load_corpus(tmp_path, progress=lambda done, total: seen.append((done, total)))
    total = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert seen == [(total // 2, total), (total, total)]
