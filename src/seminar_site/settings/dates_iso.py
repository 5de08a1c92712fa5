"""The Japanese era table and the reading of dates written the way people write them
(令和7年11月8日, 2025/11/08, 2025年11月8日(土), R7.11.8, ２０２５-１１-２０, 20251120) into the
ISO date they mean: the hint a date field gives when it is not written as YYYY-MM-DD.

Pure functions, standard library only (and ``i18n`` for the reasons a date never was);
``content/dates.py`` formats and finds dates in running text with the same era table.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import MINYEAR, date, timedelta

from seminar_site.i18n import Message, _

# Official first day of each era (改元日), newest first.
ERAS: tuple[tuple[str, date], ...] = (
    ("令和", date(2019, 5, 1)),
    ("平成", date(1989, 1, 8)),
    ("昭和", date(1926, 12, 25)),
    ("大正", date(1912, 7, 30)),
    ("明治", date(1868, 10, 23)),
)
_INITIALS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}


def era_or_none(d: date) -> tuple[str, int] | None:
    """The era of ``d`` and its year in that era (1 for 元年), or None before 明治."""
    for name, start in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    return None


class ImpossibleDate(ValueError):
    """The text is clearly a date, but one that never existed (2025/02/30, 令和元年4月1日);
    ``reason`` says why, in the reader's language."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


def impossible_reason(year: int, month: int, day: int) -> Message | None:
    """Why ``year``-``month``-``day`` is not on the calendar (None when it is), in our own
    words rather than Python's "day is out of range for month"."""
    if year < MINYEAR:
        return _("there is no year {year}", year=year)
    if not 1 <= month <= 12:
        return _("there is no month {month}", month=month)
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        return _("there is no day {day}", day=day)
    if day > days:
        return _(
            "{year}-{month} has only {days} days", year=year, month=format(month, "02d"), days=days
        )
    return None


def _calendar_date(year: int, month: int, day: int) -> date:
    reason = impossible_reason(year, month, day)
    if reason is not None:
        raise ImpossibleDate(reason)
    return date(year, month, day)


def era_date(era: str, year: int, month: int, day: int) -> date:
    """The date of ``era`` ``year``年 ``month``月 ``day``日; ImpossibleDate if that day is not
    on the calendar or not in that era (令和元年4月1日 was still 平成)."""
    start = dict(ERAS)[era]
    d = _calendar_date(start.year + year - 1, month, day)
    if d < start:
        raise ImpossibleDate(_("{era} began on {date}", era=era, date=start.isoformat()))
    if (era_or_none(d) or ("",))[0] != era:
        names = [name for name, _start in ERAS]
        end = dict(ERAS)[names[names.index(era) - 1]] - timedelta(days=1)
        raise ImpossibleDate(_("{era} ended on {date}", era=era, date=end.isoformat()))
    return d


_WEEKDAYS = "月火水木金土日"
# After the year: 11月8日, or -11-08 / /11/08 / .11.8 (one separator), then maybe (土).
_MONTH_DAY = (
    r"\s*(?:年\s*(?P<km>[0-9]{1,2})\s*月\s*(?P<kd>[0-9]{1,2})\s*日"
    r"|(?P<sep>[-/.])\s*(?P<sm>[0-9]{1,2})\s*(?P=sep)\s*(?P<sd>[0-9]{1,2}))"
    r"(?:\s*\((?P<weekday>[月火水木金土日])(?:曜日?)?\))?"
)
_WESTERN = re.compile(r"(?P<year>[0-9]{4})" + _MONTH_DAY)
_ERA = re.compile(
    "(?P<era>"
    + "|".join(name for name, _start in ERAS)
    + r"|[RHSTMrhstm])\s*(?P<year>元|[0-9]{1,2})"
    + _MONTH_DAY
)


def read_loose_date(text: str) -> date | None:
    """The date ``text`` means, when it is a date written in a usual Japanese or numeric way;
    None when it does not look like a date. Raises ImpossibleDate for a day that never was.
    Full-width digits and brackets and the one-character era signs (㋿, ㍻) are read too."""
    plain = unicodedata.normalize("NFKC", text).strip()
    found = _date_of(plain)
    if found is None:
        return None
    d, weekday = found
    if weekday and _WEEKDAYS[d.weekday()] != weekday:
        actual = _WEEKDAYS[d.weekday()] + "曜日"
        raise ImpossibleDate(
            _(
                "{date} is a {actual}, not a {written}",
                date=d.isoformat(),
                actual=actual,
                written=weekday + "曜日",
            )
        )
    return d


# 20251120, as a spreadsheet's number format writes it: only a real date from 明治 on.
_COMPACT = re.compile(r"(1[89][0-9]{2}|2[01][0-9]{2})(0[1-9]|1[0-2])([0-3][0-9])")


def _date_of(plain: str) -> tuple[date, str | None] | None:
    compact = _COMPACT.fullmatch(plain)
    if compact is not None:
        year, month, day = (int(part) for part in compact.groups())
        if impossible_reason(year, month, day) is not None:
            return None
        return date(year, month, day), None
    western = _WESTERN.fullmatch(plain)
    era = None if western else _ERA.fullmatch(plain)
    match = western or era
    if match is None:
        return None
    month, day = int(match["km"] or match["sm"]), int(match["kd"] or match["sd"])
    if era is not None:
        name = _INITIALS.get(era["era"].upper(), era["era"])
        year = 1 if era["year"] == "元" else int(era["year"])
        if year < 1:
            raise ImpossibleDate(_("there is no year 0 of {era}", era=name))
        return era_date(name, year, month, day), era["weekday"]
    return _calendar_date(int(match["year"]), month, day), match["weekday"]
