"""The words newsbot says, shared by every front end so they stay consistent."""

from __future__ import annotations

import datetime as dt

from retrieval import Citation

DECLINED = "I couldn't find an answer to that in the articles I have."
TENTATIVE = "The article may not answer this exactly. This is the closest it comes:"
EMPTY_QUESTION = "Please type a question, for example: {example}"
NOTHING_TO_ASK = "Ask me about the news articles I have read; I answer with quotes from them."


def read_as(question: str) -> str:
    """The line saying how a misspelt question was read."""
    return f"(Read as \u201c{question}\u201d.)"


def suggestion(examples: list[str], topics: list[str]) -> str:
    """A line suggesting what can be asked, drawn from the corpus."""
    if examples:
        return "You could ask: " + " or ".join(f"\u201c{q}\u201d" for q in examples[:2])
    if topics:
        return "The articles are about " + ", ".join(topics[:5]) + "."
    return NOTHING_TO_ASK


def citation_line(citation: Citation) -> str:
    """Where a quote comes from: title, paragraph, date."""
    parts = [citation.title, f"paragraph {citation.paragraph}"]
    if citation.published:
        parts.append(format_date(citation.published))
    return ", ".join(parts)


def format_date(day: dt.date) -> str:
    """A date as readers write it: 19 June 2023."""
    return f"{day.day} {day:%B %Y}"
