"""The 開催概要 of a past report page (日時, 会場, 主催, 参加者数 …) as ``event`` fields.

The rows come from an HTML table or definition list, or from text lines like 「会場：…」.
Counts written in the narrative (延べ240申込, 約300名の方に参加いただきました) fill
``applications`` and ``participants`` when the overview does not give them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from seminar_site.content.dates import find_dates
from seminar_site.i18n import Message, _

# Header words (spaces and markers removed) → the field they fill.
_KEYS = {
    "日時": "dates", "開催日時": "dates", "開催日": "dates", "日程": "dates", "開催日程": "dates",
    "期日": "dates", "会場": "venue", "開催場所": "venue", "場所": "venue", "開催会場": "venue",
    "開催方法": "format", "開催形式": "format", "形式": "format", "実施方法": "format",
    "主催": "organiser", "主催者": "organiser", "共催": "co_organisers", "対象": "audience",
    "対象者": "audience", "参加対象": "audience", "参加者数": "participants",
    "参加人数": "participants", "参加者": "participants", "来場者数": "participants",
    "申込者数": "applications", "申込数": "applications", "申込み数": "applications",
    "申し込み数": "applications", "名称": "name", "イベント名": "name", "セミナー名": "name",
    "事業名": "name", "行事名": "name", "件名": "name", "テーマ": "name",
}  # fmt: skip
_ROW_TEXT = re.compile(
    r"^[■□●◆・]?\s*(?P<key>" + "|".join(sorted(_KEYS, key=len, reverse=True)) + r")"
    r"\s*[：:]\s*(?P<value>\S.*)$"
)
# Words that say people took part online (a venue, a 開催方法 row, a sheet's title row).
ONLINE = re.compile(
    r"オンライン|Zoom|ZOOM|zoom|Teams|Webex|ウェビナー|ライブ配信|Web会議|WEB会議"
    r"|(?i:\bonline\b|\bwebex\b)"
)
# 「大会議室（オンライン併用）」: the venue of a hybrid event, with a note on its online part.
_ONLINE_NOTE = re.compile(r"\s*[（(](?:オンライン|Zoom|ZOOM|Web|WEB|ウェブ)[^（）()]{0,10}[）)]$")
_NUMBER = r"([0-9０-９][0-9０-９,，]*)"
_COUNT = re.compile(rf"(約|およそ|延べ)?\s*{_NUMBER}\s*(?:名|人|件)")
_PART = re.compile(rf"(?P<label>[^\s、，,（）()：:0-9０-９]+)\s*[：:]?\s*{_NUMBER}\s*(?:名|人)")
_DATE_GLUE = re.compile(r"(?:^|\s)[、，,・～〜](?=\s|$)|\s+")
_CLOCK = r"\d{1,2}(?:[:：]\d{2}|時(?:\d{1,2}分)?)"
_TIME = re.compile(rf"(?:各日)?{_CLOCK}\s*[～〜~\-－–―]\s*{_CLOCK}")
_NARRATIVE_APPLICATIONS = re.compile(rf"{_NUMBER}\s*(?:件|名|人)?の?(?:申込|申し込み)")
_NARRATIVE_PARTICIPANTS = re.compile(
    rf"(約|およそ)?\s*{_NUMBER}\s*(?:名|人)(?:の方)?(?:に|が)?[^。、]{{0,8}}(?:参加|視聴|来場)"
)
# 「参加いただいた自治体職員へのエール」, 「自治体職員向け」: who the event was for.
_WHO = r"(?P<who>[^\s、。「」の]{1,8}?(?:職員|担当者|関係者|市民|住民|学生))"
_NARRATIVE_AUDIENCE = (
    re.compile(r"(?:^|、)(?P<who>[^\s、。「」]{2,20}?)を対象(?:に|と)"),  # 県内の…職員を対象に
    re.compile(r"ご?参加(?:いただいた|された|した)" + _WHO),
    re.compile(_WHO + "向け"),
)
_SPLIT_NAMES = re.compile(r"\s*[、，,・/／]\s*")


HOURS = _("the event's hours: report.yaml has none; give the sessions 'start' and 'end'")
_NO_DATE = _("no date could be read in this row")
_NO_COUNT = _("no number of people could be read in this row")
_NO_KEY = _("an overview row with no key in report.yaml")


def overview_key(header: str) -> str | None:
    """The field a row header fills (``開 催 日 時`` → dates), or None for an unknown header."""
    return _KEYS.get(re.sub(r"[\s\u3000■□●◆・：:]", "", header))


def row_of_text(text: str) -> tuple[str, str] | None:
    """「会場：オンライン」 as an overview row, or None."""
    found = _ROW_TEXT.match(text)
    return (found["key"], found["value"].strip()) if found else None


def _int(text: str) -> int:
    return int(text.replace(",", "").replace("，", ""))


@dataclass
class Overview:
    event: dict[str, Any] = field(default_factory=dict)
    dates: list[date] = field(default_factory=list)
    unplaced: list[tuple[int, str, Message]] = field(default_factory=list)  # (row, text, why)


def _participants(value: str, event: dict[str, Any]) -> bool:
    found = _COUNT.search(value)
    if not found:
        return False
    total = _int(found[2])
    event["participants"] = total
    if found[1] in ("約", "およそ"):
        event["participants_approximate"] = True
    rest = value[found.end() :]
    parts: list[dict[str, Any]] = [
        {"label": p["label"], "count": _int(p[2])} for p in _PART.finditer(rest)
    ]
    if len(parts) >= 2 and sum(int(p["count"]) for p in parts) == total:
        event["participants_parts"] = parts
    return True


def read_overview(rows: list[tuple[str, str]], default_year: int) -> Overview:
    """Event fields from (header, value) rows; rows it cannot use are listed in ``unplaced``."""
    found = Overview()
    event = found.event
    for index, (header, value) in enumerate(rows):
        key = overview_key(header)
        if key == "dates":
            dates = find_dates(value, default_year)
            found.dates.extend(d for _s, _e, d, _k in dates)
            rest = value
            for start, end, _d, _k in reversed(dates):
                rest = rest[:start] + " " + rest[end:]
            rest = _DATE_GLUE.sub(" ", rest).strip(" \u3000、，,・")
            if not dates:
                found.unplaced.append((index, value, _NO_DATE))
            elif rest:  # the hours, or any other words of the row
                found.unplaced.append((index, rest, HOURS))
        elif key == "venue":
            event["venue"] = value
        elif key == "format":
            event["format_text"] = value
        elif key == "organiser":
            event["organiser"] = {"name": value}
        elif key == "co_organisers":
            event["co_organisers"] = [n for n in _SPLIT_NAMES.split(value) if n]
        elif key == "audience":
            event["audience"] = value
        elif key == "name":
            event["name"] = value.strip("「」")
        elif key == "participants":
            if not _participants(value, event):
                found.unplaced.append((index, value, _NO_COUNT))
        elif key == "applications":
            count = _COUNT.search(value)
            if count:
                event["applications"] = _int(count[2])
            else:
                found.unplaced.append((index, value, _NO_COUNT))
        else:
            found.unplaced.append((index, f"{header}：{value}", _NO_KEY))
    return found


def event_format(event: dict[str, Any], texts: list[str]) -> str:
    """online, hybrid or offline, from the 開催方法/会場 rows, else from the page's words."""
    written = " ".join(str(event.get(k, "")) for k in ("format_text", "venue"))
    if written.strip():
        online = bool(ONLINE.search(written))
        physical = bool(re.sub(r"[（(].*?[）)]", "", ONLINE.sub("", written)).strip(" ・、/"))
        if "ハイブリッド" in written or (online and physical and "venue" in event):
            return "hybrid"
        return "online" if online else "offline"
    return "online" if any(ONLINE.search(t) for t in texts) else "offline"


def hybrid_venue(event: dict[str, Any]) -> Message | None:
    """A hybrid event's venue without its note on the online part (「大ホール（オンライン
    併用）」 → 大ホール: 'format: hybrid' says it), and the note for import-report.md; None
    when there is nothing to take out. For a page's overview and a sheet's title rows alike."""
    venue = str(event.get("venue", ""))
    note = _ONLINE_NOTE.search(venue)
    if event.get("format") != "hybrid" or note is None or not venue[: note.start()].strip():
        return None
    event["venue"] = venue[: note.start()]
    return _("'event.venue' is written without 「{note}」: 'format: hybrid' says it",
             note=note[0].strip())  # fmt: skip


def counts_from_text(texts: list[str], event: dict[str, Any]) -> None:
    """延べ240申込 → applications; 約300名の方に…参加 → participants (when not in the overview)."""
    for text in texts:
        if "applications" not in event:
            applied = _NARRATIVE_APPLICATIONS.search(text)
            if applied:
                event["applications"] = _int(applied[1])
        if "participants" not in event:
            came = _NARRATIVE_PARTICIPANTS.search(text)
            if came:
                event["participants"] = _int(came[2])
                if came[1]:
                    event["participants_approximate"] = True
        if "audience" not in event:
            for pattern in _NARRATIVE_AUDIENCE:
                who = pattern.search(text)
                if who:
                    event["audience"] = who["who"]
                    break
