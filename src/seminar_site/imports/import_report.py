"""``import-report.md``: what an import read, guessed and could not place, for the author.

It stays in the report folder and is never published: the build copies only the files
report.yaml names (tests/test_import_command.py builds a site to show it). After ``--update``
it also lists what the merge replaced, and what it could not place (``--force``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from seminar_site.i18n import _, render
from seminar_site.imports.merge import Merge
from seminar_site.imports.result import ImportResult

IMPORT_REPORT = "import-report.md"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>").strip()


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(render(h) for h in headers) + " |"]
    lines.append("| " + " | ".join("---" for _h in headers) + " |")
    lines += ["| " + " | ".join(_cell(part) for part in row) + " |" for row in rows]
    return lines


def import_report_text(
    result: ImportResult,
    source: Path,
    merge: Merge | None = None,
    kept: Sequence[str] = (),
    update: bool = False,
) -> str:
    merge = merge or Merge()
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
                "not placed: {unplaced}; values not placed, listed below (of those lines, or "
                "cells of a placed line): {left}",
                lines=result.source_lines,
                placed=result.placed_lines,
                unplaced=max(result.source_lines - result.placed_lines, 0),
                left=len(result.leftovers),
            )
        ),
    ]
    # --update writes only the programme: the guesses about title, lead, event are moot.
    notes = [*result.notes, *(() if update else result.report_notes)]
    if update:
        notes.insert(
            0,
            _(
                "--update kept report.yaml's title, lead, published, event and "
                "every key written by hand; only the programme (days) was merged"
            ),
        )
    if notes or merge.removed_days or kept:
        lines += ["", render(_("## To check")), ""]
        lines += [f"- {render(note)}" for note in notes]
        lines += [
            "- " + render(_("the day {date} of the old programme is not in the source: it "
                            "was removed", date=date))
            for date in merge.removed_days
        ]  # fmt: skip
        lines += [
            "- " + render(_("'{file}' exists and was kept as it was; the imported text was "
                            "not written", file=file))
            for file in kept
        ]  # fmt: skip
    if merge.replaced:
        lines += ["", render(_("## Replaced by the new source")), ""]
        lines += _table(
            (_("where"), _("before"), _("after")),
            [(r.where, r.before, r.after or render(_("(removed)"))) for r in merge.replaced],
        )
    lines += ["", render(_("## Not placed")), ""]
    lost = [(loss.where, loss.text, render(loss.reason)) for loss in merge.lost]  # where: no key
    rows = [(render(x.where), x.text, render(x.reason)) for x in result.leftovers]
    if not rows and not lost:
        lines.append(render(_("Everything was placed.")))
    else:
        if lost:
            lines.append(render(_("What was written by hand in report.yaml and is no longer "
                                  "there (written with --force; the old report.yaml is in "
                                  ".seminar-editor/history/):")))  # fmt: skip
            lines.append("")
        lines += _table((_("where"), _("text"), _("why")), [*lost, *rows])
    return "\n".join(lines) + "\n"
