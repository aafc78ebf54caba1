"""The interactive console, driven through a pseudo-terminal as a person would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest


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
