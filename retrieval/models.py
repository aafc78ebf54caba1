"""The data that crosses the core's boundary: articles in, answers out."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _to_date(value: Any) -> Any:
    """Accept ISO dates, ISO datetimes and RFC 2822 dates; keep the calendar day."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError):
            pass
    return value


PublishedDate = Annotated[dt.date | None, BeforeValidator(_to_date)]


class Frozen(BaseModel):
    """Base of every model here: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(Frozen):
    """One news article: its metadata and its cleaned paragraphs, verbatim."""

    id: str = Field(min_length=1)
    title: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    published: PublishedDate = None
    source: str | None = None
    origin: str = Field(default="", description="Where it was loaded from (a path).")


class Passage(Frozen):
    """A searchable unit: a paragraph, or a run of sentences of a long one."""

    id: int = Field(ge=0, description="Position in the corpus, the index's document id.")
    article_id: str
    paragraph: int = Field(ge=1, description="1-based paragraph number in its article.")
    text: str


class Citation(Frozen):
    """One verbatim quote and where it comes from."""

    n: int = Field(ge=1)
    quote: str
    article_id: str
    title: str
    url: str | None = None
    published: dt.date | None = None
    paragraph: int = Field(ge=1)
    score: float
    also_in: tuple[str, ...] = Field(
        default=(), description="Other articles carrying the same quote (wire copies)."
    )
    focus: tuple[int, int] | None = Field(
        default=None,
        description="Where in the quote the sentences that answer best are (start, end); "
        "the rest is their passage around them. None: the whole quote.",
    )

    @property
    def focus_span(self) -> tuple[int, int]:
        """The focus, or the whole quote when there is none."""
        return self.focus or (0, len(self.quote))

    @property
    def has_context(self) -> bool:
        """Whether the quote holds more of its passage than the sentences that answer."""
        return self.focus_span != (0, len(self.quote))


class Answer(Frozen):
    """The reply to a question: cited quotes, or a decline when nothing answers it."""

    question: str
    answered: bool
    citations: tuple[Citation, ...] = ()
    read_as: str | None = Field(
        default=None,
        description='The question as read when a misspelt word was read as another ("the '
        'goverment" as "the government"); None when read as typed.',
    )
    tentative: bool = Field(
        default=False,
        description="The quotes are the closest the article comes, not a sure answer: they "
        "hold too little of the question (over a single article, where a reader's own "
        "words are most often missing).",
    )
