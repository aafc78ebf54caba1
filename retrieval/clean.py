"""Split raw article text into paragraphs and drop scraper junk, by rule.

Nothing is rewritten: a kept paragraph is the original text with its line
breaks and indentation folded into single spaces, so quotes stay verbatim.
Dropped are: page chrome repeated within the article ("Oops! Something went
wrong." three times), widget and boilerplate lines ("Advertisement", "Sign up
for our newsletter"), bullets with no content, lines without letters, and agency
credit or byline lines ("With News Wire Services", "Reporting by …").
"""

from __future__ import annotations

import re
from collections import Counter

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BULLET = re.compile(
    r"^\s*(?:[\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u2219*+\-\u2013]|\d{1,2}[.)])\s+"
)
_BULLET_ONLY = re.compile(r"^\s*[\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u2219*+\-\u2013]\s*$")
_SPACES = re.compile(r"\s+")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LETTER = re.compile(r"[^\W\d_]")

# Short blocks made of these are page furniture, not reporting.
_BOILERPLATE = re.compile(
    r"""^(?:
        (?:oops!?\s*)?something\s+went\s+wrong\b.*
      | (?:please\s+)?try\s+again\s+later\.?
      | advertisement | sponsored(?:\s+content)? | story\s+continues\s+below.*
      | (?:continue|keep)\s+reading.* | read\s+(?:more|next|the\s+full\s+story)\b.*
      | click\s+here\b.* | (?:sign\s+up|subscribe)\b.*(?:newsletter|subscription|updates|free).*
      | share\s+(?:this|on)\b.* | follow\s+us\b.* | (?:all\s+rights\s+reserved|copyright\b|\u00a9).*
      | .*\b(?:enable\s+javascript|accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings))\b.*
      | loading\.*\u2026? | (?:related|recommended|more)\s+(?:stories|articles|coverage|from\b).*
      | (?:watch|listen|video|photos?)\s*:.{0,60}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Agency credits and bylines: who wrote or supplied the piece, not what it says.
_CREDIT = re.compile(
    r"""^(?:
        [\-\u2013\u2014]?\s*(?:with|from)\s+(?:\w+\s+){0,3}(?:wire\s+services?|wires|news\s+services?)\.?
      | (?:additional\s+)?reporting\s+by\b.* | (?:writing|editing|edited|compiled)\s+by\b.*
      | .*\bcontributed\s+to\s+this\s+(?:report|story|article)\.?
      | contributing\s*:.*
      | [\-\u2013\u2014]?\s*(?:the\s+)?(?:associated\s+press|reuters|afp|ap|bloomberg|dpa|upi)\.?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE = re.compile(r"^[Bb][Yy]\s+[A-Z][\w.'\u2019-]*(?:,?\s+(?:[A-Z][\w.'\u2019-]*|and|&))*$")

MAX_CHROME_WORDS = 30
"""Blocks longer than this are never dropped as chrome, however they read."""


def split_blocks(text: str) -> list[str]:
    """Paragraph-sized blocks: split at blank lines and at bullet items, whitespace folded."""
    text = _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    chunks = _BLANK_LINE.split(text)
    if len(chunks) == 1 and text.strip().count("\n") >= 2:
        chunks = text.split("\n")  # one paragraph per line when no blank lines
    blocks: list[str] = []
    for chunk in chunks:
        blocks.extend(_split_bullets(chunk))
    return [b for b in (_SPACES.sub(" ", b).strip() for b in blocks) if b]


def _split_bullets(chunk: str) -> list[str]:
    """Start a new block at each bulleted line of a chunk."""
    items: list[list[str]] = [[]]
    for line in chunk.split("\n"):
        if _BULLET.match(line) or _BULLET_ONLY.match(line):
            items.append([])
        items[-1].append(line)
    return ["\n".join(lines) for lines in items if any(s.strip() for s in lines)]


def strip_bullet(block: str) -> str:
    """The block without its leading bullet marker."""
    if _BULLET_ONLY.match(block):
        return ""
    return _BULLET.sub("", block, count=1).strip()


def is_boilerplate(block: str) -> bool:
    """Page furniture: short blocks that match a known widget or chrome phrase."""
    return len(block.split()) <= MAX_CHROME_WORDS and bool(_BOILERPLATE.match(block))


def is_credit(block: str) -> bool:
    """An agency credit, contributor note or byline standing alone."""
    words = block.split()
    if len(words) > 14:
        return False
    if block.lower().startswith("by ") and block.rstrip()[-1:] in '.!?"\u201d':
        return False  # "By Monday, the talks had ..." is a sentence
    return bool(_CREDIT.match(block) or _BYLINE.match(block))


def clean_paragraphs(text: str) -> list[str]:
    """The article's paragraphs, verbatim, without scraper junk."""
    blocks = [strip_bullet(b) for b in split_blocks(text)]
    repeats = Counter(_key(b) for b in blocks)
    kept: list[str] = []
    for block in blocks:
        if not block or not _LETTER.search(block):
            continue
        if repeats[_key(block)] > 1 and len(block.split()) <= MAX_CHROME_WORDS:
            continue  # chrome repeated on the page
        if is_boilerplate(block) or is_credit(block):
            continue
        kept.append(block)
    return kept


def _key(block: str) -> str:
    """Compare blocks by their words only."""
    return " ".join(re.findall(r"\w+", block.casefold()))
