"""The head line of a session, a day or a narrative section of a past report page.

「【事例1】つくば市における…」 → kind 事例 (the page numbers 事例 again) and title;
「第1部 基調講演」 → kind 第1部; 「13:30～14:10 …」 → start and end;
「◆1/22 Day1」 → a day; 「■…」 → a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from seminar_site.content.dates import find_dates
from seminar_site.settings.times import find_time_range

_BRACKET_KIND = re.compile(r"^[\s\u3000]*【(?P<kind>[^】]{1,20})】[\s\u3000]*(?P<title>.*)$")
_PART_KIND = re.compile(
    r"^[\s\u3000]*(?P<kind>第\s*[0-9０-９一二三四五六七八九十]+\s*部)[\s\u3000：:・]*(?P<title>.*)$"
)
_WORD_KIND = re.compile(
    r"^[\s\u3000]*(?P<kind>基調講演|特別講演|講演|事例発表|事例紹介|パネルディスカッション|"
    r"開会挨拶|閉会挨拶|開会あいさつ|閉会あいさつ|主催者挨拶|質疑応答|意見交換|ワークショップ|"
    r"グループワーク|クロージング|オープニング)[0-9０-９]*"
    r"(?:[\s\u3000]*[：:][\s\u3000]*|[\s\u3000]+|(?=「))"
    r"(?P<title>.*)$"
)
_NUMBERED = re.compile(r"^(?P<word>.*?\D)\s*[0-9０-９]+$")
_DAY_MARK = "◆◇●▼▽"
_SECTION_MARK = "■□"
_DAY_WORDS = re.compile(r"(?:Day|DAY|day)\s*[0-9０-９]+|[0-9０-９一二三]+日目")
_SPACES = re.compile(r"[\s\u3000]+")


def session_head(text: str, loose: bool = False) -> dict[str, Any] | None:
    """kind/title/start/end of a session head, or None. ``loose``: any text is a title (an
    HTML ``<h3>`` inside a programme)."""
    fields: dict[str, Any] = {}
    times = find_time_range(text)  # read as the sheet's time cells are (settings/times.py)
    if times:
        begin, finish, fields["start"], end = times
        if end is not None:
            fields["end"] = end
        text = re.sub(r"[（(][\s\u3000]*[）)]", "", text[:begin] + " " + text[finish:])
        text = text.strip(" \u3000")
    found = kind_in_title(text)
    if found is not None:
        kind, title, bracketed = found
        numbered = _NUMBERED.match(kind)
        if bracketed and numbered:
            kind = numbered["word"]  # 事例1 → 事例: the page numbers the kinds again
        fields["kind"] = kind
        if title:
            fields["title"] = title
        return fields
    if loose or (times and text):
        if text:
            fields["title"] = text
        return fields or None
    return None


def kind_in_title(text: str) -> tuple[str, str, bool] | None:
    """The kind a title starts with, the title without it and whether the kind was in 【】:
    「【事例1】…」, 「第1部 基調講演」, 「基調講演「…」」 (the title keeps its 「」, as hand-made
    reports do); None when it starts with none. A past page's heads and a sheet's titles
    read alike."""
    for pattern in (_BRACKET_KIND, _PART_KIND, _WORD_KIND):
        found = pattern.match(text)
        if found:
            title = found["title"].strip(" \u3000：:")
            return _SPACES.sub("", found["kind"]), title, pattern is _BRACKET_KIND
    return None


@dataclass(frozen=True)
class DayHead:
    date: date | None
    label: str


def day_head(text: str, default_year: int, heading: bool = False) -> DayHead | None:
    """「◆1/22 Day1」 (or, for an HTML heading, 「1月22日（金） Day1」, 「2日目」) as a day."""
    marked = text[:1] in _DAY_MARK
    body = text.lstrip(_DAY_MARK + " \u3000") if marked else text
    if heading:
        body = body.lstrip(_SECTION_MARK + " \u3000")
    if not (marked or heading) or len(body) > 40 or "「" in body or "【" in body:
        return None
    dates = find_dates(body, default_year)
    if not dates and not _DAY_WORDS.search(body):
        return None
    label = body
    when = None
    if dates:
        start, end, when, _kind = dates[0]
        label = body[:start] + body[end:]
    label = _SPACES.sub(" ", label).strip(" \u3000：:-－")
    if heading and not marked and len(label) > 12:
        return None  # a heading that only mentions a date is a section, not a day
    return DayHead(when, label)


def section_head(text: str) -> str | None:
    """「■コロナ禍により進んだ自治体DX」 → the section heading as written, or None."""
    return text if text[:1] in _SECTION_MARK and len(text) > 1 else None
