"""The article store: atomic writes, corrupt files reported, nothing lost to a crash."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retrieval import Article, ArticleStore


def _article(n: int, text: str = "The harbor bridge opened.") -> Article:
    return Article(id=f"post-{n}", title=f"Post {n}", paragraphs=(text,))


def test_saved_articles_load_back(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path)
    store.save(_article(1))
    store.save(_article(2))
    articles, problems = store.load()
    assert [a.id for a in articles] == ["post-1", "post-2"]
    assert problems == []


def test_saving_the_same_id_replaces_it(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path)
    store.save(_article(1, "Old text."))
    store.save(_article(1, "New text."))
    articles, _ = store.load()
    assert [a.paragraphs for a in articles] == [("New text.",)]


def test_ids_with_path_characters_stay_inside_the_store(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "store")
    path = store.save(_article(1).model_copy(update={"id": "../../etc/passwd"}))
    assert path.parent == tmp_path / "store"


def test_a_corrupt_file_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path)
    store.save(_article(1))
    (tmp_path / "broken.json").write_text('{"id": "x", "title": ')
    articles, problems = store.load()
    assert [a.id for a in articles] == ["post-1"]
    assert [Path(p.origin).name for p in problems] == ["broken.json"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES], ids=["disk-full", "denied"])
def test_a_failed_write_leaves_the_old_version_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    store = ArticleStore(tmp_path)
    store.save(_article(1, "Old text."))

    def fail(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        store.save(_article(1, "New text."))
    monkeypatch.undo()
    articles, problems = store.load()
    assert [a.paragraphs for a in articles] == [("Old text.",)]
    assert problems == []
    assert [p.name for p in tmp_path.iterdir()] == [store.path_for("post-1").name]


WRITER = """
import sys
from retrieval import Article, ArticleStore
store = ArticleStore(__import__("pathlib").Path(sys.argv[1]))
n = 0
while True:
    n += 1
    text = ("Version %d of the story. " % n) * 2000
    store.save(Article(id="post-%d" % (n % 5), title="Post", paragraphs=(text,)))
    print(n, flush=True)
"""


def test_kill_9_during_writes_loses_nothing_written_before(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    for _ in range(20):
        writer.stdout.readline()
    time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    articles, problems = ArticleStore(tmp_path).load()
    assert problems == []
    assert sorted(a.id for a in articles) == [f"post-{n}" for n in range(5)]


def test_a_stale_temporary_file_left_by_a_crash_is_removed(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path)
    store.save(_article(1))
    stale, fresh = tmp_path / ".tmp-old.json", tmp_path / ".tmp-new.json"
    stale.write_text("{half")
    fresh.write_text("{half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    articles, problems = store.load()
    assert [a.id for a in articles] == ["post-1"] and problems == []
    assert not stale.exists() and fresh.exists()
