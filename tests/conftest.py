"""Shared fixtures: ``make_site`` writes a tiny site into tmp_path from a dict of files.

Usage::

    def test_something(make_site):
        root = make_site()                                   # a minimal valid site
        root = make_site({"content/reports/r1/report.yaml": report_yaml(title="X")})
        root = make_site({"content/site.yaml": b"\\xef\\xbb\\xbftitle: T\\n"}, base=False)

Keys are paths relative to the site root (forward slashes); values are ``str`` (written as
UTF-8 exactly as given, no newline translation) or ``bytes``. With ``base=True`` (default) the
minimal valid site below is written first and ``files`` override or add to it.

Files from outside the checkout (the seed text, make_photos.py) come from ``../shared``
through ``shared_path``; subprocesses that run the CLI get ``cli_env()``, so that nothing
needs the package installed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
if str(SRC) not in sys.path:  # the tests never need the package installed
    sys.path.insert(0, str(SRC))
SHARED = REPO.parent / "shared"
SHARED_MISSING = "../shared is missing: copy the shared/ folder beside this checkout (see README)"
# Hypothesis keeps its example database in ./.hypothesis, inside the checkout when pytest is
# run from there: keep it in the temp folder instead (it still replays failures next run).
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "seminar-site-hypothesis")
)

REPORT_DIR = "content/reports/r1"
REPORT_PATH = f"{REPORT_DIR}/report.yaml"
SITE_PATH = "content/site.yaml"

SiteFiles = Mapping[str, str | bytes]
MakeSite = Callable[..., Path]


def shared_path(*parts: str) -> Path:
    """A file of ``../shared`` (beside the checkout, not in it), or a failed test saying how
    to get it: a clone alone does not have it, and a bare "file not found" would not say so."""
    if not SHARED.is_dir():
        pytest.fail(SHARED_MISSING, pytrace=False)
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"../shared is incomplete: {'/'.join(parts)} is missing from {SHARED} "
            "(copy the whole shared/ folder beside this checkout, see README)",
            pytrace=False,
        )
    return path


MESSAGE_LANGUAGE = "en"  # the tests read English messages unless they ask for --lang ja


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English whatever this machine's locale (i18n.choose reads LANGUAGE first);
    tests of Japanese messages pass ``--lang ja``, or set the variables themselves."""
    monkeypatch.setenv("LANGUAGE", MESSAGE_LANGUAGE)


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for ``python -m seminar_site`` in a subprocess: this checkout's src on
    PYTHONPATH, so that the tests run the code under test, installed or not; messages in
    English unless ``extra`` says otherwise."""
    return {**os.environ, "PYTHONPATH": str(SRC), "LANGUAGE": MESSAGE_LANGUAGE, **extra}


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
