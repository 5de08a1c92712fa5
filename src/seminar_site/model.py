"""The report model: frozen plain data, built once by the loader and read by the renderer."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from seminar_site.settings.config import Organisation, SiteConfig

REPORTS_DIR = "reports"


@dataclass(frozen=True)
class Location:
    path: Path
    line: int
    col: int


@dataclass(frozen=True)
class Affiliation:
    organisation: str = ""
    department: str = ""
    role: str = ""
    # What the organisation means for structured data: 「同」 ("the one above") resolved;
    # '' when it is the organisation as written.
    resolved: str = ""

    @property
    def organisation_meant(self) -> str:
        return self.resolved or self.organisation


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliations: tuple[Affiliation, ...]
    honorific: str
    session_role: str = ""  # as written: a known role (labels.session_role) or free text

    @property
    def job_title(self) -> str:
        return "、".join(a.role for a in self.affiliations if a.role)

    @property
    def organisations(self) -> tuple[str, ...]:
        return tuple(
            " ".join(part for part in (a.organisation_meant, a.department) if part)
            for a in self.affiliations
            if a.organisation or a.department
        )


@dataclass(frozen=True)
class Material:
    """A file to download (copied into the site under a content-addressed name) or a link.

    For a file: ``kind`` is its format key (pdf, pptx, xlsx, docx), ``size`` its bytes,
    ``pages`` a PDF's page count (None when unknown), ``digest`` the sha256 of its bytes and
    ``published`` its path in the site. For a link: only ``label`` and ``url``."""

    label: str
    url: str = ""
    source: Path | None = None
    kind: str = ""
    size: int = 0
    pages: int | None = None
    digest: str = ""
    published: str = ""


@dataclass(frozen=True)
class Recording:
    """A YouTube or Vimeo video shown as a click-to-load facade (render/recordings.py)."""

    host: str  # "youtube" or "vimeo"
    video_id: str
    url: str  # as written
    title: str
    captions: bool = False
    transcript_html: str = ""
    poster: Material | None = None  # a poster fetched at build time (its file and digest)
    poster_size: tuple[int, int] = (640, 360)


@dataclass(frozen=True)
class Session:
    anchor: str
    kind: str
    number: int | None
    title: str
    speakers: tuple[Speaker, ...]
    summary_html: str
    start: str = ""
    end: str = ""
    materials: tuple[Material, ...] = ()
    recording: Recording | None = None

    @property
    def label(self) -> str:
        """【事例1】-style label, or '' when the session has no kind."""
        if not self.kind:
            return ""
        return f"【{self.kind}{self.number if self.number is not None else ''}】"


@dataclass(frozen=True)
class Photo:
    source: Path
    alt: str
    caption: str
    credit: str
    consent: str
    location: Location


@dataclass(frozen=True)
class Day:
    number: int
    date: dt.date
    label: str
    anchor: str
    sessions: tuple[Session, ...]
    photos: tuple[Photo, ...]

    def hours(self) -> tuple[str, str] | None:
        """The day's first start and last end as written (``("13:00", "15:50")``), for the
        overview's 日時 row; the end is '' when the session that starts last has none. None
        when a session has no start: when the day begins is then not known."""
        if not self.sessions or not all(session.start for session in self.sessions):
            return None
        first = min(self.sessions, key=lambda session: _minutes(session.start))
        last = max(self.sessions, key=lambda session: _minutes(session.start))
        ends = [session.end for session in self.sessions if session.end]
        end = max(ends, key=_minutes) if last.end else ""
        return first.start, end


@dataclass(frozen=True)
class Event:
    name: str
    format: str
    venue: str
    address: str
    url: str
    status: str
    organiser: Organisation | None
    co_organisers: tuple[str, ...]
    audience: str
    applications: int | None
    participants: int | None
    participants_approximate: bool
    participants_parts: tuple[tuple[str, int], ...] = ()  # (label, count), e.g. ("会場", 138)
    online_platform: str = ""  # the 配信 row, apart from the venue
    online_url: str = ""  # a public viewing page, or ''


# A block element at the start of a converted text (the lead is one paragraph's inline HTML).
_BLOCK_START = re.compile(r"<(?:p|ul|ol|dl|pre|blockquote|table|h[1-6]|div|hr|figure|details)[\s>]")


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    lead_html: str
    description: str
    published: dt.date
    modified: dt.date | None
    event: Event
    body_html: str
    days: tuple[Day, ...]
    social_image: Photo | None
    source_dir: Path
    materials: tuple[Material, ...] = ()
    recording: Recording | None = None
    # Files inside content/ that its Markdown texts link to (``[資料（PDF：1.2MB）](slides.pdf)``),
    # published where the page's link leads: ``reports/<slug>/slides.pdf``.
    attachments: tuple[Material, ...] = ()
    # Images its Markdown texts show (``![会場](hall.jpg)``), each a clean copy published as
    # ``reports/<slug>/images/<digest>.jpg`` (content/markdown_images.py), never the file.
    images: tuple[Material, ...] = ()

    @property
    def lead_blocks(self) -> bool:
        """Whether the lead is more than one paragraph (or a list, a quote, a code block):
        the page then holds it in a ``<div>``, since a ``<p>`` cannot hold blocks."""
        return _BLOCK_START.match(self.lead_html) is not None

    @property
    def url_path(self) -> str:
        """Folder of the report page relative to the site root, e.g. 'reports/2021-x/'."""
        return f"{REPORTS_DIR}/{self.slug}/"

    @property
    def first_day(self) -> dt.date:
        return self.days[0].date

    @property
    def last_day(self) -> dt.date:
        return self.days[-1].date

    @property
    def photos(self) -> tuple[Photo, ...]:
        return tuple(photo for day in self.days for photo in day.photos)

    def page_photos(self) -> tuple[Photo, ...]:
        """Every photo the report's page shows or points to (galleries, social card): all
        that its page needs from the photo stage. A report with none can be rendered as
        soon as it is loaded."""
        social = (self.social_image,) if self.social_image is not None else ()
        return (*self.photos, *social)

    def all_materials(self) -> tuple[Material, ...]:
        """The report's materials, then its sessions' (files and links)."""
        sessions = (m for day in self.days for session in day.sessions for m in session.materials)
        return (*self.materials, *sessions)

    def recordings(self) -> tuple[Recording, ...]:
        """The report's recording, then its sessions'."""
        found = [self.recording] + [s.recording for day in self.days for s in day.sessions]
        return tuple(recording for recording in found if recording is not None)

    def texts_html(self) -> tuple[str, ...]:
        """The HTML of every Markdown text of the report (lead, body, summaries, transcripts):
        the links its page shows."""
        sessions = (session.summary_html for day in self.days for session in day.sessions)
        transcripts = (recording.transcript_html for recording in self.recordings())
        return (self.lead_html, self.body_html, *sessions, *transcripts)


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    reports: tuple[Report, ...]  # newest first
    # site.yaml's share image: the sharing card of the list and of reports without their own
    social_image: Photo | None = None


def _minutes(hhmm: str) -> int:
    """13:05 → 785: times compared as times (9:30 comes before 13:00)."""
    hours, _colon, minutes = hhmm.partition(":")
    return int(hours) * 60 + int(minutes)
