"""The values of a programme's cells: dates (Excel serials, 2024/10/4, 令和6年10月3日（木）,
10月3日), times (13:30～14:10), several speakers in one cell, session roles and kinds.

Pure functions; a value that cannot be read raises ``Unreadable`` with the reason in our
own words, which the sheet reader locates at its cell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from seminar_site.i18n import Message, _
from seminar_site.imports.tables import Value, text_of
from seminar_site.settings.dates_iso import ImpossibleDate, impossible_reason, read_loose_date
from seminar_site.settings.shapes import EVENT
from seminar_site.settings.times import (
    RANGE,
    SINGLE,
    find_time_range,
    hhmm_or_none,
    minute_of,
    plain_time_text,
)


class Unreadable(ValueError):
    def __init__(self, reason: Message, hint: Message | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


@dataclass(frozen=True)
class MonthDay:
    """10月3日: a date waiting for its year (from the other dates, the title or the file)."""

    month: int
    day: int
    weekday: str | None


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (after Excel's 1900-02-29)
_WEEKDAYS = "月火水木金土日"
_MONTH_DAY = re.compile(
    r"(?P<m>[0-9]{1,2})\s*(?:月\s*(?P<d1>[0-9]{1,2})\s*日|/\s*(?P<d2>[0-9]{1,2}))"
    r"(?:\s*\((?P<w>[月火水木金土日])(?:曜日?)?\))?"
)
_DATE_HINT = _("write it like 2024/10/3, 2024-10-03, 令和6年10月3日 or 10月3日")
_DAY_HINT = _("the way it is written is right, but that day does not exist: correct the day")
_WRONG_WEEKDAY = "{date} is a {actual}, not a {written}"  # dates_iso's message
_WEEKDAY_HINT = _("correct the weekday, or give the year (e.g. 2024/10/3) if it is another year")


def read_date(value: Value) -> dt.date | MonthDay:
    """A date cell: a real date, an Excel serial number or a date written as text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    text = unicodedata.normalize("NFKC", text_of(value))
    text = re.sub(r"\s*(Day|DAY|day)\s*[0-9]+\s*$|^\s*(Day|DAY|day)\s*[0-9]+\s*", "", text)
    if re.fullmatch(r"[0-9]{5}(\.[0-9]+)?", text):
        return _serial(float(text))
    found = date_in_text(text)
    if found is not None:
        return found
    match = _MONTH_DAY.fullmatch(text)
    if match is None:
        written = text_of(value)  # quoted as written in the cell (～ stays ～)
        raise Unreadable(_("'{text}' is not a date", text=written), _DATE_HINT)
    month, day = int(match["m"]), int(match["d1"] or match["d2"])
    if not 1 <= month <= 12:
        raise Unreadable(_("there is no month {month}", month=month), _DATE_HINT)
    longest = calendar.monthrange(2000, month)[1]  # a leap year: 2月29日 may be right
    if not 1 <= day <= longest:
        message = _("month {month} has only {days} days", month=month, days=longest)
        raise Unreadable(message, _DAY_HINT)
    return MonthDay(month, day, match["w"])


def date_in_text(text: str) -> dt.date | None:
    """A date written out (令和7年11月8日（金）, 2024/10/3), read and checked as a date cell is:
    Unreadable for a wrong weekday or a day that never was; None when it is no such date.
    The date column and the title rows (「DX研修 令和7年11月8日（金）」) both read dates here."""
    try:
        return read_loose_date(unicodedata.normalize("NFKC", text))
    except ImpossibleDate as error:
        weekday = error.reason.msgid == _WRONG_WEEKDAY
        raise Unreadable(error.reason, _WEEKDAY_HINT if weekday else _DAY_HINT) from None


def _serial(number: float) -> dt.date:
    if not 1 <= number < 2958466:
        raise Unreadable(_("the number {number} is not a date", number=text_of(number)), _DATE_HINT)
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def with_year(partial: MonthDay, year: int) -> dt.date:
    reason = impossible_reason(year, partial.month, partial.day)
    if reason is not None:
        raise Unreadable(reason, _DAY_HINT)
    found = dt.date(year, partial.month, partial.day)
    if partial.weekday and _WEEKDAYS[found.weekday()] != partial.weekday:
        raise Unreadable(
            _(
                "{date} is a {actual}, not a {written}",
                date=found.isoformat(),
                actual=_WEEKDAYS[found.weekday()] + "曜日",
                written=partial.weekday + "曜日",
            ),
            _WEEKDAY_HINT,
        )
    return found


def years_in(text: str) -> list[int]:
    """Years named in a title row or a file name: 2024年, 令和6年 (a 年度 from January to
    March belongs to the next calendar year: that is left to the caller's months)."""
    plain = unicodedata.normalize("NFKC", text)
    years = [int(y) for y in re.findall(r"(?<![0-9])(20[0-9]{2})(?![0-9])", plain)]
    for era, number in re.findall(r"(令和|平成|R)\s*(元|[0-9]{1,2})\s*年", plain):
        first = 2019 if era in ("令和", "R") else 1989
        years.append(first + (0 if number == "元" else int(number) - 1))
    return years


_TIME_HINT = _("write it like 13:30～14:10 (or 13:30 alone)")


def _hhmm(hour: str, minute: str | None) -> str:
    time = hhmm_or_none(hour, minute)
    if time is None:
        shown = f"{int(hour)}:{minute_of(minute):02d}"
        raise Unreadable(_("'{time}' is not a time of day", time=shown), _TIME_HINT)
    return time


def read_times(value: Value) -> tuple[str, str | None]:
    """A time cell: ``13:30～14:10`` → ("13:30", "14:10"); a time alone → (start, None)."""
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}", None
    if isinstance(value, float) and 0 <= value < 1:  # a fraction of a day
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}", None
    text = unicodedata.normalize("NFKC", text_of(value))
    text = plain_time_text(re.sub(r"\s*\(.*?\)\s*$", "", text))  # 13:30～14:10（40分）
    match = RANGE.fullmatch(text)
    if match is not None:
        start = _hhmm(match[1], match[2])
        end = _hhmm(match[3], match[4]) if match[3] else None
        if end is not None and end <= start:
            raise Unreadable(
                _("the end {end} is not after the start {start}", end=end, start=start),
                _TIME_HINT,
            )
        return start, end
    match = SINGLE.fullmatch(text)
    if match is None or (match[2] is None and "時" not in text):
        raise Unreadable(_("'{text}' is not a time", text=text), _TIME_HINT)
    return _hhmm(match[1], match[2]), None


def split_datetime(value: Value) -> tuple[Value, Value]:
    """A 日時 cell as its date and its time, either empty: 「2025年6月3日（火） 13:30～14:30」 →
    (「2025年6月3日（火）」, 「13:30～14:30」); an Excel date and time → its date and, unless
    midnight, its time; 「14:30～」 below the day's first row → ("", 「14:30～」)."""
    if isinstance(value, dt.datetime):
        return value.date(), value.time() if value.time() != dt.time() else ""
    if isinstance(value, dt.date | int | float) and not isinstance(value, bool):
        return value, ""
    text = text_of(value)
    found = find_time_range(text)
    if found is None:
        return text, ""
    start, end, _start, _end = found
    return re.sub(r"^[\s,、]+|[\s,、]+$", "", text[:start] + text[end:]), text[start:end]


# --- several speakers in one cell ----------------------------------------------------------

_SEPARATORS = ("\n", "、", "・")
_SPLIT = {"\n": r"\n", "、": r"[、,，]", "・": r"[・／]"}
_KATAKANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]+")


def split_names(text: str) -> tuple[list[str], str | None]:
    """The names of a speaker cell and the separator used (line breaks, then 、, then ・,
    but not the ・ inside a foreign name written in katakana: ジョン・スミス)."""
    for sep in _SEPARATORS:
        parts = [part.strip() for part in re.split(_SPLIT[sep], text)]
        parts = [part for part in parts if part]
        if len(parts) < 2:
            continue
        if sep == "・" and all(_KATAKANA.fullmatch(part.replace(" ", "")) for part in parts):
            continue
        return parts, sep
    return ([text.strip()] if text.strip() else []), None


def split_like(text: str, count: int, sep: str | None) -> list[str] | None:
    """The cell beside a speaker cell of ``count`` names, one part per name: split the
    same way as the names (else another usual way); a single value is everyone's; None when
    the parts cannot be paired."""
    text = text.strip()
    if count <= 1 or not text:
        return [text] * max(count, 1)
    order = [sep, *(s for s in _SEPARATORS if s != sep)] if sep else list(_SEPARATORS)
    single = True
    for candidate in order:
        parts = [part.strip() for part in re.split(_SPLIT[candidate], text)]
        if candidate != "\n":
            parts = [part for part in parts if part]
        if len(parts) == count:
            return parts
        single = single and len(parts) == 1
    return [text] * count if single else None


_HONORIFIC = re.compile(r"\s*(氏|様|先生|さん)$")
_IN_BRACKETS = re.compile(r"\s*[(（]([^()（）]+)[)）]\s*$")


def clean_name(text: str) -> tuple[str, str]:
    """(name, what followed it in brackets): layout spaces normalised, the honorific left
    out (the site adds its own): 「佐々木　一郎　氏」 → 佐々木 一郎."""
    name = re.sub(r"[\s\u3000]+", " ", text).strip()
    extra = ""
    bracket = _IN_BRACKETS.search(name)
    if bracket is not None:
        extra, name = bracket[1].strip(), name[: bracket.start()].strip()
    stripped = _HONORIFIC.sub("", name)
    if len(stripped.replace(" ", "")) >= 2:
        name = stripped
    return name, extra


def clean_text(text: str) -> str:
    """A one-line value: layout spaces (full-width, doubled) and line breaks as one space
    (「総務部⏎総務課」 → 総務部 総務課)."""
    return re.sub(r"\s+", " ", text).strip()


# A note (備考) that says what part a speaker takes in the session.
ROLE_WORDS = {
    "モデレーター": "モデレーター", "モデレータ": "モデレーター",
    "パネリスト": "パネリスト", "パネラー": "パネリスト",
    "司会": "司会", "司会者": "司会", "進行": "司会",
    "コメンテーター": "コメンテーター", "コメンテータ": "コメンテーター",
    "コーディネーター": "コーディネーター", "コーディネータ": "コーディネーター",
    "登壇者": "登壇者", "ファシリテーター": "ファシリテーター", "facilitator": "facilitator",
    "moderator": "moderator", "panelist": "panelist", "panellist": "panelist",
    "chair": "chair", "commentator": "commentator", "coordinator": "coordinator",
}  # fmt: skip


def session_role(note: str) -> tuple[str, str]:
    """(the session role a note names, the rest of the note): 「モデレーター」 →
    ("モデレーター", ""); 「パネリスト（オンライン参加）」 → ("パネリスト", "オンライン参加")."""
    plain = note.strip().strip("()（）[]【】")
    for word in sorted(ROLE_WORDS, key=len, reverse=True):
        if plain.lower().startswith(word):
            rest = plain[len(word) :].strip(" :：、,()（）")
            return ROLE_WORDS[word], rest
    return "", note.strip()


_KIND_IN_TITLE = re.compile(r"^\s*[【\[［]([^】\]］]{1,20})[】\]］]\s*(.*)$", re.S)
_NUMBER = re.compile(r"\s*([0-9０-９]+|[①-⑳])$")


def kind_of(text: str, numbered: Sequence[str]) -> str:
    """A kind as the site wants it: no brackets, and no number when the site numbers that
    kind itself (【事例1】 → 事例 on a site with ``numbered_kinds: [事例]``)."""
    kind = clean_text(text).strip("【】[]［］")
    base = _NUMBER.sub("", kind)
    return base if base in numbered else kind


def split_kind(title: str) -> tuple[str, str]:
    """「【基調講演】行政データを…」 → ("基調講演", "行政データを…")."""
    match = _KIND_IN_TITLE.match(title)
    if match is None or not match[2].strip():
        return "", title
    return match[1].strip(), match[2].strip()


BREAKS = {"休憩", "休憩時間", "昼休憩", "昼食", "昼食休憩", "休憩・移動", "break", "lunch"}


def is_break(title: str) -> bool:
    plain = unicodedata.normalize("NFKC", title).strip().strip("()【】[]").lower()
    return plain in BREAKS or plain in {"coffee break", "lunch break"}


_FORMAT = EVENT.field_named("format")


def attendance(text: str) -> str | None:
    """The event format a cell names (会場 → offline, オンライン → online, 会場・オンライン →
    hybrid), with the words report.yaml's hints know (settings/aliases.py), or None."""
    plain = clean_text(text).strip("【】[]［］()（）")
    if _FORMAT is None or not plain:
        return None
    if plain.lower() in _FORMAT.choices:
        return plain.lower()
    return _FORMAT.meant(plain)


_DITTO = re.compile(r"(?:同上|〃|\u2033|同)(?:[ \u3000]+(?P<rest>.+))?")


def ditto(text: str) -> str | None:
    """What follows 「同上」 or 「〃」 ("as above") in an organisation cell ('' for nothing,
    「データ駆動科学センター」 for 「同上 データ駆動科学センター」), or None for another text."""
    found = _DITTO.fullmatch(clean_text(text))
    return None if found is None else found["rest"] or ""
