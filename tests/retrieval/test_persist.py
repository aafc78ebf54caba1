"""The persisted index: atomic, memory-mapped, fingerprinted, and never trusted when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval import persist
from retrieval.analyze import Analyzer
from retrieval.collection import Collection
from retrieval.config import ScoringConfig
from retrieval.errors import IndexFormatError
from retrieval.models import Article

ARTICLES = [
    Article(id="a", title="A", paragraphs=("Blinken met Xi in Beijing.", "Talks lasted long.")),
    Article(id="b", title="B", paragraphs=("The council voted on the budget.",)),
]


def build(directory: Path, articles=ARTICLES) -> Collection:
    warnings: list[str] = []
    collection = Collection.open(
        articles, directory, ScoringConfig(), Analyzer(), warn=warnings.append
    )
    collection.warnings = warnings  # type: ignore[attr-defined]
    return collection


def test_build_writes_a_manifest_and_loading_memory_maps(tmp_path):
    first = build(tmp_path / "index")
    manifest = json.loads((tmp_path / "index" / "manifest.json").read_text())
    assert manifest["format_version"] == persist.FORMAT_VERSION
    assert manifest["analyzer"] == Analyzer().signature
    assert len(manifest["fingerprint"]) == 32
    again = build(tmp_path / "index")
    assert isinstance(again.index.segments[0].doc_ids, np.memmap)
    terms = Analyzer().terms("Blinken Beijing")
    assert again.search(terms, 3)[0].tolist() == first.search(terms, 3)[0].tolist()
    assert again.passage(0).text == "Blinken met Xi in Beijing."
    assert not again.warnings  # type: ignore[attr-defined]
    assert not list(tmp_path.glob(".index*"))  # no temporary directory left


def test_a_changed_corpus_rebuilds(tmp_path):
    build(tmp_path / "index")
    changed = [*ARTICLES, Article(id="c", title="C", paragraphs=("Rain fell in Paris.",))]
    collection = build(tmp_path / "index", changed)
    assert collection.warnings  # type: ignore[attr-defined]
    assert collection.search(Analyzer().terms("Paris"), 1)[0].tolist() == [3]


@pytest.mark.parametrize("damage", ["truncate", "flip", "manifest", "missing"])
def test_a_damaged_index_is_reported_and_rebuilt(tmp_path, damage):
    build(tmp_path / "index")
    target = tmp_path / "index" / "doc_ids.npy"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:-4])
    elif damage == "flip":
        data = bytearray(target.read_bytes())
        data[-1] ^= 0xFF
        target.write_bytes(bytes(data))
    elif damage == "manifest":
        (tmp_path / "index" / "manifest.json").write_text("{not json")
    else:
        target.unlink()
    with pytest.raises(IndexFormatError):
        persist.load(tmp_path / "index", ScoringConfig(), {})
    collection = build(tmp_path / "index")
    assert collection.warnings  # type: ignore[attr-defined]
    persist.load(tmp_path / "index", ScoringConfig(), {})  # rebuilt and sound again


def test_added_articles_are_searchable_and_replace_old_versions(tmp_path):
    collection = build(tmp_path / "index")
    analyzer = Analyzer()
    new_b = Article(id="b", title="B2", paragraphs=("The mayor resigned on Friday.",))
    collection.add([new_b])
    assert collection.search(analyzer.terms("council budget"), 1)[1][0] == 0
    ids, _ = collection.search(analyzer.terms("mayor resigned"), 1)
    assert collection.passage(int(ids[0])).article_id == "b"
    assert [a.id for a in collection.articles] == ["a", "b"]
    assert collection.n_passages == 3
    assert [p.text for p in collection.passages()][-1] == "The mayor resigned on Friday."
