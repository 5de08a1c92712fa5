"""How every browser test starts Debian's chromium (Playwright with executable_path)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = Path(os.environ.get("SEMINAR_SITE_CHROMIUM", "/usr/bin/chromium"))
# Headless as root on a machine without outside network: no sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing_tool(reason: str) -> NoReturn:
    """A missing browser or checker fails in CI (where .ci/run installs it) and skips locally."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure)", pytrace=False)
    pytest.skip(reason)
