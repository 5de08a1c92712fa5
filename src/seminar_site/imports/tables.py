"""A spreadsheet as a grid of plain values, wherever it came from: an ``.xlsx`` sheet
(openpyxl, imported here only) or a ``.csv`` file in UTF-8, UTF-8 with a BOM or cp932.

Each row keeps where it came from, so that an error is located as ``file:Sheet!C12`` (xlsx)
or ``file:12`` (CSV, the line the record starts on).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from seminar_site.errors import SiteError
from seminar_site.i18n import _

Value = object  # str, int, float, bool, datetime.date/datetime/time or None
MAX_BYTES = 20 * 1024 * 1024  # a programme is a few KB; refuse what is surely not one


def column_letter(col: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class CellError(SiteError):
    """A problem at one cell of a workbook, shown as ``file:Sheet!C12: message``; ``line``
    and ``col`` hold the row and column numbers, so that errors sort in sheet order."""

    def __init__(
        self, message: str, path: Path | str, sheet: str, row: int, col: int, hint: str | None
    ) -> None:
        super().__init__(message, path, row, col, hint)
        self.sheet = sheet

    def location(self, relative_to: Path | None = None) -> str:
        where = SiteError(self.message, self.path).location(relative_to)
        sheet = self.sheet if re.fullmatch(r"\w+", self.sheet) else f"'{self.sheet}'"
        return f"{where}:{sheet}!{column_letter(self.col or 1)}{self.line or 1}"


@dataclass(frozen=True)
class Table:
    """One sheet: ``rows[i]`` is sheet row ``numbers[i]`` (xlsx) or starts on source line
    ``numbers[i]`` (CSV). ``merged``: (first row index, first col, last row index, last col)
    of each merged range, 0-based indexes into ``rows`` and the row tuples."""

    path: Path
    sheet: str | None  # None for CSV
    rows: tuple[tuple[Value, ...], ...]
    numbers: tuple[int, ...]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    spread: frozenset[tuple[int, int]] = frozenset()  # (row, col) given by a merged cell above
    # xlsx only: formula cells the file keeps no result of (row, col, formula), and the rows
    # and columns hidden in Excel (indexes): sheet_hidden.py says what becomes of them.
    formulas: tuple[tuple[int, int, str], ...] = ()
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()

    def spread_below(self, header: int) -> Table:
        """The table with each vertically merged cell below row ``header`` giving its value
        to every row it covers (its first column: a horizontal merge is one value), those
        cells named in ``spread``: a 所属 or 時間 merged over two rows is both rows'."""
        rows = [list(row) for row in self.rows]
        spread: set[tuple[int, int]] = set()
        for r0, c0, r1, _c1 in self.merged:
            if r1 <= r0 or r0 <= header or r0 >= len(rows) or c0 >= len(rows[r0]):
                continue
            for index in range(r0 + 1, min(r1, len(rows) - 1) + 1):
                row = rows[index]
                row.extend([None] * (c0 + 1 - len(row)))
                if text_of(row[c0]) == "" and text_of(rows[r0][c0]):
                    row[c0] = rows[r0][c0]
                    spread.add((index, c0))
        return replace(self, rows=tuple(tuple(r) for r in rows), spread=frozenset(spread))

    def where(self, index: int, col: int = 0) -> str:
        """How import-report.md names a cell (or a CSV line)."""
        number = self.numbers[index] if index < len(self.numbers) else 1
        if self.sheet is None:
            return _("line {line}", line=number)
        return f"{self.sheet}!{column_letter(col + 1)}{number}"

    def error(self, message: str, index: int, col: int = 0, hint: str | None = None) -> SiteError:
        number = self.numbers[index] if index < len(self.numbers) else 1
        if self.sheet is None:
            return SiteError(message, self.path, number, hint=hint)
        return CellError(message, self.path, self.sheet, number, col + 1, hint)


def read_xlsx(path: Path, shown: Path) -> list[Table]:
    """Every sheet of the workbook, with cached formula results and merged ranges."""
    _check_size(path, shown)
    import zipfile

    try:
        load_workbook, InvalidFileException = _openpyxl()
    except ImportError:
        raise SiteError(
            _("reading .xlsx files needs openpyxl, which is not installed"),
            shown,
            hint=_(
                "install it with: pip install 'seminar-site[import]' (or save the sheet as CSV)"
            ),
        ) from None

    try:
        book = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        raise SiteError(
            _("this file cannot be read as an Excel workbook (.xlsx)"),
            shown,
            hint=_("open it in Excel and save it again as .xlsx (or as CSV)"),
        ) from None
    formulas = load_workbook(path)  # the formulas themselves: a result may not be saved
    tables = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue  # a hidden sheet holds lists and workings, not the programme
        rows = tuple(tuple(row) for row in sheet.iter_rows(values_only=True))
        merged = tuple(
            (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
            for r in sheet.merged_cells.ranges
        )
        numbers = tuple(range(1, len(rows) + 1))
        unsaved = tuple(
            (cell.row - 1, cell.column - 1, str(cell.value))
            for row in formulas[sheet.title].iter_rows()
            for cell in row
            if cell.data_type == "f" and rows[cell.row - 1][cell.column - 1] is None
        )
        hidden_rows = frozenset(r - 1 for r, d in sheet.row_dimensions.items() if d.hidden)
        hidden_cols = frozenset(
            col - 1
            for d in sheet.column_dimensions.values()
            if d.hidden and d.min is not None and d.max is not None
            for col in range(d.min, d.max + 1)
        )
        tables.append(Table(shown, sheet.title, rows, numbers, merged, frozenset(), unsaved,
                            hidden_rows, hidden_cols))  # fmt: skip
    return tables


def _openpyxl() -> tuple[Any, type[Exception]]:
    """openpyxl, imported without its optional numpy support when numpy is not loaded yet:
    openpyxl only checks cell values against numpy's types, which a workbook read from
    disk never holds, and importing numpy costs about 0.2 s of the command's 0.4 s
    (tests/test_import_sheets.py reads a workbook both ways and compares)."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        blocked = False
    else:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails
        blocked = True
    try:
        from openpyxl import load_workbook  # only ``seminar-site import`` pays for it
        from openpyxl.utils.exceptions import InvalidFileException
    finally:
        if blocked:
            del sys.modules["numpy"]
    return load_workbook, InvalidFileException


ENCODINGS = ("utf-8-sig", "utf-8", "cp932")


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 with a BOM, UTF-8, else cp932 (Excel's "CSV" in
    Japanese Windows); ValueError when it is none of them."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932")


def read_csv(path: Path, shown: Path) -> list[Table]:
    _check_size(path, shown)
    try:
        data = path.read_bytes()
    except OSError:
        raise SiteError(_("this file cannot be read"), shown) from None
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        raise SiteError(
            _("this CSV file is neither UTF-8 nor Shift_JIS (cp932)"),
            shown,
            hint=_("save it from Excel as 'CSV UTF-8 (comma delimited)'"),
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[Value, ...]] = []
    numbers: list[int] = []
    start = 1
    try:
        for record in reader:
            rows.append(tuple(cell.replace("\r\n", "\n").replace("\r", "\n") for cell in record))
            numbers.append(start)
            start = reader.line_num + 1
    except csv.Error:
        raise SiteError(
            _("a quoted cell is not closed"),
            shown,
            start,
            hint=_('check the double quotes (") of this line'),
        ) from None
    return [Table(shown, None, tuple(rows), tuple(numbers))]


def _check_size(path: Path, shown: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        raise SiteError(_("file not found"), shown) from None
    if size > MAX_BYTES:
        raise SiteError(
            _("this file is too large to be a programme ({size} MB)", size=size // 2**20),
            shown,
        )


def text_of(value: Value) -> str:
    """A cell as the text it shows: numbers without a needless ``.0``, line ends as ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def blank(row: Sequence[Value]) -> bool:
    return all(text_of(value) == "" for value in row)
