"""Exceptions raised by the retrieval core.

All of them derive from one base, so a front end can catch ``NewsbotError`` and
show its message (never a traceback) to the user::

    NewsbotError
    ├── CorpusError                 the corpus as a whole cannot be used
    │   ├── CorpusNotFoundError     the configured path does not exist
    │   └── EmptyCorpusError        nothing answerable was found in it
    ├── ArticleFormatError          one file or record is unreadable or malformed
    ├── QuestionError               the question is empty or cannot be asked
    ├── FetchError                  a web page or feed was refused or could not be fetched
    └── IndexFormatError            a persisted index is missing, corrupt or stale
"""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class of every error the retrieval core raises on purpose."""


class CorpusError(NewsbotError):
    """The corpus as a whole cannot be used."""


class CorpusNotFoundError(CorpusError):
    """The configured corpus path does not exist."""


class EmptyCorpusError(CorpusError):
    """The corpus holds no article with any text to search."""


class ArticleFormatError(NewsbotError):
    """One file or record cannot be read as an article."""


class QuestionError(NewsbotError):
    """The question is empty or cannot be asked."""


class FetchError(NewsbotError):
    """A URL was refused (scheme, address, size, type, redirects) or could not be fetched."""


class IndexFormatError(NewsbotError):
    """A persisted index is missing, corrupt, or built for other settings."""
