"""Answers as Telegram HTML: escaped text, the answering sentences (or the question's words)
in bold, messages of at most 4096 units.

Telegram counts a message's length in UTF-16 code units of its text *after* entity
parsing (tags removed, ``&lt;`` counted as one character), so every length here is
measured on the visible text of the HTML we generate.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from bot.messages import DECLINED, TENTATIVE, citation_line, read_as
from retrieval import Answer, Article, Citation

MAX_MESSAGE = 4096
"""Telegram's limit on a message's text, in UTF-16 code units after entity parsing."""
MAX_CALLBACK_DATA = 64
"""Telegram's limit on a button's callback_data, in bytes."""
EXPANDABLE_FROM = 900
"""Quotes at least this long go in an expandable (collapsed) blockquote (a passage of
newsbot's usual 120 words at most stays open)."""
PAGE = 3
"""Citations per answer message; the More button shows the next ones."""

Spans = Callable[[str], Sequence[tuple[int, int]]]
"""Given a quote, the character spans to bold (the question's words)."""

_TAG = re.compile(r"<[^>]*>")


def utf16_len(text: str) -> int:
    """The length of ``text`` as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def escape(text: str) -> str:
    """Text made safe for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def visible(markup: str) -> str:
    """The text Telegram shows for HTML we generated (every ``<`` in text is escaped)."""
    return html.unescape(_TAG.sub("", markup))


def visible_len(markup: str) -> int:
    """The length Telegram will count for HTML we generated."""
    return utf16_len(visible(markup).strip())


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 units, with an ellipsis when cut."""
    if utf16_len(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        width = 2 if ord(ch) > 0xFFFF else 1
        if used + width > limit - 1:
            break
        out.append(ch)
        used += width
    return "".join(out).rstrip() + "\u2026"


def bold_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` escaped, with each span in bold."""
    parts, pos = [], 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        parts.append(escape(text[pos:start]))
        parts.append(f"<b>{escape(text[start:end])}</b>")
        pos = end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def link(text: str, url: str | None) -> str:
    """``text`` escaped, as a link when ``url`` is a web address."""
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(url, quote=True)}">{escape(text)}</a>'
    return escape(text)


def source_line(citation: Citation) -> str:
    """The citation after a quote: number, title (linked), paragraph, date."""
    rest = citation_line(citation)[len(citation.title) :]
    return f"<i>[{citation.n}] {link(citation.title, citation.url)}{escape(rest)}</i>"


def citation_html(citation: Citation, spans: Spans, limit: int = MAX_MESSAGE) -> str:
    """One quote in a blockquote, what answers in bold, its citation after it; within ``limit``."""
    source = source_line(citation)
    budget = limit - visible_len(source) - 2
    quote = clip(citation.quote, max(budget, 1))
    tag = "blockquote expandable" if len(quote) >= EXPANDABLE_FROM else "blockquote"
    body = bold_spans(quote, emphasis(citation, quote, spans))
    return f"<{tag}>{body}</blockquote>\n{source}"


def emphasis(citation: Citation, quote: str, spans: Spans) -> list[tuple[int, int]]:
    """What to bold: the sentences that answer best when the quote holds more of their
    passage around them, else the question's words."""
    if citation.has_context:
        return [citation.focus_span]
    return list(spans(quote))


def pack(pieces: Iterable[str], limit: int = MAX_MESSAGE, sep: str = "\n\n") -> list[str]:
    """Join HTML pieces into as few messages as fit in ``limit``, splitting only between them."""
    messages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{sep}{piece}" if current else piece
        if current and visible_len(candidate) > limit:
            messages.append(current)
            candidate = piece
        current = candidate
    if current:
        messages.append(current)
    return messages


def answer_messages(
    answer: Answer, spans: Spans, suggestion: str, start: int = 0, count: int = PAGE
) -> list[str]:
    """The messages for citations ``start`` .. ``start + count`` of an answer (or a decline),
    the first saying how a misspelt question was read and whether the quotes only come
    closest."""
    head = []
    if answer.read_as and not start:
        head = [f"<i>{escape(read_as(clip(answer.read_as, 300)))}</i>"]
    if answer.answered and answer.tentative and not start:
        head.append(f"<i>{escape(TENTATIVE)}</i>")
    if not answer.answered:
        return ["\n".join([*head, declined(suggestion)])]
    chosen = answer.citations[start : start + count]
    return pack([*head, *(citation_html(c, spans) for c in chosen)])


def declined(suggestion: str) -> str:
    """The reply when nothing answers a question: short, helpful, no quote."""
    return f"{escape(DECLINED)}\n{escape(suggestion)}"


def question_header(question: str) -> str:
    """The asked question, shown above an answer sent through inline mode."""
    return f"\u2753 <b>{escape(clip(question, 300))}</b>"


def inline_message(
    question: str, citation: Citation, spans: Spans, *, tentative: bool = False
) -> str:
    """The message an inline result sends: the question, then one cited quote (after a
    warning when it only comes closest)."""
    header = question_header(question)
    if tentative:
        header += f"\n<i>{escape(TENTATIVE)}</i>"
    body = citation_html(citation, spans, MAX_MESSAGE - visible_len(header) - 2)
    return f"{header}\n\n{body}"


def description(citation: Citation, width: int = 100) -> str:
    """The start of the sentences that answer best, for an inline result's description."""
    start, end = citation.focus_span
    return clip(" ".join(citation.quote[start:end].split()), width)


def more_data(start: int, question: str) -> str:
    """callback_data of the More button: the next citation and, when it fits, the question."""
    data = f"m|{start}|{question}"
    return data if len(data.encode("utf-8")) <= MAX_CALLBACK_DATA else f"m|{start}|"


def parse_more(data: str) -> tuple[int, str] | None:
    """The (start, question) a More button carries; the question is empty when it did not fit."""
    tag, _, rest = data.partition("|")
    start, _, question = rest.partition("|")
    if tag != "m" or not start.isdigit():
        return None
    return int(start), question


def listing(
    lines: Sequence[str], hidden: int = 0, max_messages: int = 3, limit: int = MAX_MESSAGE
) -> list[str]:
    """Lines (the first a header) packed into at most ``max_messages`` messages.

    Lines that do not fit, plus ``hidden`` items never given, are counted at the end
    of the last message as "… and N more."
    """
    room = limit - 40  # leaves room for the closing "… and N more."
    messages: list[str] = []
    current = ""
    shown = 0
    for n, line in enumerate(lines):
        candidate = f"{current}\n{line}" if current else line
        if current and visible_len(candidate) > room:
            if len(messages) == max_messages - 1:
                break
            messages.append(current)
            candidate = line
        if visible_len(candidate) > room:
            candidate = escape(clip(visible(line), room))
        current = candidate
        shown = n + 1
    left = len(lines) - shown + hidden
    if left > 0:
        current = f"{current}\n\u2026 and {left} more."
    messages.append(current)
    return messages


LABELLED_ORIGINS = ("forwarded ", "document ")
"""Origins that already read as words: "forwarded from Daily Wire", "document notes.md"."""


def origin_html(origin: str, bundled: Path | None = None) -> str:
    """Where an article came from, for people: a linked host, a channel post, a file name."""
    if origin.startswith(("https://", "http://")):
        host = urlsplit(origin).netloc or origin
        return link(host, origin)
    if origin.startswith("telegram:"):
        return "channel post"
    if not origin:
        return ""
    if origin.startswith(LABELLED_ORIGINS) or "/" not in origin:
        return escape(origin)
    path = Path(origin)
    if bundled is not None and (path == bundled or bundled in path.parents):
        return "bundled"
    return escape(path.name)


def source_entry(n: int, article: Article, bundled: Path | None = None) -> str:
    """One article of /sources: number, title (linked), date, outlet and origin."""
    date = f" ({article.published:%Y-%m-%d})" if article.published else ""
    parts = [f"{n}. {link(clip(article.title, 200), article.url)}{date}"]
    if article.source:
        parts.append(f"<i>{escape(clip(article.source, 100))}</i>")
    where = origin_html(article.origin, bundled)
    if where:
        parts.append(where)
    return " \u2014 ".join(parts)
