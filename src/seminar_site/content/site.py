"""The one site loader, used by ``build``, ``check`` and ``serve``: report folders into a Site.

It takes the content slice of the previous build record and returns the new one: a report
whose recorded files (stamps) are unchanged is taken from the record instead of being read
again. ``check`` passes the last build's record when that build had its settings, or an
empty one; either way it sees the errors build sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site.content.materials import known_pages
from seminar_site.content.parallel import Loaded, ReportEntry, load_entries
from seminar_site.content.report_folders import misnamed_report, not_a_report, scan_report_folders
from seminar_site.content.rewrites import Rewrite
from seminar_site.content.site_image import site_image
from seminar_site.content.site_warnings import site_warnings
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import _
from seminar_site.model import Report, Site
from seminar_site.settings.config import SiteConfig
from seminar_site.system.stamps import fresh

REPORTS_FOLDER = Path("content") / "reports"


@dataclass(frozen=True)
class ContentRecord:
    """The content slice of the build record: each report folder's name → its entry."""

    reports: Mapping[str, ReportEntry] = field(default_factory=dict)

    def versions(self) -> dict[str, str]:
        """Report slug → the version of its model (new whenever it was loaded again)."""
        return {entry.report.slug: entry.version for entry in self.reports.values()}


@dataclass(frozen=True)
class LoadedSite:
    site: Site
    warnings: tuple[SiteError, ...]
    reloaded: frozenset[str]  # slugs of the reports read again (the others: from the record)
    rewrites: tuple[Rewrite, ...] = ()  # dates the pages show written out, located


@dataclass(frozen=True)
class Loading:
    """Which report folders there are, and which of them must be read again."""

    folders: tuple[Path, ...]
    stale: tuple[Path, ...]
    unlisted: tuple[Path, ...] = ()  # folders with no report.yaml and nothing like one


def plan_loading(
    root: Path, previous: ContentRecord, scanned: Mapping[str, list[int] | None] | None = None
) -> Loading:
    """``scanned``: this build's stamps of the input files, if it took them (then no file
    is looked at twice)."""
    folders, unlisted = _report_folders(root)
    stale = tuple(
        folder
        for folder in folders
        if (entry := previous.reports.get(folder.name)) is None
        or entry.folder != str(folder)
        or not fresh(entry.deps, scanned)
    )
    return Loading(tuple(folders), stale, unlisted)


def assemble(
    root: Path,
    config: SiteConfig,
    loading: Loading,
    loaded: Sequence[Loaded],
    previous: ContentRecord,
    strict: bool = False,
) -> tuple[LoadedSite, ContentRecord]:
    """The site from the reports just ``loaded`` (one per ``loading.stale`` folder) and the
    unchanged ones of ``previous``; ContentErrors with every problem of every report."""
    errors = ErrorCollector()
    fresh_entries = dict(zip(loading.stale, loaded, strict=True))
    entries: dict[str, ReportEntry] = {}
    for folder in loading.folders:
        result = fresh_entries[folder] if folder in fresh_entries else previous.reports[folder.name]
        if isinstance(result, SiteError):
            errors.add(result)
            continue
        entries[folder.name] = result
        for warning in result.warnings:
            (errors.add if strict else errors.warn)(warning)
    for folder in loading.unlisted:
        errors.warn(not_a_report(folder))
    for warning in site_warnings(root, config):  # once per run, not per report
        (errors.add if strict else errors.warn)(warning)
    site = assemble_site(root, config, [entry.report for entry in entries.values()], errors)
    reloaded = frozenset(folder.name for folder in loading.stale)
    rewrites = tuple(rewrite for entry in entries.values() for rewrite in entry.rewrites)
    loaded_site = LoadedSite(site, tuple(errors.warnings), reloaded, rewrites)
    return loaded_site, ContentRecord(entries)


def load_site(
    root: Path,
    config: SiteConfig,
    strict: bool = False,
    previous: ContentRecord | None = None,
    scanned: Mapping[str, list[int] | None] | None = None,
    workers: int | None = None,
) -> tuple[LoadedSite, ContentRecord]:
    """Load every report (newest first) that ``previous`` does not hold unchanged."""
    previous = previous or ContentRecord()
    loading = plan_loading(root, previous, scanned)
    loaded = load_entries(loading.stale, root, config, workers, counted_pages(loading, previous))
    return assemble(root, config, loading, loaded, previous, strict)


def counted_pages(loading: Loading, previous: ContentRecord) -> dict[Path, dict[str, int]]:
    """For each report to load again, the page counts of the PDF files of its last load (by
    digest): an unchanged file is not read with pypdf again (content/materials.py)."""
    return {
        folder: known_pages(entry.report)
        for folder in loading.stale
        if (entry := previous.reports.get(folder.name)) is not None
    }


def report_dirs(root: Path) -> list[Path]:
    """The report folders, in name order; ContentErrors when two names differ only in case
    (their URLs would clash on the case-insensitive disks of Windows and macOS), or when a
    folder's report file has another name (report.yml, report.yaml.txt)."""
    return _report_folders(root)[0]


def _report_folders(root: Path) -> tuple[list[Path], tuple[Path, ...]]:
    """(the report folders, the folders with no report file), from one listing."""
    folder = root / REPORTS_FOLDER
    if not folder.is_dir():
        return [], ()
    scanned = scan_report_folders(folder)
    found = list(scanned.reports)
    seen: dict[str, Path] = {}
    errors = ErrorCollector()
    for child, misnamed in scanned.misnamed:
        errors.add(misnamed_report(child, misnamed))
    for child in found:
        first = seen.setdefault(child.name.casefold(), child)
        if first is not child:
            errors.add(
                SiteError(
                    _(
                        "report folders '{first}' and '{second}' differ only in letter case: "
                        "their URLs clash",
                        first=first.name,
                        second=child.name,
                    ),
                    child,
                    hint=_("rename one of them"),
                )
            )
    errors.raise_if_any()
    return found, scanned.unlisted


def assemble_site(
    root: Path, config: SiteConfig, reports: list[Report], errors: ErrorCollector
) -> Site:
    """The site with its reports newest first, or every error collected while loading them."""
    if not reports and not errors.errors:
        errors.add(
            SiteError(
                _("no reports found"),
                root / REPORTS_FOLDER,
                hint=_(
                    "add content/reports/<slug>/report.yaml (or run 'seminar-site new-report SLUG')"
                ),
            )
        )
    share = site_image(root, config, errors)
    errors.raise_if_any()
    reports = sorted(reports, key=lambda r: (r.published, r.first_day, r.slug), reverse=True)
    return Site(root=root, config=config, reports=tuple(reports), social_image=share)
