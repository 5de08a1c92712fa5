"""A sheet laid out in day blocks: a row 【1日目】令和7年6月3日（火）, the header, that day's
sessions, then 【2日目】…, the header again, the next day's sessions. Each day heading (a row
whose only cell is 【1日目】, 1日目, Day 1, 第1日, a date, or both) gives its date to the rows
below it, as a date column would; a repeated header row is a header, not a session.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.imports.headers import Header, row_fields
from seminar_site.imports.tables import Table, Value, text_of
from seminar_site.imports.values import Unreadable, read_date

_NUMBER = r"[0-9一二三四五六七八九十]+"
_DAY_LABEL = re.compile(
    rf"^[\s【\[(<〈《]*(?:第\s*{_NUMBER}\s*日\s*目?|{_NUMBER}\s*日目|day\s*[0-9]+)"
    r"[\s】\])>〉》:：・\-－]*",
    re.I,
)


@dataclass(frozen=True)
class DayBlocks:
    """What the day headings gave: the table with the heading and repeated header rows
    emptied; each heading's date cell (row index → (column, value)), read as a date column's
    cell is; the heading above each row below one; the errors of headings; and how many rows
    were headings or headers again."""

    table: Table
    headings: Mapping[int, tuple[int, Value]]
    heading_of: Mapping[int, int]
    errors: tuple[SiteError, ...] = ()
    rows: int = 0


def heading_date(value: Value) -> tuple[bool, Value | None]:
    """Is ``value`` a day heading, and the date it names (None when it names none): 【2日目】
    令和7年6月4日（水） → (True, 「令和7年6月4日（水）」); 2025/6/4 → (True, 2025/6/4)."""
    if isinstance(value, dt.date):
        return True, value
    text = text_of(value)
    plain = unicodedata.normalize("NFKC", text).strip()
    label = _DAY_LABEL.match(plain)
    rest = plain[label.end() :].strip() if label else plain
    if label is not None and not rest:
        return True, None
    if re.fullmatch(r"[0-9.]+", rest):
        return False, None  # a number alone (No. 3) is no date
    try:
        read_date(rest)
    except Unreadable:
        return label is not None and _looks_dated(rest), rest if label else None
    return True, rest


def _looks_dated(rest: str) -> bool:
    """A label followed by what was meant as a date (月, 日, /), so that a wrong weekday is
    an error at the heading rather than a session."""
    return re.search(r"[0-9]\s*(?:月|/|年)", rest) is not None


def day_blocks(table: Table, header: Header, columns: Mapping[str, str]) -> DayBlocks:
    """The day headings and repeated headers of ``table``; a heading above the header (the
    first day's, often) counts when the sheet has no date column. A heading without a date
    is an error unless the sheet has a date column."""
    has_column = bool({"date", "datetime"} & set(header.fields.values()))
    rows = list(table.rows)
    headings: dict[int, tuple[int, Value]] = {}
    heading_of: dict[int, int] = {}
    errors: list[SiteError] = []
    current: int | None = None
    count = 0
    top = header.index if header.top is None else header.top
    for index, row in enumerate(table.rows):
        if top <= index <= header.index or (index < top and has_column):
            continue
        if index > header.index and _repeated_header(row, header, columns):
            rows[index] = ()
            count += 1
            continue
        filled = [(col, value) for col, value in enumerate(row) if text_of(value)]
        is_heading, date = heading_date(filled[0][1]) if len(filled) == 1 else (False, None)
        if is_heading and has_column and header.fields.get(filled[0][0]) in ("date", "datetime"):
            is_heading = date is None  # 【2日目】 alone in the date column; a date is its own
        if not is_heading:
            if index > header.index and current is not None and filled:
                heading_of[index] = current
            continue
        col, value = filled[0]
        rows[index] = ()
        count += 1
        if date is not None:
            headings[index], current = (col, date), index
        elif not has_column:
            errors.append(_undated(table, index, col, text_of(value)))
            headings[index], current = (col, dt.date.min), index  # rows below: their errors
    if not count:
        return DayBlocks(table, {}, {})
    return DayBlocks(replace(table, rows=tuple(rows)), headings, heading_of, tuple(errors), count)


def _repeated_header(row: tuple[Value, ...], header: Header, columns: Mapping[str, str]) -> bool:
    fields, _unknown = row_fields(row, columns)
    return len(fields) >= 2 and set(fields.items()) <= set(header.fields.items())


def _undated(table: Table, index: int, col: int, text: str) -> SiteError:
    return table.error(
        _("the day heading '{text}' has no date, and the sheet has no date column", text=text),
        index,
        col,
        _("write the date in this row (e.g. 【2日目】2025年6月4日(水)), or add a 日付 column"),
    )
