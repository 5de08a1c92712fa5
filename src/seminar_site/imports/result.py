"""What a reader of a spreadsheet or a page gives the writer: the report as plain data.

Every reader (``sheets``, ``pages``) returns an ``ImportResult`` and never writes; the writer
turns it into ``content/reports/SLUG/`` atomically, with ``import-report.md`` listing the
leftovers (what could not be placed, with its source line) and the notes (what the reader
guessed, for the author to verify). A reader raises ContentErrors with every problem of its
source, each located (``file:line``, ``file:Sheet!C12``), and then nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seminar_site.errors import SiteError
from seminar_site.i18n import Message


@dataclass(frozen=True)
class Leftover:
    """A piece of the source that found no place in the report."""

    where: str  # "line 12" / "Sheet1!C12", as shown in import-report.md
    text: str
    reason: Message


@dataclass(frozen=True)
class ImportResult:
    report: Mapping[str, Any]  # report.yaml as plain data, keys in the documented order
    files: Mapping[str, str] = field(default_factory=dict)  # folder-relative path -> Markdown
    leftovers: tuple[Leftover, ...] = ()
    source_lines: int = 0  # text lines of the source's main content
    placed_lines: int = 0  # of those, how many landed in the YAML or a Markdown file
    # Added for the sheets reader (optional, defaults keep every reader as it was):
    notes: tuple[Message, ...] = ()  # guesses to verify (listed in import-report.md)
    warnings: tuple[SiteError, ...] = ()  # printed as "warning: …" after writing
    copies: Mapping[str, Path] = field(default_factory=dict)  # folder-relative dest -> file
    # Guesses about the keys other than days (title, lead, published, event), which --update
    # keeps as the author has them: it leaves these out of import-report.md.
    report_notes: tuple[Message, ...] = ()
    # The keys this source can give, by level ("day", "session", "speaker"): --update never
    # removes or changes a key it cannot give (a sheet without a 部署 column says nothing of
    # departments, and no sheet of summary files, materials or photos). None: every key.
    gives: Mapping[str, frozenset[str]] | None = None
