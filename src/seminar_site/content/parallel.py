"""Load report folders into recorded entries, on all cores when there are many of them.

Markdown conversion dominates a cold build (about 70 % of it), and every report is
independent, so a large site is loaded by forked workers (``workers.run_forked``; a
spawned pool inside ``serve``, whose threads make fork unsafe); a handful of reports (the
usual edit) is loaded inline, where starting workers would cost more than it saves. The
caller may have each worker also make something of each report it loads (``then``: the
build renders the page of a report without photos there, see incremental.EarlyPages).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from seminar_site.content.loader import load_report
from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.model import Report
from seminar_site.settings.config import SiteConfig
from seminar_site.system.stamps import Stamp, recording
from seminar_site.system.workers import can_fork, process_pool, run_forked

WarningData = tuple[str, str | None, int | None, int | None, str | None]

T = TypeVar("T")

PARALLEL_FROM = 24  # reports to load before forking workers pays for itself


@dataclass(frozen=True)
class ReportEntry:
    folder: str
    deps: dict[str, Stamp | None]
    version: str  # new on every load: pages showing the report compare it
    report: Report
    warnings: list[WarningData]

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        """Pickled once: the build record is saved after every build, and an entry that did
        not change is written again as the same bytes (a large site's record is mostly
        such entries). The entry is frozen, so the bytes stay right."""
        pickled = self.__dict__.get("_pickled")
        if pickled is None:
            fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
            pickled = pickle.dumps(fields, pickle.HIGHEST_PROTOCOL)
            object.__setattr__(self, "_pickled", pickled)
        return (_entry_from, (pickled,))


def _entry_from(pickled: bytes) -> ReportEntry:
    entry = ReportEntry(**pickle.loads(pickled))
    object.__setattr__(entry, "_pickled", pickled)
    return entry


Loaded = ReportEntry | list[WarningData]  # an entry, or the errors that stopped it


def load_entry(
    folder: Path, root: Path, config: SiteConfig, renderer: MarkdownRenderer
) -> ReportEntry:
    """One report, with the files its loading opened (stamped before reading)."""
    with recording() as recorder:
        report, warnings = load_report(folder, root, config, renderer)
        for photo in report.photos:
            recorder.add(str(photo.source))  # deleted or replaced photo: load again
        if report.social_image is not None:
            recorder.add(str(report.social_image.source))
    return ReportEntry(
        folder=str(folder),
        deps=recorder.stamps,
        version=os.urandom(16).hex(),
        report=report,
        warnings=[_data(w) for w in warnings],
    )


def load_entries(
    folders: Sequence[Path],
    root: Path,
    config: SiteConfig,
    workers: int | None = None,
    then: Callable[[ReportEntry], T] | None = None,
) -> list[tuple[Loaded, T | None]]:
    """Entries (or error data) for ``folders``, in order, each with ``then(entry)`` made by
    the same worker (None after an error, or where workers are spawned: ``then`` is not
    passed to them)."""
    cores = workers or os.cpu_count() or 1
    renderer = MarkdownRenderer(trusted_html=config.trusted_html)
    jobs = [functools.partial(_load, folder, root, config, renderer, then) for folder in folders]
    if len(folders) < PARALLEL_FROM or cores < 2:
        return [job() for job in jobs]
    if can_fork():
        return run_forked(jobs, cores)
    with process_pool(cores) as pool:  # spawned workers (serve runs threads): no fork
        loaded = pool.map(
            _load_in_worker,
            folders,
            [root] * len(folders),
            [config] * len(folders),
            chunksize=_CHUNK,
        )
        return [(result, None) for result in loaded]


def errors_from(data: list[WarningData]) -> list[SiteError]:
    return [SiteError(*item) for item in data]


def _data(error: SiteError) -> WarningData:
    return (
        error.message,
        str(error.path) if error.path else None,
        error.line,
        error.col,
        error.hint,
    )


def _load(
    folder: Path,
    root: Path,
    config: SiteConfig,
    renderer: MarkdownRenderer,
    then: Callable[[ReportEntry], T] | None = None,
) -> tuple[Loaded, T | None]:
    try:
        entry = load_entry(folder, root, config, renderer)
    except ContentErrors as errors:
        return [_data(error) for error in errors.errors], None
    except SiteError as error:
        return [_data(error)], None
    return entry, then(entry) if then is not None else None


_CHUNK = 8
_worker_renderers: dict[bool, MarkdownRenderer] = {}


def _load_in_worker(folder: Path, root: Path, config: SiteConfig) -> Loaded:
    renderer = _worker_renderers.get(config.trusted_html)
    if renderer is None:
        renderer = _worker_renderers[config.trusted_html] = MarkdownRenderer(config.trusted_html)
    return _load(folder, root, config, renderer)[0]
