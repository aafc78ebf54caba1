"""Updates as Telegram sends them: users, chats, messages with their entities."""

from __future__ import annotations

import re
import time
from typing import Any

from tests.bot.telegram.fakeapi import SERVICE_USER, FakeBotAPI

_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?")
_MENTION = re.compile(r"@[A-Za-z0-9_]{5,32}")

GROUP = {"id": -1001000000001, "type": "supergroup", "title": "News fans"}
FORUM = {"id": -1001000000002, "type": "supergroup", "title": "News forum", "is_forum": True}
SMALL_GROUP = {"id": -4000000003, "type": "group", "title": "Family"}
CHANNEL = {"id": -1001000000010, "type": "channel", "title": "Daily Wire", "username": "dailywire"}
PRIVATE_CHANNEL = {"id": -1001000000020, "type": "channel", "title": "Secret Wire"}
DISCUSSION = {"id": -1001000000011, "type": "supergroup", "title": "Daily Wire chat"}


def user(uid: int = 1001, name: str = "Ada") -> dict[str, Any]:
    """A human user."""
    return {"id": uid, "is_bot": False, "first_name": name, "language_code": "en"}


def private(who: dict[str, Any]) -> dict[str, Any]:
    """The private chat with a user."""
    return {"id": who["id"], "type": "private", "first_name": who["first_name"]}


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram detects: a leading bot command and @mentions."""
    found = []
    command = _COMMAND.match(text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group())})
    for match in _MENTION.finditer(text):
        if command and match.start() < command.end():
            continue
        offset = _utf16(text[: match.start()])
        found.append({"type": "mention", "offset": offset, "length": _utf16(match.group())})
    return found


def message(
    api: FakeBotAPI,
    chat: dict[str, Any],
    text: str | None = None,
    sender: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A message in ``chat`` (from ``sender``; channel posts have none)."""
    msg: dict[str, Any] = {
        "message_id": api.new_message_id(chat["id"]),
        "date": int(time.time()),
        "chat": chat,
    }
    if chat["type"] != "channel":
        msg["from"] = sender or user()
    if text is not None:
        msg["text"] = text
        if found := entities(text):
            msg["entities"] = found
    msg.update(extra)
    return msg


def send(
    api: FakeBotAPI, chat: dict[str, Any], text: str | None = None, **extra: Any
) -> dict[str, Any]:
    """Push a new message (or channel post) and return it."""
    msg = message(api, chat, text, **extra)
    api.push({"channel_post" if chat["type"] == "channel" else "message": msg})
    return msg


def edit(api: FakeBotAPI, original: dict[str, Any], text: str) -> dict[str, Any]:
    """Push an edit of a message (or channel post) and return the edited version."""
    edited = {**original, "text": text, "edit_date": int(time.time())}
    edited.pop("entities", None)
    if found := entities(text):
        edited["entities"] = found
    kind = "edited_channel_post" if original["chat"]["type"] == "channel" else "edited_message"
    api.push({kind: edited})
    return edited


def automatic_forward(api: FakeBotAPI, post: dict[str, Any]) -> dict[str, Any]:
    """The copy of a channel post Telegram puts in the channel's discussion group."""
    return message(
        api,
        DISCUSSION,
        post.get("text"),
        sender=SERVICE_USER,
        sender_chat=post["chat"],
        is_automatic_forward=True,
        forward_origin={
            "type": "channel",
            "chat": post["chat"],
            "message_id": post["message_id"],
            "date": post["date"],
        },
    )


def comment(api: FakeBotAPI, forward: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
    """Push a comment on a channel post (a reply to its automatic forward) and return it."""
    extra.setdefault("reply_to_message", forward)
    return send(api, DISCUSSION, text, message_thread_id=forward["message_id"], **extra)


def press(api: FakeBotAPI, sent: dict[str, Any], who: dict[str, Any]) -> int:
    """Push a press of the inline button of a message the bot sent; the update id."""
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    query = {
        "id": f"cq{sent['message_id']}{who['id']}",
        "from": who,
        "chat_instance": "42",
        "message": sent,
        "data": data,
    }
    return api.push({"callback_query": query})


def forward(
    api: FakeBotAPI, chat: dict[str, Any], text: str, origin: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    """Push a message forwarded into ``chat`` from ``origin`` (a channel chat or a user)."""
    date = int(time.time()) - 3600
    if origin.get("type") == "channel":
        source = {"type": "channel", "chat": origin, "message_id": 42, "date": date}
    else:
        source = {"type": "user", "sender_user": origin, "date": date}
    return send(api, chat, text, forward_origin=source, **extra)


def document(
    api: FakeBotAPI, chat: dict[str, Any], name: str, data: bytes, **extra: Any
) -> dict[str, Any]:
    """Push a message carrying an uploaded file (held by the fake server for getFile)."""
    file_id = f"doc{api.new_message_id(0)}"
    return send(api, chat, document=api.add_file(file_id, name, data), **extra)


def inline(api: FakeBotAPI, query: str, who: dict[str, Any] | None = None) -> str:
    """Push an inline query; its id."""
    query_id = f"iq{len(api.pushed_at) + 1}"
    who = who or user()
    api.push({"inline_query": {"id": query_id, "from": who, "query": query, "offset": ""}})
    return query_id
