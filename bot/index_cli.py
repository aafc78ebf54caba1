"""`newsbot index build`: build the persisted BM25 index; and opening it for the front ends.

The index of the configured corpus lives under ``$NEWSBOT_DATA_DIR/index``, the index
of a corpus given with ``--corpus`` under ``$NEWSBOT_DATA_DIR/indexes/<key of its
path>`` (so evaluating another corpus never overwrites the bot's index), unless
``--out`` says otherwise.
It records the corpus fingerprint; the console and the bot reuse it while the
fingerprint matches and rebuild it (with a progress bar on a terminal) when not.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings
    from retrieval import Article, Collection

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
BAR_MIN_PASSAGES = 5_000
"""Smaller builds finish too fast to need a bar (and rich is not imported)."""


def configure(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register the `index` command and its `build` subcommand."""
    index = commands.add_parser(
        "index",
        help="manage the persisted search index",
        description="Manage the persisted BM25 index of the corpus.",
    )
    actions = index.add_subparsers(dest="index_command", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build",
        parents=[common],
        help="build (or rebuild) the index of the corpus",
        description="Index the corpus and write the index atomically to DIR "
        "(default: $NEWSBOT_DATA_DIR/index, or a folder of its own under "
        "$NEWSBOT_DATA_DIR/indexes for a corpus given with --corpus).",
    )
    build.add_argument("--out", type=Path, metavar="DIR", help="where to write the index")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace, settings: Settings) -> int:
    """``newsbot index build``: index the corpus and save it."""
    from bot.cli import read_corpus
    from retrieval import Analyzer, Collection, ScoringConfig

    corpus = read_corpus(args, settings)
    for problem in corpus.problems:
        print(f"newsbot: warning: skipped {problem}", file=sys.stderr)
    out = args.out or index_dir(args.corpus, settings)
    start = time.perf_counter()
    with passage_bar("Indexing passages") as progress:
        collection = Collection(corpus.articles, ScoringConfig(), Analyzer(), progress=progress)
    try:
        collection.save(out)
    except OSError as exc:
        print(f"newsbot: error: cannot write the index to {out}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    print(
        f"indexed {len(corpus.articles):,} articles, {collection.n_passages:,} passages "
        f"in {time.perf_counter() - start:.1f} s -> {out}"
    )
    return EXIT_OK


def index_dir(corpus: Path | None, settings: Settings) -> Path:
    """Where a corpus' index is kept: the configured corpus' own, or one per --corpus path."""
    if corpus is None:
        return settings.newsbot_data_dir / "index"
    key = hashlib.sha1(str(corpus.resolve()).encode(), usedforsecurity=False).hexdigest()
    return settings.newsbot_data_dir / "indexes" / key[:16]


def open_collection(articles: Sequence[Article], directory: Path) -> Collection:
    """The corpus' collection from the index in ``directory``, rebuilt and saved if stale."""
    from retrieval import Analyzer, Collection, ScoringConfig

    with passage_bar("Rebuilding the index") as progress:
        return Collection.open(
            articles, directory, ScoringConfig(), Analyzer(), progress=progress, warn=_warn
        )


def _warn(message: str) -> None:
    print(f"newsbot: warning: {message}", file=sys.stderr)


@contextmanager
def passage_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A (done, total) passages callback drawing a bar on a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < BAR_MIN_PASSAGES:
            return
        if "bar" not in state:
            from rich.progress import Progress

            state["bar"] = Progress(transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(label, total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()
