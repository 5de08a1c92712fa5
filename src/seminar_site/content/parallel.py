"""Load report folders into recorded entries, on all cores when there are many of them.

Markdown conversion is most of a cold build, and every report is independent, so a large
site is loaded by forked workers (``system.workers.run_forked``; a spawned pool inside
``serve``, whose threads make fork unsafe); a handful of reports (the usual edit) is loaded
inline, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.report import load_report
from seminar_site.content.rewrites import Rewrite
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.model import Report
from seminar_site.settings.config import SiteConfig
from seminar_site.system.stamps import Stamp, recording
from seminar_site.system.workers import can_fork, process_pool, run_forked

PARALLEL_FROM = 24  # reports to load before forking workers pays for itself


@dataclass(frozen=True)
class ReportEntry:
    """A loaded report with what its loading read (the next build checks those stamps)."""

    folder: str
    deps: dict[str, Stamp | None]
    version: str  # new on every load: pages showing the report compare it
    report: Report
    warnings: tuple[SiteError, ...]
    rewrites: tuple[Rewrite, ...] = ()  # dates the pages show written out (check lists them)

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


Loaded = ReportEntry | ContentErrors  # an entry, or the errors that stopped it


def load_one(
    folder: Path,
    root: Path,
    config: SiteConfig,
    renderer: MarkdownRenderer,
    counted: Mapping[str, int] | None = None,
) -> Loaded:
    """One report, with the files its loading read (stamped before reading), or its errors;
    ``counted``: the PDF page counts of its last load."""
    rewrites: list[Rewrite] = []
    try:
        with recording() as recorder:
            report, warnings = load_report(folder, root, config, renderer, rewrites, counted)
            for photo in report.page_photos():
                recorder.add(photo.source)  # deleted or replaced photo: load again
    except ContentErrors as errors:
        return errors
    except SiteError as error:
        return ContentErrors([error])
    return ReportEntry(
        folder=str(folder),
        deps=recorder.stamps,
        version=os.urandom(16).hex(),
        report=report,
        warnings=tuple(warnings),
        rewrites=tuple(rewrites),
    )


def fork_workers(count: int, workers: int | None = None) -> int:
    """How many processes to load ``count`` reports with by forking; 0: load them inline
    (few reports, one core) or in a spawned pool (threads are running)."""
    cores = workers or os.cpu_count() or 1
    if count < PARALLEL_FROM or cores < 2 or not can_fork():
        return 0
    return cores


def load_entries(
    folders: Sequence[Path],
    root: Path,
    config: SiteConfig,
    workers: int | None = None,
    counted: Mapping[Path, Mapping[str, int]] | None = None,
) -> list[Loaded]:
    """Entries (or errors) for ``folders``, in order; ``counted``: each folder's PDF page
    counts of its last load, if it had one."""
    cores = workers or os.cpu_count() or 1
    renderer = MarkdownRenderer(config.trusted_html, language=config.language)
    known = counted or {}
    if len(folders) < PARALLEL_FROM or cores < 2:
        return [load_one(folder, root, config, renderer, known.get(folder)) for folder in folders]
    forked = fork_workers(len(folders), workers)
    if forked:
        jobs = [
            functools.partial(load_one, folder, root, config, renderer, known.get(folder))
            for folder in folders
        ]
        return run_forked(jobs, forked)
    with process_pool(cores) as pool:  # spawned workers (serve runs threads): no fork
        return list(
            pool.map(
                _load_in_worker,
                folders,
                [root] * len(folders),
                [config] * len(folders),
                [known.get(folder) for folder in folders],
                chunksize=_CHUNK,
            )
        )


_CHUNK = 8
_worker_renderers: dict[tuple[bool, str], MarkdownRenderer] = {}


def _load_in_worker(
    folder: Path, root: Path, config: SiteConfig, counted: Mapping[str, int] | None
) -> Loaded:
    key = (config.trusted_html, config.language)
    renderer = _worker_renderers.get(key)
    if renderer is None:
        renderer = _worker_renderers[key] = MarkdownRenderer(*key[:1], language=key[1])
    return load_one(folder, root, config, renderer, counted)
