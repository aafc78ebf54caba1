"""The Application: every handler wired in one place, and running it (polling or webhook)."""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.settings import Settings
from bot.telegram import admin, feeds, handlers, journal
from bot.telegram.channels import StoringQueue
from bot.telegram.logsafe import configure_logging, protect, redact
from bot.telegram.state import KEY, BotState, make_state
from retrieval import Engine

logger = logging.getLogger(__name__)
MAX_TRIES = 3
"""Restarts an unfinished update is handled again before it is dropped (a poison update)."""

App = Application[Any, Any, Any, Any, Any, Any]

ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CHANNEL_POST,
    Update.EDITED_CHANNEL_POST,
    Update.INLINE_QUERY,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]
"""The updates the bot asks Telegram for."""
MAX_RETRIES = 5
"""Retries of a request refused with 429 (RetryAfter is honoured before each)."""
CONCURRENT_UPDATES = 16
"""Updates handled at once: enough to overlap network waits, few enough to keep httpx fast."""
COMMANDS = [
    BotCommand("ask", "Ask a question about the news"),
    BotCommand("sources", "List the articles I know"),
    BotCommand("help", "How to ask me"),
    BotCommand("start", "Welcome and example questions"),
]


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates, and where we listen for them."""

    url: str
    listen: str = "127.0.0.1"
    port: int = 8080
    secret_token: str | None = None


class PollingRequest(HTTPXRequest):
    """The connection ``getUpdates`` uses; a poll that times out is logged in one line.

    Other polling faults reach the error handler; a timeout does not (python-telegram-bot
    polls again at once, saying so only at DEBUG). No update is lost: Telegram hands out
    again whatever was not confirmed by the next poll's offset.
    """

    def __init__(self, timeout: float | None = None) -> None:
        if timeout is None:
            super().__init__(connection_pool_size=1)
        else:
            super().__init__(
                connection_pool_size=1,
                read_timeout=timeout,
                write_timeout=timeout,
                connect_timeout=timeout,
            )

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """The request; a timeout logged, then raised as before."""
        try:
            return await super().do_request(*args, **kwargs)
        except TimedOut as exc:
            logger.warning("Polling for updates timed out (%s); polling again", _cause(exc))
            raise


class JournalingApplication(Application[Any, Any, Any, Any, Any, Any]):
    """The Application, recording each update in the journal once every handler has run.

    Recorded after the reply was delivered (or refused, or deliberately not sent, or the
    error handler apologised), so an update Telegram delivers again after a crash is not
    answered twice; an update cut short by a crash is not recorded, and is handled again.
    """

    async def process_update(self, update: object) -> None:
        """Run the handlers (messages sent before a crash are skipped), then record it done."""
        st: BotState | None = self.bot_data.get(KEY)
        if not isinstance(update, Update) or st is None:
            await super().process_update(update)
            return
        token = journal.current.set(st.journal.progress(update.update_id))
        try:
            await super().process_update(update)
        finally:
            journal.current.reset(token)
        try:
            st.journal.done(update.update_id)
        except OSError as exc:
            logger.error("Could not journal update %s: %s", update.update_id, exc)


def _cause(error: BaseException) -> str:
    return type(error.__cause__).__name__ if error.__cause__ else "no reply in time"


def file_url(base_url: str) -> str:
    """The file-download base matching an API base (``…/bot`` becomes ``…/file/bot``)."""
    head, sep, _ = base_url.rpartition("/bot")
    return f"{head}/file/bot" if sep else base_url


def build_application(
    settings: Settings,
    engine: Engine,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    timeout: float | None = None,
) -> App:
    """The bot: Defaults(parse_mode=HTML), AIORateLimiter, concurrent updates, all handlers.

    ``timeout`` overrides python-telegram-bot's network timeouts (5 s; tests use less).
    Updates are journaled, and channel posts stored, as they are received
    (``StoringQueue``); updates are recorded as done once handled (``JournalingApplication``).
    """
    assert settings.telegram_bot_token is not None
    protect(settings.telegram_bot_token.get_secret_value())
    st = make_state(settings, engine)
    base_url = settings.telegram_api_base_url
    builder = ApplicationBuilder().get_updates_request(PollingRequest(timeout))
    if timeout is not None:
        builder = builder.read_timeout(timeout).write_timeout(timeout).connect_timeout(timeout)
    application = (
        builder.application_class(JournalingApplication)
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(base_url)
        .base_file_url(file_url(base_url))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,
            )
        )
        .rate_limiter(rate_limiter or AIORateLimiter(max_retries=MAX_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .connection_pool_size(CONCURRENT_UPDATES + 8)
        .update_queue(
            StoringQueue(st.store, settings.newsbot_allowed_chats, st.receipts, st.journal)
        )
        .post_init(start_up)
        .post_shutdown(close_journal)
        .build()
    )
    application.bot_data[KEY] = st
    add_handlers(application, settings)
    add_jobs(application, settings)
    return application


def add_jobs(application: App, settings: Settings) -> None:
    """Refresh NEWSBOT_FEEDS, and pick up what `newsbot add` stored, on a schedule."""
    scheduled = feeds.schedule(application, settings.newsbot_feed_refresh_minutes)
    if not scheduled and settings.newsbot_feeds:
        logger.warning(
            "NEWSBOT_FEEDS is set but the job queue is missing: "
            "install python-telegram-bot[job-queue] to refresh feeds"
        )


def add_handlers(application: App, settings: Settings) -> None:
    """Register every handler; updates no handler matches are ignored quietly."""
    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    new = filters.UpdateType.MESSAGE
    text = filters.TEXT & ~filters.COMMAND
    # A person, not an anonymous admin or a channel (their from_user is a shared placeholder).
    admins = filters.User(user_id=list(settings.newsbot_admin_ids)) & ~filters.SenderChat.ALL
    # An admin's forward is an article to add; anyone else's is a question.
    forwards = private & filters.FORWARDED & (filters.TEXT | filters.CAPTION) & new & admins
    application.add_handler(TypeHandler(Update, handlers.guard), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", handlers.start, new),
            CommandHandler("help", handlers.help_command, new),
            CommandHandler("sources", handlers.sources, new),
            CommandHandler("ask", handlers.ask),
            CommandHandler("add", admin.add_command, new),
            MessageHandler(private & filters.Document.ALL & new, admin.document),
            MessageHandler(forwards, admin.forwarded),
            MessageHandler(private & text & filters.UpdateType.MESSAGES, handlers.private_text),
            MessageHandler(groups & filters.IS_AUTOMATIC_FORWARD, handlers.automatic_forward),
            MessageHandler(groups & text & filters.UpdateType.MESSAGES, handlers.group_text),
            MessageHandler(filters.UpdateType.CHANNEL_POSTS, handlers.channel_post),
            InlineQueryHandler(handlers.inline_query),
            CallbackQueryHandler(handlers.more, pattern=r"^m\|"),
        ]
    )
    if settings.newsbot_admin_ids:
        application.add_handler(CommandHandler("stats", handlers.stats, new & admins))
    application.add_handler(
        MessageHandler(private & filters.COMMAND & new, handlers.unknown_command)
    )
    application.add_error_handler(handlers.on_error)


async def start_up(application: App) -> None:
    """Before the first update: load the dictionary, handle again what a crash cut short,
    publish the commands."""
    st: BotState = application.bot_data[KEY]
    await asyncio.to_thread(st.engine.warm_up)
    await replay(application)
    await set_commands(application)


async def replay(application: App) -> int:
    """Queue the updates the journal received but the bot never finished; how many."""
    st: BotState = application.bot_data[KEY]
    queue = application.update_queue
    pending = st.journal.pending()
    for data in pending:
        update_id = int(data.get("update_id", 0))
        tries = st.journal.retry(update_id)
        if tries > MAX_TRIES:  # it was under way at each of the last crashes: never again
            logger.warning("Giving up on update %d: interrupted %d times", update_id, tries - 1)
            st.journal.done(update_id)
            continue
        try:
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # an update this version cannot read: drop it
            logger.error("Cannot handle again a journaled update: %s", exc)
            st.journal.done(update_id)
            continue
        if isinstance(queue, StoringQueue):
            await queue.replay(update)
        else:
            await queue.put(update)
    if pending:
        logger.info("Handling again %d update(s) a restart interrupted", len(pending))
    return len(pending)


async def close_journal(application: App) -> None:
    """Close the journal's file."""
    st: BotState = application.bot_data[KEY]
    st.journal.close()


async def set_commands(application: App) -> None:
    """Publish the command list (best effort: some servers do not implement it)."""
    try:
        await application.bot.set_my_commands(COMMANDS)
    except TelegramError as exc:
        logger.warning("Could not set the command list: %s", exc)


def run_bot(settings: Settings, engine: Engine, webhook: Webhook | None = None) -> int:
    """Run until stopped (Ctrl-C, SIGTERM); the exit code."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    configure_logging(token)
    application = build_application(settings, engine)
    try:
        if webhook is None:
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
        else:
            application.run_webhook(
                listen=webhook.listen,
                port=webhook.port,
                url_path=urlsplit(webhook.url).path.lstrip("/"),
                webhook_url=webhook.url,
                secret_token=webhook.secret_token,
                allowed_updates=ALLOWED_UPDATES,
            )
    except InvalidToken:
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather", 2)
    except NetworkError as exc:
        return _fail(f"cannot reach the Bot API: {redact(str(exc), token)}", 1)
    return 0


def _fail(message: str, code: int) -> int:
    print(f"newsbot: error: {message}", file=sys.stderr)
    return code
