"""A fake Telegram Bot API server (aiohttp, 127.0.0.1) that validates as Telegram does.

It serves ``/bot<token>/<method>``: long polling with ``getUpdates``, the sending
methods the bot uses, checked like Telegram checks them (HTML entities, 4096 UTF-16
units, callback_data bytes, 50 inline results), and faults on demand, scripted per
method: an error status with Telegram's JSON error (``retry_after``, ``migrate_to_chat_id``),
a dropped connection, a delay past the client's timeout; each before the method runs or after
it (the server accepted the request, then the reply is lost). Every call is recorded with the
time it arrived.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.bot.telegram.telegram_html import ParseError, check_text, utf16_len

JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "results",
    "link_preview_options",
    "allowed_updates",
    "commands",
    "button",
    "entities",
    "scope",
}
INT_FIELDS = {"offset", "limit", "timeout", "message_id", "message_thread_id", "cache_time"}
BOOL_FIELDS = {"is_personal", "show_alert", "drop_pending_updates", "disable_notification"}
SERVICE_USER = {"id": 777000, "is_bot": False, "first_name": "Telegram"}


class ApiError(Exception):
    """A Bot API error reply."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    error: str | None = None


@dataclass
class Fault:
    """A planned failure of a method, the next ``times`` calls.

    ``status``: an error reply (Telegram's JSON, with ``retry_after`` / ``migrate_to_chat_id``
    as ``parameters`` when given); ``drop``: the connection is closed without a reply;
    ``delay``: seconds of silence before going on. With ``after`` the method runs first
    (a message is really sent) and the fault hits its reply.
    """

    status: int = 0
    retry_after: int | None = None
    times: int = 1
    description: str | None = None
    migrate_to_chat_id: int | None = None
    drop: bool = False
    delay: float = 0.0
    after: bool = False

    def error(self) -> ApiError | None:
        """The error reply this fault gives, if any."""
        if not self.status:
            return None
        text = self.description or DESCRIPTIONS.get(self.status, f"Error {self.status}")
        return ApiError(
            self.status,
            text.format(retry_after=self.retry_after),
            self.retry_after,
            self.migrate_to_chat_id,
        )


@dataclass
class Sent:
    """A message the bot sent, as the server stored it."""

    message: dict[str, Any]
    html: str
    at: float
    reply_to: int | None


@dataclass
class FakeBotAPI:
    """The server; ``push`` updates in, inspect ``calls`` and ``sent``."""

    token: str
    bot_id: int = 5550001
    username: str = "NewsTestBot"
    calls: list[Call] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pushed_at: dict[int, float] = field(default_factory=dict)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    migrated: dict[int, int] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    max_messages: int | None = None
    on_call: Callable[[Call], None] | None = None
    """Called with each request as it arrives (before any fault or method runs)."""
    """Messages remembered at most (None: all); the soak script bounds the server's memory."""

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._update_messages: dict[int, tuple[int, int]] = {}
        self._files: dict[str, tuple[str, bytes]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._wake = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- running ---------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1; the ``base_url`` to give python-telegram-bot."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return self.base_url

    def release(self) -> None:
        """Answer every waiting getUpdates now, e.g. before stopping the bot."""
        self._wake.set()
        self._wake = asyncio.Event()

    async def stop(self) -> None:
        """Stop serving."""
        self._closing = True
        self.release()
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(
        self,
        method: str,
        status: int,
        retry_after: int | None = None,
        times: int = 1,
        description: str | None = None,
        migrate_to_chat_id: int | None = None,
        after: bool = False,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail with ``status`` (429: retry_after)."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self.inject(
            method,
            Fault(status, retry_after, times, description, migrate_to_chat_id, after=after),
        )

    def drop(self, method: str, times: int = 1, after: bool = False) -> None:
        """Close the connection of the next ``times`` calls without a reply."""
        self.inject(method, Fault(times=times, drop=True, after=after))

    def slow(self, method: str, delay: float, times: int = 1, after: bool = False) -> None:
        """Keep the next ``times`` calls waiting ``delay`` seconds (before or after running)."""
        self.inject(method, Fault(times=times, delay=delay, after=after))

    def inject(self, method: str, fault: Fault) -> None:
        """Script a fault of ``method`` (faults of one method happen in order)."""
        self.faults.setdefault(method, []).append(fault)

    def migrate_chat(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        """A group became supergroup ``new``: sending to ``old`` fails with migrate_to_chat_id."""
        self.migrated[old["id"]] = new["id"]
        self._chats[new["id"]] = new

    def block(self, chat_id: int) -> None:
        """The user blocked the bot (or it was kicked): sending there gives 403."""
        self.blocked.add(chat_id)

    def add_file(self, file_id: str, name: str, data: bytes) -> dict[str, Any]:
        """Hold an uploaded file (for getFile and its download); its Document object."""
        self._files[file_id] = (f"documents/{file_id}-{name}", data)
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": name,
            "file_size": len(data),
        }

    # --- updates in --------------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; its update_id."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
            if kind in update:
                self._remember(update[kind])
                chat_id, message_id = update[kind]["chat"]["id"], update[kind]["message_id"]
                self._update_messages[update_id] = (chat_id, message_id)
        self._updates.append(update)
        self.pushed_at[update_id] = time.perf_counter()
        self.release()
        return update_id

    def update_message_key(self, update_id: int) -> tuple[int, int] | None:
        """(chat id, message id) of the message an update carried, if any."""
        return self._update_messages.get(update_id)

    def new_message_id(self, chat_id: int) -> int:
        """The next message id in a chat."""
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _remember(self, message: dict[str, Any]) -> None:
        self._chats[message["chat"]["id"]] = message["chat"]
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        if self.max_messages is not None:
            while len(self._messages) > self.max_messages:
                del self._messages[next(iter(self._messages))]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A message the server knows (pushed or sent)."""
        return self._messages.get((chat_id, message_id))

    # --- inspecting ---------------------------------------------------------------------------

    def calls_of(self, method: str) -> list[Call]:
        """The calls of one method, successful or not."""
        return [c for c in self.calls if c.method == method]

    def replies_to(self, chat_id: int, message_id: int) -> list[Sent]:
        """Messages the bot sent in reply to a message."""
        return [
            s for s in self.sent if s.message["chat"]["id"] == chat_id and s.reply_to == message_id
        ]

    async def wait_for(
        self, condition: Callable[[], Any], timeout: float = 5.0, interval: float = 0.005
    ) -> Any:
        """Wait until ``condition()`` is truthy; its value (AssertionError on timeout)."""
        deadline = time.perf_counter() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.perf_counter() > deadline:
                raise AssertionError(f"timed out waiting for {condition}")
            await asyncio.sleep(interval)

    async def wait_replies(
        self, chat_id: int, message_id: int, n: int = 1, timeout: float = 5.0
    ) -> list[Sent]:
        """Wait for ``n`` replies to a message."""
        return await self.wait_for(  # type: ignore[no-any-return]
            lambda: (r := self.replies_to(chat_id, message_id)) and len(r) >= n and r,
            timeout,
        )

    # --- HTTP -----------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time.perf_counter())
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        fault = self._fault(method) if request.match_info["token"] == self.token else None
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if fault is not None and not fault.after:
                await self._strike(fault, request, call)
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params)
            if fault is not None and fault.after:
                await self._strike(fault, request, call)
        except ApiError as exc:
            if exc.code == 0:
                return web.Response(status=599)  # never read: the connection is closed
            call.status, call.error = exc.code, exc.description
            if exc.code == 400 and not fault and exc.migrate_to_chat_id is None:
                self.problems.append(f"{method}: {exc.description}")
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            parameters = {}
            if exc.retry_after is not None:
                parameters["retry_after"] = exc.retry_after
            if exc.migrate_to_chat_id is not None:
                parameters["migrate_to_chat_id"] = exc.migrate_to_chat_id
            if parameters:
                body["parameters"] = parameters
            return web.json_response(body, status=exc.code)
        return web.json_response({"ok": True, "result": result})

    async def _strike(self, fault: Fault, request: web.Request, call: Call) -> None:
        """Carry out a fault: wait, close the connection, or raise the error reply."""
        if fault.delay:
            call.error = f"slow {fault.delay} s"
            await asyncio.sleep(fault.delay)
        if fault.drop:
            call.status, call.error = 0, "connection dropped"
            if request.transport is not None:
                request.transport.abort()
            raise ApiError(0, "connection dropped")
        error = fault.error()
        if error is not None:
            raise error

    async def _download(self, request: web.Request) -> web.Response:
        """A file's bytes, as Telegram serves them under ``/file/bot<token>/<file_path>``."""
        self.calls.append(
            Call("download", {"path": request.match_info["path"]}, time.perf_counter())
        )
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        found = [d for p, d in self._files.values() if p == request.match_info["path"]]
        if not found:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=found[0], content_type="application/octet-stream")

    def _fault(self, method: str) -> Fault | None:
        """The scripted fault for this call of ``method``, if any (used up as it happens)."""
        planned = self.faults.get(method)
        if not planned:
            return None
        fault = planned[0]
        fault.times -= 1
        if fault.times <= 0:
            planned.pop(0)
        return fault

    # --- methods --------------------------------------------------------------------------

    async def api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.me()

    def me(self) -> dict[str, Any]:
        """The bot's User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "News Test",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": True,
        }

    async def api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0 and not self._closing:
            with _suppress_timeout():
                await asyncio.wait_for(self._wake.wait(), timeout)
        allowed = params.get("allowed_updates")
        ready = [u for u in self._updates if not allowed or _kind(u) in allowed]
        return ready[:limit]

    async def api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    async def api_setWebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith(("https://", "http://")):
            raise ApiError(400, "Bad Request: bad webhook: invalid URL")
        return True

    async def api_setMyCommands(self, params: dict[str, Any]) -> bool:
        for command in params.get("commands") or []:
            if not 1 <= len(command["command"]) <= 32 or not command["description"]:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    async def api_leaveChat(self, params: dict[str, Any]) -> bool:
        return True

    async def api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(int(params["chat_id"]))
        return True

    async def api_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id", ""))
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = self._files[file_id]
        unique = f"u{file_id}"
        return {
            "file_id": file_id,
            "file_unique_id": unique,
            "file_size": len(data),
            "file_path": path,
        }

    async def api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        self._check_reachable(chat_id)
        html = str(params.get("text", ""))
        parsed = _checked(html, params.get("parse_mode"))
        _check_markup(params.get("reply_markup"))
        reply = params.get("reply_parameters") or {}
        replied = None
        if reply:
            replied = self.message(chat_id, int(reply["message_id"]))
            if replied is None and not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
        chat = self._chat(chat_id)
        message: dict[str, Any] = {
            "message_id": self.new_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat,
            "from": {k: v for k, v in self.me().items() if not k.startswith(("can_", "supp"))},
            "text": parsed.text,
        }
        thread = params.get("message_thread_id")
        if thread is None and replied is not None:
            thread = replied.get("message_thread_id")
        if thread is not None:
            message["message_thread_id"] = int(thread)
            message["is_topic_message"] = bool(chat.get("is_forum"))
        if replied is not None:
            message["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._remember(message)
        self.sent.append(Sent(message, html, time.perf_counter(), reply.get("message_id")))
        return message

    async def api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        _check_markup(params.get("reply_markup"))
        found = self.message(int(params["chat_id"]), int(params["message_id"]))
        if found is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if params.get("reply_markup"):
            found["reply_markup"] = params["reply_markup"]
        else:
            found.pop("reply_markup", None)
        return found

    async def api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        results = params.get("results") or []
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [r.get("id", "") for r in results]
        if len(set(ids)) != len(ids) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            if result.get("type") == "article" and not result.get("title"):
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            _checked(str(content.get("message_text", "")), content.get("parse_mode"))
            _check_markup(result.get("reply_markup"))
        return True

    def _check_reachable(self, chat_id: int) -> None:
        """Telegram's answers for a migrated group and for a chat that blocked the bot."""
        if chat_id in self.migrated:
            raise ApiError(400, MIGRATED, migrate_to_chat_id=self.migrated[chat_id])
        if chat_id in self.blocked:
            raise ApiError(403, DESCRIPTIONS[403])

    def _chat(self, chat_id: int) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat


def _checked(html: str, parse_mode: Any) -> Any:
    """The parsed text, or a 400 as Telegram gives it."""
    try:
        return check_text(html, parse_mode)
    except ParseError as exc:
        text = str(exc)
        description = text if text.startswith("Bad Request") else f"Bad Request: {text}"
        raise ApiError(400, description) from exc


def _check_markup(markup: Any) -> None:
    """Inline keyboards: callback_data of 1 to 64 bytes, button text not empty."""
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _kind(update: dict[str, Any]) -> str:
    return next(k for k in update if k != "update_id")


async def _params(request: web.Request) -> dict[str, Any]:
    """Form, multipart, JSON or query parameters, with JSON-encoded fields decoded."""
    if request.content_type == "application/json":
        raw: dict[str, Any] = await request.json()
    elif request.method == "POST":
        raw = dict(await request.post())
    else:
        raw = dict(request.query)
    for key, value in list(raw.items()):
        if key in JSON_FIELDS and isinstance(value, str):
            raw[key] = json.loads(value)
        elif key in INT_FIELDS and isinstance(value, str) and value.lstrip("-").isdigit():
            raw[key] = int(value)
        elif key in BOOL_FIELDS and isinstance(value, str):
            raw[key] = value == "true"
    return raw


class _suppress_timeout:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, value: Any, tb: Any) -> bool:
        return kind is TimeoutError


def text_len(html: str) -> int:
    """The UTF-16 length Telegram counts for an HTML message."""
    return utf16_len(check_text(html, "HTML").text)
