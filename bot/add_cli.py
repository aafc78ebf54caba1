"""`newsbot add`: not built yet (placeholder wired into the CLI)."""

from __future__ import annotations

import argparse
from typing import Any


def configure(commands: Any, common: argparse.ArgumentParser) -> None:
    """Register the `add` command (nothing yet)."""
