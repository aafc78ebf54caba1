"""Render answers as plain text, for pipes, files and non-terminal output."""

from __future__ import annotations

import textwrap

from bot.messages import DECLINED, citation_line
from retrieval import Answer

WIDTH = 88


def render_answer(answer: Answer, suggestion: str) -> str:
    """An answer as plain text: each quote as a quoted block, its citation under it."""
    if not answer.answered:
        return f"{DECLINED}\n{suggestion}\n"
    blocks = []
    for citation in answer.citations:
        quote = textwrap.fill(
            f"\u201c{citation.quote}\u201d",
            width=WIDTH,
            initial_indent=f"[{citation.n}] ",
            subsequent_indent="    ",
        )
        source = f"    \u2014 {citation_line(citation)}"
        if citation.url:
            source += f"\n      {citation.url}"
        blocks.append(f"{quote}\n{source}")
    return "\n\n".join(blocks) + "\n"
