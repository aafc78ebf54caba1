"""Telegram's HTML parse mode, as strictly as Telegram checks it: tags, entities, length.

Independent of the bot's own rendering code, so the tests check one against the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_TEXT = 4096
"""Telegram's limit on a message's text, in UTF-16 code units after entity parsing."""
ALLOWED = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);")


class ParseError(ValueError):
    """Telegram's 400 'can't parse entities'."""


@dataclass
class Parsed:
    """The text Telegram would show, and the entities it would create."""

    text: str
    entities: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _entity(match: re.Match[str]) -> str:
    body = match.group(1)
    if body.startswith("#x"):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    if body not in NAMED:
        raise ParseError(f"Unsupported HTML entity &{body};")
    return NAMED[body]


def _unescape(text: str, where: str) -> str:
    out, pos = [], 0
    for match in _ENTITY.finditer(text):
        out.append(text[pos : match.start()])
        out.append(_entity(match))
        pos = match.end()
    out.append(text[pos:])
    joined = "".join(out)
    if "&" in _ENTITY.sub("", text):
        raise ParseError(f"Can't parse entities: bare '&' in {where}")
    return joined


def _attributes(name: str, raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        key, value = match.group(1).lower(), match.group(2) or ""
        if key not in ALLOWED[name]:
            raise ParseError(f"Can't parse entities: unsupported attribute {key} of <{name}>")
        attrs[key] = _unescape(value.strip("\"'"), "an attribute")
    if name == "a":
        href = attrs.get("href", "")
        if not re.match(r"^(https?|tg)://\S+$", href):
            raise ParseError(f"Can't parse entities: bad URL {href!r}")
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise ParseError("Can't parse entities: span without class tg-spoiler")
    return attrs


def parse_html(markup: str) -> Parsed:
    """Parse like Telegram; ParseError for anything Telegram refuses."""
    out: list[str] = []
    stack: list[str] = []
    parsed = Parsed(text="")
    pos = 0
    while pos < len(markup):
        ch = markup[pos]
        if ch == "<":
            match = _TAG.match(markup, pos)
            if not match:
                raise ParseError(f"Can't parse entities: unsupported start tag at offset {pos}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in ALLOWED:
                raise ParseError(f'Can\'t parse entities: unsupported start tag "{name}"')
            if closing:
                if not stack or stack[-1] != name:
                    raise ParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
                stack.pop()
            else:
                if name == "blockquote" and "blockquote" in stack:
                    raise ParseError("Can't parse entities: nested blockquote")
                parsed.entities.append((name, _attributes(name, match.group(3))))
                stack.append(name)
            pos = match.end()
        elif ch == "&":
            match = _ENTITY.match(markup, pos)
            if not match:
                raise ParseError(f"Can't parse entities: bare '&' at offset {pos}")
            out.append(_entity(match))
            pos = match.end()
        elif ch == ">":
            raise ParseError(f"Can't parse entities: unescaped '>' at offset {pos}")
        else:
            out.append(ch)
            pos += 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    parsed.text = "".join(out).strip()
    return parsed


def check_text(text: str, parse_mode: str | None) -> Parsed:
    """What Telegram checks on sendMessage text: entities, non-empty, at most 4096 units."""
    parsed = parse_html(text) if (parse_mode or "").upper() == "HTML" else Parsed(text.strip())
    if not parsed.text:
        raise ParseError("Bad Request: message text is empty")
    if utf16_len(parsed.text) > MAX_TEXT:
        raise ParseError("Bad Request: message is too long")
    return parsed
