"""Pure decisions about a message: is it asking the bot, and what is the question."""

from __future__ import annotations

import re

from telegram import Chat, Message, MessageEntity, MessageOriginChannel, User

_LEAD = " \t\n,:;-\u2014"


def utf16_cut(text: str, offset: int, length: int) -> str:
    """``text`` without a span given in UTF-16 units (as entity offsets are) and its separators."""
    raw = text.encode("utf-16-le", "surrogatepass")
    before = raw[: 2 * offset].decode("utf-16-le", errors="ignore")
    after = raw[2 * (offset + length) :].decode("utf-16-le", errors="ignore")
    return f"{before.rstrip()} {after.lstrip(_LEAD)}"


def tidy(text: str) -> str:
    """A question without the separators left around a removed mention or command."""
    return " ".join(text.split()).strip(_LEAD)


def command_args(text: str, command: str, username: str) -> str | None:
    """What follows ``/command`` or ``/command@username``; None when it is another command."""
    head, _, rest = text.strip().partition(" ")
    name, _, target = head.partition("@")
    if name.lower() != f"/{command}" or (target and target.lower() != username.lower()):
        return None
    return rest.strip()


def mentions_bot(entity: MessageEntity, text: str, username: str, bot_id: int) -> bool:
    """Whether an entity of the message mentions this bot."""
    if entity.type == MessageEntity.TEXT_MENTION:
        return entity.user is not None and entity.user.id == bot_id
    if entity.type != MessageEntity.MENTION:
        return False
    raw = text.encode("utf-16-le", "surrogatepass")[
        2 * entity.offset : 2 * (entity.offset + entity.length)
    ]
    return raw.decode("utf-16-le", errors="ignore").lower() == f"@{username.lower()}"


def without_mentions(message: Message, username: str, bot_id: int) -> str | None:
    """The message text without its mentions of the bot; None when it does not mention it."""
    text = message.text or ""
    found = [e for e in message.entities if mentions_bot(e, text, username, bot_id)]
    if not found:
        return None
    for entity in sorted(found, key=lambda e: e.offset, reverse=True):
        text = utf16_cut(text, entity.offset, entity.length)
    return tidy(text)


def is_reply_to_bot(message: Message, bot_id: int) -> bool:
    """Whether the message replies to one of the bot's own messages."""
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def group_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question a group message asks the bot (mention or reply to it); None for chatter."""
    if message.is_automatic_forward or not message.text:
        return None
    question = without_mentions(message, username, bot_id)
    if question is not None:
        return question
    if is_reply_to_bot(message, bot_id):
        return tidy(message.text)
    return None


def text_question(text: str, username: str) -> str:
    """The question in a text the bot once answered (``/ask …``, a mention, or plain)."""
    asked = command_args(text, "ask", username)
    if asked is not None:
        return asked
    return tidy(re.sub(f"@{re.escape(username)}\\b", " ", text, flags=re.IGNORECASE))


def post_origin(message: Message | None) -> tuple[int, int] | None:
    """The channel post (chat id, message id) an automatic forward in a discussion group copies."""
    if message is None or not message.is_automatic_forward:
        return None
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.id, origin.message_id
    return None


def person_id(message: Message) -> int | None:
    """The user who wrote a message, or None when it was sent on behalf of a chat.

    Anonymous group admins and posts sent as a channel carry ``sender_chat`` and a shared
    placeholder ``from_user`` (GroupAnonymousBot, Channel_Bot): never a person to trust.
    """
    if message.sender_chat is not None or message.from_user is None:
        return None
    return message.from_user.id


def sender_of(message: Message) -> User | Chat | None:
    """Who asked, for limits and conversations: the chat a message was sent as, else its user."""
    return message.sender_chat or message.from_user
