"""``seminar-site import SOURCE --slug SLUG [--update] [--map FILE]``: the reader chosen by
the source's suffix (a spreadsheet: sheets.py; a past report page: pages.py), then the one
writer. Errors of every step are gathered and raised together (exit 2, nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from seminar_site.errors import ContentErrors, SiteError, warning_line
from seminar_site.i18n import _, render
from seminar_site.imports.half_width import half_width
from seminar_site.imports.headers import ColumnMap, read_map
from seminar_site.imports.result import ImportResult
from seminar_site.imports.sheets import SUFFIXES as SHEETS
from seminar_site.imports.writer import folder_errors, write_import
from seminar_site.settings.config import SiteConfig, load_config

PAGES = (".html", ".htm", ".txt")


def read_source(source: Path, config: SiteConfig, columns: ColumnMap | None) -> ImportResult:
    """The reader for the source's suffix; SiteError for a file no reader takes."""
    suffix = source.suffix.lower()
    if not source.is_file():
        raise SiteError(
            _("file not found"),
            source,
            hint=_("it was looked for at {path}: check the file's name, or run the command in "
                   "the folder that holds it (or give its full path)",
                   path=str(source.absolute())),
        )  # fmt: skip
    if suffix in SHEETS:
        from seminar_site.imports.sheets import read_sheet

        return read_sheet(source, source, columns, config.numbered_kinds, config.language)
    if suffix in PAGES:
        from seminar_site.imports.pages import read_page

        return read_page(source)
    if suffix in (".xls", ".ods", ".numbers"):
        hint = _("save it as .xlsx (Excel workbook) or .csv, then import that file")
    else:
        hint = _("import a .xlsx or .csv programme, or a .html, .htm or .txt report page")
    raise SiteError(_("'{suffix}' files cannot be imported", suffix=suffix or source.name),
                    source, hint=hint)  # fmt: skip


def run_import(args: argparse.Namespace) -> int:
    root: Path = args.root
    source: Path = args.source
    config = load_config(root)  # a site is needed: its settings check the report
    errors: list[SiteError] = []
    columns = None
    if args.map is not None:
        try:
            columns = read_map(args.map, args.map)
        except SiteError as error:
            errors.append(error)
    result: ImportResult | None = None
    try:
        result = half_width(read_source(source, config, columns))  # ＤＸ → DX, as check asks
    except SiteError as error:
        errors.append(error)
    if result is None:
        raise ContentErrors([*errors, *folder_errors(root, args.slug, args.update)])
    written = write_import(
        root,
        args.slug,
        result,
        source,
        config,
        update=args.update,
        earlier=errors,
        force=args.force,
    )
    for warning in [*result.warnings, *written.warnings]:
        print(render(warning_line(warning, root)), file=sys.stderr)
    days, sessions, speakers = _counts(result.report)
    folder = os.path.relpath(written.folder, root)
    line = _(
        "imported {source} into {folder}: {days} day(s), {sessions} session(s), "
        "{speakers} speaker(s); of the {lines} line(s) (rows) of the source, {placed} placed "
        "and {unplaced} not; {left} value(s) not placed (of those rows, or cells of a placed "
        "row) are listed in {report}",
        source=source.name,
        folder=folder,
        days=days,
        sessions=sessions,
        speakers=speakers,
        placed=result.placed_lines,
        lines=result.source_lines,
        unplaced=max(result.source_lines - result.placed_lines, 0),
        left=len(result.leftovers),
        report=os.path.join(folder, "import-report.md"),
    )
    print(render(line))
    if args.update:  # the title and the lead are the author's, kept as they were
        print(render(_("next: seminar-site check")))
    else:
        print(render(_("next: seminar-site check (then edit the title and the lead)")))
    return 0


def _counts(report: Mapping[str, Any]) -> tuple[int, int, int]:
    days = [d for d in report.get("days", []) if isinstance(d, Mapping)]
    sessions = [s for d in days for s in d.get("sessions", []) if isinstance(s, Mapping)]
    speakers = sum(len(s.get("speakers", [])) for s in sessions)
    return len(days), len(sessions), speakers
