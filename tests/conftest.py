"""Shared fixtures: ``make_site`` writes a tiny site into tmp_path from a dict of files.

Usage::

    def test_something(make_site):
        root = make_site()                                   # a minimal valid site
        root = make_site({"content/reports/r1/report.yaml": report_yaml(title="X")})
        root = make_site({"content/site.yaml": b"\\xef\\xbb\\xbftitle: T\\n"}, base=False)

Keys are paths relative to the site root (forward slashes); values are ``str`` (written as
UTF-8 exactly as given, no newline translation) or ``bytes``. With ``base=True`` (default) the
minimal valid site below is written first and ``files`` override or add to it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:  # until the package is installed (pip install -e .)
    sys.path.insert(0, str(SRC))

REPORT_DIR = "content/reports/r1"
REPORT_PATH = f"{REPORT_DIR}/report.yaml"
SITE_PATH = "content/site.yaml"

SiteFiles = Mapping[str, str | bytes]
MakeSite = Callable[..., Path]


def site_yaml(title: str = "テストサイト", extra: str = "") -> str:
    """A minimal valid content/site.yaml (``extra`` lines are appended verbatim)."""
    return f"title: {title}\nlanguage: ja\n{extra}"


def report_yaml(
    title: str = "テスト報告",
    lead: str = "1月22日に開催したセミナーの報告です。",
    published: str = "2021-02-24",
    sessions: str = "      - kind: 講演\n        title: 基調講演\n",
    extra: str = "",
) -> str:
    """A minimal valid report.yaml with one day; ``sessions`` is the indented session list."""
    return (
        f"title: {title}\n"
        f"lead: {lead}\n"
        f"published: {published}\n"
        "event:\n"
        "  name: テストセミナー\n"
        "  format: online\n"
        f"{extra}"
        "days:\n"
        "  - date: 2021-01-22\n"
        "    sessions:\n"
        f"{sessions}"
    )


def minimal_site() -> dict[str, str | bytes]:
    return {SITE_PATH: site_yaml(), REPORT_PATH: report_yaml()}


def write_files(root: Path, files: SiteFiles) -> Path:
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Factory: make_site(files=None, base=True, name="site") -> the new site root."""

    def _make(files: SiteFiles | None = None, base: bool = True, name: str = "site") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=False)
        merged: dict[str, str | bytes] = minimal_site() if base else {}
        merged.update(files or {})
        return write_files(root, merged)

    return _make
