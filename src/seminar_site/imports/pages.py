"""Read a past report page (saved HTML, or plain text like ../shared/seed/) into a report.

``read_page`` is what ``seminar-site import`` calls for .html, .htm and .txt sources: the
page readers turn the file into lines (``html_page``, ``text_page``), ``page_structure``
decides where each line goes, and this module makes report.yaml's data, the Markdown files
and the leftovers, counting the lines placed. Nothing is written here.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from seminar_site.content.dates import find_dates
from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.imports.page_files import FileLinks
from seminar_site.imports.page_lines import Chrome, Line, markdown_text
from seminar_site.imports.page_overview import (
    HOURS,
    counts_from_text,
    event_format,
    hybrid_venue,
    read_overview,
)
from seminar_site.imports.page_structure import Day, Page, Session, read_structure
from seminar_site.imports.result import ImportResult, Leftover
from seminar_site.imports.text_page import text_lines
from seminar_site.settings.textfile import MB, read_bytes

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
PAGE_LIMIT = 20 * MB  # a saved page may hold inline images; anything larger is not a page
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_CODECS = {
    "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
    "euc-jp": "euc_jp", "utf-8": "utf-8", "iso-2022-jp": "iso2022_jp",
}  # fmt: skip
_QUOTED = re.compile(r"「([^「」]{6,})」")
_EVENT_ORDER = (
    "name", "format", "venue", "organiser", "co_organisers", "audience", "applications",
    "participants", "participants_approximate", "participants_parts",
)  # fmt: skip
# 「…セミナーを開催しました」「…開催報告」: the event's name is the title without them.
_REPORT_WORDS = re.compile(
    r"\s*(?:を開催しました[!！。]?|の?開催(?:結果|報告)(?:について)?|の開催について|の?ご報告"
    r"|を開催|レポート)$"
)


def read_page(path: Path) -> ImportResult:
    """The report a past report page describes; SiteError when the file cannot be read."""
    lines, chrome = _lines(path)
    if not any(line.counted for line in lines):
        raise SiteError(
            _("no report text was found in the page"),
            path,
            hint=_(
                "import the saved report page itself (.html) or its text copied into a .txt file"
            ),
        )
    page = read_structure(lines, html=path.suffix.lower() in HTML_SUFFIXES)
    return _Assembly(path, lines, page, chrome).result()


def _declared_charset(data: bytes) -> str | None:
    """The page's ``<meta charset>`` as a Python codec (Shift_JIS as Windows writes it)."""
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    name = found[1].decode("ascii").lower().replace("_", "-")
    return _CODECS.get(name)


def _decode(path: Path, data: bytes, declared: str | None = None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data, declared = data[3:], "utf-8"
    tried = (declared,) if declared else ()
    for encoding in (*tried, "utf-8", "cp932", "euc_jp"):
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise SiteError(
        _("the page is neither UTF-8 nor Shift_JIS nor EUC-JP text"),
        path,
        hint=_("save the page as UTF-8 text (Save As… → Encoding: UTF-8) and import it again"),
    )


def _lines(path: Path) -> tuple[list[Line], list[Chrome]]:
    data = read_bytes(path, PAGE_LIMIT)
    if path.suffix.lower() in HTML_SUFFIXES:
        from seminar_site.imports.html_page import html_lines

        return html_lines(_decode(path, data, _declared_charset(data)))
    return text_lines(_decode(path, data))


class _Assembly:
    def __init__(self, path: Path, lines: list[Line], page: Page, chrome: list[Chrome]) -> None:
        self.path, self.lines, self.page, self.chrome = path, lines, page, chrome
        self.files: dict[str, str] = {}
        self.notes: list[Leftover] = []
        self.links = FileLinks(path.parent)
        self.guesses: list[Message] = []

    def result(self) -> ImportResult:
        page = self.page
        year = page.published.year if page.published else date.today().year
        overview = read_overview([(h, v) for _i, h, v in page.rows], year)
        for row_number, (index, _h, _v) in enumerate(page.rows):
            whole = False
            for n, text, reason in overview.unplaced:
                if n != row_number:
                    continue
                if reason is HOURS:
                    self._note(index, text, reason)  # the rest of the row is placed
                else:
                    whole = True
                    self.page.reasons[index] = reason
            if not whole:
                self.page.placed.add(index)  # the row's value is in report.yaml
        days = self._days(overview.dates)
        report: dict[str, Any] = {"title": page.title or self.path.stem}
        report["lead"] = markdown_text(page.lead or page.title or self.path.stem)
        published = page.published or self._published(days)
        report["published"] = published
        if page.modified and page.modified > published:
            report["modified"] = page.modified
        report["event"] = self._event(overview.event)
        materials = self.links.materials(page.report_links, self.lines, self.notes)
        narrative = list(page.narrative)
        for index, paragraph in reversed(page.link_paragraphs):
            if self._links_made(index):  # 「<a>アンケート結果（PDF）</a>」: now a material
                del narrative[paragraph]
        if narrative:
            self.files["narrative.md"] = "\n\n".join(narrative) + "\n"
            report["body"] = "narrative.md"
        if materials:
            report["materials"] = materials
        report["days"] = days
        return self._result(report)

    def _result(self, report: dict[str, Any]) -> ImportResult:
        counted = [i for i, line in enumerate(self.lines) if line.counted]
        leftovers = list(self.notes)
        for index in counted:
            if index not in self.page.placed:
                reason = self.page.reasons.get(index, _("no place for this line was found"))
                leftovers.append(Leftover(self._where(index), self.lines[index].text, reason))
        leftovers.sort(key=_order)
        chrome = [
            _("line {line}: site chrome, left out: {text}", line=c.where, text=c.text)
            for c in self.chrome
        ]
        return ImportResult(
            report=report,
            files=self.files,
            leftovers=tuple(leftovers),
            source_lines=len(counted),
            placed_lines=sum(1 for i in counted if i in self.page.placed),
            notes=(*self.page.notes, *chrome),
            copies=self.links.copies,
            report_notes=tuple(self.guesses),
        )

    def _where(self, index: int) -> str:
        return _line_where(self.lines[index].where)

    def _note(self, index: int, text: str, reason: Any) -> None:
        self.notes.append(Leftover(self._where(index), text, reason))

    def _published(self, days: list[dict[str, Any]]) -> date:
        dated = [d["date"] for d in days if isinstance(d.get("date"), date)]
        when = date.fromordinal((max(dated) if dated else date.today()).toordinal())
        self.guesses.append(
            _("no publication date on the page: 'published' is the last day, {date}; correct it "
              "if needed", date=when.isoformat())
        )  # fmt: skip
        return when

    def _event(self, found: dict[str, Any]) -> dict[str, Any]:
        page = self.page
        texts = [page.lead, *page.narrative_texts]
        event = {k: v for k, v in found.items() if k in _EVENT_ORDER}
        quoted = _QUOTED.findall(page.lead)
        if "name" not in event:
            title_name = _REPORT_WORDS.sub("", page.title) or page.title
            event["name"] = max(quoted, key=len) if quoted else title_name
            self._guess("name", event["name"])
        event["format"] = event_format(found, [page.title, *texts])
        if "format_text" not in found and "venue" not in found:
            self._guess("format", event["format"])
        if "venue" not in event and event["format"] == "online":
            event["venue"] = found.get("format_text", "オンライン")
        note = hybrid_venue(event)
        if note is not None:
            self.page.notes.append(note)
        before = set(event)
        counts_from_text(texts, event)
        for key in sorted(set(event) - before, key=_EVENT_ORDER.index):
            self._guess(key, event[key])
        return {key: event[key] for key in _EVENT_ORDER if key in event}

    def _guess(self, key: str, value: object) -> None:
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        self.guesses.append(
            _("'event.{key}: {value}' was guessed from the page's text: check it",
              key=key, value=shown)
        )  # fmt: skip

    def _days(self, overview_dates: list[date]) -> list[dict[str, Any]]:
        page = self.page
        if not page.days:
            page.days.append(Day(0, None))
        if page.pending_images:
            page.days[0].images[:0] = page.pending_images
        fallback = (
            overview_dates or self._lead_dates() or ([page.published] if page.published else [])
        )
        days: list[dict[str, Any]] = []
        for number, day in enumerate(page.days, start=1):
            entry: dict[str, Any] = {}
            when = day.head.date if day.head and day.head.date else None
            if when is None and fallback:
                when = fallback[min(number - 1, len(fallback) - 1)]
            if when is None:
                when = date.today()
                self.guesses.append(
                    _(
                        "no date of the event was found: day {day} is today, {date}; correct it",
                        day=number,
                        date=when.isoformat(),
                    )
                )
            entry["date"] = date.fromordinal(when.toordinal())  # no YAML anchors
            label = day.head.label if day.head else ""
            if label and not (len(page.days) > 1 and label == f"Day{number}"):
                entry["label"] = label
            entry["sessions"] = [self._session(number, n, s) for n, s in enumerate(day.sessions, 1)]
            photos = self.links.photos(number, day.images, self.lines, self.notes)
            if photos:
                entry["photos"] = photos
            days.append(entry)
        return days

    def _lead_dates(self) -> list[date]:
        """「令和7年3月5日（水曜日）、…を開催しました」: the event's date from the lead."""
        year = self.page.published.year if self.page.published else date.today().year
        found = [d for _s, _e, d, kind in find_dates(self.page.lead, year) if kind == "full"]
        if found:
            self.guesses.append(_("the date of the event was read in the lead: check 'days'"))
        return found

    def _session(self, day: int, number: int, session: Session) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        for key in ("kind", "title", "start", "end"):
            if key in session.fields:
                entry[key] = session.fields[key]
        if session.speakers:
            entry["speakers"] = session.speakers
        materials = self.links.materials(session.links, self.lines, self.notes)
        summary = [*session.summary, *self._link_lines(session)]
        if summary:
            name = f"talks/day{day}-session{number}.md"
            self.files[name] = "\n\n".join(summary) + "\n"
            entry["summary_file"] = name
        if materials:
            entry["materials"] = materials
        return entry

    def _link_lines(self, session: Session) -> list[str]:
        """「資料：…（PDF）」 lines stay in the summary unless each of their links became a
        material (then the page's material list shows them)."""
        return [markdown for index, markdown in session.link_lines if not self._links_made(index)]

    def _links_made(self, index: int) -> bool:
        """Every link of the line at ``index`` (the link lines after it) became a material."""
        after = []
        for j in range(index + 1, len(self.lines)):
            if self.lines[j].kind != "link":
                break
            after.append(j)
        return bool(after) and all(j in self.links.made for j in after)


def _line_where(number: int) -> str:
    return _("line {line}", line=number)


def _order(leftover: Leftover) -> int:
    digits = re.sub(r"\D", "", leftover.where)
    return int(digits) if digits else 0
