"""Read one report folder (YAML keeping line numbers, Markdown), validate it, build its model.

Every problem of the folder is collected and raised once as ContentErrors, before anything
is written.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from seminar_site.content.kinds import session_kind
from seminar_site.content.language_check import language_warnings
from seminar_site.content.linked_files import linked_files
from seminar_site.content.markdown import MarkdownRenderer, plain_text
from seminar_site.content.markdown_dates import DateContext, Noted
from seminar_site.content.markdown_images import with_text_images
from seminar_site.content.media import Media, media_of
from seminar_site.content.paths import require_file
from seminar_site.content.photo_records import PhotoRecords
from seminar_site.content.placeholders import placeholders_in
from seminar_site.content.rewrites import DateNotes, Rewrite, TextSource, text_source
from seminar_site.content.same import speakers_of
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import _
from seminar_site.model import Day, Event, Report, Session
from seminar_site.settings.config import Organisation, SiteConfig
from seminar_site.settings.schema import Checked, check_mapping
from seminar_site.settings.shapes import REPORT
from seminar_site.settings.textfile import read_text
from seminar_site.settings.yamlsource import parse_yaml

log = logging.getLogger(__name__)

REPORT_FILE = "report.yaml"
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def load_report(
    folder: Path,
    root: Path,
    config: SiteConfig,
    renderer: MarkdownRenderer,
    rewrites: list[Rewrite] | None = None,
    counted: Mapping[str, int] | None = None,
) -> tuple[Report, list[SiteError]]:
    """One report folder → a Report and its warnings, or ContentErrors listing all its
    problems; ``rewrites`` collects the dates the page shows written out; ``counted``: the
    PDF page counts of its last load (``known_pages``), so unchanged PDFs are not read."""
    path = folder / REPORT_FILE
    errors = ErrorCollector()
    if not _SLUG.match(folder.name):
        errors.add(
            SiteError(
                _("report folder name '{name}' cannot be used in a URL", name=folder.name),
                folder,
                hint=_("use letters, digits and '-', e.g. 2021-withcorona-dx"),
            )
        )
    content = (root / "content").resolve()
    if not path.resolve().is_relative_to(content):
        raise SiteError(
            _(
                "report folder '{name}' is a link to a place outside the content folder",
                name=folder.name,
            ),
            folder,
            hint=_("copy the report into content/reports/ instead of linking to it"),
        )
    cut: list[SiteError] = []  # text values a ' #' cut short
    data = check_mapping(parse_yaml(path, errors, warnings=cut), REPORT, path, errors)
    builder = _ReportBuilder(folder, folder.resolve(), content, config, renderer, errors)
    builder.counted = counted or {}
    report = builder.build(data)
    errors.raise_if_any()
    assert report is not None
    if rewrites is not None:
        rewrites += builder.dates.rewrites
    read: list[Path | tuple[Path, str]] = [path, *builder.files]
    read += builder.photo_records.captions_files
    found = [*cut, *builder.warnings, *builder.dates.warnings, *placeholders_in(read)]
    return report, [*found, *language_warnings(report, config, root)]


@dataclass(frozen=True)
class _Summary:
    """A session's summary text, waiting to be converted with the others of its report."""

    data: Checked
    key: str  # "summary" or "summary_file": where an error is reported
    text: str
    source: Path | None  # the Markdown file, if any
    id_prefix: str


class _ReportBuilder:
    """Turns one checked report.yaml into model objects, collecting semantic errors."""

    def __init__(
        self,
        folder: Path,
        base: Path,
        fence: Path,
        config: SiteConfig,
        renderer: MarkdownRenderer,
        errors: ErrorCollector,
    ) -> None:
        self.folder = folder
        self.base = base  # the folder resolved: paths in report.yaml are relative to it
        self.fence = fence  # content/, resolved
        self.config = config
        self.renderer = renderer
        self.errors = errors
        self.warnings: list[SiteError] = []
        self.photo_records = PhotoRecords(base, fence, config, errors, self.warnings)
        self.kind_counts: dict[str, int] = {}
        self.anchors: dict[str, Checked] = {}
        self.summaries: list[_Summary] = []  # one per session, converted together
        self.dates = DateNotes()  # rewritten dates and wrong weekdays, located
        self.files: list[tuple[Path, str]] = []  # the Markdown files read, with their text
        self.linking: dict[str, TextSource] = {}  # converted text with a link → where written
        self.day_count = 0
        self.counted: Mapping[str, int] = {}  # PDF page counts by digest, read before

    def build(self, data: Checked) -> Report | None:
        """The report, or None when required parts are missing; either way every part that
        is there is checked, so that one run reports all the problems of the file."""
        day_dates = tuple(day["date"] for day in data.get("days", []) if "date" in day)
        published = data.get("published")
        context = DateContext(
            self.config.language,
            day_dates[0].year
            if day_dates
            else published.year
            if published
            else dt.date.today().year,
            day_dates,
            self.config.date_style,
        )
        self.day_count = len(data.get("days", []))  # a one-day event needs no "Day1"
        days = tuple(
            self._day(number, day, context)
            for number, day in enumerate(data.get("days", []), start=1)
        )
        days = self._with_summaries(days, context)
        if published is not None:
            self._check_dates(data)
        lead_html = self._markdown(data, "lead", data.get("lead", ""), context, inline=True)
        body_html = ""
        if "body" in data:
            text, source = self._markdown_file(data, "body", _("body file"))
            body_html = self._markdown(data, "body", text, context, source, base_level=2)
        social = self.photo_records.social_image(data, days)
        self.photo_records.warn_unlisted(data.get("days", []), social)
        if "event" not in data or published is None or not days:
            return None
        event = self._event(data["event"])
        report = Report(
            slug=self.folder.name,
            title=data.get("title", ""),
            lead_html=lead_html,
            description=data.get("description") or plain_text(lead_html),
            published=published,
            modified=data.get("modified"),
            event=event,
            body_html=body_html,
            days=days,
            social_image=social,
            source_dir=self.folder,
            **self._media(data, context, "recording-", 3),
        )
        folders = [self.base, *(path.parent for path, _text in self.files)]
        # Where the texts' links and images are looked for, and where their problems go:
        where = (folders, self.fence, self.linking, self.errors, self.warnings)
        linked = linked_files(report.texts_html(), report.slug, *where, self.counted)
        report = replace(report, attachments=linked) if linked else report
        return with_text_images(report, *where)

    def _check_dates(self, data: Checked) -> None:
        modified = data.get("modified")
        if modified is not None and modified < data["published"]:
            message = _("'modified' is earlier than 'published'")
            self.errors.add(data.error("modified", message))
        dated = [day for day in data.get("days", []) if "date" in day]
        for earlier, later in pairwise(dated):
            if later["date"] <= earlier["date"]:
                message = _("days must be in date order, each on a different date")
                self.errors.add(later.error("date", message))

    def _event(self, data: Checked) -> Event:
        organiser = data.get("organiser")
        online = data.get("online") or {}
        parts = tuple(
            (part["label"], part["count"])
            for part in data.get("participants_parts", [])
            if "label" in part and "count" in part
        )
        return Event(
            name=data.get("name", ""),
            format=data.get("format", "online"),
            venue=data.get("venue", ""),
            address=data.get("address", ""),
            url=data.get("url", ""),
            status=data.get("status", "scheduled"),
            organiser=Organisation(organiser["name"], organiser.get("url", ""))
            if organiser and "name" in organiser
            else self.config.organiser,
            co_organisers=tuple(data.get("co_organisers", ())),
            audience=data.get("audience", ""),
            applications=data.get("applications"),
            participants=self._participants(data, parts),
            participants_approximate=data.get("participants_approximate", False),
            participants_parts=parts,
            online_platform=online.get("platform", ""),
            online_url=online.get("url", ""),
        )

    def _participants(self, data: Checked, parts: tuple[tuple[str, int], ...]) -> int | None:
        """The total: as given, or the sum of the parts; a given total must equal the sum."""
        given: int | None = data.get("participants")
        if not parts:
            return given
        total = sum(count for _label, count in parts)
        if given is not None and given != total:
            message = _(
                "'participants' is {given}, but 'participants_parts' add up to {total}",
                given=str(given),
                total=str(total),
            )
            hint = _(
                "write participants: {total}, or leave it out to have it computed", total=str(total)
            )
            self.errors.add(data.error("participants", message, hint=hint))
        return total if given is None else given

    def _day(self, number: int, data: Checked, context: DateContext) -> Day:
        anchor = f"day{number}"
        sessions = tuple(
            self._session(number, index, session, context)
            for index, session in enumerate(data.get("sessions", []), start=1)
        )
        return Day(
            number=number,
            date=data.get("date", dt.date.min),
            label=data.get("label", f"Day{number}" if self.day_count > 1 else ""),
            anchor=anchor,
            sessions=sessions,
            photos=self.photo_records.photos(data),
        )

    def _session(self, day: int, index: int, data: Checked, context: DateContext) -> Session:
        kind = session_kind(data, self.warnings)
        number = None
        if kind in self.config.numbered_kinds:
            number = self.kind_counts.get(kind, 0) + 1
            self.kind_counts[kind] = number
        anchor = data.get("id", f"day{day}-session{index}")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", anchor):
            message = _("session id '{id}' must start with a letter and use a-z, 0-9, -", id=anchor)
            self.errors.add(data.error("id", message))
        elif anchor in self.anchors:
            first = self.anchors[anchor]
            self.errors.add(
                data.error(
                    "id",
                    _("session id '{id}' is used twice", id=anchor),
                    hint=_(
                        "first used at line {line}", line=first.marks.get("id", (first.line,))[0]
                    ),
                )
            )
        self.anchors[anchor] = data
        summary, key, source = "", "summary", None
        if "summary" in data:
            summary = data["summary"]
        elif "summary_file" in data:
            key = "summary_file"
            summary, source = self._markdown_file(data, key, _("summary file"))
        if not data.get("title") and not kind:
            self.errors.add(data.error(None, _("a session needs a 'title' or a 'kind'")))
        self.summaries.append(_Summary(data, key, summary, source, anchor + "-"))
        return Session(
            anchor=anchor,
            kind=kind,
            number=number,
            title=data.get("title", ""),
            speakers=speakers_of(data.get("speakers", []), self.config.honorific, self.warnings),
            summary_html="",  # filled in by _with_summaries
            start=data.get("start", ""),
            end=data.get("end", ""),
            **self._media(data, context, anchor + "-recording-", 4),
        )

    def _media(self, data: Checked, context: DateContext, prefix: str, level: int) -> Media:
        """A report's or session's materials and recording (its transcript is Markdown)."""

        def transcript(item: Checked, text: str) -> str:
            return self._markdown(item, "transcript", text, context, None, False, level, prefix)

        fetch, counted = self.config.fetch_posters, self.counted
        return media_of(
            data, self.base, self.fence, self.errors, self.warnings, transcript, fetch, counted
        )

    def _with_summaries(self, days: tuple[Day, ...], context: DateContext) -> tuple[Day, ...]:
        """The sessions with their summaries, converted in one pass where they can share it
        (MarkdownRenderer.blocks); after an error, one by one, to say which file it is in."""
        wanted = [summary for summary in self.summaries if summary.text]
        noted: Noted = []
        try:
            converted = iter(
                self.renderer.blocks(
                    [summary.text for summary in wanted],
                    context,
                    base_level=4,
                    id_prefixes=[summary.id_prefix for summary in wanted],
                    noted=noted,
                )
            )
            htmls = [next(converted) if summary.text else "" for summary in self.summaries]
            for index, s in enumerate(wanted):
                mine = [item for number, item in noted if number == index]
                self.dates.add(mine, text_source(s.data, s.key, s.source))
            for s, html in zip(self.summaries, htmls, strict=True):
                self._note_links(html, s.data, s.key, s.source)
        except SiteError:
            htmls = [
                self._markdown(
                    s.data, s.key, s.text, context, s.source, base_level=4, id_prefix=s.id_prefix
                )
                for s in self.summaries
            ]
        remaining = iter(htmls)
        return tuple(
            replace(
                day,
                sessions=tuple(
                    replace(session, summary_html=next(remaining)) for session in day.sessions
                ),
            )
            for day in days
        )

    def _markdown_file(self, data: Checked, key: str, what: str) -> tuple[str, Path | None]:
        try:
            path = require_file(data, key, self.base, self.fence, what)
            text = read_text(path)
            self.files.append((path, text))
            return text, path
        except SiteError as error:
            self.errors.add(error)
            return "", None

    def _note_links(self, html: str, data: Checked, key: str, source: Path | None) -> None:
        """Where a text with a link is written, for the problems of the files it links to."""
        if 'href="' in html or "<img" in html:
            self.linking.setdefault(html, text_source(data, key, source))

    def _markdown(
        self,
        data: Checked,
        key: str,
        text: str,
        context: DateContext,
        source: Path | None = None,
        inline: bool = False,
        base_level: int = 2,
        id_prefix: str = "",
    ) -> str:
        """Convert Markdown, locating any conversion error in its file (or at the YAML key)."""
        if not text:
            return ""
        noted: Noted = []
        try:
            if inline:
                html = self.renderer.inline(text, context, noted)
            else:
                html = self.renderer.block(text, context, base_level, id_prefix, noted)
            self.dates.add([item for _number, item in noted], text_source(data, key, source))
            self._note_links(html, data, key, source)
            return html
        except SiteError as error:
            if source is not None:
                located = SiteError(error.message, source, error.line, error.col, error.hint)
            else:
                located = data.error(key, error.message, error.hint)
            self.errors.add(located)
            return ""
