"""newsbot in Telegram (python-telegram-bot)."""
