"""``import-report.md``: what an import read, guessed and could not place, for the author.

It stays in the report folder and is never published: the build copies only the files
report.yaml names (tests/test_import_command.py builds a site to show it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from seminar_site.i18n import _, render
from seminar_site.imports.result import ImportResult

IMPORT_REPORT = "import-report.md"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>").strip()


def import_report_text(
    result: ImportResult, source: Path, removed: Sequence[str] = (), kept: Sequence[str] = ()
) -> str:
    lines = [
        render(_("# Import report")),
        "",
        render(
            _(
                "This file is not published. It lists what 'seminar-site import' read from "
                "{source}, what it guessed and what it could not place; delete it when you "
                "have checked them.",
                source=source.name,
            )
        ),
        "",
        render(
            _(
                "- Lines (rows) of the source: {lines}; placed in the report: {placed}; "
                "left over: {left}",
                lines=result.source_lines,
                placed=result.placed_lines,
                left=len(result.leftovers),
            )
        ),
    ]
    if result.notes or removed or kept:
        lines += ["", render(_("## To check")), ""]
        lines += [f"- {render(note)}" for note in result.notes]
        lines += [
            "- " + render(_("the day {date} of the old programme is not in the source: it "
                            "was removed (with its photos list)", date=date))
            for date in removed
        ]  # fmt: skip
        lines += [
            "- " + render(_("'{file}' exists and was kept as it was; the imported text was "
                            "not written", file=file))
            for file in kept
        ]  # fmt: skip
    lines += ["", render(_("## Not placed")), ""]
    if not result.leftovers:
        lines.append(render(_("Everything was placed.")))
    else:
        lines.append("| " + " | ".join(render(h) for h in (_("where"), _("text"), _("why"))) + " |")
        lines.append("| --- | --- | --- |")
        for leftover in result.leftovers:
            row = (render(leftover.where), leftover.text, render(leftover.reason))
            lines.append("| " + " | ".join(_cell(part) for part in row) + " |")
    return "\n".join(lines) + "\n"
