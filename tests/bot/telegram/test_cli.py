"""`newsbot telegram` as a command: configuration errors, a real subprocess, the webhook."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.cli import main
from tests.bot.telegram.conftest import TOKEN
from tests.bot.telegram.fakeapi import FakeBotAPI
from tests.bot.telegram.updates import CHANNEL, message, private, send, user

NEWSBOT = str(Path(sys.executable).with_name("newsbot"))
SECRET = TOKEN.partition(":")[2]
Q = "What did Blinken say about China?"


@pytest.mark.parametrize(
    ("token", "expected"),
    [("", "is not set"), ("not-a-token", "malformed"), ("123:short", "malformed")],
)
def test_a_missing_or_malformed_token_is_one_line_and_exit_2(
    token: str, expected: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.chdir(Path(__file__).parent)  # no .env here
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    assert main(["telegram"]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
    assert not token or token not in err


def _env(api: FakeBotAPI, tmp_path: Path, token: str = TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=api.base_url,
        NEWSBOT_DATA_DIR=str(tmp_path / "data"),
    )
    return env


@asynccontextmanager
async def newsbot(
    api: FakeBotAPI, tmp_path: Path, *args: str, token: str = TOKEN
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``newsbot telegram ARGS`` running as a subprocess against the fake server."""
    proc = await asyncio.create_subprocess_exec(
        NEWSBOT,
        "telegram",
        *args,
        env=_env(api, tmp_path, token),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield proc
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            api.release()
            await asyncio.wait_for(proc.wait(), 10)


async def _output(proc: asyncio.subprocess.Process) -> str:
    out, err = await proc.communicate()
    return (out + err).decode()


async def test_newsbot_telegram_runs_against_the_server_and_never_prints_the_token(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    ada = user(1001)
    async with newsbot(api, tmp_path) as proc:
        await api.wait_for(lambda: api.calls_of("getUpdates"), timeout=20)
        asked = send(api, private(ada), Q, sender=ada)
        (reply,) = await api.wait_replies(ada["id"], asked["message_id"])
        send(api, CHANNEL, "Ferry strike ends\nThe ferry strike ended on Friday after talks.")
        await api.wait_for(lambda: list((tmp_path / "data" / "articles").glob("*.json")))
        about = send(api, private(ada), "When did the ferry strike end?", sender=ada)
        (learned,) = await api.wait_replies(ada["id"], about["message_id"])
        proc.send_signal(signal.SIGINT)
        api.release()
        output = await _output(proc)
    assert proc.returncode == 0
    assert "<blockquote" in reply.html and not api.problems
    assert SECRET not in output and "Learned channel post" in output
    assert "ended on Friday" in learned.message["text"]


async def test_a_token_the_server_rejects_exits_2_without_showing_it(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    other = "987654321:AAHanotherTOKENthatTheServerRefuses_xyz"
    async with newsbot(api, tmp_path, token=other) as proc:
        output = await _output(proc)
    assert proc.returncode == 2 and "rejected" in output
    assert other.partition(":")[2] not in output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_webhook_refuses_requests_without_the_secret_token(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    pytest.importorskip("tornado", reason="webhooks need python-telegram-bot[webhooks]")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    ada = user(1001)
    args = ("--webhook-url", url, "--port", str(port), "--secret-token", "s3cret-Token")
    async with newsbot(api, tmp_path, *args):
        hook = await api.wait_for(lambda: api.calls_of("setWebhook"), timeout=20)
        assert hook[0].params["secret_token"] == "s3cret-Token"
        asked = message(api, private(ada), Q, sender=ada)
        api._remember(asked)
        body = json.dumps({"update_id": 1, "message": asked})
        headers = {"Content-Type": "application/json"}
        async with aiohttp.ClientSession() as http:
            for _ in range(100):  # the server starts listening just after setWebhook
                try:
                    async with http.post(url, data=body, headers=headers) as refused:
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            assert refused.status == 403
            headers["X-Telegram-Bot-Api-Secret-Token"] = "s3cret-Token"
            async with http.post(url, data=body, headers=headers) as accepted:
                assert accepted.status == 200
        (reply,) = await api.wait_replies(ada["id"], asked["message_id"])
    assert "<blockquote" in reply.html
