"""report.yaml from a programme sheet's rows and title rows: the title and event's name
(a title row without its dates), the venue (「会場：…」 or a 会場 column), the format, the
lead and published, with a note for each guess (``report_notes``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from seminar_site.content import placeholders
from seminar_site.content.dates import find_dates, format_date
from seminar_site.i18n import Message, _
from seminar_site.imports.page_overview import ONLINE, event_format, hybrid_venue
from seminar_site.imports.programme import Programme

_DATE_LABEL = re.compile(r"(?:開催日時|開催日|日時|日程|期日|date)\s*[:：]", re.I)
_TIME_SPAN = re.compile(r"[0-9０-９]{1,2}\s*[:：時][0-9０-９]{0,2}分?\s*(?:[~～〜\-－–—―]\s*"
                        r"(?:[0-9０-９]{1,2}\s*[:：時][0-9０-９]{0,2}分?)?)?")  # fmt: skip


def title_without_dates(text: str) -> str:
    """A title row without its dates, times and 「日時：」: 「DX研修 令和7年11月8日（金）」 → DX研修
    (empty when the row is only a date)."""
    for start, end, _date, _kind in reversed(find_dates(text, 2000)):
        text = text[:start] + " " + text[end:]
    text = _TIME_SPAN.sub(" ", _DATE_LABEL.sub(" ", text))
    text = re.sub(r"[（(]\s*[）)]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" \u3000・、,:：-－")


_TITLE_END = re.compile(r"\s*(プログラム|次第|式次第|日程表|進行表|programme|program)\s*$", re.I)
_VENUE = re.compile(r"(?:会場|場所|venue)\s*[:：]\s*(.+?)\s*$", re.I)


def sheet_report(
    programme: Programme, titles: list[str], language: str
) -> tuple[dict[str, Any], list[Message]]:
    """report.yaml as plain data, keys in the documented order, and what to verify of its
    keys other than days."""
    notes: list[Message] = []
    name = ""
    venue = ""
    for text in titles:
        if (match := _VENUE.search(text)) is not None:
            venue = venue or match[1]
        elif not name and title_without_dates(text):
            name = _TITLE_END.sub("", title_without_dates(text)).strip()
    days = sorted(programme.days)
    if not name:
        notes.append(_("no title row above the header: write the title and the event's name"))
    title = name or placeholders.NEW_REPORT_TITLE
    event: dict[str, Any] = {"name": name or title}
    venues = sorted({text for _cell, text in programme.venues if text})
    if not venue and len(venues) == 1:  # the 会場 column, the same for every session
        venue = venues[0]
        notes.append(_("'event.venue' was set to 「{venue}」, the venue column's value for every "
                       "session", venue=venue))  # fmt: skip
    elif len(venues) > 1 or (venues and venues != [venue]):
        notes.append(_("the venue column names more than one venue ({venues}): report.yaml has "
                       "one venue, the event's ('event.venue'), so each session's is listed under "
                       "'Not placed'; write the room in the session's summary if it matters",
                       venues="、".join(venues)))  # fmt: skip
    if venue:
        event["venue"] = venue
    event["format"] = event_format(event, titles)  # the venue decides, as on a past page
    streamed = any(ONLINE.search(t) for t in titles if _VENUE.search(t) is None)
    if event["format"] == "offline" and venue and streamed:
        event["format"] = "hybrid"  # 「オンライン配信あり」 in a title row beside the venue
    said = bool(venue or streamed)
    column = {choice for _cell, choice in programme.formats if choice}
    if column:
        event["format"] = _combined(column | ({event["format"]} if said else set()))
        notes.append(_("the event's format was set to '{format}' from the format column "
                       "({values}) and the title rows", format=event["format"],
                       values="、".join(sorted(column))))  # fmt: skip
    else:
        notes.append(_("the event's format was set to '{format}' (online, offline or hybrid)",
                       format=event["format"]))  # fmt: skip
    venue_note = hybrid_venue(event)
    if venue_note is not None:
        notes.append(venue_note)
    notes.append(_("'published' was set to the last day, {date}: change it to the day you "
                   "publish the report", date=days[-1].isoformat() if days else ""))  # fmt: skip
    notes.append(_("the lead was written for you: replace it with a sentence or two about "
                   "the event"))  # fmt: skip
    event = {k: event[k] for k in ("name", "format", "venue") if k in event}
    report: dict[str, Any] = {
        "title": title,
        "lead": _lead(days, name, language),
        "published": days[-1] if days else dt.date.today(),
        "event": event,
        "days": [{"date": day, "sessions": programme.days[day]} for day in days],
    }
    return report, notes


def _combined(formats: set[str]) -> str:
    """The event's format from its parts' formats: online and offline make hybrid."""
    parts = set().union(*({"online", "offline"} if f == "hybrid" else {f} for f in formats))
    return "hybrid" if len(parts) > 1 else "online" if parts == {"online"} else "offline"


def _lead(days: list[dt.date], name: str, language: str) -> str:
    if language == "en":
        when = " and ".join(format_date(d, "en") for d in days[:2])
        what = f"“{name}”" if name else "the seminar"
        return f"A report of {what}, held on {when}."
    shown = [f"{d.month}月{d.day}日" for d in days]
    when = "、".join(shown[:-1]) + "と" + shown[-1] if len(shown) > 1 else "".join(shown)
    if len(shown) > 2:
        when = f"{shown[0]}から{shown[-1]}まで"
    what = f"「{name}」" if name else "セミナー"
    return f"{when}に開催した{what}の開催報告です。"
