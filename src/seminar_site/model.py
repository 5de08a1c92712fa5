"""The report model: frozen plain data, built once by the loader and read by the renderer."""

from __future__ import annotations

import datetime as dt
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


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliations: tuple[Affiliation, ...]
    honorific: str

    @property
    def job_title(self) -> str:
        return "、".join(a.role for a in self.affiliations if a.role)

    @property
    def organisations(self) -> tuple[str, ...]:
        return tuple(
            " ".join(part for part in (a.organisation, a.department) if part)
            for a in self.affiliations
            if a.organisation or a.department
        )


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


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    reports: tuple[Report, ...]  # newest first
