"""The bot's handlers: one small coroutine per kind of update."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Hashable
from contextlib import suppress
from pathlib import Path

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.messages import EMPTY_QUESTION
from bot.telegram import delivery, render, triggers
from bot.telegram.channels import post_article, post_article_id
from bot.telegram.ratelimit import Verdict
from bot.telegram.state import BotState, now, state
from retrieval import Answer, Citation, NewsbotError, QuestionError, bundled_corpus_path

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

WELCOME = (
    "Hello! I answer questions about the news articles I have read, "
    "with verbatim quotes and where they come from. Ask me anything, for example:"
)
HELP = (
    "<b>Ask me about the news.</b> I answer with verbatim quotes from the articles, "
    "each with its source; I never make anything up.\n\n"
    "\u2022 Here: just type a question, or /ask <i>question</i>.\n"
    "\u2022 In groups: /ask <i>question</i>, mention me, or reply to one of my messages.\n"
    "\u2022 In any chat: type <code>@{username} question</code> (inline mode).\n"
    "\u2022 /sources lists the articles I know.\n\n"
    "{suggestion}"
)
ADMIN_HELP = (
    "\n\n<b>Admin:</b> /add <i>URL</i> adds a web page or what is new in a feed; "
    "forward me a message, or send me a .txt, .md or .html file, to add it as an article. "
    "/stats shows what I know."
)
RATE_NOTE = "You're asking faster than I can keep up; please wait about {seconds} s and try again."
UNKNOWN_COMMAND = "I don't know that command. Type a question, or see /help."
TOO_OLD = "This answer is too old to continue; please ask again."
NO_MORE = "That's all the quotes I have for this question."
FAILED = "Sorry, something went wrong on my side; please try again."
MAX_SOURCES = 100
"""Articles listed by /sources at most."""
MAX_SOURCE_MESSAGES = 3
"""Messages /sources sends at most (the rest is counted as "and N more")."""


async def reply(message: Message, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply to ``message`` (quoting it, in its forum topic) with HTML, as ``delivery`` sends."""
    await delivery.send(message, html, markup)


def allowed_chat(allowed: tuple[int, ...], chat_id: int) -> bool:
    """Whether a chat is on the allow-list, or is the supergroup an allowed group became."""
    return chat_id in allowed or any(old in allowed for old in delivery.moved_from(chat_id))


async def guard(update: Update, context: Context) -> None:
    """Leave chats outside NEWSBOT_ALLOWED_CHATS and drop their updates."""
    allowed = state(context).settings.newsbot_allowed_chats
    chat = update.effective_chat
    message = update.effective_message
    if chat is not None and message is not None and message.migrate_from_chat_id:
        delivery.moved(message.migrate_from_chat_id, chat.id)
        if message.migrate_from_chat_id in allowed:
            logger.warning(
                "Allowed group %s became supergroup %s: add %s to NEWSBOT_ALLOWED_CHATS",
                message.migrate_from_chat_id,
                chat.id,
                chat.id,
            )
    if not allowed or chat is None or chat.type == ChatType.PRIVATE:
        return
    if allowed_chat(allowed, chat.id):
        return
    member = update.my_chat_member
    gone = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
    if member is None or member.new_chat_member.status not in gone:
        logger.info("Leaving chat %s: not in NEWSBOT_ALLOWED_CHATS", chat.id)
        with suppress(TelegramError):
            await context.bot.leave_chat(chat.id)
    raise ApplicationHandlerStop


async def start(update: Update, context: Context) -> None:
    """Welcome a user with two example questions drawn from the articles."""
    examples = state(context).engine.example_questions(2)
    lines = [render.escape(WELCOME), *(f"\u2022 {render.escape(q)}" for q in examples)]
    await reply(_message(update), "\n".join(lines))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, in private chats, groups and inline mode."""
    st = state(context)
    message = _message(update)
    text = HELP.format(
        username=render.escape(context.bot.username),
        suggestion=render.escape(st.suggestion()),
    )
    if st.is_admin(triggers.person_id(message)):
        text += ADMIN_HELP
    await reply(message, text)


async def sources(update: Update, context: Context) -> None:
    """List the articles: title (linked), date, outlet and where each came from."""
    articles = state(context).engine.articles
    bundled = _bundled()
    lines = [f"<b>{len(articles)} articles</b>"]
    lines += [render.source_entry(n, a, bundled) for n, a in enumerate(articles[:MAX_SOURCES], 1)]
    hidden = max(len(articles) - MAX_SOURCES, 0)
    for page in render.listing(lines, hidden, MAX_SOURCE_MESSAGES):
        await reply(_message(update), page)


def _bundled() -> Path | None:
    """The folder of the articles shipped with newsbot, if installed."""
    try:
        return bundled_corpus_path()
    except NewsbotError:
        return None


async def ask(update: Update, context: Context) -> None:
    """Answer ``/ask question`` (or ``/ask`` in reply to a message: that message's text)."""
    message = _message(update)
    question = triggers.command_args(message.text or "", "ask", context.bot.username) or ""
    replied = message.reply_to_message
    if not question and replied and replied.text and not replied.is_automatic_forward:
        question = triggers.text_question(replied.text, context.bot.username)
    await respond(message, context, question)


async def private_text(update: Update, context: Context) -> None:
    """Answer any text in a private chat as a question."""
    message = _message(update)
    question = triggers.text_question(message.text or "", context.bot.username)
    await respond(message, context, question)


async def group_text(update: Update, context: Context) -> None:
    """Answer a group message that mentions the bot or replies to it; ignore chatter."""
    message = _message(update)
    bot = context.bot
    question = triggers.group_question(message, bot.username, bot.id)
    if question is not None:
        await respond(message, context, question)


async def unknown_command(update: Update, context: Context) -> None:
    """Say that a command is unknown (private chats only)."""
    await reply(_message(update), render.escape(UNKNOWN_COMMAND))


async def stats(update: Update, context: Context) -> None:
    """Tell an admin what the bot knows (NEWSBOT_ADMIN_IDS only)."""
    engine = state(context).engine
    learned = sum(1 for a in engine.articles if a.id.startswith("telegram-"))
    text = f"Articles: {len(engine.articles)} ({learned} from channel posts)."
    await reply(_message(update), render.escape(text))


async def channel_post(update: Update, context: Context) -> None:
    """Learn a channel post (new or edited) as an article; never write in the channel."""
    post = update.channel_post or update.edited_channel_post
    article = post_article(post) if post else None
    if article is None:
        return
    st = state(context)
    async with st.posts_lock:
        if not st.receipts.take(update.update_id):
            await asyncio.to_thread(st.store.save, article)
        st.engine.add([article])
        st.articles_changed()
    logger.info("Learned channel post %s", article.id)


async def automatic_forward(update: Update, context: Context) -> None:
    """Remember which channel post a discussion thread is about."""
    message = _message(update)
    origin = triggers.post_origin(message)
    if origin is not None:
        await _remember_thread(context, message.chat.id, message.message_id, origin)


async def inline_query(update: Update, context: Context) -> None:
    """Answer ``@bot question`` with one result per citation; examples for an empty query."""
    query = update.inline_query
    if query is None:
        return
    st = state(context)
    text = query.query.strip()
    results = _question_results(st, text) if text else []
    await query.answer(results or _example_results(st), cache_time=30, is_personal=False)


async def more(update: Update, context: Context) -> None:
    """Send the next citations of an answer (the More button); keeps no server-side state."""
    query = update.callback_query
    if query is None:
        return
    parsed = render.parse_more(query.data or "")
    message = query.message
    if parsed is None or not isinstance(message, Message):
        await query.answer(TOO_OLD)
        return
    start_at, question = parsed
    asked = message.reply_to_message
    if not question and asked is not None and asked.text:
        question = triggers.text_question(asked.text, context.bot.username)
    st = state(context)
    prefer = st.threads.get(message.chat.id, _thread(message))
    try:
        answer = st.answerer.answer(question, prefer, _history_of(st, message, question))
    except QuestionError:
        await query.answer(TOO_OLD)
        return
    if not answer.answered:
        await query.answer(TOO_OLD)
        return
    if start_at >= len(answer.citations):
        await query.answer(NO_MORE)
        return
    await query.answer()
    with suppress(TelegramError):
        await query.edit_message_reply_markup(None)
    await _send_answer(asked or message, st, answer, start_at)


def _history_of(st: BotState, answer: Message, question: str) -> list[str]:
    """The questions asked before ``question`` by whoever asked what ``answer`` answers."""
    asked = answer.reply_to_message
    sender = triggers.sender_of(asked) if asked else None
    history = st.conversation(conversation_key(answer.chat, sender)).recent(now())
    if history and history[-1] == question:
        history.pop()
    return history


async def on_error(update: object, context: Context) -> None:
    """Log an error in one line (a traceback only for our own bugs) and keep running.

    Telegram and network faults are the weather: one line, and no "something went wrong"
    message (the answer may have arrived). A bug of ours gets its traceback (the token is
    redacted from logs) and, for a message, a short apology.
    """
    error = context.error
    if update is None:
        where = "Polling for updates"
    elif isinstance(update, Update):
        where = f"Update {update.update_id}"
    else:
        where = "A background job"
    if isinstance(error, TelegramError):
        logger.warning("%s failed: %s", where, delivery.describe(error))
        return
    logger.error("%s failed", where, exc_info=error)
    if isinstance(update, Update) and update.message and update.message.chat.type != "channel":
        await reply(update.message, render.escape(FAILED))


async def respond(message: Message, context: Context, question: str) -> None:
    """Answer ``question`` asked in ``message``: the limit, then quotes or a short reply."""
    st = state(context)
    sender = triggers.sender_of(message)
    user_id = sender.id if sender else message.chat.id
    verdict = st.limiter.check(user_id)
    if verdict is Verdict.IGNORE:
        return
    if verdict is Verdict.NOTE:
        note = RATE_NOTE.format(seconds=st.limiter.wait(user_id))
        await reply(message, render.escape(note))
        return
    if not question:
        example = (st.engine.example_questions(1) or ["Who met whom?"])[0]
        await reply(message, render.escape(EMPTY_QUESTION.format(example=example)))
        return
    conversation = st.conversation(conversation_key(message.chat, sender))
    asked_at = now()
    history = conversation.recent(asked_at)
    try:
        answer = st.answerer.answer(question, await _thread_post(context, message), history)
    except QuestionError as exc:
        await reply(message, render.escape(str(exc)))
        return
    if answer.answered:
        conversation.remember(question, asked_at)
    await _send_answer(message, st, answer, 0)


def conversation_key(chat: Chat, sender: User | Chat | None) -> Hashable:
    """Whose follow-ups these are: a private chat, or one person (or channel) in a group."""
    if chat.type == ChatType.PRIVATE or sender is None:
        return chat.id
    return (chat.id, sender.id)


async def _send_answer(message: Message, st: BotState, answer: Answer, start_at: int) -> None:
    """Reply with citations from ``start_at`` (a page), with a More button when there are more."""
    spans = st.answerer.spans(answer.question)
    hint = "" if answer.answered else st.suggestion()
    pages = render.answer_messages(answer, spans, hint, start_at)
    following = start_at + render.PAGE
    markup = None
    if answer.answered and following < len(answer.citations):
        data = render.more_data(following, answer.question)
        markup = InlineKeyboardMarkup.from_button(InlineKeyboardButton("More", callback_data=data))
    for n, page in enumerate(pages, start=1):
        await reply(message, page, markup if n == len(pages) else None)


async def _thread_post(context: Context, message: Message) -> str | None:
    """The article of the channel post a discussion comment is about, if any."""
    origin = triggers.post_origin(message.reply_to_message)
    thread = _thread(message)
    if origin is not None and message.reply_to_message is not None:
        root = thread or message.reply_to_message.message_id
        return await _remember_thread(context, message.chat.id, root, origin)
    return state(context).threads.get(message.chat.id, thread)


async def _remember_thread(
    context: Context, chat_id: int, thread_id: int, origin: tuple[int, int]
) -> str:
    """Map a discussion thread to its post's article (persisted); the article id."""
    st = state(context)
    article_id = post_article_id(*origin)
    if st.threads.put(chat_id, thread_id, article_id):
        await asyncio.to_thread(st.threads.save)
    return article_id


def _thread(message: Message) -> int | None:
    """The thread a message belongs to (forum topic or discussion thread)."""
    return message.message_thread_id


def _question_results(st: BotState, question: str) -> list[InlineQueryResultArticle]:
    """One inline result per citation answering ``question`` (none when declined)."""
    try:
        answer = st.answerer.answer(question)
    except QuestionError:
        return []
    spans = st.answerer.spans(answer.question)
    tentative = answer.tentative
    return [
        _result(str(c.n), c.title, answer.question, c, spans, tentative=tentative)
        for c in answer.citations
    ]


def _example_results(st: BotState) -> list[InlineQueryResultArticle]:
    """Example questions as inline results, each sending its answer."""
    results = []
    for n, question in enumerate(st.engine.example_questions(3), start=1):
        answer = st.answerer.answer(question)
        if answer.answered:
            citation = answer.citations[0]
            spans = st.answerer.spans(question)
            results.append(_result(f"example-{n}", f"Try: {question}", question, citation, spans))
    return results


def _result(
    result_id: str,
    title: str,
    question: str,
    citation: Citation,
    spans: render.Spans,
    *,
    tentative: bool = False,
) -> InlineQueryResultArticle:
    """An inline result that sends one cited quote answering ``question`` (titled as the
    closest match when it may not answer)."""
    return InlineQueryResultArticle(
        id=result_id,
        title=render.clip(f"Closest match: {title}" if tentative else title, 200),
        description=render.description(citation),
        input_message_content=InputTextMessageContent(
            render.inline_message(question, citation, spans, tentative=tentative),
            parse_mode=ParseMode.HTML,
        ),
    )


def _message(update: Update) -> Message:
    """The message of an update handled by a message handler."""
    message = update.effective_message
    assert message is not None
    return message
