"""The package boundaries DEVELOPERS.md promises."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_retrieval_does_not_import_telegram() -> None:
    assert not any(m.split(".")[0] == "telegram" for m in _modules_after("import retrieval"))


@pytest.mark.parametrize("heavy", ["trafilatura", "feedparser", "httpx", "rich", "scipy", "numba"])
def test_importing_retrieval_does_not_import_heavy_libraries(heavy: str) -> None:
    assert heavy not in _modules_after("import retrieval")


def test_the_cli_does_not_import_telegram_until_asked() -> None:
    assert "telegram" not in _modules_after("import bot.cli")


def test_retrieval_sources_never_mention_telegram_imports() -> None:
    for path in (ROOT / "retrieval").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import telegram" not in text and "from telegram" not in text, path


def test_retrieval_reads_no_environment() -> None:
    for path in (ROOT / "retrieval").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "os.environ" not in text and "getenv" not in text, path


def test_wheel_ships_the_bundled_article(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("newsbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "retrieval/data/articles/blinken-xi-beijing.txt" in names
    assert "bot/cli.py" in names


def test_bot_uses_only_the_public_api_of_retrieval() -> None:
    for path in (ROOT / "bot").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from retrieval." not in text and "import retrieval." not in text, path
