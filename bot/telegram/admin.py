"""Admins add articles: ``/add URL``, a forwarded message, an uploaded document.

The blocking work (fetching, storing) runs in a thread; what was stored is made
searchable at once. A target that cannot be used raises a ``NewsbotError`` before
anything is stored, and the admin is told why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import (
    Message,
    MessageOrigin,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import delivery, render, triggers
from bot.telegram.state import BotState, state
from retrieval import NewsbotError

if TYPE_CHECKING:
    from retrieval import AddReport

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

NOT_ADMIN = "Sorry, only the bot's admins can add articles. You can still ask me questions!"
ADD_USAGE = (
    "To add articles, send <code>/add URL</code> (a web page or an RSS/Atom feed), "
    "forward me a message, or send me a .txt, .md or .html file."
)
NOT_A_URL = "Please give a web address starting with http:// or https://."
NOT_ADDED = "Could not add it: {reason}\nNothing was added."
NO_DOWNLOAD = "Could not download that file from Telegram; please try again."
REPORT_LINES = 30
"""Added and skipped items listed in a reply at most (the rest counted)."""


async def add_command(update: Update, context: Context) -> None:
    """``/add URL``: add a web page, or what is new in a feed (admins only)."""
    message = _message(update)
    st = state(context)
    if not await _admin_only(st, message):
        return
    target = triggers.command_args(message.text or "", "add", context.bot.username) or ""
    if not target:
        await _reply(message, ADD_USAGE)
        return
    if not target.lower().startswith(("http://", "https://")):
        # add_source also reads local files: never offer the server's disk over Telegram.
        await _reply(message, render.escape(NOT_A_URL))
        return
    from retrieval import add_source

    await _typing(message)
    await _add(st, message, add_source, target, st.store, st.add_options)


async def forwarded(update: Update, context: Context) -> None:
    """A message an admin forwards in private becomes an article, named after its source."""
    message = _message(update)
    st = state(context)
    if not st.is_admin(triggers.person_id(message)):
        return
    text = message.text or message.caption or ""
    origin = message.forward_origin
    name = forward_name(origin)
    from retrieval import add_text

    def run() -> AddReport:
        return add_text(
            text,
            st.store,
            origin=f"forwarded from {name}" if name else "forwarded message",
            url=forward_url(origin),
            published=origin.date.isoformat() if origin else None,
            source=forward_source(origin),
        )

    await _add(st, message, run)


async def document(update: Update, context: Context) -> None:
    """An uploaded .txt, .md or .html file becomes an article (admins only, private chats)."""
    message = _message(update)
    st = state(context)
    if not await _admin_only(st, message):
        return
    upload = message.document
    if upload is None:
        return
    from retrieval import DOCUMENT_SUFFIXES, add_document

    name = Path(upload.file_name or "document.txt").name or "document.txt"
    limit = st.add_options.fetch.max_bytes
    if Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        await _refuse(message, f"{name}: send a .txt, .md or .html file")
        return
    if upload.file_size is not None and upload.file_size > limit:
        await _refuse(message, f"{name}: too large ({upload.file_size:,} bytes, limit {limit:,})")
        return
    await _typing(message)
    try:
        file = await upload.get_file()
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("Could not download a document: %s", exc.message)
        await _reply(message, render.escape(NO_DOWNLOAD))
        return
    await _add(
        st, message, add_document, name, data, st.store, st.add_options, origin=f"document {name}"
    )


def forward_name(origin: MessageOrigin | None) -> str | None:
    """Who a forwarded message comes from, when Telegram says."""
    if isinstance(origin, MessageOriginChannel):
        chat = origin.chat
        return chat.title or (f"@{chat.username}" if chat.username else None)
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or origin.sender_chat.username
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    return None


def forward_source(origin: MessageOrigin | None) -> str | None:
    """The outlet of a forwarded post: its channel or group."""
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.title or origin.chat.username
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or origin.sender_chat.username
    return None


def forward_url(origin: MessageOrigin | None) -> str | None:
    """The public link of a forwarded channel post, when the channel has a username."""
    if isinstance(origin, MessageOriginChannel) and origin.chat.username:
        return f"https://t.me/{origin.chat.username}/{origin.message_id}"
    return None


def report_messages(report: AddReport) -> list[str]:
    """What an add did, in HTML: the titles added, what was skipped and why."""
    added, skipped = report.added, report.skipped
    if added:
        head = f"\u2705 <b>Added {len(added)} article{'s' if len(added) != 1 else ''}</b>"
    else:
        head = "<b>Nothing new was added.</b>"
    lines = [head]
    for article in added[:REPORT_LINES]:
        outlet = f" \u2014 <i>{render.escape(article.source)}</i>" if article.source else ""
        lines.append(f"\u2022 {render.link(render.clip(article.title, 200), article.url)}{outlet}")
    if skipped:
        lines.append(f"<b>Skipped {len(skipped)}:</b>")
        lines += [
            f"\u2022 {render.escape(render.clip(f'{p.origin}: {p.reason}', 400))}"
            for p in skipped[:REPORT_LINES]
        ]
    hidden = max(len(added) - REPORT_LINES, 0) + max(len(skipped) - REPORT_LINES, 0)
    return render.listing(lines, hidden, max_messages=2)


async def _add(
    st: BotState, message: Message, work: Callable[..., AddReport], *args: Any, **kw: Any
) -> None:
    """Run a blocking add in a thread, make what it stored searchable, and report."""
    try:
        report = await asyncio.to_thread(work, *args, **kw)
    except NewsbotError as exc:
        await _refuse(message, str(exc))
        return
    learned = st.learn(report.added)
    logger.info("Admin add: %s (%d searchable)", report.summary(), len(learned))
    for page in report_messages(report):
        await _reply(message, page)


async def _admin_only(st: BotState, message: Message) -> bool:
    """Whether the sender is an admin; a polite refusal otherwise."""
    if st.is_admin(triggers.person_id(message)):
        return True
    await _reply(message, render.escape(NOT_ADMIN))
    return False


async def _refuse(message: Message, reason: str) -> None:
    await _reply(message, render.escape(NOT_ADDED.format(reason=reason)))


async def _typing(message: Message) -> None:
    """Show "typing…" while fetching (best effort)."""
    with suppress(TelegramError):
        await message.chat.send_action(ChatAction.TYPING)


async def _reply(message: Message, html: str) -> None:
    await delivery.send(message, html)


def _message(update: Update) -> Message:
    message = update.effective_message
    assert message is not None
    return message
