"""The ``newsbot`` command line, run as a subprocess the way users run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.messages import TENTATIVE
from retrieval import load_corpus
from tests.conftest import GOLDEN


def newsbot(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``newsbot`` with an isolated data dir; capture its output."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "TELEGRAM_"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def data_env(tmp_path: Path) -> dict[str, str]:
    return {"NEWSBOT_DATA_DIR": str(tmp_path / "data")}


def test_ask_quotes_the_answer_with_its_citation(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "How long did Blinken and Xi meet?", env=data_env)
    assert result.returncode == 0, result.stderr
    assert "35 minutes" in result.stdout
    assert "paragraph 1" in result.stdout


def test_console_reads_piped_questions_line_by_line(data_env: dict[str, str]) -> None:
    result = newsbot(
        "console", stdin="How long did Blinken and Xi meet?\n\nWho is Wang Yi?\n", env=data_env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("35 minutes") < result.stdout.index("top diplomat")


def test_ask_json_prints_exactly_the_answer_model(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "--json", "Who is Wang Yi?", env=data_env)
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "answered", "citations", "read_as", "tentative"}
    assert set(answer["citations"][0]) == {
        "n",
        "quote",
        "article_id",
        "title",
        "url",
        "published",
        "paragraph",
        "score",
        "also_in",
        "focus",
    }


def test_ask_without_question_answers_each_stdin_line_in_order(data_env: dict[str, str]) -> None:
    questions = [
        "Who is Wang Yi?",
        "  ",
        "What is the capital of France?",
        "Where did Xi and Biden meet?",
    ]
    result = newsbot("ask", "--json", stdin="\n".join(questions), env=data_env)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["question"] for a in answers] == [q for q in questions if q.strip()]
    assert [a["answered"] for a in answers] == [True, False, True]


def test_top_k_limits_the_quotes(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "--json", "--top-k", "1", "What did Blinken say?", env=data_env)
    assert len(json.loads(result.stdout)["citations"]) == 1


def test_declined_question_says_so_and_suggests_questions(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "What is the capital of France?", env=data_env)
    assert result.returncode == 0
    assert "couldn't find" in result.stdout
    assert "You could ask" in result.stdout


def test_sources_lists_the_corpus_and_then_the_bundled_article(data_env: dict[str, str]) -> None:
    result = newsbot("sources", "--corpus", str(GOLDEN), env=data_env)
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert any(line.startswith("wildfire\tWildfire forces evacuations") for line in lines)
    assert lines[-1].startswith("blinken-xi-beijing\t")


@pytest.mark.parametrize("words", ["0", "15"], ids=["sentences-alone", "fifteen-words"])
def test_the_context_words_setting_bounds_every_quote(data_env: dict[str, str], words: str) -> None:
    env = {**data_env, "NEWSBOT_CONTEXT_WORDS": words}
    result = newsbot("ask", "--json", "What did Blinken say about Taiwan?", env=env)
    citations = json.loads(result.stdout)["citations"]
    assert citations
    for citation in citations:
        start, end = citation["focus"]
        focus_words = len(citation["quote"][start:end].split())
        assert len(citation["quote"].split()) <= max(int(words), focus_words)
        if words == "0":
            assert (start, end) == (0, len(citation["quote"]))


def test_no_bundled_searches_the_corpus_alone(data_env: dict[str, str]) -> None:
    result = newsbot("sources", "--corpus", str(GOLDEN), "--no-bundled", env=data_env)
    assert len(result.stdout.splitlines()) == 6


def test_corpus_can_come_from_the_environment(data_env: dict[str, str]) -> None:
    env = {**data_env, "NEWSBOT_CORPUS": str(GOLDEN), "NEWSBOT_BUNDLED": "false"}
    result = newsbot("sources", env=env)
    assert len(result.stdout.splitlines()) == 6


def test_questions_about_the_bundled_article_are_answered_over_another_corpus(
    data_env: dict[str, str],
) -> None:
    result = newsbot(
        "ask", "--corpus", str(GOLDEN), "How long did Blinken and Xi meet?", env=data_env
    )
    assert result.returncode == 0
    assert "35 minutes" in result.stdout


@pytest.mark.parametrize("command", ["console", "ask", "sources", "eval"])
def test_every_command_has_help(command: str) -> None:
    result = newsbot(command, "--help")
    assert result.returncode == 0
    assert "--corpus" in result.stdout


def test_missing_corpus_is_a_usage_error_naming_it(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "--corpus", "/no/such/place", "Who?", env=data_env)
    assert result.returncode == 2
    assert "/no/such/place" in result.stderr
    assert "Traceback" not in result.stderr


def test_empty_question_is_a_usage_error(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "   ", env=data_env)
    assert result.returncode == 2
    assert "empty" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert newsbot("ask", "--nope").returncode == 2


def test_empty_corpus_is_a_clear_failure(tmp_path: Path, data_env: dict[str, str]) -> None:
    result = newsbot("ask", "--corpus", str(tmp_path), "Who?", env=data_env)
    assert result.returncode == 1
    assert "no articles" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_file_is_warned_about_and_the_rest_answers(
    tmp_path: Path, data_env: dict[str, str]
) -> None:
    (tmp_path / "good.txt").write_text("Bridge vote\n\nThe council approved the harbor bridge.")
    (tmp_path / "bad.json").write_text("{oops")
    result = newsbot(
        "ask", "--corpus", str(tmp_path), "Did the council approve the bridge?", env=data_env
    )
    assert result.returncode == 0
    assert "bad.json" in result.stderr and "malformed JSON" in result.stderr
    assert "approved the harbor bridge" in result.stdout


def test_huge_question_is_refused_within_a_second(data_env: dict[str, str]) -> None:
    started = time.perf_counter()
    result = newsbot("ask", stdin="x" * 100_000 + "\n", env=data_env)
    assert "too long" in result.stderr
    assert time.perf_counter() - started < 5  # start-up included; the refusal itself is instant


def test_eval_reports_the_metrics(data_env: dict[str, str]) -> None:
    qa = str(Path(__file__).parents[1] / "data" / "eval" / "blinken-plain.jsonl")
    result = newsbot("eval", qa, "--json", env=data_env)
    report = json.loads(result.stdout)
    assert report["answerable"] == 30
    assert report["in_top3"] >= 0.9


def test_eval_lists_a_failed_follow_up_with_the_questions_before_it(
    data_env: dict[str, str], tmp_path: Path
) -> None:
    qa = tmp_path / "qa.jsonl"
    line = {
        "question": "and what did she eat?",
        "expect": ["dumplings"],
        "history": ["Who is Nikki Haley?"],
    }
    qa.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = newsbot("eval", str(qa), env=data_env)
    assert "and what did she eat? (after: Who is Nikki Haley?)" in result.stdout


def test_eval_over_another_corpus_says_how_many_articles_it_searched(
    data_env: dict[str, str],
) -> None:
    qa = str(Path(__file__).parents[1] / "data" / "eval" / "blinken-plain.jsonl")
    result = newsbot("eval", qa, "--corpus", str(GOLDEN), env=data_env)
    first = result.stdout.splitlines()[0]
    golden = len(load_corpus(GOLDEN).articles)
    assert first == f"articles searched: {golden + 1}"
    assert "answer in top 3:     100.0%" in result.stdout


def test_hostile_lines_each_get_an_answer_or_a_clear_refusal(data_env: dict[str, str]) -> None:
    lines = [
        "How long\x07 did Blinken and Xi meet?",
        "<b>Who</b> is Wang Yi? &amp; </blockquote>",
        "\u202eWho is Wang Yi?\u202c \U0001f914",
        "*_[ what is it",
        "Сколько длилась встреча?",
        "x" * 100_000,
    ]
    result = newsbot("ask", "--json", stdin="\n".join(lines), env=data_env)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 5
    assert [a["answered"] for a in answers] == [True, True, True, False, False]
    assert "too long" in result.stderr
    assert "Traceback" not in result.stderr


def test_decline_threshold_comes_from_the_environment(data_env: dict[str, str]) -> None:
    question = "Which dessert did Blinken eat at the meeting?"
    default = newsbot("ask", "--json", question, env=data_env).stdout
    lenient = newsbot(
        "ask", "--json", question, env={**data_env, "NEWSBOT_MIN_COVERAGE": "0.05"}
    ).stdout
    sure = [(a["answered"] and not a["tentative"]) for a in map(json.loads, (default, lenient))]
    assert sure == [False, True]


def test_an_index_built_for_a_corpus_is_reused_and_leaves_the_bot_s_own_alone(
    data_env: dict[str, str], tmp_path: Path
) -> None:
    built = newsbot("index", "build", "--corpus", str(GOLDEN), env=data_env)
    (folder,) = (tmp_path / "data" / "indexes").iterdir()
    written = (folder / "manifest.json").stat().st_mtime_ns
    asked = newsbot("ask", "--corpus", str(GOLDEN), "Who won the chess final?", env=data_env)
    assert built.returncode == 0, built.stderr
    assert asked.returncode == 0, asked.stderr
    assert (folder / "manifest.json").stat().st_mtime_ns == written
    assert not (tmp_path / "data" / "index").exists()


def test_eval_with_typos_asks_each_question_with_a_slip(data_env: dict[str, str]) -> None:
    qa = str(Path(__file__).parents[1] / "data" / "eval" / "blinken-plain.jsonl")
    result = newsbot("eval", qa, "--typos", "1", "--json", env=data_env)
    report = json.loads(result.stdout)
    assert report["answerable"] == 30
    assert report["in_top3"] >= 0.8


def test_ask_says_how_it_read_a_misspelt_question(data_env: dict[str, str]) -> None:
    result = newsbot("ask", "how long did blinkn and xi meet", env=data_env)
    assert (
        result.stdout.splitlines()[0] == "(Read as \u201chow long did blinken and xi meet\u201d.)"
    )
    assert "35 minutes" in result.stdout


def test_ask_says_when_the_quotes_only_come_closest(data_env: dict[str, str]) -> None:
    question = "Which upcoming poll season forms the backdrop to the anti-China mood?"
    result = newsbot("ask", question, env=data_env)
    assert result.stdout.splitlines()[0] == TENTATIVE
    assert "2024 presidential campaign season" in result.stdout
