"""Dates in text that are not on the calendar: 2月30日, 13月1日, 令和元年1月1日 (令和 began
on 2019-05-01), 平成32年. The hint gives the date the author may have meant."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from seminar_site.i18n import _
from seminar_site.rules.findings import Finding
from seminar_site.rules.sources import Prose
from seminar_site.settings.dates_iso import ERAS, era_or_none

_D = "[0-9０-９]"
_ERA_NAMES = "|".join(name for name, _start in ERAS)
# Two fast passes (each pattern starts with a literal or a class): era years, with their month
# and day if given; and month-day dates, of which only the rare ones with a day over 28 or a
# month over 12 are looked at further (with the western year before them, if any).
_ERA_DATE = re.compile(
    rf"(?P<era>{_ERA_NAMES})\s*(?P<ey>元|{_D}{{1,2}})\s*年"
    rf"(?:\s*(?P<m>{_D}{{1,2}})\s*月\s*(?P<d>{_D}{{1,2}})\s*日)?"
)
_MONTH_DAY = re.compile(rf"{_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*日")
_NUMBERS = re.compile(rf"{_D}+")
_YEAR_BEFORE = re.compile(
    rf"(?:(?P<era>{_ERA_NAMES})\s*(?:元|{_D}{{1,2}})|(?<!{_D})(?P<y>{_D}{{4}}))\s*年"
    rf"(?:[(（](?:{_ERA_NAMES})(?:元|{_D}{{1,2}})年[)）])?\s*$"
)
_DIGIT = re.compile(_D)
DATE_TRIGGER = re.compile(rf"{_D}\s*[月年]")
_ERA_END = {
    name: ERAS[index - 1][1] - dt.timedelta(days=1)
    for index, (name, _s) in enumerate(ERAS)
    if index
}


def date_findings(prose: Prose, year: int | None) -> Iterator[Finding]:
    """Dates that never were: 2月30日, 13月, 令和元年1月1日, 平成32年.
    ``year``: the event's, for a month and day written without one."""
    source = prose.source
    text = source.text
    for match in _ERA_DATE.finditer(text):
        problem = _era_problem(match)
        if problem is not None and prose.is_prose(*match.span()):
            yield source.finding("impossible-date", match.start(), *problem)
    for match in _MONTH_DAY.finditer(text):
        start = match.start()
        month, day = (int(number) for number in _NUMBERS.findall(match.group()))
        if 1 <= month <= 12 and 1 <= day <= 28:
            continue
        if start and _DIGIT.match(text, start - 1):
            continue  # the end of a longer number
        before = _YEAR_BEFORE.search(text, max(0, start - 24), start)
        if before is not None and before.group("era"):
            continue  # the era pass has it
        if before is not None:
            written = text[before.start() : match.end()]
            problem = _calendar(written, int(before.group("y")), month, day, with_year=True)
            start = before.start()
        else:
            problem = _month_day(match.group(), month, day, year)
        if problem is not None and prose.is_prose(start, match.end()):
            yield source.finding("impossible-date", start, *problem)


def _era_problem(match: re.Match[str]) -> tuple[str, str] | None:
    g = match.group
    text = match.group().strip()
    era = g("era")
    start = dict(ERAS)[era]
    number = 1 if g("ey") == "元" else int(g("ey"))
    if number == 0:
        message = _("'{text}' is not a real date: there is no year 0 of {era}", text=text, era=era)
        return message, _("check the year")
    year = start.year + number - 1
    end = _ERA_END.get(era)
    if g("m") is None:
        if end is not None and year > end.year:
            return _ended(text, era, end, dt.date(year, 12, 31))
        return None
    month, day = int(g("m")), int(g("d"))
    calendar_problem = _calendar(text, year, month, day, with_year=True)
    if calendar_problem is not None:
        return calendar_problem
    date = dt.date(year, month, day)
    if date < start:
        return _began(text, era, start, date)
    if end is not None and date > end:
        return _ended(text, era, end, date)
    return None


def _month_day(text: str, month: int, day: int, event_year: int | None) -> tuple[str, str] | None:
    if event_year is not None and (month, day) == (2, 29) and not calendar.isleap(event_year):
        return (
            _(
                "'{text}' is not a date in {year}, the year of the event: February {year} "
                "has 28 days",
                text=text,
                year=event_year,
            ),
            _("check the day"),
        )
    return _calendar(text, 2000, month, day, with_year=False)  # 2000: a leap year


def _calendar(
    text: str, year: int, month: int, day: int, with_year: bool
) -> tuple[str, str] | None:
    if not 1 <= month <= 12:
        message = _(
            "'{text}' is not a real date: there is no month {month}", text=text, month=month
        )
        return message, _("check the month")
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    if not with_year and month == 2:
        message = _(
            "'{text}' is not a real date: February has 28 days, 29 in a leap year", text=text
        )
    elif with_year and month == 2:
        message = _(
            "'{text}' is not a real date: February {year} has {days} days",
            text=text,
            year=year,
            days=days,
        )
    else:
        message = _(
            "'{text}' is not a real date: month {month} has {days} days",
            text=text,
            month=month,
            days=days,
        )
    return message, _("check the day")


def _western(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _era_year(date: dt.date) -> str:
    era = era_or_none(date)
    assert era is not None  # only dates of an era are asked about
    name, number = era
    return f"{name}{'元' if number == 1 else number}年"


def _began(text: str, era: str, start: dt.date, date: dt.date) -> tuple[str, str]:
    message = _(
        "'{text}' is not a real date: {era} began on {start}",
        text=text,
        era=era,
        start=start.isoformat(),
    )
    written = _era_year(date) + f"{date.month}月{date.day}日"
    return message, _("{western} is {era_date}", western=_western(date), era_date=written)


def _ended(text: str, era: str, end: dt.date, date: dt.date) -> tuple[str, str]:
    """``date``: the day meant; a year alone (平成32年) is given as its 31 December, and its
    hint names the year only."""
    message = _(
        "'{text}' is not a real date: {era} ended on {end}",
        text=text,
        era=era,
        end=end.isoformat(),
    )
    if "月" not in text:
        western = f"{date.year}年"
        return message, _("{western} is {era_date}", western=western, era_date=_era_year(date))
    written = _era_year(date) + f"{date.month}月{date.day}日"
    return message, _("{western} is {era_date}", western=_western(date), era_date=written)
