"""The CMS fragment: ``report.html`` (body content to paste), ``images/``, ``files/`` and
``report.txt`` (the alt texts and a checklist for the person pasting).

Values in, files out: :func:`make_fragment` returns the fragment's files as bytes and paths
to copy; the command writes them (export/output.py). The HTML is the report in the words a
CMS editor keeps (export/clean.py); its template is export/templates/fragment.html.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin

import jinja2
from markupsafe import Markup

from seminar_site.content.dates import format_month_day
from seminar_site.content.markdown_images import published_image
from seminar_site.errors import SiteError
from seminar_site.export.archive import free_name, windows_name
from seminar_site.export.clean import HeadingTooDeep, clean
from seminar_site.export.load import ExportInput, PageSource
from seminar_site.export.notes import checklist
from seminar_site.i18n import _
from seminar_site.model import Day, Material, Recording, Report, Session, Speaker
from seminar_site.render.environment import make_environment, site_filters
from seminar_site.render.labels import (
    applications_count,
    labels_for,
    participants_part,
    people_count,
    role_key,
    role_label,
    shown_format,
)
from seminar_site.render.media import LABELS as MEDIA_LABELS
from seminar_site.render.media import material_text, watch_url

TEMPLATES = Path(__file__).parent / "templates"
PAGE_LEVEL = 2  # the level of the report page's section headings (under its h1 title)
IMAGES, FILES = "images", "files"
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class FragmentOptions:
    heading_level: int = 2  # the level of the fragment's first headings
    asset_url: str = ""  # where images/ and files/ are uploaded: replaces their folder


@dataclass(frozen=True)
class Picture:
    path: str  # in the fragment folder, e.g. images/2021-x-d1-01.jpg
    alt: str
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class Fragment:
    files: dict[str, PageSource]  # path in the fragment folder → bytes or a file to copy
    pictures: tuple[Picture, ...]
    materials: tuple[tuple[str, str], ...]  # (path, link text)
    headings: int


def make_fragment(export: ExportInput, options: FragmentOptions) -> Fragment:
    """The fragment of ``export.report``; SiteError when a heading would go below h6."""
    report, lang = export.report, export.config.language
    files: dict[str, PageSource] = {}
    pictures = _pictures(export, files)
    material_paths, linked = _material_files(report, files)
    for image in report.images:  # the texts' <img src="images/…">: the same name beside
        assert image.source is not None
        files[f"{IMAGES}/{posixpath.basename(image.published)}"] = published_image(image.source)[0]

    def asset(path: str) -> str:
        folder, _slash, name = path.partition("/")
        base = options.asset_url
        return base + quote(name) if base else f"{folder}/{quote(name)}"

    env = _environment(export)
    context = _context(export, pictures, material_paths, asset)
    raw = env.get_template("fragment.html").render(**context)
    shift = options.heading_level - PAGE_LEVEL
    try:
        body = clean(raw, shift, _link_rule(export, linked, asset))
    except HeadingTooDeep as deep:
        highest = 6 - (deep.deepest - options.heading_level)
        raise SiteError(
            _("--heading-level {level} would need headings below h6", level=options.heading_level),
            hint=_("choose --heading-level {highest} or less", highest=max(1, highest)),
        ) from None
    # A byte order mark: with no <head> to say so, it is what makes a browser (and Windows'
    # Notepad) read the file as UTF-8 instead of as the locale's legacy code page.
    files["report.html"] = BOM + body.encode("utf-8")
    shown = tuple(
        dict((path, material_text(m, lang)) for m, path in material_paths.items()).items()
    ) + tuple((path, posixpath.basename(path)) for path in dict.fromkeys(linked.values()))
    files["report.txt"] = BOM + checklist(export, options, pictures, shown, asset).encode("utf-8")
    headings = sum(body.count(f"<h{n}>") for n in range(1, 7))
    return Fragment(dict(sorted(files.items())), tuple(pictures), shown, headings)


def _environment(export: ExportInput) -> jinja2.Environment:
    """The site's environment (its labels and filters) with the export's own template."""
    env = make_environment(export.root, export.config).overlay()
    env.loader = jinja2.FileSystemLoader(str(TEMPLATES))
    return env


def _pictures(export: ExportInput, files: dict[str, PageSource]) -> list[Picture]:
    """Each gallery photo's JPEG (the page's ``<img>`` file) under a name that says where it
    belongs: ``images/SLUG-d1-01.jpg``."""
    pictures: list[Picture] = []
    for day in export.report.days:
        for index, photo in enumerate(day.photos, 1):
            shown = export.photos[photo.source].fallback()
            path = f"{IMAGES}/{export.report.slug}-d{day.number}-{index:02d}.jpg"
            files[path] = export.photo_cache / shown.filename
            caption = photo.caption
            if photo.credit:
                labels = labels_for(export.config.language)
                credit = f"{labels['photo_credit']}{labels['label_separator']}{photo.credit}"
                caption = f"{caption}{labels['paren_open']}{credit}{labels['paren_close']}"
            pictures.append(Picture(path, photo.alt, caption, shown.width, shown.height))
    return pictures


def _material_files(
    report: Report, files: dict[str, PageSource]
) -> tuple[dict[Material, str], dict[str, str]]:
    """Each material file under its own name (Windows-safe, one per name), as the person
    uploading it and the readers downloading it know it: ``files/配布資料.pdf``. The same
    file given twice is one file. With the documents the texts link to, by their address
    as the page's links write it (``slides.pdf`` → ``files/slides.pdf``)."""
    found: dict[Material, str] = {}
    by_digest: dict[str, str] = {}
    taken: set[str] = set()

    def place(material: Material) -> str:
        assert material.source is not None
        path = by_digest.get(material.digest + material.source.name)
        if path is None:
            path = free_name(f"{FILES}/", windows_name(material.source.name), taken)
            by_digest[material.digest + material.source.name] = path
            files[path] = material.source
        return path

    for material in report.all_materials():
        if material.source is not None:
            found[material] = place(material)
    linked = {
        material.published[len(report.url_path) :]: place(material)
        for material in report.attachments
        if material.source is not None
    }
    return found, linked


def _context(
    export: ExportInput,
    pictures: list[Picture],
    paths: dict[Material, str],
    asset: Any,
) -> dict[str, Any]:
    report, lang = export.report, export.config.language
    media = MEDIA_LABELS[lang]
    by_path = iter(pictures)

    def materials(items: tuple[Material, ...]) -> list[dict[str, str]]:
        return [
            {
                "href": asset(paths[m]) if m.source else m.url,
                "text": material_text(m, lang),
            }
            for m in items
        ]

    def day_view(day: Day) -> dict[str, Any]:
        photos = [
            {"src": asset(p.path), "alt": p.alt, "caption": p.caption,
             "width": p.width, "height": p.height}
            for p in (next(by_path) for _photo in day.photos)
        ]  # fmt: skip
        return {
            "heading": _day_heading(day, export),
            "sessions": [_session_view(s, lang, materials) for s in day.sessions],
            "photos": photos,
        }

    if report.materials and report.recording:
        heading = media["materials_recording"]
    else:
        heading = media["materials"] if report.materials else media["recording"]
    return {
        "report": report,
        "overview": _overview(report, lang, site_filters(export.config)["date_full"]),
        "body_html": Markup(report.body_html),
        "materials": materials(report.materials),
        "recording": _recording(report.recording, lang),
        "media_heading": heading,
        "days": [day_view(day) for day in report.days],
        "lead_html": Markup(report.lead_html),
    }


def _day_heading(day: Day, export: ExportInput) -> str:
    text = format_month_day(day.date, export.config.language)
    return f"{text} {day.label}" if day.label else text


def _session_view(session: Session, lang: str, materials: Any) -> dict[str, Any]:
    mark = labels_for(lang)["time_range"]
    time = session.start + (f"{mark}{session.end}" if session.end else "") if session.start else ""
    return {
        "heading": session.label + session.title,
        "time": time,
        "speakers": speaker_lines(session.speakers, lang),
        "summary_html": Markup(session.summary_html),
        "materials": materials(session.materials),
        "recording": _recording(session.recording, lang),
    }


def _recording(recording: Recording | None, lang: str) -> dict[str, Any] | None:
    if recording is None:
        return None
    host = {"youtube": "YouTube", "vimeo": "Vimeo"}[recording.host]
    watch = MEDIA_LABELS[lang]["watch_on"].replace("{host}", host)
    separator = labels_for(lang)["label_separator"]
    return {
        "watch": watch_url(recording),
        "text": f"{watch}{separator}{recording.title}",
        "transcript_html": Markup(recording.transcript_html),
    }


def speaker_lines(speakers: tuple[Speaker, ...], lang: str) -> list[str]:
    """The page's speaker lines as plain text, one per session role (「パネリスト：…」)."""
    labels = labels_for(lang)
    groups: dict[str, list[Speaker]] = {}
    for speaker in speakers:
        groups.setdefault(role_key(speaker.session_role) or speaker.session_role, []).append(
            speaker
        )
    lines = []
    for members in groups.values():
        people, previous = [], ""
        for speaker in members:
            parts = []
            for index, a in enumerate(speaker.affiliations):
                organisation = "" if index == 0 and a.organisation == previous else a.organisation
                parts.append(" ".join(p for p in (organisation, a.department, a.role) if p))
            previous = speaker.affiliations[0].organisation if speaker.affiliations else ""
            name = " ".join(p for p in (speaker.name, speaker.honorific) if p)
            people.append(" ".join(p for p in ("/".join(x for x in parts if x), name) if p))
        role = members[0].session_role
        line = labels["speaker_separator"].join(people)
        if role:
            shown = role_label(role, lang, many=len(members) > 1)
            line = f"{shown}{labels['label_separator']}{line}"
        lines.append(line)
    return lines


def _overview(report: Report, lang: str, date_full: Any) -> list[tuple[str, str]]:
    """開催概要 as table rows (a ``dl`` does not survive CMS editors); ``date_full``: the
    environment's filter for the overview's days."""
    labels, event = labels_for(lang), report.event
    days = "、" if lang == "ja" else "; "
    when = days.join(
        " ".join(p for p in (date_full(d.date), _hours(d, labels["time_range"]), d.label) if p)
        for d in report.days
    )
    rows = [(labels["date_time"], when)]
    on_site = event.format != "online"
    rows.append((labels["format"], shown_format(event, lang)))
    venue = " ".join(v for v in ((event.venue if on_site else ""), event.address) if v)
    if venue:
        rows.append((labels["venue"], venue))
    online = " ".join(v for v in (event.online_platform, event.online_url) if v)
    if online:
        rows.append((labels["online"], online))
    if event.organiser:
        rows.append((labels["organizer"], event.organiser.name))
    if event.co_organisers:
        rows.append((labels["co_organizer"], labels["speaker_separator"].join(event.co_organisers)))
    if event.audience:
        rows.append((labels["audience"], event.audience))
    if event.applications is not None:
        rows.append((labels["applications"], applications_count(event.applications, lang)))
    if event.participants is not None:
        total = people_count(event.participants, lang, event.participants_approximate)
        if event.participants_parts:
            parts = labels["speaker_separator"].join(
                participants_part(label, n, lang) for label, n in event.participants_parts
            )
            total += labels["paren_open"] + parts + labels["paren_close"]
        rows.append((labels["attendance"], total))
    return rows


def _hours(day: Day, mark: str) -> str:
    """The day's hours as the page's overview shows them (13:00～15:50), or ''."""
    hours = day.hours()
    if hours is None:
        return ""
    return mark.join(time for time in hours if time)


def _link_rule(export: ExportInput, linked: dict[str, str], asset: Callable[[str], str]) -> Any:
    """Links of the body text: a ``#id`` of the page keeps only its text (the fragment has
    no ids); a document the text links to, its file in files/; a relative link to another
    page of the site is made absolute with base_url, or keeps only its text without one."""
    base = export.config.base_url
    page = urljoin(base, export.report.url_path) if base else ""

    def rule(href: str) -> str | None:
        if not href or href.startswith("#"):
            return None
        address = posixpath.normpath(unquote(href.split("#", 1)[0].split("?", 1)[0]))
        if address in linked:
            return asset(linked[address])
        if href.startswith(("images/", "files/")) or "://" in href or ":" in href.split("/")[0]:
            return href
        return urljoin(page, href) if page else None

    return rule
