"""Sending the bot's messages through Telegram's weather: each at most once, faults in one line.

The policy (``README.md ("Reliability")``):

* **429** (flood control): ``AIORateLimiter`` waits the ``retry_after`` Telegram asks and
  retries (``app.MAX_RETRIES``); still refused, the message is dropped with one line.
* **Retried here**, ``SEND_ATTEMPTS`` in all with a short back-off, only when the failure
  proves Telegram did not accept the message: the connection could not be made (refused,
  connect timeout), no pooled connection was free (the request never left), or the Bot API
  answered with a 5xx status.
* **Never retried**: a read or write timeout, or a connection dropped after the request was
  sent. Telegram may have accepted the message and the Bot API cannot be asked whether it
  did, so a retry could post the same answer twice. The answer is logged as possibly lost.
* **"message to be replied not found"**: nothing was sent; sent again without the reply.
* **Group migrated to a supergroup**: sent again to the new chat id (without the reply:
  message ids differ there); the move is remembered for later messages and the allow-list.
* **403** (the user blocked the bot, the bot was removed): one line, nothing else.
* **Any other 400**: a message Telegram refuses is a bug of ours: one line, not retried.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from telegram import InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.telegram import journal
from retrieval import write_atomic

logger = logging.getLogger(__name__)

SEND_ATTEMPTS = 3
"""Attempts to send one message when the failures prove it was not accepted."""
BACKOFF = 0.5
"""Seconds before the first retry; doubled before each next one."""
MAX_MOVES = 1024
"""Group-to-supergroup migrations remembered at most."""
NOT_ACCEPTED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Transport errors raised before the request reached the server."""
REPLY_GONE = ("message to be replied not found", "replied message not found")

_moves: OrderedDict[int, int] = OrderedDict()
_moves_path: list[Path] = []
"""Where migrations are kept (``NEWSBOT_DATA_DIR/telegram/migrations.json``), once set."""


def moved(chat_id: int, new_chat_id: int) -> None:
    """Remember that a group became a supergroup (Telegram gives the new id), on disk too."""
    if _moves.get(chat_id) == new_chat_id:
        return
    _moves[chat_id] = new_chat_id
    _moves.move_to_end(chat_id)
    while len(_moves) > MAX_MOVES:
        _moves.popitem(last=False)
    if _moves_path:
        try:
            _save_moves(_moves_path[0])
        except OSError as exc:
            logger.error("Could not save the group migrations: %s", exc)


def keep_moves_in(path: Path) -> None:
    """Keep migrations in ``path`` (JSON, written atomically): load what it holds."""
    _moves_path[:] = [path]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        logger.error("Cannot read the group migrations %s: %s", path, exc)
        return
    if isinstance(data, dict):
        for old, new in data.items():
            try:
                _moves[int(old)] = int(new)
            except (TypeError, ValueError):
                continue
    while len(_moves) > MAX_MOVES:
        _moves.popitem(last=False)


def _save_moves(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({str(old): new for old, new in _moves.items()}).encode("utf-8")
    write_atomic(path, data, prefix=".tmp-migrations-")


def forget_moves() -> None:
    """Forget every migration, and where they were kept (tests)."""
    _moves.clear()
    _moves_path.clear()


def moved_to(chat_id: int) -> int | None:
    """The supergroup a group became, if known."""
    return _moves.get(chat_id)


def moved_from(chat_id: int) -> list[int]:
    """The groups that became this supergroup."""
    return [old for old, new in _moves.items() if new == chat_id]


def not_accepted(error: BaseException) -> bool:
    """Whether a failed request provably left nothing on Telegram's side (safe to retry)."""
    if isinstance(error, RetryAfter | ChatMigrated | BadRequest | Forbidden):
        return False
    if not isinstance(error, NetworkError):
        return False
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout)
    if cause is None or isinstance(cause, TelegramError):
        return True  # an HTTP 5xx reply (its body JSON, or not)
    return isinstance(cause, NOT_ACCEPTED)


def describe(error: BaseException) -> str:
    """One line saying what went wrong (no traceback, no URL, so no token)."""
    if isinstance(error, RetryAfter):
        return f"flood control: {error.message}"
    if isinstance(error, ChatMigrated):
        return f"the group became supergroup {error.new_chat_id}"
    if isinstance(error, TimedOut):
        cause = error.__cause__
        return f"timed out ({type(cause).__name__ if cause else 'no reply in time'})"
    if isinstance(error, TelegramError):
        text = " ".join(error.message.split())
        return f"{type(error).__name__}: {text}"[:300]
    return f"{type(error).__name__}: {' '.join(str(error).split())}"[:300]


async def send(
    message: Message, html: str, markup: InlineKeyboardMarkup | None = None, quote: bool = True
) -> Message | None:
    """Reply to ``message`` (quoting it, in its topic) with HTML; None when not delivered.

    Each message sent (or given up on) is recorded in the update journal; when an update is
    handled again after a crash, the messages it already sent are not sent again.
    """
    progress = journal.current.get()
    if progress is not None and progress.already_sent():
        logger.info("Chat %s: message sent before a restart; not sent again", message.chat_id)
        return None
    sent = await _send(message, html, markup, quote)
    if progress is not None:
        try:
            progress.sent()
        except OSError as exc:
            logger.error("Could not journal a sent message: %s", exc)
    return sent


async def _send(
    message: Message, html: str, markup: InlineKeyboardMarkup | None, quote: bool
) -> Message | None:
    target: int | None = moved_to(message.chat_id)
    if target is not None:
        quote = False
    attempt = 1
    for _ in range(SEND_ATTEMPTS + 3):  # retries, plus a reply fallback and a migration or two
        where = target if target is not None else message.chat_id
        try:
            if target is not None:
                return await message.get_bot().send_message(target, html, reply_markup=markup)
            return await message.reply_text(html, do_quote=quote, reply_markup=markup)
        except ChatMigrated as exc:
            moved(message.chat_id, exc.new_chat_id)
            logger.warning(
                "Chat %s became supergroup %s; sending there instead", where, exc.new_chat_id
            )
            if target == exc.new_chat_id:
                return None
            target, quote = exc.new_chat_id, False
        except BadRequest as exc:
            if quote and any(gone in exc.message.lower() for gone in REPLY_GONE):
                logger.warning(
                    "Chat %s: the message to reply to is gone; sending without the reply", where
                )
                quote = False
                continue
            logger.error("Chat %s: Telegram refused a message: %s", where, describe(exc))
            return None
        except Forbidden as exc:
            logger.info("Chat %s: not allowed to write there (%s); dropped", where, exc.message)
            return None
        except RetryAfter as exc:
            logger.warning(
                "Chat %s: still refused after retries (%s); dropped", where, describe(exc)
            )
            return None
        except NetworkError as exc:
            if not not_accepted(exc):
                logger.warning(
                    "Chat %s: sending failed after the request went out (%s); not retried: "
                    "it may have arrived, and a retry could send it twice",
                    where,
                    describe(exc),
                )
                return None
            if attempt >= SEND_ATTEMPTS:
                logger.warning(
                    "Chat %s: sending failed %d times (%s); dropped", where, attempt, describe(exc)
                )
                return None
            pause = BACKOFF * 2 ** (attempt - 1)
            logger.warning(
                "Chat %s: sending failed before delivery (%s); retry %d of %d in %.1f s",
                where,
                describe(exc),
                attempt,
                SEND_ATTEMPTS - 1,
                pause,
            )
            attempt += 1
            await asyncio.sleep(pause)
    return None


async def best_effort(what: str, call: Callable[[], Awaitable[object]]) -> None:
    """Run a Bot API call whose failure changes nothing ("typing…"): one line if it fails."""
    try:
        await call()
    except TelegramError as exc:
        logger.info("%s failed: %s", what, describe(exc))
