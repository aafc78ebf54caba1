"""Logging that never shows the bot token (PTB and httpx put it in request URLs)."""

from __future__ import annotations

import logging
from typing import Any

QUIET = ("httpx", "httpcore", "apscheduler")
"""Loggers that log request URLs (with the token) at INFO: raised to WARNING."""


def redact(text: str, token: str) -> str:
    """``text`` with the token (and its secret half) replaced."""
    if not token:
        return text
    text = text.replace(token, "<TOKEN>")
    secret = token.partition(":")[2]
    return text.replace(secret, "<TOKEN>") if len(secret) >= 8 else text


class RedactToken(logging.Filter):
    """A handler filter that removes the token from messages and tracebacks."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record without the token; always keep it."""
        record.msg = redact(record.getMessage(), self.token)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.token)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.token)
        return True


_PROTECTED: set[str] = set()


def protect(token: str) -> None:
    """Redact the token from every log record from now on, whichever handler gets it.

    PTB logs the file URL (with the token) at DEBUG and httpx logs request URLs at INFO;
    wrapping the record factory covers them all, including handlers added later.
    """
    if not token or token in _PROTECTED:
        return
    _PROTECTED.add(token)
    guard = RedactToken(token)
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        guard.filter(record)
        return record

    logging.setLogRecordFactory(redacting_factory)


def configure_logging(token: str, level: int = logging.INFO) -> RedactToken:
    """Log to stderr with the token redacted everywhere; the filter installed."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    protect(token)
    guard = RedactToken(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(guard)
    return guard
