"""Configuration from the environment or ``.env``, loaded once by the front ends."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_PATTERN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
"""What BotFather's tokens look like: a numeric bot id, a colon, a secret."""


def default_data_dir() -> Path:
    """Where the bot keeps what it learns: a per-user data folder, never the repo."""
    return user_data_path("newsbot", appauthor=False)


def _id_list(value: object) -> object:
    """Accept ``1,2, -100`` (or a JSON list) for lists of chat or user ids."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return text
        return [int(v) for v in re.split(r"[\s,;]+", text) if v]
    return value


def _url_list(value: object) -> object:
    """Accept ``https://a/feed, https://b/rss`` (or a JSON list) for lists of URLs."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return text
        return [v for v in re.split(r"[\s,;]+", text) if v]
    return value


class Settings(BaseSettings):
    """Everything newsbot can be configured with; see ``.env.example``."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    newsbot_corpus: Path | None = Field(
        default=None, description="A file or directory of articles; default the bundled one."
    )
    newsbot_bundled: bool = Field(
        default=True,
        description="Search the bundled article besides NEWSBOT_CORPUS / --corpus.",
    )
    newsbot_data_dir: Path = Field(default_factory=default_data_dir)
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, description="Secret Telegram sends with each webhook request."
    )
    newsbot_allowed_chats: Annotated[tuple[int, ...], NoDecode] = ()
    newsbot_admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    newsbot_min_coverage: float = Field(
        default=0.45,
        ge=0,
        le=1,
        description="Share of a question's weight a quote must hold, else newsbot declines.",
    )
    newsbot_context_words: int = Field(
        default=120,
        ge=0,
        le=1000,
        description="Words a quote may hold: its best sentences and their passage around them.",
    )
    newsbot_user_rate_limit: int = Field(
        default=10, ge=1, description="Questions one user may ask per minute."
    )
    newsbot_feeds: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="RSS/Atom feed URLs the running bot refreshes on a schedule."
    )
    newsbot_feed_refresh_minutes: int = Field(
        default=30, ge=1, description="Minutes between two refreshes of NEWSBOT_FEEDS."
    )
    newsbot_allow_private_urls: bool = Field(
        default=False, description="Allow fetching from private and loopback addresses (tests)."
    )

    @field_validator("newsbot_allowed_chats", "newsbot_admin_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        return _id_list(value)

    @field_validator("newsbot_feeds", mode="before")
    @classmethod
    def _parse_urls(cls, value: object) -> object:
        return _url_list(value)

    @field_validator("newsbot_corpus", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value
