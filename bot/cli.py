"""The ``newsbot`` command line: console, ask, sources, eval (and telegram).

Exit codes: 0 success, 1 failure, 2 usage error (including a missing corpus).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from bot import add_cli, index_cli
from bot.messages import suggestion
from bot.plain import render_answer
from bot.progress import Progress, progress_bar
from bot.settings import Settings
from bot.telegram import cli as telegram_cli
from retrieval import (
    AnswerConfig,
    ArticleStore,
    Conversation,
    Corpus,
    CorpusNotFoundError,
    Engine,
    NewsbotError,
    QuestionError,
    evaluate,
    load_corpus,
    load_eval_set,
    with_bundled,
    with_typos,
)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsbot`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        return _fail(f"invalid configuration: {_first_error(exc)}", EXIT_USAGE)
    try:
        return int(args.run(args, settings))
    except CorpusNotFoundError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except NewsbotError as exc:
        return _fail(str(exc), EXIT_FAILURE)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="Answers questions about news articles with verbatim, cited quotes.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--corpus",
        type=Path,
        metavar="PATH",
        help="a file or directory of articles (default: $NEWSBOT_CORPUS, else the bundled one)",
    )
    common.add_argument(
        "--no-bundled",
        action="store_true",
        help="search only --corpus, without the bundled article (also NEWSBOT_BUNDLED=false)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    console = commands.add_parser(
        "console",
        parents=[common],
        help="ask questions interactively",
        description="An interactive console: type questions, get cited quotes. "
        "Reads questions line by line when stdin is not a terminal.",
    )
    console.set_defaults(run=run_console)

    ask = commands.add_parser(
        "ask",
        parents=[common],
        help="answer one question (or each line of stdin)",
        description="Answer QUESTION, or each non-blank line of stdin when it is omitted.",
    )
    ask.add_argument("question", nargs="?", help="the question (omit to read stdin)")
    ask.add_argument("--json", action="store_true", help="print each Answer as one JSON line")
    ask.add_argument(
        "--top-k",
        type=_positive,
        default=None,
        metavar="N",
        help="how many quotes at most (default 3)",
    )
    ask.set_defaults(run=run_ask)

    sources = commands.add_parser(
        "sources",
        parents=[common],
        help="list the articles loaded",
        description="List the articles loaded: id, title, paragraphs, source.",
    )
    sources.set_defaults(run=run_sources)

    ev = commands.add_parser(
        "eval",
        parents=[common],
        help="measure answers on a labelled question set",
        description='Score answers against QA.jsonl: lines of {"question": ..., "expect": '
        "[answer strings]}; an empty expect means the question should be declined.",
    )
    ev.add_argument("qa", type=Path, metavar="QA.jsonl")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument(
        "--typos",
        type=int,
        metavar="SEED",
        help="ask each question with one typing slip (seeded), to measure robustness",
    )
    ev.set_defaults(run=run_eval)

    for module in (telegram_cli, index_cli, add_cli):
        module.configure(commands, common)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def load_engine(args: argparse.Namespace, settings: Settings) -> Engine:
    """The corpus (--corpus or the settings) plus the articles learned while running."""
    with progress_bar("Loading articles") as progress:
        corpus = read_corpus(args, settings, progress)
    learned, learned_problems = ArticleStore(settings.newsbot_data_dir / "articles").load()
    for problem in (*corpus.problems, *learned_problems):
        print(f"newsbot: warning: skipped {problem}", file=sys.stderr)
    from bot.index_cli import index_dir, open_collection

    collection = open_collection(corpus.articles, index_dir(args.corpus, settings))
    collection.add(learned)
    answering = AnswerConfig(
        min_coverage=settings.newsbot_min_coverage, context_words=settings.newsbot_context_words
    )
    return Engine.over(collection, answering)


def read_corpus(
    args: argparse.Namespace, settings: Settings, progress: Progress | None = None
) -> Corpus:
    """The articles of --corpus (or the settings'), with the bundled article unless left out."""
    path = args.corpus or settings.newsbot_corpus
    corpus = load_corpus(path, progress=progress)
    if path is None or args.no_bundled or not settings.newsbot_bundled:
        return corpus
    return with_bundled(corpus)


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """``newsbot ask``: one answer, or one per line of stdin."""
    if args.question is not None and not args.question.strip():
        return _fail(
            'the question is empty; ask something, e.g. newsbot ask "Who met?"', EXIT_USAGE
        )
    engine = load_engine(args, settings)
    questions = [args.question] if args.question is not None else _lines(sys.stdin)
    status = EXIT_OK
    for question in questions:
        status = max(status, _answer_one(engine, question, args, sys.stdout))
    return status


def _answer_one(
    engine: Engine,
    question: str,
    args: argparse.Namespace,
    out: TextIO,
    conversation: Conversation | None = None,
) -> int:
    """Print the answer to one question; a bad question is reported, not fatal."""
    now = time.monotonic()
    history = conversation.recent(now) if conversation else ()
    try:
        answer = engine.answer(question, top_k=args.top_k, history=history)
    except QuestionError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    if conversation and answer.answered:
        conversation.remember(question, now)
    if args.json:
        out.write(answer.model_dump_json() + "\n")
    elif out.isatty():
        from rich.console import Console as RichConsole

        from bot.console import show_answer

        show_answer(
            RichConsole(file=out, highlight=False), answer, engine.highlights, _suggestion(engine)
        )
    else:
        out.write(render_answer(answer, _suggestion(engine)))
    out.flush()
    return EXIT_OK


def _suggestion(engine: Engine) -> str:
    return suggestion(engine.example_questions(2), engine.topics())


def _lines(stream: TextIO) -> Iterator[str]:
    """The non-blank lines of a stream, as they arrive."""
    for line in stream:
        if line.strip():
            yield line.strip()


def run_console(args: argparse.Namespace, settings: Settings) -> int:
    """``newsbot console``: the interactive console, or plain answers for piped input."""
    engine = load_engine(args, settings)
    if not sys.stdin.isatty():
        plain = argparse.Namespace(json=False, top_k=None)
        conversation = Conversation()  # piped lines are one conversation, as typed
        for question in _lines(sys.stdin):
            _answer_one(engine, question, plain, sys.stdout, conversation)
        return EXIT_OK
    from bot.console import Console  # rich and readline only for a real terminal

    Console(engine, settings).run()
    return EXIT_OK


def run_sources(args: argparse.Namespace, settings: Settings) -> int:
    """``newsbot sources``: the articles loaded, with their outlet and where they came from."""
    engine = load_engine(args, settings)
    for article in engine.articles:
        print(
            f"{article.id}\t{article.title}\t{len(article.paragraphs)} paragraphs\t"
            f"{article.source or article.url or '-'}\t{article.origin or '-'}"
        )
    return EXIT_OK


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    """``newsbot eval``: metrics and failures on a labelled question set."""
    if not args.qa.is_file():
        return _fail(f"question set not found: {args.qa}", EXIT_USAGE)
    items = load_eval_set(args.qa)
    if args.typos is not None:
        items = with_typos(items, args.typos)
    engine = load_engine(args, settings)
    report = evaluate(items, engine.answer)
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"articles searched: {len(engine.articles):,}")
    print(f"questions: {report.answerable} answerable, {report.unanswerable} unanswerable")
    print(f"answer in quote 1:   {report.in_first:6.1%}")
    print(f"answer in top 3:     {report.in_top3:6.1%}")
    print(f"MRR:                 {report.mrr:6.3f}")
    print(f"declined (should):   {report.declined:6.1%}")
    print(f"declined (wrongly):  {report.wrongly_declined:6.1%}")
    if report.tentative or report.tentative_unanswerable:
        print(
            f"tentative answers:   {report.tentative:6.1%} of answerable, "
            f"{report.tentative_unanswerable:.1%} of unanswerable"
        )
    for kind, score in report.by_kind.items():
        print(
            f"  {kind} ({score.questions}): {score.in_first:.1%} in quote 1, "
            f"{score.in_top3:.1%} in top 3, {score.declined:.1%} declined"
        )
    for failure in report.failures:
        after = f" (after: {' / '.join(failure.history)})" if failure.history else ""
        print(f"- {failure.problem}: {failure.question}{after}")
    return EXIT_OK


def _fail(message: str, code: int) -> int:
    print(f"newsbot: error: {message}", file=sys.stderr)
    return code


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"]).upper()
    return f"{field}: {error['msg']}"


if __name__ == "__main__":
    sys.exit(main())
