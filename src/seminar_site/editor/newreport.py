"""A new report from the editor, and the small helpers the form calls while typing: the
slug suggested for a title and date (never empty), a date written the Japanese way read as
ISO, and Markdown rendered by the real pipeline (the site's sanitiser included)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.markdown_dates import DateContext
from seminar_site.errors import SiteError
from seminar_site.i18n import _, render
from seminar_site.settings.config import load_config
from seminar_site.settings.dates_iso import ImpossibleDate, read_loose_date

MAX_SLUG = 60
FALLBACK = "report"
NewReport = Callable[[Path, str, str | None, str | None], list[Path]]


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    try:
        import pykakasi
    except ImportError:  # romanisation is a nicety: the date and ASCII words still make one
        return None
    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def romanised(title: str) -> list[str]:
    """ASCII words of ``title`` (Japanese romanised when pykakasi is installed)."""
    text = unicodedata.normalize("NFKC", title)
    kakasi = _kakasi()
    if kakasi is not None:
        text = " ".join(str(part["hepburn"]) for part in kakasi.convert(text))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return [w for w in re.split(r"[^a-z0-9]+", ascii_text.lower()) if w]


def suggest_slug(title: str, date: str | None, taken: set[str] | None = None) -> str:
    """``2025-11-08-jichitai-dx`` from a date and a title; never empty, never taken."""
    day = iso_date(date) if date else None
    words = romanised(title or "")
    slug = day.isoformat() if day is not None else ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            break
        slug = candidate
    if not words or slug == (day.isoformat() if day else ""):
        slug = f"{slug}-{FALLBACK}" if slug else FALLBACK
    taken = taken or set()
    base, number = slug, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def iso_date(text: str) -> dt.date | None:
    """A date written ISO, with slashes, in kanji or in 令和 years; None if none."""
    try:
        return read_loose_date(text)
    except ImpossibleDate:
        return None


def read_date(text: str, language: str) -> tuple[int, dict[str, Any]]:
    """``POST api/dates``: (status, JSON)."""
    try:
        day = read_loose_date(text)
    except ImpossibleDate as impossible:
        return 422, {"message": render(impossible.reason, language)}  # the Message itself
    if day is None:
        message = _("write a date like 2025-11-08, 2025/11/8, 2025年11月8日 or 令和7年11月8日")
        return 422, {"message": render(message, language)}
    return 200, {"iso": day.isoformat()}


def create(
    root: Path, make: NewReport | None, title: str, date: str, slug: str, language: str
) -> tuple[int, dict[str, Any]]:
    """``POST api/reports``: the files ``new-report`` makes, for the form's title and date."""
    day = iso_date(date) if date else None
    if make is None:
        return 500, {"message": render(_("new reports cannot be made here"), language)}
    if date and day is None:
        return 422, {"message": render(_("'{date}' is not a date", date=date), language)}
    title = title.strip()
    if not title:
        return 422, {"message": render(_("write the report's title"), language)}
    taken = {child.name for child in (root / "content" / "reports").glob("*")}
    slug = slug.strip() or suggest_slug(title, date, taken)
    try:
        make(root, slug, title, day.isoformat() if day else None)
    except SiteError as error:
        hint = render(error.hint, language) if error.hint else None
        return 422, {"message": render(error.message, language), "hint": hint}
    return 201, {"slug": slug}


class Previewer:
    """Markdown → HTML through the site's own renderer (its ``trusted_html`` setting and the
    same sanitiser); the site's settings are read again when site.yaml changes. Dates like
    ``1/22`` are read in the report's context, as the build reads them: the year of its
    first day (else of ``published``), its days known."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._stamp: float | None = None
        self._renderer = MarkdownRenderer()
        self._language = "ja"
        self._style = "western"

    def html(
        self, markdown: str, language: str, slug: str | None = None, data: Any = None
    ) -> tuple[int, dict[str, Any]]:
        """``data``: the form's report (else report.yaml of ``slug`` as saved)."""
        self._refresh()
        try:
            return 200, {"html": self._renderer.block(markdown, self.context(slug, data))}
        except SiteError as error:
            return 422, {"message": render(error.message, language)}

    def context(self, slug: str | None, data: Any = None) -> DateContext:
        if not isinstance(data, dict) and slug is not None:
            data = _saved_report(self.root, slug)
        days: list[dt.date] = []
        published: dt.date | None = None
        if isinstance(data, dict):
            for day in data.get("days") or []:
                found = _date_of(day.get("date")) if isinstance(day, dict) else None
                if found is not None:
                    days.append(found)
            published = _date_of(data.get("published"))
        year = days[0].year if days else published.year if published else dt.date.today().year
        return DateContext(self._language, year, tuple(days), self._style)

    def _refresh(self) -> None:
        site = self.root / "content" / "site.yaml"
        try:
            stamp = site.stat().st_mtime
        except OSError:
            return
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            config = load_config(self.root)
        except SiteError:  # a broken site.yaml: keep the safe default (sanitised)
            return
        self._renderer = MarkdownRenderer(config.trusted_html, language=config.language)
        self._language = config.language
        self._style = config.date_style


def _saved_report(root: Path, slug: str) -> Any:
    """report.yaml of ``slug`` as plain data (None if there is none or it cannot be read)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug) or ".." in slug:
        return None
    try:
        text = (root / "content" / "reports" / slug / "report.yaml").read_text("utf-8")
        return yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _date_of(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return iso_date(value) if isinstance(value, str) else None
