"""Folders under content/reports/ that hold no ``report.yaml``: the ones whose report file has
another name (``report.yml``, ``Report.yaml``, or ``report.yaml.txt`` as Windows Notepad saves
it while hiding the .txt) are errors, for the report would vanish from the site without a
word; any other folder (photos kept for later, a draft) gets a warning that it is not
published."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from seminar_site.content.report import REPORT_FILE
from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.settings.config import misnamed_file, rename_hint


@dataclass(frozen=True)
class ReportFolders:
    """The folders under content/reports/, in name order, as one listing sorts them."""

    reports: tuple[Path, ...]  # with a report.yaml
    misnamed: tuple[tuple[Path, str], ...]  # (folder, the file meant as its report.yaml)
    unlisted: tuple[Path, ...]  # with neither


def scan_report_folders(folder: Path) -> ReportFolders:
    """One listing of ``folder`` (content/reports/); folders starting with '.' or '_' are
    left alone, as a place for drafts and trash."""
    reports: list[Path] = []
    misnamed: list[tuple[Path, str]] = []
    unlisted: list[Path] = []
    try:
        children = sorted(folder.iterdir())
    except OSError:
        children = []
    for child in children:
        if (child / REPORT_FILE).is_file():
            reports.append(child)
        elif child.is_dir() and not child.name.startswith((".", "_")):
            meant = misnamed_file(child, REPORT_FILE)
            if meant is None:
                unlisted.append(child)
            else:
                misnamed.append((child, meant))
    return ReportFolders(tuple(reports), tuple(misnamed), tuple(unlisted))


def misnamed_report(folder: Path, name: str) -> SiteError:
    return SiteError(
        _(
            "the report folder '{folder}' has no report.yaml, only '{name}': the report is "
            "not read",
            folder=folder.name,
            name=name,
        ),
        folder / name,
        hint=rename_hint(name, REPORT_FILE),
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
