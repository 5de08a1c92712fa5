"""A programme spreadsheet (.xlsx or .csv) into an ImportResult: the header found under any
title rows, dates read (merged date cells spread over the rows they span, a year taken from
elsewhere when a date has none), the rows into days and sessions (``programme.py``).

Every problem of the sheet is collected and raised at once as ContentErrors, each at its
cell (``file:Sheet!C12``) or line (``file:12``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from seminar_site.content.dates import find_dates
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.i18n import Message, _
from seminar_site.imports.day_blocks import DayBlocks, day_blocks
from seminar_site.imports.headers import (
    ColumnMap,
    Header,
    field_list,
    find_header,
    format_columns,
    gives,
    header_errors,
    two_row_header,
)
from seminar_site.imports.programme import Programme, add_rows
from seminar_site.imports.result import ImportResult, Leftover
from seminar_site.imports.sheet_hidden import unseen_cells
from seminar_site.imports.sheet_report import sheet_report
from seminar_site.imports.tables import Table, blank, read_csv, read_xlsx, text_of
from seminar_site.imports.values import (
    MonthDay,
    Unreadable,
    date_in_text,
    read_date,
    split_datetime,
    with_year,
    years_in,
)

SUFFIXES = (".xlsx", ".xlsm", ".csv")


def read_sheet(
    path: Path,
    shown: Path | None = None,
    columns: ColumnMap | None = None,
    numbered: Sequence[str] = ("事例",),
    language: str = "ja",
) -> ImportResult:
    """The programme of ``path``; ``shown``: the path as errors name it (as typed)."""
    shown = shown or path
    columns = columns or ColumnMap()
    tables = read_csv(path, shown) if path.suffix.lower() == ".csv" else read_xlsx(path, shown)
    chosen, skipped = _choose(tables, columns, shown)
    warnings = [error for error, _left in skipped]
    errors: list[SiteError] = []
    leftovers = [left for _error, left in skipped]  # in import-report.md too
    notes: list[Message] = []
    programme = Programme()
    titles: list[str] = []  # the first sheet's: the report's title and venue
    lines = hidden = 0
    headers = []
    for table, header in chosen:  # one sheet per day: each read in turn into one programme
        header = two_row_header(table, header, columns)
        table = table.spread_below(header.index)  # a merged 所属 or 時間 is every row's
        table, unseen, unseen_warnings, unseen_notes, count = unseen_cells(table, header)
        header = format_columns(table, header)  # 形式: 会場, オンライン is no kind
        blocks = day_blocks(table, header, columns.columns)  # 【2日目】 rows, headers again
        table = blocks.table
        headers.append(header)
        errors += blocks.errors
        errors += header_errors(table, header)
        title_rows = _title_rows(table, header)
        own_titles = [text for _index, _col, text in title_rows]
        titles = titles if headers[1:] else own_titles
        errors += _title_dates(table, title_rows)
        dates, every_day, date_errors, date_notes = _dates(table, header, own_titles, columns,
                                                           path, blocks)  # fmt: skip
        errors += date_errors
        notes += [n for n in (*date_notes, *unseen_notes) if n not in notes]
        leftovers += unseen
        before = (len(programme.days), sum(map(len, programme.days.values())))
        add_rows(programme, table, header, dates, numbered, every_day)
        after = (len(programme.days), sum(map(len, programme.days.values())))
        if before == after and not programme.errors and not date_errors:
            message = _("no programme rows below the header")
            hint = _("write one row per session under the headers (date, time, title, speaker)")
            errors.append(table.error(message, header.index, 0, hint))
        warnings += [*unseen_warnings, *_unknown_columns(table, header)]
        lines += len(own_titles) + 1 + blocks.rows
        hidden += count
    errors += programme.errors
    if errors:
        raise ContentErrors(errors)
    warnings += programme.warnings
    report, report_notes = sheet_report(programme, titles, language)
    formats = {choice for _cell, choice in programme.formats}
    left = [cell for cell, choice in programme.formats if len(formats) > 1 or not choice]
    venue = report["event"].get("venue", "")
    left += [cell for cell, text in programme.venues if text != venue]
    return ImportResult(
        report=report,
        leftovers=(*leftovers, *programme.leftovers, *left),
        source_lines=programme.rows + hidden + lines,
        placed_lines=programme.placed + lines,
        notes=(*notes, *programme.notes),
        warnings=tuple(warnings),
        report_notes=tuple(report_notes),
        gives=gives(headers, report["days"]),
    )


def _choose(
    tables: list[Table], columns: ColumnMap, shown: Path
) -> tuple[list[tuple[Table, Header]], list[tuple[SiteError, Leftover]]]:
    """The sheets to read: the one the mapping file names, else every sheet with a header of
    the same columns as the first's (one sheet per day); the others, a warning and a
    leftover each."""
    if columns.sheet is not None:
        named = [t for t in tables if t.sheet == columns.sheet]
        if not named:
            names = "、".join(t.sheet or "" for t in tables)
            raise SiteError(
                _("there is no sheet '{sheet}' in this workbook", sheet=columns.sheet),
                columns.path or shown,
                hint=_("the sheets are: {names}", names=names),
            )
        tables = named
    found = [(t, h) for t in tables if (h := find_header(t, columns)) is not None]
    if not found:
        table = tables[0] if tables else Table(shown, None, (), ())
        raise table.error(
            _("no header row found: the programme needs column headers"),
            0,
            0,
            _(
                "put a row of headers such as 日付, 時間, 区分, 演題, 氏名, 所属, 役職 above the "
                "programme, or name the columns in a mapping file (--map)"
            ),
        )
    if columns.sheet is not None:
        return found[:1], []
    first = set(found[0][1].fields.values())
    same = [(t, h) for t, h in found if set(h.fields.values()) == first]
    skipped = []
    for table, header in found:
        if (table, header) in same:
            continue
        reason = _("this sheet also looks like a programme, but its columns differ from those "
                   "of '{first}', so it was not read", first=found[0][0].sheet or "")  # fmt: skip
        hint = _("give it the same headers as '{first}' to read both, or write 'sheet: {sheet}' "
                 "in a mapping file (--map) to read this one alone",
                 first=found[0][0].sheet or "", sheet=table.sheet or "")  # fmt: skip
        left = Leftover(table.where(header.index), table.sheet or "", reason)
        skipped.append((table.error(reason, header.index, hint=hint), left))
    return same, skipped


def _unknown_columns(table: Table, header: Header) -> list[SiteError]:
    """A warning for each column whose header is not known (its values are leftovers)."""
    return [
        table.error(
            _("the column '{header}' is not known: its values are listed in import-report.md",
              header=text),
            header.index,
            col,
            _("to read it, write '{header}: FIELD' in a mapping file (--map), FIELD being one "
              "of {fields}", header=text, fields=field_list()),
        )
        for col, text in sorted(header.unknown.items())
        if any(col < len(row) and text_of(row[col]) for row in table.rows[header.index + 1 :])
    ]  # fmt: skip


def _title_rows(table: Table, header: Header) -> list[tuple[int, int, str]]:
    """Each title row above the header: its index, its first cell's column and its text."""
    top = header.index if header.top is None else header.top
    return [
        (index, next(c for c, v in enumerate(row) if text_of(v)),
         " ".join(text_of(v) for v in row if text_of(v)))
        for index, row in enumerate(table.rows[:top])
        if not blank(row)
    ]  # fmt: skip


def _title_dates(table: Table, rows: list[tuple[int, int, str]]) -> list[SiteError]:
    """The dates with a year in the title rows, each read as a date cell is: a wrong weekday
    is the same error as in the date column, located at the title row."""
    errors: list[SiteError] = []
    for index, col, text in rows:
        for start, end, _found, kind in find_dates(text, 2000):
            try:
                if kind == "full":
                    date_in_text(text[start:end])
            except Unreadable as problem:
                errors.append(table.error(problem.reason, index, col, problem.hint))
    return errors


def _date_cells(table: Table, header: Header) -> dict[int, tuple[int, object]]:
    """Row index → (column, value) of the date column, a merged date spread over its rows."""
    cols = [c for c, name in header.fields.items() if name in ("date", "datetime")]
    if not cols:
        return {}
    col = cols[0]
    cells = {
        i: (col, split_datetime(row[col])[0] if header.fields[col] == "datetime" else row[col])
        for i, row in enumerate(table.rows)
        if i > header.index and col < len(row) and text_of(row[col])
    }
    cells = {i: cell for i, cell in cells.items() if text_of(cell[1])}  # 日時 「14:30～」
    for r0, c0, r1, c1 in table.merged:
        if c0 <= col <= c1 and r0 in cells:
            for i in range(max(r0, header.index + 1), r1 + 1):
                cells.setdefault(i, cells[r0])
    return cells


def _dates(
    table: Table,
    header: Header,
    titles: list[str],
    columns: ColumnMap,
    path: Path,
    blocks: DayBlocks,
) -> tuple[dict[int, dt.date], dt.date | None, list[SiteError], list[Message]]:
    """The date of each row that has one (its date cell, else its day heading's); a 10月3日
    gets its year from the mapping file, the nearest full date of the column, the title
    rows, the sheet's name or the file's name."""
    errors: list[SiteError] = []
    notes: list[Message] = []
    read: dict[int, dt.date | MonthDay] = {}
    cells = {**blocks.headings, **_date_cells(table, header)}
    has_column = bool({"date", "datetime"} & set(header.fields.values()) or blocks.headings)
    for index, (col, value) in sorted(cells.items()):
        try:
            read[index] = read_date(value)
        except Unreadable as problem:
            errors.append(table.error(problem.reason, index, col, problem.hint))
            read[index] = dt.date.min  # the day's rows are still read, for their errors
    title_text = " ".join(titles)
    if not has_column:
        found = [d for _s, _e, d, kind in find_dates(title_text, 2000) if kind == "full"]
        if found:  # read again, and its weekday checked, by _title_dates
            notes.append(_("every session is on {date}, the date of the title rows",
                           date=found[0].isoformat()))  # fmt: skip
            return {}, found[0], errors, notes
        errors.append(
            table.error(
                _("no date column, and no date with its year in the rows above the header"),
                header.index,
                hint=_("add a 日付 column, or a title row with the date (e.g. 2024年10月3日)"),
            )
        )
        return {}, None, errors, notes
    full = [(i, d) for i, d in sorted(read.items()) if isinstance(d, dt.date) and d != dt.date.min]
    sources = [
        *((y, _("the title rows")) for y in years_in(title_text)),
        *((y, _("the sheet's name")) for y in years_in(table.sheet or "")),
        *((y, _("the file's name")) for y in years_in(path.stem)),
    ]
    fiscal = "年度" in title_text
    dates: dict[int, dt.date] = {}
    for index, value in sorted(read.items()):
        if isinstance(value, dt.date):
            dates[index] = value
            continue
        year = columns.year or _year_near(value, index, full)
        where: Message | None = None
        if year is None:
            year, where = next(((y, s) for y, s in sources if y), (None, None))
            if year is not None and fiscal and value.month <= 3:
                year += 1  # 令和6年度 runs from April 2024 to March 2025
        col = cells[index][0]
        if year is None:
            errors.append(
                table.error(
                    _("the year of this date is not known"),
                    index,
                    col,
                    _("write the year once (e.g. 2024/10/3), in a title row, or as 'year:' "
                      "in a mapping file (--map)"),
                )
            )  # fmt: skip
            dates[index] = dt.date.min
            continue
        try:
            dates[index] = with_year(value, year)
        except Unreadable as problem:
            errors.append(table.error(problem.reason, index, col, problem.hint))
            dates[index] = dt.date.min
            continue
        if where is not None:
            note = _("the year {year} of the dates without one comes from {source}",
                     year=year, source=where)  # fmt: skip
            if note not in notes:
                notes.append(note)
    for index, heading in blocks.heading_of.items():
        if index not in dates and heading in dates:
            dates[index] = dates[heading]
    every_day = None  # day blocks without a date column: the title's date before the first
    if not {"date", "datetime"} & set(header.fields.values()):
        found = [d for _s, _e, d, kind in find_dates(title_text, 2000) if kind == "full"]
        every_day = found[0] if found else None
    return dates, every_day, errors, notes


def _year_near(value: MonthDay, index: int, full: list[tuple[int, dt.date]]) -> int | None:
    """The year of the nearest full date above (else below), across New Year: 1月5日 after
    2024/12/20 is in 2025, 12月27日 before 2025/1/5 in 2024."""
    before = [d for i, d in full if i < index]
    if before:
        near = before[-1]
        return near.year + ((value.month, value.day) < (near.month, near.day))
    if full:
        near = full[0][1]
        return near.year - ((value.month, value.day) > (near.month, near.day))
    return None
