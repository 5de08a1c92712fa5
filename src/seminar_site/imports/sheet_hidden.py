"""What a workbook keeps out of sight of the importer's plain values: formulas whose result
was never saved (a tool that writes .xlsx without computing them), and rows and columns
hidden in Excel. None of it is dropped in silence.

A hidden row is not imported: an author hides a cancelled talk rather than deleting it. Its
cells are listed in import-report.md and a warning names the rows, so that showing the row
again in Excel and importing once more brings it in. A hidden column is imported (a column is
hidden to print the sheet narrower, and its values belong to the sessions), with a note.
"""

from __future__ import annotations

from dataclasses import replace

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.imports.headers import Header
from seminar_site.imports.result import Leftover
from seminar_site.imports.tables import Table, column_letter, text_of


def unseen_cells(
    table: Table, header: Header
) -> tuple[Table, list[Leftover], list[SiteError], list[Message], int]:
    """The table without its hidden data rows, the leftovers, warnings and notes that say
    what was hidden or had no saved result, and how many rows were left out."""
    leftovers: list[Leftover] = []
    warnings: list[SiteError] = []
    notes: list[Message] = []
    for index, col, formula in table.formulas:
        if index <= header.index:
            continue
        reason = _("the result of this formula is not saved in the file, so the cell was read "
                   "as empty")  # fmt: skip
        leftovers.append(Leftover(table.where(index, col), formula, reason))
        warnings.append(
            table.error(
                _("the result of the formula {formula} is not saved in the file: the cell was "
                  "read as empty", formula=formula),
                index,
                col,
                _("open the file in Excel, save it again and import it once more"),
            )
        )  # fmt: skip
    hidden = sorted(i for i in table.hidden_rows if header.index < i < len(table.rows))
    hidden = [i for i in hidden if any(text_of(v) for v in table.rows[i])]
    rows = list(table.rows)
    for index in hidden:
        reason = _("a hidden row (hidden in Excel, as a cancelled talk is): not imported")
        for col, value in enumerate(rows[index]):
            if text_of(value):
                leftovers.append(Leftover(table.where(index, col), text_of(value), reason))
        rows[index] = ()
    if hidden:
        numbers = "、".join(str(table.numbers[i]) for i in hidden)
        warnings.append(
            table.error(
                _("rows hidden in Excel were not imported: {rows}", rows=numbers),
                hidden[0],
                hint=_("to import them, show the rows in Excel (select the rows around them, "
                       "right-click, Unhide), save and import once more"),
            )
        )  # fmt: skip
    columns = sorted(c for c in table.hidden_cols if c in header.fields or c in header.unknown)
    for col in columns:
        name = text_of(table.rows[header.index][col]) if col < len(table.rows[header.index]) else ""
        note = _("the column {column} ('{header}') is hidden in Excel: its values were imported",
                 column=column_letter(col + 1), header=name)  # fmt: skip
        notes.append(note)
        warnings.append(table.error(note, header.index, col,
                                    _("check them, or delete the column if they do not belong "
                                      "in the report")))  # fmt: skip
    return replace(table, rows=tuple(rows)), leftovers, warnings, notes, len(hidden)
