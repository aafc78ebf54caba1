"""The interactive console: questions in, quotes out, with history and commands."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console as RichConsole
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from bot.messages import DECLINED, TENTATIVE, citation_line, read_as, suggestion
from bot.settings import Settings
from retrieval import Answer, Conversation, Engine, QuestionError

PROMPT = "\u276f "
HELP = """[bold]Ask a question[/bold] about the articles and press Enter.
  [cyan]/sources[/cyan]  the articles I have read
  [cyan]/help[/cyan]     this help
  [cyan]/quit[/cyan]     leave (or Ctrl-D)"""


class Console:
    """A read-eval-print loop over an Engine, for a person at a terminal."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.out = RichConsole(highlight=False)
        self.history = settings.newsbot_data_dir / "console_history"
        self.conversation = Conversation()

    def run(self) -> None:
        """Greet, then answer until /quit or end of input."""
        threading.Thread(target=self.engine.warm_up, name="warm-up", daemon=True).start()
        _load_history(self.history)
        self.greet()
        try:
            while True:
                try:
                    line = input(PROMPT).strip()
                except KeyboardInterrupt:
                    self.out.print()
                    continue
                if line and not self.handle(line):
                    break
        except EOFError:
            self.out.print()
        finally:
            _save_history(self.history)

    def greet(self) -> None:
        """Say what the console knows and how to use it."""
        n = len(self.engine.articles)
        self.out.print(f"[bold]newsbot[/bold] \u2014 {n} article{'s' if n != 1 else ''} loaded.")
        self.out.print(escape(suggestion(self.engine.example_questions(2), self.engine.topics())))
        self.out.print("[dim]/help for commands, /quit to leave[/dim]\n")

    def handle(self, line: str) -> bool:
        """Act on one line; False when the user wants to leave."""
        command = line.split()[0].lower()
        if command in {"/quit", "/exit", "/q"}:
            return False
        if command == "/help":
            self.out.print(HELP)
        elif command == "/sources":
            self.show_sources()
        elif command.startswith("/"):
            self.out.print(f"Unknown command {escape(command)}. Type /help.")
        else:
            self.ask(line)
        return True

    def ask(self, question: str) -> None:
        """Answer one question on the screen."""
        now = time.monotonic()
        try:
            answer = self.engine.answer(question, history=self.conversation.recent(now))
        except QuestionError as exc:
            self.out.print(f"[yellow]{escape(str(exc))}[/yellow]")
            return
        if answer.answered:
            self.conversation.remember(question, now)
        self.show(answer)

    def show(self, answer: Answer) -> None:
        """Quotes with what answers in bold and the question's words in yellow, citations under."""
        hint = suggestion(self.engine.example_questions(2), self.engine.topics())
        show_answer(self.out, answer, self.engine.highlights, hint)

    def show_sources(self) -> None:
        """The articles loaded, one per line."""
        for article in self.engine.articles:
            where = article.source or article.url or Path(article.origin).name
            self.out.print(
                f"[bold]{escape(article.title)}[/bold] [dim]({len(article.paragraphs)} "
                f"paragraphs, {escape(where)})[/dim]"
            )


def show_answer(
    out: RichConsole,
    answer: Answer,
    highlights: Callable[[str, str], Sequence[tuple[int, int]]],
    hint: str,
) -> None:
    """An answer on a terminal: each quote with what answers in bold (when the quote holds
    more of its paragraph) and the question's words (``highlights``) in yellow, its
    citation under it; or the decline and ``hint``. A misspelt question says how it was
    read first."""
    if answer.read_as:
        out.print(Text(read_as(answer.read_as), style="dim"))
    if not answer.answered:
        out.print(DECLINED)
        out.print(escape(hint) + "\n")
        return
    if answer.tentative:
        out.print(Text(TENTATIVE, style="yellow"))
    for citation in answer.citations:
        quote = Text(citation.quote)
        if citation.has_context:
            quote.stylize("bold", *citation.focus_span)
        for start, end in highlights(citation.quote, answer.question):
            quote.stylize("yellow", start, end)
        source = Text("\u2014 " + citation_line(citation), style="dim")
        if citation.url:
            source.append(f"  {citation.url}", style=f"dim link {citation.url}")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="cyan", no_wrap=True)
        grid.add_column()
        grid.add_row(f"{citation.n} \u2502", quote)
        grid.add_row("", source)
        out.print(grid)
        out.print()


def _load_history(path: Path) -> None:
    """Recall earlier questions with the arrow keys (readline, where available)."""
    with contextlib.suppress(ImportError, OSError):
        import readline

        readline.set_history_length(1000)
        if path.exists():
            readline.read_history_file(path)


def _save_history(path: Path) -> None:
    """Keep the questions for next time."""
    with contextlib.suppress(ImportError, OSError):
        import readline

        path.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(path)
