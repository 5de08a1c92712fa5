"""Photo work started before the site is loaded: the photo stage's head start.

A ``build`` that has work to do imports the pipeline (Jinja, Markdown, YAML) and loads every
report before the photo stage knows which photos to make: a third of a second or more in
which the other cores are idle. :func:`start_prefetch`, called by the CLI before those
imports, forks the photo workers at once and sends them every file under
``content/reports/`` with a photo's suffix that the hash index does not know (new or
changed since the last build: the photo stage would hash and decode each), largest first,
with the rendition settings of site.yaml and without the social card.

The photo stage then takes each job that has started (:meth:`Prefetch.take`) when the
file, the settings and the cache folder are those of the prefetch (a photo whose social card
is wanted gets the card once its job is done); it cancels the jobs not started, and those of
files no page shows, and submits its own jobs to the same workers in its own order. A file
that resolves outside ``content/`` (a symbolic link) is never sent. The outcome is the same
either way: ``tests/test_photo_prefetch.py`` builds sites with and without it and compares
the output, the errors and the cache byte for byte.

Only with two or more workers that can be forked (Linux, one thread): on one core the
workers would only take the loader's time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from seminar_site.photos.cache import HashIndex
from seminar_site.photos.plan import PhotoError, PhotoJob, PhotoResult
from seminar_site.photos.worker import run_job, start_photo_worker, worker_ready
from seminar_site.settings.renditions import IMAGE_SUFFIXES, RenditionSettings
from seminar_site.system.workers import can_fork, process_pool

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Outcome = PhotoResult | PhotoError
StatKey = tuple[int, int, int]  # size, mtime_ns, inode


def stat_key(st: os.stat_result) -> StatKey:
    return st.st_size, st.st_mtime_ns, st.st_ino


@dataclass
class Prefetch:
    """Photo jobs already sent to the workers, by the photo's resolved path. The pool is
    shared with the photo stage, which closes it when done (:meth:`close`)."""

    pool: ProcessPoolExecutor
    settings: RenditionSettings
    cache_dir: str
    futures: dict[str, tuple[StatKey, Future[Outcome]]] = field(default_factory=dict)
    candidates: dict[str, StatKey] = field(default_factory=dict)  # every file sent
    shown: frozenset[str] = frozenset()  # resolved paths of every photo the pages show
    closed: bool = False

    def submit(self, job: PhotoJob) -> Future[Outcome]:
        return self.pool.submit(run_job, job, self.cache_dir)

    def take(
        self, job: PhotoJob, st: os.stat_result, cache_dir: str
    ) -> tuple[Future[Outcome], bool] | None:
        """The prefetched job of ``job`` (a photo the hash index did not know) if it has
        started and is the same work: the file unchanged since, the same settings and cache
        folder; with True when ``job`` also wants the social card, to be made once that one
        is done (two jobs at once would write the same sidecar). None otherwise: a job not
        started is cancelled, for the stage to submit again in its own order (largest first,
        with the card where wanted); one that has started on a changed file or with other
        settings is left to finish (it makes other file names, which are pruned)."""
        entry = self.futures.pop(job.source, None)
        if entry is None:
            return None
        key, future = entry
        if future.cancel():
            return None
        same = (
            not job.source_hash
            and key == stat_key(st)
            and job.settings == self.settings
            and cache_dir == self.cache_dir
        )
        return (future, job.want_social) if same else None

    def cancel_rest(self) -> None:
        """Cancel every prefetched job no wanted photo took (files no report shows)."""
        for _key, future in self.futures.values():
            future.cancel()
        self.futures.clear()

    def unshown(self, before: dict[str, list[object]]) -> dict[str, list[object]]:
        """``path -> [size, mtime_ns]`` of the photo files no page shows, for the hash index
        (the next prefetch leaves them alone until they change): those sent this time, and
        those of ``before`` (the index's list, not sent again as they had not changed) that
        still exist."""
        kept = {
            path: entry
            for path, entry in before.items()
            if path not in self.shown and path not in self.candidates and os.path.exists(path)
        }
        for path, (size, mtime, _inode) in self.candidates.items():
            if path not in self.shown:
                kept[path] = [size, mtime]
        return kept

    def close(self) -> None:
        """Stop the workers: jobs not started are cancelled, running ones finish (their files
        are whole; unused ones are pruned from the cache by the next build)."""
        if not self.closed:
            self.closed = True
            self.pool.shutdown(wait=True, cancel_futures=True)


def start_prefetch(
    root: Path,
    workers: int | None,
    load_settings: Callable[[Path], RenditionSettings],
    cache_dir: Path,
    scanned: Mapping[str, list[int] | None] | None = None,
) -> Prefetch | None:
    """Send the photos under ``root/content/reports`` that the hash index of ``cache_dir``
    does not know to ``workers`` forked processes; None when there are none, fewer than two
    workers, no fork, or settings that ``load_settings`` refuses (the build reports those).
    ``scanned``: the stamps of the input files, if the no-change check read them (then no
    folder is listed again)."""
    count = workers or os.cpu_count() or 1
    if count < 2 or not can_fork():
        return None
    reports, index = root / "content" / "reports", HashIndex.load(cache_dir)
    if scanned is not None:
        candidates = scanned_photos(reports, scanned, index)
    else:
        candidates = new_photos(reports, index)
    fence = os.path.realpath(root / "content") + os.sep
    candidates = [(p, k) for p, k in candidates if os.path.realpath(p).startswith(fence)]
    if not candidates:
        return None
    # Fork now: the workers import Pillow while this process reads site.yaml (the fork
    # start method forks every worker at the first job).
    pool = process_pool(min(count, len(candidates)), start_photo_worker)
    pool.submit(worker_ready)
    try:
        settings: RenditionSettings | None = load_settings(root)
    except Exception:
        settings = None
    if settings is None or "avif" in settings.formats:  # avif: the stage asks Pillow first
        pool.shutdown(wait=True, cancel_futures=True)
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    prefetch = Prefetch(pool, settings, str(cache_dir))
    for path, key in sorted(candidates, key=lambda item: -item[1][0]):
        prefetch.candidates[path] = key
        prefetch.futures[path] = (key, prefetch.submit(PhotoJob(path, "", settings, False)))
    return prefetch


def scanned_photos(
    folder: Path, scanned: Mapping[str, list[int] | None], index: HashIndex
) -> list[tuple[str, StatKey]]:
    """As :func:`new_photos`, from the stamps of the no-change check (absolute paths; a
    racy file's is None and it is stamped here). A file that is itself a symbolic link is
    named as the link: its prefetched job is not taken, and is cancelled."""
    prefix, real = os.path.abspath(folder) + os.sep, os.path.realpath(folder) + os.sep
    found: list[tuple[str, StatKey]] = []
    for path, stamp in scanned.items():
        if not path.startswith(prefix) or not path.lower().endswith(IMAGE_SUFFIXES):
            continue
        relative = path[len(prefix) :]
        if relative.startswith(".") or f"{os.sep}." in relative:
            continue
        if stamp is None:
            try:
                key = stat_key(os.stat(path))
            except OSError:
                continue
        else:
            key = (stamp[0], stamp[1], stamp[2])
        resolved = real + relative
        if index.known_key(resolved, key) is None and index.shown_before_key(resolved, key):
            found.append((resolved, key))
    return found


def new_photos(folder: Path, index: HashIndex) -> list[tuple[str, StatKey]]:
    """(resolved path, stat) of every photo file under ``folder`` the index does not know,
    except those no page showed at the last build (unchanged since). This runs before every
    build that is not a no-change one: one stat per photo file, and realpath only for the
    top folder and symbolic links."""
    found: list[tuple[str, StatKey]] = []
    todo = [(str(folder), os.path.realpath(folder))]
    while todo:
        current, real = todo.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                link = entry.is_symlink()
                resolved = os.path.realpath(entry.path) if link else f"{real}/{entry.name}"
                if entry.is_dir():
                    todo.append((entry.path, resolved))
                    continue
                if not entry.name.lower().endswith(IMAGE_SUFFIXES):
                    continue
                key = stat_key(entry.stat())
            except OSError:
                continue  # the stage reports it, if a report shows it
            if index.known_key(resolved, key) is None and index.shown_before_key(resolved, key):
                found.append((resolved, key))
    return found
