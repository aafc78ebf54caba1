"""`newsbot add URL|FILE|FEED ...`: add web pages, feeds, files and archives to the store.

Added articles live under ``$NEWSBOT_DATA_DIR/articles``; every front end
searches them together with the corpus. Exit codes: 0 every target was read
(new articles added, known ones skipped), 1 a target was refused or failed,
2 usage (nothing to add, no such file).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from bot.settings import Settings

if TYPE_CHECKING:
    from retrieval import AddOptions, AddReport, ArticleStore

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def configure(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register the `add` command."""
    add = commands.add_parser(
        "add",
        parents=[common],
        help="add web pages, feeds, article files or archives",
        description="Add each TARGET: a web page or feed URL (http/https), an article file "
        "(.txt .md .html .json), a .jsonl or .csv archive (streamed) or a saved "
        ".xml/.rss/.atom feed. "
        "The same url or the same text is never added twice.",
    )
    add.add_argument("targets", nargs="*", metavar="TARGET", help="URL, file or feed to add")
    add.add_argument(
        "--feeds",
        action="store_true",
        help="also add what is new in the feeds listed in $NEWSBOT_FEEDS",
    )
    add.add_argument("-q", "--quiet", action="store_true", help="print only the summary lines")
    add.set_defaults(run=run_add)


def add_options(settings: Settings) -> AddOptions:
    """The fetch limits and feed rules for these settings (shared with the Telegram bot)."""
    from retrieval import AddOptions, FetchOptions

    return AddOptions(fetch=FetchOptions(allow_private=settings.newsbot_allow_private_urls))


def learned_store(settings: Settings) -> ArticleStore:
    """The store of added and learned articles: ``$NEWSBOT_DATA_DIR/articles``."""
    from retrieval import ArticleStore

    return ArticleStore(settings.newsbot_data_dir / "articles")


def run_add(args: argparse.Namespace, settings: Settings) -> int:
    """Add each target (and the configured feeds with --feeds); report what happened."""
    targets = list(args.targets)
    if args.feeds:
        if not settings.newsbot_feeds:
            return _fail("--feeds: NEWSBOT_FEEDS lists no feeds", EXIT_USAGE)
        targets += [t for t in settings.newsbot_feeds if t not in targets]
    if not targets:
        return _fail("nothing to add: give a URL, a file or a feed (or --feeds)", EXIT_USAGE)
    store, options = learned_store(settings), add_options(settings)
    status = EXIT_OK
    for target in targets:
        status = max(status, _add_one(target, store, options, quiet=args.quiet))
    return status


def _add_one(target: str, store: ArticleStore, options: AddOptions, *, quiet: bool) -> int:
    """Add one target and print its report; a failure is reported, not fatal."""
    from bot.progress import progress_bar
    from retrieval import CorpusNotFoundError, NewsbotError, add_source

    try:
        with progress_bar(f"Adding {target}") as bar:
            tick = None if bar is None else _file_progress(bar, target)
            report = add_source(target, store, options, progress=tick)
    except CorpusNotFoundError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except NewsbotError as exc:
        return _fail(str(exc), EXIT_FAILURE)
    _print_report(report, quiet=quiet)
    return EXIT_OK


def _file_progress(bar: Any, target: str) -> Any:
    """Bytes read of a local file, as (done, total) for the bar."""
    from pathlib import Path

    try:
        total = Path(target).expanduser().stat().st_size
    except (OSError, ValueError):
        return None
    return lambda done: bar(done, total)


def _print_report(report: AddReport, *, quiet: bool) -> None:
    """Each added article and each skipped item, then the summary line."""
    if not quiet:
        for article in report.added:
            outlet = f" ({article.source})" if article.source else ""
            print(f"added\t{article.id}\t{article.title}{outlet}")
        for problem in report.skipped:
            print(f"skipped\t{problem.origin}\t{problem.reason}")
    print(report.summary())
    sys.stdout.flush()


def _fail(message: str, code: int) -> int:
    print(f"newsbot: error: {message}", file=sys.stderr)
    return code
