"""Render answers as plain text, for pipes, files and non-terminal output."""

from __future__ import annotations

import textwrap

from bot.messages import DECLINED, TENTATIVE, citation_line, read_as
from retrieval import Answer

WIDTH = 88


def render_answer(answer: Answer, suggestion: str) -> str:
    """An answer as plain text: each quote as a quoted block, its citation under it (after
    how the question was read, when a misspelt word was read as another, and a warning
    when the quotes only come closest)."""
    head = f"{read_as(answer.read_as)}\n" if answer.read_as else ""
    if not answer.answered:
        return f"{head}{DECLINED}\n{suggestion}\n"
    if answer.tentative:
        head += f"{TENTATIVE}\n\n"
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
    return head + "\n\n".join(blocks) + "\n"
