"""Folders under content/reports/ that hold no ``report.yaml``: the ones whose report file has
another name (``report.yml``, ``Report.yaml``, or ``report.yaml.txt`` as Windows Notepad saves
it while hiding the .txt) are errors, for the report would vanish from the site without a
word; any other folder (photos kept for later, a draft) gets a warning that it is not
published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from seminar_site.content.report import REPORT_FILE
from seminar_site.errors import SiteError
from seminar_site.i18n import _

REPORTS = Path("content") / "reports"
#: A file meant as report.yaml: any case, .yml, a doubled or added .txt, spaces around.
_MEANT = re.compile(r"\s*report\s*\.(?:ya?ml)(?:\s*\.(?:ya?ml|txt))*\s*", re.IGNORECASE)


def _sub_folders(folder: Path) -> Iterator[Path]:
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return
    for child in children:
        hidden = child.name.startswith((".", "_"))
        if child.is_dir() and not hidden and not (child / REPORT_FILE).is_file():
            yield child


def _misnamed_in(child: Path) -> str | None:
    try:
        names = sorted(p.name for p in child.iterdir() if p.is_file())
    except OSError:
        return None
    return next((name for name in names if _MEANT.fullmatch(name)), None)


def misnamed_reports(folder: Path) -> list[tuple[Path, str]]:
    """(report folder, the file that was meant as its report.yaml) under ``folder``."""
    found = []
    for child in _sub_folders(folder):
        misnamed = _misnamed_in(child)
        if misnamed is not None:
            found.append((child, misnamed))
    return found


def folders_without_report(root: Path) -> tuple[Path, ...]:
    """The folders under content/reports/ with no report.yaml and no file meant as one."""
    return tuple(c for c in _sub_folders(root / REPORTS) if _misnamed_in(c) is None)


def misnamed_report(folder: Path, name: str) -> SiteError:
    return SiteError(
        _(
            "the report folder '{folder}' has no report.yaml, only '{name}': the report is "
            "not read",
            folder=folder.name,
            name=name,
        ),
        folder / name,
        hint=_(
            "rename '{name}' to report.yaml (on Windows, turn on file name extensions in "
            "Explorer's View menu to see a hidden .txt)",
            name=name,
        ),
    )


def not_a_report(folder: Path) -> SiteError:
    return SiteError(
        _(
            "the folder '{folder}' has no report.yaml: it is not published",
            folder=folder.name,
        ),
        folder,
        hint=_(
            "add report.yaml to it (seminar-site new-report makes one), or move the folder "
            "out of content/reports/"
        ),
    )
