"""`newsbot telegram`: run the Telegram bot (long polling, or behind a webhook).

python-telegram-bot is imported only when the command runs, so other commands start fast.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from typing import Any
from urllib.parse import urlsplit

from bot.settings import TOKEN_PATTERN, Settings

EXIT_USAGE = 2
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
"""What Telegram accepts as a webhook secret token."""


def configure(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register the `telegram` command."""
    parser = commands.add_parser(
        "telegram",
        parents=[common],
        help="run the Telegram bot",
        description="Run the Telegram bot: long polling by default, or behind a webhook "
        "with --webhook-url. Configured by TELEGRAM_BOT_TOKEN and friends (see .env.example).",
    )
    parser.add_argument(
        "--webhook-url",
        metavar="URL",
        help="public HTTPS URL Telegram posts updates to (default: long polling)",
    )
    parser.add_argument(
        "--listen", default="127.0.0.1", metavar="HOST", help="webhook address to bind"
    )
    parser.add_argument("--port", type=int, default=8080, metavar="N", help="webhook port")
    parser.add_argument(
        "--secret-token",
        metavar="S",
        help="webhook secret (default: TELEGRAM_WEBHOOK_SECRET, else a random one per run)",
    )
    parser.set_defaults(run=run)


def token_problem(settings: Settings) -> str | None:
    """What is wrong with TELEGRAM_BOT_TOKEN (never quoting it), or None."""
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value().strip():
        return "TELEGRAM_BOT_TOKEN is not set; get a token from @BotFather and put it in .env"
    if not TOKEN_PATTERN.match(token.get_secret_value()):
        return "TELEGRAM_BOT_TOKEN is malformed; it should look like 123456789:AAE... (BotFather)"
    return None


def webhook_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the webhook options, or None."""
    url = urlsplit(args.webhook_url)
    if url.scheme not in ("https", "http") or not url.netloc:
        return "--webhook-url must be a full URL, e.g. https://bot.example.org/telegram"
    if args.secret_token and not SECRET_PATTERN.match(args.secret_token):
        return "--secret-token may only hold 1-256 letters, digits, _ and -"
    if not 0 < args.port < 65536:
        return "--port must be between 1 and 65535"
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    """``newsbot telegram``: check the configuration, load the articles, run the bot."""
    if args.secret_token is None and settings.telegram_webhook_secret is not None:
        args.secret_token = settings.telegram_webhook_secret.get_secret_value() or None
    problem = token_problem(settings)
    if problem is None and args.webhook_url:
        problem = webhook_problem(args)
    if problem is not None:
        print(f"newsbot: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from bot.cli import load_engine
    from bot.telegram.app import Webhook, run_bot

    engine = load_engine(args, settings)
    webhook = None
    if args.webhook_url:
        secret = args.secret_token or secrets.token_urlsafe(32)
        webhook = Webhook(args.webhook_url, args.listen, args.port, secret)
    return run_bot(settings, engine, webhook)
