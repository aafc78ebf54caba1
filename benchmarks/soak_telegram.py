"""Soak test of ``newsbot telegram``: a bounded question loop against the fake Bot API server.

Starts the fake server (tests/bot/telegram/fakeapi.py) on 127.0.0.1 and ``newsbot telegram``
as a subprocess pointed at it, then keeps ``--concurrency`` questions from ``--users`` users
in flight for ``--minutes`` (default 10) or ``--max-questions``, whichever comes first. Every
``--every`` seconds it prints throughput, update-to-reply latency percentiles, the bot's
resident memory, and any duplicate, lost or invalid reply. Not part of CI; nothing leaves
127.0.0.1.

    .venv/bin/python benchmarks/soak_telegram.py --minutes 2
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot.telegram.fakeapi import FakeBotAPI  # noqa: E402
from tests.bot.telegram.updates import private, send, user  # noqa: E402

TOKEN = "123456789:AAHsoakTOKENfor-benchmarks-only-0123456789"
NAMES = ["Blinken", "Xi", "China", "Beijing", "Ukraine", "Taiwan", "Russia", "Wang Yi"]
TOPICS = ["relations", "talks", "military", "trade", "communications", "Taiwan", "progress"]
QUESTIONS = [f"What did {a} say about {b}?" for a in NAMES for b in TOPICS if a != b]
LOST_AFTER = 30.0
"""Seconds without a reply after which a question counts as lost."""


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def soak(args: argparse.Namespace) -> int:
    api = FakeBotAPI(token=TOKEN, max_messages=20_000)
    await api.start()
    data = Path(tempfile.mkdtemp(prefix="newsbot-soak-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSBOT_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=api.base_url,
        NEWSBOT_DATA_DIR=str(data / "data"),
        NEWSBOT_USER_RATE_LIMIT="1000000",
    )
    log = (data / "bot.log").open("wb")
    newsbot = str(Path(sys.executable).with_name("newsbot"))
    proc = await asyncio.create_subprocess_exec(
        newsbot, "telegram", env=env, cwd=data, stdout=log, stderr=log
    )
    users = [user(100_000 + n, f"U{n}") for n in range(args.users)]
    pending: dict[tuple[int, int], float] = {}
    latencies: list[float] = []
    answered = asked = duplicates = lost = 0
    start = time.perf_counter()
    deadline = start + args.minutes * 60
    next_report = start + args.every
    last_answered, last_at = 0, start
    print(f"{'t (s)':>6} {'answered':>9} {'q/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'bot RSS MB':>10} {'dup':>4} {'lost':>5} {'invalid':>7}", flush=True)  # fmt: skip
    try:
        await api.wait_for(lambda: api.calls_of("getUpdates"), timeout=60)
        while time.perf_counter() < deadline and proc.returncode is None:
            while len(pending) < args.concurrency and asked < args.max_questions:
                who = users[asked % len(users)]
                text = f"{QUESTIONS[asked % len(QUESTIONS)]} #{asked}"
                message = send(api, private(who), text, sender=who)
                pending[(who["id"], message["message_id"])] = time.perf_counter()
                asked += 1
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            for sent in api.sent:
                key = (sent.message["chat"]["id"], sent.reply_to or 0)
                at = pending.pop(key, None)
                if at is None:
                    duplicates += 1
                else:
                    answered += 1
                    latencies.append((sent.at - at) * 1000)
            api.sent.clear()
            api.calls.clear()
            api.pushed_at.clear()
            api._update_messages.clear()
            for key in [k for k, at in pending.items() if now - at > LOST_AFTER]:
                del pending[key]
                lost += 1
            if asked >= args.max_questions and not pending:
                break
            if now >= next_report:
                rate = (answered - last_answered) / (now - last_at)
                print(f"{now - start:6.0f} {answered:9d} {rate:7.1f} {pct(latencies, .5):7.1f} "
                      f"{pct(latencies, .95):7.1f} {pct(latencies, .99):7.1f} "
                      f"{rss_mb(proc.pid):10.1f} {duplicates:4d} {lost:5d} "
                      f"{len(api.problems):7d}", flush=True)  # fmt: skip
                latencies.clear()
                last_answered, last_at, next_report = answered, now, now + args.every
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGINT)
            api.release()
            await asyncio.wait_for(proc.wait(), 20)
        await api.stop()
        log.close()
    elapsed = time.perf_counter() - start
    print(
        f"total: {answered} answered of {asked} asked in {elapsed:.0f} s "
        f"({answered / elapsed:.1f} q/s); duplicates {duplicates}, lost {lost}, "
        f"in flight at stop {len(pending)}, "
        f"invalid replies {len(api.problems)}; bot exit code {proc.returncode}; log {log.name}"
    )
    return 0 if not (duplicates or lost or api.problems) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--users", type=int, default=200, help="distinct users (default 200)")
    parser.add_argument("--concurrency", type=int, default=32, help="questions in flight")
    parser.add_argument("--max-questions", type=int, default=1_000_000, help="stop after N")
    parser.add_argument("--every", type=float, default=10.0, help="seconds between reports")
    return asyncio.run(soak(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
