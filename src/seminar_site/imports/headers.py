"""Column headers: which programme field each column holds (日付, 時間, 演題, 氏名, 所属 …),
from the usual Japanese and English headers and a mapping file (``--map``) for the others.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from seminar_site.errors import ContentErrors, ErrorCollector, SiteError
from seminar_site.i18n import Message, _
from seminar_site.imports.tables import Table, Value, text_of
from seminar_site.imports.values import attendance
from seminar_site.settings.yamlsource import parse_yaml, position

# field → its headers, compared after normalising (NFKC, no spaces or brackets, lower case).
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("日付", "開催日", "月日", "日にち", "日程", "date", "day"),
    "datetime": ("日時", "開催日時", "実施日時", "datetime"),  # 2025年6月3日 13:30～14:30
    "time": ("時間", "時刻", "時間帯", "開始終了", "time", "times"),
    "start": ("開始", "開始時刻", "開始時間", "start", "from"),
    "end": ("終了", "終了時刻", "終了時間", "end", "to", "until"),
    # 形式 is the kind (講演, パネル) or the format (会場, オンライン): its values decide
    # (format_columns).
    "kind": ("区分", "種別", "種類", "形式", "プログラム区分", "kind", "type", "category"),
    "format": (
        "開催形式", "参加形式", "実施形式", "受講形式", "開催方法", "実施方法", "参加方法",
        "開催形態", "format", "attendance",
    ),
    "title": (
        "演題", "タイトル", "テーマ", "題目", "題名", "講演タイトル", "講演テーマ", "講演題目",
        "発表タイトル", "プログラム", "title", "topic", "theme", "session",
    ),
    "name": (
        "氏名", "講師", "講師名", "講師氏名", "登壇者", "登壇者名", "発表者", "発表者名",
        "講演者", "講演者名", "名前", "出演者", "speaker", "speakers", "name", "presenter",
    ),
    "organisation": (
        "所属", "所属団体", "所属先", "所属機関", "団体名", "団体", "組織", "組織名", "会社名",
        "自治体名", "organisation", "organization", "affiliation", "company",
    ),
    # 「所属・役職」: both in one cell, split where it is clear (speakers.split_affiliation).
    "affiliation": ("所属役職", "所属及び役職", "所属および役職", "所属と役職", "所属職名",
                    "所属肩書", "所属肩書き", "所属職位"),
    "department": ("部署", "部署名", "部局", "部局名", "所属部署", "課", "department", "division"),
    "role": ("役職", "役職名", "職名", "肩書", "肩書き", "role", "position", "jobtitle"),
    "session_role": ("役割", "担当", "sessionrole", "part"),
    # A chair's own column: each name is one more speaker, the header their session role.
    "chair": ("司会", "司会者", "モデレーター", "コーディネーター", "ファシリテーター", "chair",
              "moderator", "coordinator", "facilitator"),
    "venue": ("会場", "会場名", "開催場所", "場所", "部屋", "教室", "venue", "room", "location"),
    "note": ("備考", "注記", "メモ", "note", "notes", "remarks", "remark"),
    "summary": ("概要", "要旨", "説明", "講演概要", "summary", "abstract", "description"),
    "honorific": ("敬称", "honorific"),
}  # fmt: skip
# The title when no column is, else the summary when no column is (演題 beside 内容).
WEAK = {"内容": ("title", "summary"), "contents": ("title", "summary")}
FIELDS = (*ALIASES, "ignore")
NAMES = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def normal(text: str) -> str:
    """A header as compared: 「講師（敬称略）」 and 「講師」 are one, as are ``Start`` and
    ``start``."""
    plain = unicodedata.normalize("NFKC", text).lower()
    plain = re.sub(r"\(.*?\)|\[.*?\]|【.*?】|※.*$", "", plain)
    return re.sub(r"[\s・/_\-:：]+", "", plain)


def field_of(header: str, mapped: Mapping[str, str]) -> str | None:
    """The field a header names: the mapping file first, then the table above (whole
    header, then a known header inside it: 「講演者氏名」 → name)."""
    if header in mapped:
        return mapped[header]
    key = normal(header)
    for written, name in mapped.items():
        if normal(written) == key:
            return name
    if key in NAMES:
        return NAMES[key]
    inside = [
        (key.rfind(alias) + len(alias), len(alias), alias)
        for alias in NAMES
        if len(alias) >= 2 and not alias.isascii() and alias in key
    ]
    # The last word decides, as in Japanese compounds: 講師所属 is an organisation.
    return NAMES[max(inside)[2]] if inside else None


@dataclass(frozen=True)
class ColumnMap:
    """A mapping file: ``columns`` (header → field), optionally ``sheet``, ``header_row``
    and ``year`` (for dates written without one)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None
    header_row: int | None = None
    year: int | None = None
    path: Path | None = None


def read_map(path: Path, shown: Path) -> ColumnMap:
    """The mapping file, every problem located at its line and column; full-width slips
    (「形式： ignore」) found as in report.yaml, its keys being the sheet's headers."""
    root = parse_yaml(path, free_keys=True)
    errors = ErrorCollector()
    found: dict[str, object] = {}
    if not isinstance(root, yaml.MappingNode):
        line, col = position(root)
        raise SiteError(_("a mapping file starts with 'columns:'"), shown, line, col)
    for key_node, value in root.value:
        line, col = position(key_node)
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key == "columns" and isinstance(value, yaml.MappingNode):
            found["columns"] = _columns(value, shown, errors)
        elif key in ("sheet",) and isinstance(value, yaml.ScalarNode):
            found[key] = str(value.value)
        elif key in ("header_row", "year") and _is_int(value):
            found[key] = int(value.value)
        else:
            known = "columns, sheet, header_row, year"
            errors.add(
                SiteError(
                    _("'{key}' is not a key of a mapping file", key=str(key)),
                    shown,
                    line,
                    col,
                    hint=_(
                        "the keys are {known}: columns maps headers to fields, sheet and "
                        "header_row say where the table is, year is for dates without one",
                        known=known,
                    ),
                )
            )
    errors.raise_if_any()
    columns = found.get("columns", {})
    sheet, row, year = found.get("sheet"), found.get("header_row"), found.get("year")
    return ColumnMap(
        columns if isinstance(columns, dict) else {},
        sheet if isinstance(sheet, str) else None,
        row if isinstance(row, int) else None,
        year if isinstance(year, int) else None,
        shown,
    )


def _is_int(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and re.fullmatch(r"[0-9]{1,4}", node.value) is not None


def _columns(node: yaml.MappingNode, shown: Path, errors: ErrorCollector) -> dict[str, str]:
    columns: dict[str, str] = {}
    for key_node, value in node.value:
        name = value.value if isinstance(value, yaml.ScalarNode) else None
        if isinstance(key_node, yaml.ScalarNode) and name in FIELDS:
            columns[str(key_node.value)] = str(name)
            continue
        line, col = position(value)
        errors.add(
            SiteError(
                _("'{value}' is not a programme field", value=str(name)),
                shown,
                line,
                col,
                hint=_("use one of {fields}", fields=", ".join(FIELDS)),
            )
        )
    return columns


@dataclass(frozen=True)
class Header:
    index: int  # row index in the table
    fields: dict[int, str]  # column → field
    unknown: dict[int, str]  # column → header text not recognised
    top: int | None = None  # a two-row header's upper row (two_row_header)


def row_fields(
    row: Sequence[Value], mapped: Mapping[str, str]
) -> tuple[dict[int, str], dict[int, str]]:
    fields: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for col, value in enumerate(row):
        text = text_of(value)
        if not text:
            continue
        name = field_of(text, mapped)
        if name is None:
            unknown[col] = text
        elif name != "ignore":
            fields[col] = name
    for col, text in list(unknown.items()):  # 内容 is the title when nothing else is
        weak = [name for name in WEAK.get(normal(text), ()) if name not in fields.values()]
        if weak:
            fields[col] = weak[0]
            del unknown[col]
    return fields, unknown


def find_header(table: Table, columns: ColumnMap, scan: int = 30) -> Header | None:
    """The first row that names at least two fields, one of them the title or the speaker
    (or the row the mapping file gives)."""
    if columns.header_row is not None:
        indexes = [i for i, n in enumerate(table.numbers) if n == columns.header_row]
        if not indexes:
            return None
        fields, unknown = row_fields(table.rows[indexes[0]], columns.columns)
        return Header(indexes[0], fields, unknown)
    for index, row in enumerate(table.rows[:scan]):
        fields, unknown = row_fields(row, columns.columns)
        names = set(fields.values())
        if len(fields) >= 2 and names & {"title", "name"}:
            return Header(index, fields, unknown)
    return None


def two_row_header(table: Table, header: Header, columns: ColumnMap) -> Header:
    """A header of two rows read as one: a cell merged across columns (時間 over 開始 and
    終了, 講師 over 氏名 and 所属) is only the context of the lower row, which names the
    columns; a cell merged down over both rows (演題) names its column. ``header`` is
    returned as it is when the row below names no column under a merged cell."""
    upper, lower = header.index, header.index + 1
    if columns.header_row is not None or lower >= len(table.rows):
        return header
    across = [(c0, c1) for r0, c0, r1, c1 in table.merged if r0 == upper and c1 > c0]
    down = {c0 for r0, c0, r1, _c1 in table.merged if r0 == upper and r1 >= lower}
    below, unknown_below = row_fields(table.rows[lower], columns.columns)
    if not any(c0 <= col <= c1 for col in below for c0, c1 in across):
        return header
    fields: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for col in sorted({*header.fields, *header.unknown, *below, *unknown_below}):
        if col in below:
            fields[col] = below[col]
        elif col in unknown_below:
            unknown[col] = unknown_below[col]
        elif col in header.fields and (col in down or not any(a <= col <= b for a, b in across)):
            fields[col] = header.fields[col]
        elif col in header.unknown:
            unknown[col] = header.unknown[col]
    return Header(lower, fields, unknown, top=upper)


LABELS = {
    "date": _("date (日付)"),
    "datetime": _("date and time (日時)"),
    "time": _("time (時間)"),
    "start": _("start (開始)"),
    "end": _("end (終了)"),
    "kind": _("kind (区分)"),
    "format": _("format (開催形式)"),
    "affiliation": _("organisation and role (所属・役職)"),
    "title": _("title (演題)"),
    "name": _("speaker (氏名)"),
    "organisation": _("organisation (所属)"),
    "department": _("department (部署)"),
    "role": _("role (役職)"),
    "session_role": _("session role (役割)"),
    "chair": _("chair (司会)"),
    "venue": _("venue (会場)"),
    "note": _("note (備考)"),
    "summary": _("summary (概要)"),
    "honorific": _("honorific (敬称)"),
}


def field_list() -> Message:
    """Every field a mapping file can name, each with its Japanese header, for a hint:
    summary (概要), note (備考) …, ignore."""
    first = ("summary", "note", "title", "name", "chair", "venue", "organisation", "role")
    order = [*first, *(name for name in LABELS if name not in first)]
    words = {name: re.sub(r"^.*\((.+)\)$", r"\1", label.msgid) for name, label in LABELS.items()}
    items = [_("{field} ({label})", field=name, label=words[name]) for name in order]
    listed: Message = _("ignore (not read)")
    for item in reversed(items):
        listed = _("{first}, {rest}", first=item, rest=listed)
    return listed


def header_errors(table: Table, header: Header) -> list[SiteError]:
    """Two columns for one field, and a column with values but no header."""
    errors: list[SiteError] = []
    seen: dict[str, int] = {}
    row = table.rows[header.index]
    for col in sorted(header.fields):
        name = header.fields[col]
        if name in seen:
            first = text_of(row[seen[name]])
            errors.append(
                table.error(
                    _(
                        "the columns '{first}' and '{second}' both give the {field}",
                        first=first,
                        second=text_of(row[col]),
                        field=LABELS[name],
                    ),
                    header.index,
                    col,
                    hint=_("in a mapping file (--map), map one of them to 'ignore'")
                    if name != "name" or NAMES.get(normal(text_of(row[col]))) != "chair"
                    else _(
                        "write '{header}: chair' in the mapping file (--map): its names are "
                        "then speakers of the session with the session role '{header}'",
                        header=text_of(row[col]),
                    ),
                )
            )
        seen.setdefault(name, col)
    width = max((len(r) for r in table.rows[header.index + 1 :]), default=0)
    for col in range(width):
        if col in header.fields or col in header.unknown:
            continue
        if col < len(row) and text_of(row[col]):
            continue  # mapped to 'ignore'
        filled = [
            i
            for i, r in enumerate(table.rows[header.index + 1 :], start=header.index + 1)
            if col < len(r) and text_of(r[col])
        ]
        if filled:
            errors.append(
                table.error(
                    _("this column has values but no header"),
                    header.index,
                    col,
                    hint=_(
                        "write a header such as 所属 or 役職 here, or name the column in a "
                        "mapping file (--map)"
                    ),
                )
            )
    return errors


def format_columns(table: Table, header: Header) -> Header:
    """A kind column (形式) whose values are all attendance formats (会場, オンライン) holds
    the format of each session, never its kind."""
    fields = dict(header.fields)
    for col, name in header.fields.items():
        values = {
            text_of(row[col])
            for row in table.rows[header.index + 1 :]
            if col < len(row) and text_of(row[col])
        }
        if name == "kind" and values and all(attendance(v) for v in values):
            fields[col] = "format"
    return replace(header, fields=fields)


def raise_all(errors: list[SiteError]) -> None:
    if errors:
        raise ContentErrors(errors)


# The keys each column gives, by level (ImportResult.gives).
_GIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "kind": ("session", ("kind",)),
    "title": ("session", ("title", "kind")),  # 【講演】… in a title is the kind
    "time": ("session", ("start", "end")),
    "datetime": ("session", ("start", "end")),
    "start": ("session", ("start",)),
    "end": ("session", ("end",)),
    "summary": ("session", ("summary",)),
    "name": ("session", ("speakers",)),
    "organisation": ("speaker", ("organisation",)),
    "affiliation": ("speaker", ("organisation", "role")),
    "department": ("speaker", ("department",)),
    "role": ("speaker", ("role",)),
    "session_role": ("speaker", ("session_role",)),
    "chair": ("session", ("speakers",)),
    "note": ("speaker", ("session_role",)),
    "honorific": ("speaker", ("honorific",)),
}


def gives(headers: Sequence[Header], days: Sequence[Any]) -> dict[str, frozenset[str]]:
    """The keys this sheet can give: those of its columns, and those its rows gave (a name
    cell that holds a whole line gives an organisation). Never summary files, materials,
    photos: ``--update`` keeps what the sheet cannot give."""
    found: dict[str, set[str]] = {"day": {"date", "sessions"}, "session": set(),
                                  "speaker": {"name"}}  # fmt: skip
    for name in {n for header in headers for n in header.fields.values()}:
        level, keys = _GIVES.get(name, ("", ()))
        if level:
            found[level].update(keys)
    for day in days:
        for session in day.get("sessions", []):
            found["session"].update(session)
            for speaker in session.get("speakers", []):
                found["speaker"].update(speaker)
    return {level: frozenset(keys) for level, keys in found.items()}
