"""`newsbot add`: pages, feeds, files and archives from the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.progress import progress_bar
from tests.retrieval.web_server import WEB_DATA, LocalWeb, web

__all__ = ["web"]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An isolated data dir, private URLs allowed (the test server is on 127.0.0.1)."""
    for key in list(os.environ):
        if key.startswith(("NEWSBOT_", "TELEGRAM_")):
            monkeypatch.delenv(key)
    values = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ALLOW_PRIVATE_URLS": "1"}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    return values


def test_add_a_page_then_again(
    web: LocalWeb, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = web.url("/pages/harbour-bridge.html")
    assert main(["add", url]) == 0
    out = capsys.readouterr().out
    assert "added\tharbourgazette.example-harbour-bridge-reopens-" in out
    assert "Harbour Bridge reopens after two-year repair (The Harbour Gazette)" in out
    assert out.endswith(f"{url}: 1 article added, 0 skipped\n")
    assert main(["add", url]) == 0
    assert "already added" in capsys.readouterr().out


def test_add_a_feed_reports_items_it_skipped(
    web: LocalWeb, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "-q", web.url("/feed.rss")]) == 0
    assert capsys.readouterr().out == f"{web.url('/feed.rss')}: 2 articles added, 2 skipped\n"


def test_hostile_urls_fail_with_a_message_and_add_nothing(
    web: LocalWeb, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", web.url("/loop-a"), web.url("/wrong-type")]) == 1
    err = capsys.readouterr().err
    assert "redirect loop" in err and "refused content type image/png" in err
    assert not (Path(env["NEWSBOT_DATA_DIR"]) / "articles").exists() or not list(
        (Path(env["NEWSBOT_DATA_DIR"]) / "articles").glob("*.json")
    )


def test_private_urls_need_the_setting(
    web: LocalWeb,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEWSBOT_ALLOW_PRIVATE_URLS", "0")
    assert main(["add", web.url("/pages/harbour-bridge.html")]) == 1
    assert "NEWSBOT_ALLOW_PRIVATE_URLS=1" in capsys.readouterr().err


def test_usage_errors(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add"]) == 2
    assert "nothing to add" in capsys.readouterr().err
    assert main(["add", "--feeds"]) == 2
    assert "NEWSBOT_FEEDS" in capsys.readouterr().err
    assert main(["add", "missing.txt"]) == 2
    assert "not a file nor an http(s) URL: missing.txt" in capsys.readouterr().err


def test_add_configured_feeds(
    web: LocalWeb,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEWSBOT_FEEDS", f"{web.url('/feed.atom')}, {web.url('/feed.rss')}")
    assert main(["add", "-q", "--feeds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{web.url('/feed.atom')}: 2 articles added, 0 skipped",
        f"{web.url('/feed.rss')}: 2 articles added, 2 skipped",
    ]


def test_add_an_archive_with_a_bad_line(
    tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive.jsonl"
    records = [
        json.dumps({"title": f"Story {i}", "text": f"Tide number {i} was high."}) for i in range(5)
    ]
    archive.write_text("\n".join([*records[:2], "[1, 2", *records[2:]]) + "\n", encoding="utf-8")
    assert main(["add", str(archive)]) == 0
    out = capsys.readouterr().out
    assert f"skipped\t{archive}:3\tmalformed JSON" in out
    assert out.endswith("5 articles added, 1 skipped\n")


def test_sources_show_added_articles_with_their_origin(
    web: LocalWeb, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "-q", web.url("/feed.atom")]) == 0
    capsys.readouterr()
    assert main(["sources"]) == 0
    lines = capsys.readouterr().out.splitlines()
    school = next(line for line in lines if "School year" in line).split("\t")
    assert school[3:] == ["The Harbour Gazette", web.url("/feed.atom")]


def test_ask_answers_from_added_pages_with_body_quotes_only(
    web: LocalWeb, env: dict[str, str]
) -> None:
    """The acceptance path, as users run it: add, then ask in a new process."""
    assert main(["add", "-q", web.url("/pages/harbour-bridge.html"), web.url("/feed.rss")]) == 0
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    run_env.update(env)
    questions = "How often will the night ferry run?\nIs the bridge haunted?\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json"],
        input=questions,
        capture_output=True,
        text=True,
        env=run_env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
        check=True,
    )
    ferry, haunted = (json.loads(line) for line in result.stdout.splitlines())
    assert "every forty minutes" in ferry["citations"][0]["quote"]
    assert all("haunted" not in c["quote"] for c in haunted["citations"])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_only_on_a_terminal_and_only_for_big_loads() -> None:
    with progress_bar("Loading", io.StringIO()) as bar:
        assert bar is None
    terminal = _Terminal()
    with progress_bar("Loading", terminal) as bar:
        assert bar is not None
        bar(10, 100)  # small: nothing drawn
        assert terminal.getvalue() == ""
        bar(1_000_000, 4_000_000)
        bar(4_000_000, 4_000_000)
    assert terminal.getvalue() != ""


def test_feed_files_on_disk_are_read(
    tmp_path: Path, web: LocalWeb, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "gazette.atom"
    saved.write_bytes((WEB_DATA / "feed.atom").read_bytes().replace(b"{{BASE}}", web.base.encode()))
    assert main(["add", "-q", str(saved)]) == 0
    assert capsys.readouterr().out == f"{saved}: 2 articles added, 0 skipped\n"
