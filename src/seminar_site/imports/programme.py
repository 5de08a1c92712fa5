"""Rows of a programme table into sessions: one row per session, or per speaker when a row
without a time or a title continues the session above (one more speaker).

The sheet reader (``sheets.py``) has found the header and the dates; this module pairs the
speaker cells, reads times and session roles, and keeps what finds no place as leftovers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.imports.headers import LABELS, Header
from seminar_site.imports.page_heads import kind_in_title
from seminar_site.imports.result import Leftover
from seminar_site.imports.speakers import parse_speaker, split_affiliation
from seminar_site.imports.tables import Table, Value, text_of
from seminar_site.imports.values import (
    Unreadable,
    attendance,
    clean_name,
    clean_text,
    ditto,
    is_break,
    kind_of,
    read_times,
    session_role,
    split_datetime,
    split_kind,
    split_like,
    split_names,
)

_SPEAKER_FIELDS = (
    "organisation", "department", "role", "affiliation", "session_role", "note", "honorific",
)  # fmt: skip


@dataclass
class Programme:
    """What the rows gave: sessions by date, leftovers, errors, and the rows placed."""

    days: dict[dt.date, list[dict[str, Any]]] = field(default_factory=dict)
    leftovers: list[Leftover] = field(default_factory=list)
    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)  # for the author to check
    # Each session's format cell: (its leftover, should it find no place; online/offline/hybrid)
    formats: list[tuple[Leftover, str]] = field(default_factory=list)
    # Each session's venue cell (a 会場 column): one venue for all is the event's.
    venues: list[tuple[Leftover, str]] = field(default_factory=list)
    placed: int = 0
    rows: int = 0
    speakers: int = 0
    organisation: str = ""  # the last one named, for a 「同上」 that starts a session


class _Row:
    """One data row: its cells by field, and where each is."""

    def __init__(self, table: Table, header: Header, index: int, row: Sequence[Value]) -> None:
        self.table, self.index, self.header = table, index, header
        self.cells: dict[str, tuple[int, Value]] = {}
        for col, name in header.fields.items():
            if col < len(row) and text_of(row[col]):
                self.cells[name] = (col, row[col])
        # Cells whose value a merged cell above gave (tables.Table.spread_below): they
        # never start a session, nor repeat a summary or a leftover.
        spread = table.spread
        self.spread = {name for name, (col, _v) in self.cells.items() if (index, col) in spread}
        self.unknown = {
            col: text_of(row[col])
            for col in header.unknown
            if col < len(row) and text_of(row[col]) and (index, col) not in table.spread
        }

    def has_datetime_time(self) -> bool:
        """A 日時 cell with a time in it (not the day's date alone)."""
        return "datetime" in self.cells and bool(
            text_of(split_datetime(self.cells["datetime"][1])[1])
        )

    def text(self, name: str) -> str:
        return text_of(self.cells[name][1]) if name in self.cells else ""

    def error(self, name: str, reason: Unreadable | str, hint: str | None = None) -> SiteError:
        col = self.cells[name][0] if name in self.cells else 0
        if isinstance(reason, Unreadable):
            return self.table.error(reason.reason, self.index, col, reason.hint)
        return self.table.error(reason, self.index, col, hint)

    def leftover(self, name: str, reason: Message, text: str | None = None) -> Leftover:
        col = self.cells[name][0] if name in self.cells else 0
        return Leftover(self.table.where(self.index, col), text or self.text(name), reason)


def add_rows(
    programme: Programme,
    table: Table,
    header: Header,
    dates: dict[int, dt.date],
    numbered: Sequence[str],
    current: dt.date | None = None,
) -> None:
    """Every data row below ``header`` into ``programme``; ``dates``: the date of each row
    index that has one (merged cells already spread), a row without one continuing the day
    (``current``: the date of every row when the table has no date column)."""
    session: dict[str, Any] | None = None
    undated = False
    unknown_headers = {col: text for col, text in header.unknown.items()}
    for index in range(header.index + 1, len(table.rows)):
        raw = table.rows[index]
        row = _Row(table, header, index, raw)
        if not set(row.cells) - row.spread and not row.unknown:
            continue  # blank, or only what merged cells above gave
        programme.rows += 1
        for col, text in row.unknown.items():
            reason = _("the column '{header}' is not known", header=unknown_headers[col])
            programme.leftovers.append(Leftover(table.where(index, col), text, reason))
        new_day = index in dates and dates[index] != current
        if index in dates:
            current = dates[index]
        if current is None:
            if not undated:  # once: the rows below it have the same problem
                message = _("this row has no date, and no row above it has one")
                hint = _("write the date of the first session in the date column (日付)")
                programme.errors.append(row.error("date", message, hint))
            undated = True
            continue
        title = clean_text(row.text("title"))
        timed = {"time", "start", "end"} | ({"datetime"} if row.has_datetime_time() else set())
        has_time = bool(timed & set(row.cells))
        own = set(row.cells) - row.spread
        starts = bool(own & {"title", "kind", *timed} or new_day)
        if not starts and session is not None and {"name", "chair"} & own:
            _add_speakers(programme, row, session)  # one more speaker of the session above
            if row.text("summary") and "summary" not in row.spread:
                session["summary"] = (
                    session.get("summary", "") + "\n" + row.text("summary")
                ).strip()
            programme.placed += 1
            continue
        if not starts and session is not None and own <= {"date"}:
            programme.placed += 1  # the day's date again beside the session's merged cells
            continue
        if not (title or has_time or "name" in row.cells) and "kind" in row.cells:
            reason = _("a row with only a kind: it names no session")
            cells = [name for name in row.cells if name != "date"]
            programme.leftovers.extend(row.leftover(name, reason) for name in cells)
            continue
        if not (title or has_time or "kind" in row.cells or "name" in row.cells):
            if set(row.cells) <= {"date"}:
                programme.placed += bool(row.cells)
                continue  # a date alone: the day's heading row
            for name in row.cells:
                if name != "date":
                    reason = _("a row without a title, a time or a speaker")
                    programme.leftovers.append(row.leftover(name, reason))
            continue
        if title and is_break(title) and "name" not in row.cells:
            reason = _("a break is not a session of the report")
            programme.leftovers.append(row.leftover("title", reason, title))
            session = None
            continue
        session = _session(programme, row, title, numbered)
        programme.days.setdefault(current, []).append(session)
        programme.placed += 1


def _session(
    programme: Programme, row: _Row, title: str, numbered: Sequence[str]
) -> dict[str, Any]:
    session: dict[str, Any] = {}
    kind = kind_of(row.text("kind"), numbered) if "kind" in row.cells else ""
    written, rest = split_kind(title) if title else ("", title)
    worded = kind_in_title(title) if title and not written else None
    if worded is not None and worded[1] and (not kind or kind_of(worded[0], numbered) == kind):
        kind, title = kind_of(worded[0], numbered), worded[1]  # 基調講演「…」, as a page's
    elif written and (not kind or kind_of(written, numbered) == kind):
        kind, title = kind_of(written, numbered), rest  # 【講演】…; the same label once
    elif written:
        message = _(
            "the title already has the label 【{label}】, and the kind column adds "
            "'{kind}': the page would show both",
            label=written,
            kind=kind,
        )
        hint = _("delete the label from the title, or the kind from the kind column")
        programme.warnings.append(row.error("title", message, hint))
    if "format" in row.cells:
        choice = attendance(row.text("format"))
        reason = _(
            "a session's own format: report.yaml has one format, the event's "
            "('event.format'), and no key for a session's"
        )
        if choice is None:
            reason = _("not a format (会場, オンライン, ハイブリッド)")
        programme.formats.append((row.leftover("format", reason), choice or ""))
    if kind:
        session["kind"] = kind
    if title:
        session["title"] = title
    start = end = None
    try:
        when = split_datetime(row.cells["datetime"][1])[1] if "datetime" in row.cells else ""
        if text_of(when):  # 日時: 「2025年6月3日 13:30～14:30」
            start, end = read_times(when)
        if "time" in row.cells:
            start, end = read_times(row.cells["time"][1])
        if "start" in row.cells:
            start = read_times(row.cells["start"][1])[0]
        if "end" in row.cells:
            end = read_times(row.cells["end"][1])[0]
    except Unreadable as problem:
        name = next(n for n in ("time", "start", "end", "datetime") if n in row.cells)
        programme.errors.append(row.error(name, problem))
    if start and end and end <= start:
        message = _("the end {end} is not after the start {start}", end=end, start=start)
        where = next(n for n in ("end", "time", "datetime", "start") if n in row.cells)
        programme.errors.append(row.error(where, message))
    if start:
        session["start"] = start
    if end:
        session["end"] = end
    if "venue" in row.cells:
        reason = _("a session's own venue: report.yaml has one venue, the event's "
                   "('event.venue'), and no key for a session's")  # fmt: skip
        programme.venues.append((row.leftover("venue", reason), clean_text(row.text("venue"))))
    if {"name", "chair"} & set(row.cells):
        _add_speakers(programme, row, session)
    else:
        for key in _SPEAKER_FIELDS:
            if key in row.cells:
                reason = _("no speaker's name in this row to give it to")
                programme.leftovers.append(row.leftover(key, reason))
    summary = row.text("summary")
    if summary:
        session["summary"] = summary
    return session


def _add_chairs(programme: Programme, row: _Row, speakers: list[dict[str, Any]]) -> None:
    """The names of a 司会 (モデレーター, コーディネーター) column: speakers of the session, their
    session role the header's word (司会 when it names none), before the other speakers."""
    if "chair" not in row.cells or ("chair" in row.spread and speakers):
        return
    col = row.cells["chair"][0]
    role = session_role(text_of(row.table.rows[row.header.index][col]))[0] or "司会"
    names, _sep = split_names(row.text("chair"))
    chairs = []
    for written in names:
        name, extra = clean_name(written)
        if any(s["name"] == name and s.get("session_role") == role for s in speakers):
            continue  # the chair written again on the session's next row
        speaker: dict[str, Any] = {"name": name}
        if extra:
            _bracketed(written, speaker, extra)
        speaker["session_role"] = role
        chairs.append(speaker)
    at = sum(1 for s in speakers if s.get("session_role") == role)  # after the chairs above
    speakers[at:at] = chairs
    programme.speakers += len(chairs)


def _add_speakers(programme: Programme, row: _Row, session: dict[str, Any]) -> None:
    _add_chairs(programme, row, session.setdefault("speakers", []))
    if "name" not in row.cells:
        return
    names, sep = split_names(row.text("name"))
    parts: dict[str, list[str]] = {}
    for name in _SPEAKER_FIELDS:
        if name not in row.cells:
            continue
        split = split_like(row.text(name), len(names), sep)
        if split is None:
            message = _(
                "{count} speakers are named in this row, but this {field} cell cannot be "
                "split into {count}",
                count=len(names),
                field=LABELS[name],
            )
            hint = _(
                "give one value per speaker, separated as the names are (line breaks, 、 or ・)"
            )
            programme.errors.append(row.error(name, message, hint))
            continue
        parts[name] = split
    speakers = session.setdefault("speakers", [])
    # No 所属 or 役職 column: a cell may hold the whole line, 「東北大学 教授 大森 恵子」.
    given = {"organisation", "department", "role", "affiliation"}
    whole_lines = not given & set(row.header.fields.values())
    for number, written in enumerate(names):
        name, extra = clean_name(written)
        speaker: dict[str, Any] = {"name": name}
        parsed = parse_speaker(name) if whole_lines and name.count(" ") >= 2 else None
        if parsed is not None:
            parsed.pop("honorific", None)  # the site's honorific, as for the other cells
            speaker = parsed
        for key in ("organisation", "department", "role"):
            value = clean_text(parts.get(key, [""] * len(names))[number])
            if value and value not in ("-", "－", "―", "なし"):
                speaker[key] = value
        if extra and not session_role(extra)[0]:
            extra = _bracketed(written, speaker, extra)  # 「高橋 次郎（〇〇県 DX推進監）」
        both = clean_text(parts.get("affiliation", [""] * len(names))[number])
        if both:
            _affiliation(programme, row, speaker, both)
        _same_as_above(programme, row, speakers, speaker)
        honorific = clean_text(parts.get("honorific", [""] * len(names))[number])
        if honorific:
            speaker["honorific"] = "" if honorific in ("なし", "-", "－") else honorific
        role = clean_text(parts.get("session_role", [""] * len(names))[number])
        note = parts.get("note", [""] * len(names))[number]
        for text in (extra, note):
            found, rest = session_role(text) if text else ("", "")
            role = role or found
            if rest:
                where = "note" if text is note else "name"
                reason = _("a note that is not a session role (モデレーター, パネリスト, 司会 …)")
                programme.leftovers.append(row.leftover(where, reason, rest))
        if role:
            speaker["session_role"] = role
        speakers.append(speaker)
        programme.speakers += 1


def _bracketed(written: str, speaker: dict[str, Any], extra: str) -> str:
    """The organisation, department and role in brackets after a name, read as a past page's
    speaker line is (speakers.parse_speaker), for the keys the row's cells left empty; what
    is left of ``extra`` (nothing when it was read)."""
    parsed = parse_speaker(written) or {}
    found = {k: parsed[k] for k in ("organisation", "department", "role") if k in parsed}
    if not found:
        return extra
    for key, value in found.items():
        speaker.setdefault(key, value)
    return ""


def _affiliation(programme: Programme, row: _Row, speaker: dict[str, Any], text: str) -> None:
    """A 「所属・役職」 cell: organisation and role where the split is clear, else the cell
    whole as the organisation, with a note."""
    split = split_affiliation(text)
    if split is None and ditto(text) is not None:
        split = {"organisation": text}  # 「同上」: _same_as_above
    elif split is None:
        split = {"organisation": text}
        where = row.table.where(row.index, row.cells["affiliation"][0])
        programme.notes.append(
            _("{where}: 「{text}」 was kept whole as the organisation, as its role could not be "
              "told apart: split it into 'organisation' and 'role' if it holds both",
              where=where, text=text)
        )  # fmt: skip
    for key, value in split.items():
        speaker.setdefault(key, value)


def _same_as_above(
    programme: Programme, row: _Row, speakers: list[dict[str, Any]], speaker: dict[str, Any]
) -> None:
    """「同上」 and 「〃」 as an organisation: 「同」, the shorthand report.yaml has for the
    organisation above (docs/content-format.md), when one is named above in the session; the
    session's first speaker gets the organisation of the row above written out, as 「同」
    there would stand for nothing. Either way, a note."""
    written = str(speaker.get("organisation", ""))
    rest = ditto(written)
    if rest is None:
        programme.organisation = written or programme.organisation
        return
    column = next((n for n in ("organisation", "affiliation") if n in row.cells), "name")
    where = row.table.where(row.index, row.cells[column][0] if column in row.cells else 0)
    named = any(ditto(str(s.get("organisation", ""))) is None for s in speakers)
    if named or not programme.organisation:
        speaker["organisation"] = " ".join(part for part in ("同", rest) if part)
        if written != speaker["organisation"]:
            programme.notes.append(_("{where}: 「{text}」 was imported as 「同」, report.yaml's "
                                     "shorthand for the organisation above", where=where,
                                     text=written))  # fmt: skip
        return
    speaker["organisation"] = " ".join(part for part in (programme.organisation, rest) if part)
    programme.notes.append(
        _("{where}: 「{text}」 was written out as 「{organisation}」, the organisation of the row "
          "above: 「同」 stands only for an organisation above it in the same session",
          where=where, text=written, organisation=speaker["organisation"])
    )  # fmt: skip
