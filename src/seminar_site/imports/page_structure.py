"""The lines of a past report page as a report: title, lead, narrative, days, sessions.

One pass over the lines with a little state (the current day and session): 「■」 and HTML
section headings open narrative sections, 「◆1/22 Day1」 or a dated heading opens a day,
「【事例1】」/「第1部」/an ``<h3>`` in a programme opens a session, speaker lines after it are its
speakers and the paragraphs its summary. Every counted line is placed or gets a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from seminar_site.content.dates import find_dates
from seminar_site.i18n import Message, _
from seminar_site.imports.page_heads import DayHead, day_head, section_head, session_head
from seminar_site.imports.page_lines import Line, markdown_text
from seminar_site.imports.page_overview import row_of_text
from seminar_site.imports.speakers import parse_speaker_line

_OVERVIEW_HEADINGS = ("開催概要", "概要", "開催要項", "実施概要", "イベント概要", "開催内容")
_PROGRAMME_HEADINGS = (
    "プログラム", "内容", "次第", "当日のプログラム", "講演内容", "発表内容", "タイムテーブル",
    "当日の内容", "プログラム内容", "講演", "programme", "program",
)  # fmt: skip
# A text page's lines that are headings (not 講演 or 内容: a line may be only that word).
_TEXT_HEADINGS = tuple(h for h in _PROGRAMME_HEADINGS if h not in ("講演", "内容"))
# 「講演の内容」「発表の概要」「研修内容」: a heading over the sessions.
_PROGRAMME_WORDS = re.compile(
    r"^(?:当日の)?(?:講演|発表|事例発表|研修|セミナー|フォーラム|シンポジウム)の?(?:内容|概要|要旨)$"
)
_NOT_SESSIONS = ("開催概要", "概要", "お知らせ", "関連リンク", "参考", "問い合わせ", "注意事項")
_PUBLISHED_WORDS = ("公開日", "掲載日", "登録日", "作成日", "公開", "掲載")
_MODIFIED_WORDS = ("更新日", "最終更新日", "更新")


@dataclass
class Session:
    where: int
    fields: dict[str, Any]
    speakers: list[dict[str, Any]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # indices of the lines of the summary
    links: list[int] = field(default_factory=list)  # indices of its file links
    link_lines: list[tuple[int, str]] = field(default_factory=list)  # lines of links only


@dataclass
class Day:
    where: int
    head: DayHead | None
    sessions: list[Session] = field(default_factory=list)
    images: list[int] = field(default_factory=list)


@dataclass
class Page:
    """The page as read: what goes where, by line index, before files and fields are made."""

    title: str = ""
    lead: str = ""
    published: date | None = None
    modified: date | None = None
    narrative: list[str] = field(default_factory=list)  # Markdown paragraphs and headings
    narrative_texts: list[str] = field(default_factory=list)  # the plain text of them
    days: list[Day] = field(default_factory=list)
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # (index, header, value)
    report_links: list[int] = field(default_factory=list)
    link_paragraphs: list[tuple[int, int]] = field(default_factory=list)  # (line, paragraph)
    pending_images: list[int] = field(default_factory=list)  # before the first day
    placed: set[int] = field(default_factory=set)
    reasons: dict[int, Message] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)


def _stamp(text: str, year: int) -> tuple[str, date] | None:
    """「2021年2月24日」, 「更新日：2024年10月15日」 → (the word before it, the date)."""
    found = find_dates(text, year)
    if len(found) != 1 or found[0][3] != "full":
        return None
    start, end, when, _kind = found[0]
    before = text[:start].strip(" \u3000：:[]【】()（）")
    if text[end:].strip(" \u3000") not in ("", "更新", "掲載", "公開") or len(before) > 6:
        return None
    return before, when


def _first_year(lines: list[Line]) -> int:
    for line in lines:
        for _s, _e, when, kind in find_dates(line.text, 2000):
            if kind == "full":
                return when.year
    return date.today().year


class _Reader:
    def __init__(self, lines: list[Line], html: bool) -> None:
        self.lines, self.html = lines, html
        self.level = 0  # level of the heading that opened the current day or programme
        self.page = Page()
        self.year = _first_year(lines)
        self.day: Day | None = None
        self.session: Session | None = None
        self.mode = "narrative"  # narrative | overview | programme
        self._last_item = False  # the last paragraph placed was a list item

    def place(self, index: int) -> None:
        self.page.placed.add(index)
        self._last_item = False  # (a paragraph placed sets it again)

    def explain(self, index: int, reason: Message) -> None:
        self.page.reasons[index] = reason

    # --- the head of the page: title, dates, lead -------------------------------------

    def header(self) -> int:
        lines, page = self.lines, self.page
        titles = [i for i, ln in enumerate(lines) if ln.kind == "heading" and ln.level == 1]
        start = (
            titles[0]
            if titles
            else next((i for i, ln in enumerate(lines) if ln.kind == "text"), len(lines))
        )
        for index in range(start):
            if not self._stamp_line(index) and lines[index].counted:
                self.explain(index, _("text above the report's title"))
        if start >= len(lines):
            return start
        page.title = lines[start].text
        self.place(start)
        index = start + 1
        while index < len(lines):
            line = lines[index]
            if line.kind in ("image", "link"):
                break
            if self._stamp_line(index):
                index += 1
                continue
            if page.lead or line.kind != "text" or self._structural(line):
                break
            page.lead = line.text
            self.place(index)
            index += 1
        return index

    def _stamp_line(self, index: int) -> bool:
        line = self.lines[index]
        if line.kind not in ("text", "heading"):
            return False
        stamp = _stamp(line.text, self.year)
        if stamp is None:
            return False
        word, when = stamp
        if any(word.startswith(w) for w in _MODIFIED_WORDS) and self.page.modified is None:
            self.page.modified = when
        elif self.page.published is None and (not word or word.startswith(_PUBLISHED_WORDS)):
            self.page.published = when
        else:
            return False
        self.year = when.year
        self.place(index)
        return True

    def _structural(self, line: Line) -> bool:
        text = line.text
        return bool(
            section_head(text)
            or day_head(text, self.year)
            or session_head(text)
            or row_of_text(text)
            or parse_speaker_line(text)
        )

    # --- the body ----------------------------------------------------------------------

    def body(self, start: int) -> None:
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if line.kind == "image":
                self._image(index)
            elif line.kind == "link":
                if self.session is not None:
                    self.session.links.append(index)
                else:
                    self.page.report_links.append(index)
            elif line.kind == "row":
                self.page.rows.append((index, line.cells[0], line.cells[1]))
            elif line.kind == "end":  # the end of a programme table
                self._close_day("narrative")
            elif line.kind == "session":  # a row of a programme table
                self._open_session(index, session_head(line.text, loose=True) or {})
            else:
                self._text(index, line)

    def _image(self, index: int) -> None:
        if self.day is not None:
            self.day.images.append(index)
        elif self.page.days:
            self.page.days[-1].images.append(index)
        else:
            self.page.pending_images.append(index)

    def _text(self, index: int, line: Line) -> None:
        text, heading = line.text, line.kind == "heading"
        row = row_of_text(text) if not heading else None
        if row and (self.session is None or not self.session.summary):
            self.page.rows.append((index, *row))
            return
        day = day_head(text, self.year, heading=heading)
        if day is not None and (not heading or line.level <= 3):
            self._open_day(index, day)
            self.level = line.level
            return
        if heading and self._heading(index, line):
            return
        bare = text.strip("■□◆◇ \u3000")
        if not heading and (bare in _OVERVIEW_HEADINGS or bare in _TEXT_HEADINGS):
            self._heading(index, line)  # 「開催概要」「プログラム」 on a line of a text page
            return
        head = session_head(text)
        if head is not None and not text.strip("【】 ").startswith(_NOT_SESSIONS):
            self._open_session(index, head)
            return
        if section_head(text) and self.html and self.session is not None:
            self.session.summary.append("## " + markdown_text(text.lstrip("■□ \u3000")))
            self.session.lines.append(index)
            self.place(index)  # 「■ 主な内容」 in a paragraph of an HTML session: a sub-heading
            return
        if section_head(text):
            self._narrative_heading(index, markdown_text(text))
            return
        speakers = parse_speaker_line(text)
        roles = bool(speakers) and any("session_role" in s for s in speakers or ())
        if speakers and self.session is not None and (not self.session.summary or roles):
            self.session.speakers.extend(speakers)
            self.place(index)
            return
        if speakers is None and self._starts_session(index, text):
            self._open_session(index, {"title": text})
            return
        if speakers is None and self._title_of_session(index, text):
            return
        self._paragraph(index, text)

    def _heading(self, index: int, line: Line) -> bool:
        """An HTML heading: overview, programme, a session inside a programme, or a section."""
        text = line.text.strip("■□◆◇ \u3000")
        if text in _OVERVIEW_HEADINGS:
            self._close_day("overview")
            self._own_heading(index, line)
            return True
        if text in _PROGRAMME_HEADINGS or _PROGRAMME_WORDS.match(text):
            self._close_day("programme")
            self.level = line.level
            self._own_heading(index, line)
            return True
        inside = self.mode == "programme" or self.day is not None
        marked = session_head(text) is not None and not text.startswith(_NOT_SESSIONS)
        if marked or (inside and line.level > max(self.level, 2)):
            head = session_head(line.text, loose=True)
            if head is not None:
                self._open_session(index, head)
                return True
        self._narrative_heading(index, f"## {markdown_text(text)}")
        return True

    def _own_heading(self, index: int, line: Line) -> None:
        self.place(index)  # the built page has its own 開催概要 and プログラム headings
        self.page.notes.append(
            _("line {line}: the heading 「{text}」 is left to the page, which makes its own",
              line=line.where, text=line.text)
        )  # fmt: skip

    def _title_of_session(self, index: int, text: str) -> bool:
        """「【基調講演】」 then 「「…」」 then the speaker line: the second line is the title."""
        session = self.session
        if session is None or "title" in session.fields or session.speakers or session.summary:
            return False
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if following is None or following.kind != "text" or len(text) > 80 or "。" in text:
            return False
        if parse_speaker_line(following.text) is None:
            return False
        session.fields["title"] = text
        self.place(index)
        return True

    def _starts_session(self, index: int, text: str) -> bool:
        """A short line followed by a speaker line, inside a day: a session without a kind."""
        if self.day is None and self.mode != "programme":
            return False
        if self.session is not None and not self.session.speakers:
            return False
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        return (
            following is not None
            and following.kind == "text"
            and len(text) <= 80
            and not text.endswith("。")
            and parse_speaker_line(following.text) is not None
        )

    def _close_day(self, mode: str) -> None:
        self.day, self.session, self.mode = None, None, mode

    def _open_day(self, index: int, head: DayHead) -> None:
        self.day = Day(index, head)
        self.page.days.append(self.day)
        self.session, self.mode = None, "programme"
        self.place(index)

    def _open_session(self, index: int, head: dict[str, Any]) -> None:
        if self.day is None:
            self.day = Day(index, None)
            self.page.days.append(self.day)
            self.mode = "programme"
        self.session = Session(index, head)
        self.day.sessions.append(self.session)
        self.place(index)

    def _narrative_heading(self, index: int, markdown: str) -> None:
        self._close_day("narrative")
        self.page.narrative.append(markdown)
        self.page.narrative_texts.append(markdown)
        self.place(index)

    def _paragraph(self, index: int, text: str) -> None:
        markdown = markdown_text(text)
        item = self.lines[index].item
        if item:
            markdown = "- " + markdown
        if self.session is not None and self.lines[index].links_only:
            self.session.link_lines.append((index, markdown))  # the summary's if no material
            self.place(index)
            return
        if self.session is None and self.day is None and self.lines[index].links_only:
            self.page.link_paragraphs.append((index, len(self.page.narrative)))
        if self.session is not None:
            _add(self.session.summary, markdown, item, self._last_item)
            self.session.lines.append(index)
            self.place(index)
        elif self.day is not None:
            self.explain(index, _("text of a day outside its sessions"))
        else:
            _add(self.page.narrative, markdown, item, self._last_item)
            self.page.narrative_texts.append(text)
            self.place(index)
        self._last_item = item


def _add(paragraphs: list[str], markdown: str, item: bool, after_item: bool) -> None:
    """A paragraph, or the next item of the list just above (one list, not one per item)."""
    if item and after_item and paragraphs:
        paragraphs[-1] += "\n" + markdown
    else:
        paragraphs.append(markdown)


def read_structure(lines: list[Line], html: bool = False) -> Page:
    """Where each line of the page goes (indices into ``lines``)."""
    reader = _Reader(lines, html)
    reader.body(reader.header())
    page = reader.page
    if page.published is None and page.modified is not None:
        page.published, page.modified = page.modified, None  # a CMS page shows 更新日 only
    return page
