"""The interactive console, driven through a pseudo-terminal as a person would."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pexpect
import pytest

from bot.console import Console
from bot.settings import Settings
from retrieval import Engine, bundled_corpus_path, load_corpus


@pytest.fixture
def console(tmp_path: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env.update({"NEWSBOT_DATA_DIR": str(tmp_path), "TERM": "dumb", "COLUMNS": "120"})
    child = pexpect.spawn(
        sys.executable, ["-m", "bot.cli", "console"], env=env, encoding="utf-8", timeout=20
    )
    child.expect("article loaded")
    yield child
    child.terminate(force=True)


def test_console_answers_with_a_cited_quote(console: pexpect.spawn) -> None:
    console.sendline("How long did Blinken and Xi meet?")
    console.expect("35 minutes")
    console.expect("paragraph 1")


def test_console_says_how_it_read_a_misspelt_question(console: pexpect.spawn) -> None:
    console.sendline("how long did blinkn and xi meet")
    console.expect("Read as .how long did blinken and xi meet")
    console.expect("35 minutes")


def test_console_says_when_the_quotes_only_come_closest(console: pexpect.spawn) -> None:
    console.sendline("Which upcoming poll season forms the backdrop to the anti-China mood?")
    console.expect("may not answer this exactly")
    console.expect("2024 presidential campaign season")


def test_console_lists_sources(console: pexpect.spawn) -> None:
    console.sendline("/sources")
    console.expect("20 paragraphs")


def test_console_shows_help(console: pexpect.spawn) -> None:
    console.sendline("/help")
    console.expect("/quit")


def test_console_declines_kindly(console: pexpect.spawn) -> None:
    console.sendline("What is the capital of France?")
    console.expect("couldn't find")
    console.expect("You could ask")


def test_console_quits_and_keeps_history(console: pexpect.spawn, tmp_path: Path) -> None:
    console.sendline("Who is Wang Yi?")
    console.expect("top diplomat")
    console.sendline("/quit")
    console.expect(pexpect.EOF)
    assert "Who is Wang Yi?" in (tmp_path / "console_history").read_text()


def test_ask_on_a_terminal_shows_the_sentences_that_answer_in_bold(tmp_path: Path) -> None:
    story = tmp_path / "record.txt"
    story.write_text(
        "Arata targets record\n\nKenji Arata will chase the indoor two-mile world record "
        "next month. Organisers said tickets had sold well. The programme also features "
        "sprinters and a relay.\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "NO_COLOR"))}
    env.update({"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm", "COLUMNS": "200"})
    env["FORCE_COLOR"] = "1"
    args = [
        "-m",
        "bot.cli",
        "ask",
        "--corpus",
        str(story),
        "--no-bundled",
        "What is Arata chasing?",
    ]
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    output = child.before
    assert "\x1b[1m" in output  # bold: the sentence that answers, within its paragraph
    assert "Organisers said tickets had sold well." in output
    assert "paragraph 1" in output


def test_the_console_loads_the_dictionary_while_the_reader_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(load_corpus(bundled_corpus_path()).articles)
    warmed = threading.Event()
    monkeypatch.setattr(engine, "warm_up", warmed.set)
    monkeypatch.setattr("builtins.input", _end_of_input)
    settings = Settings(_env_file=None, newsbot_data_dir=tmp_path)  # type: ignore[call-arg]
    Console(engine, settings).run()
    assert warmed.wait(5)


def _end_of_input(prompt: str = "") -> str:
    raise EOFError
