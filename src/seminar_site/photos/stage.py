"""The photo stage: renditions of every photo of a site, from the record, the cache or a worker.

A photo whose stamp matches the photo slice of the previous build record is not looked at
again. The others are hashed cheaply (a ``size + mtime -> hash`` index), and only those
whose renditions are missing from the content-addressed cache (``.seminar-cache/photos``:
output names carry a hash of the source bytes and of the settings) are decoded, in parallel.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from seminar_site.errors import ContentErrors, SiteError
from seminar_site.i18n import _
from seminar_site.model import Photo, Site
from seminar_site.photos.cache import HASH_INDEX, HashIndex
from seminar_site.photos.encode import avif_supported
from seminar_site.photos.memory import freed_memory_kept
from seminar_site.photos.plan import (
    SMALLEST_ROW,
    PhotoError,
    PhotoJob,
    PhotoResult,
    Wants,
    cannot_read,
)
from seminar_site.photos.prefetch import Prefetch
from seminar_site.photos.worker import cached_result, run_job, start_photo_worker
from seminar_site.settings.renditions import RenditionSettings
from seminar_site.system.report import NULL, Progress, Reporter
from seminar_site.system.stamps import Stamp, stamp
from seminar_site.system.workers import process_pool


@dataclass(frozen=True)
class PhotoEntry:
    stamp: Stamp | None
    wants: Wants
    result: PhotoResult


@dataclass(frozen=True)
class PhotoRecord:
    """The photo slice of the build record: source path → what it gave."""

    photos: Mapping[str, PhotoEntry] = field(default_factory=dict)


def photo_sources(site: Site) -> dict[Path, Wants]:
    """Every photo to publish → what its pages need of it: the renditions of every photo a
    report shows, and the social card of each report's card photo and of the site's share
    image (which needs nothing else). Cards only with a base_url: og:image must be
    absolute, so without one no page shows the card, and it is not made."""
    wanted: dict[Path, Wants] = {}
    cards = bool(site.config.base_url)
    for report in site.reports:
        social = report.social_image.source if report.social_image and cards else None
        for photo in report.page_photos():
            wants = Wants(card=photo.source == social)
            wanted[photo.source] = wanted[photo.source] | wants if photo.source in wanted else wants
    share = site.social_image
    if share is not None and cards:
        card = Wants(renditions=False, card=True)
        wanted[share.source] = wanted[share.source] | card if share.source in wanted else card
    return wanted


def update_photos(
    site: Site,
    settings: RenditionSettings,
    cache_dir: Path,
    previous: PhotoRecord,
    reloaded: frozenset[str] = frozenset(),
    workers: int | None = None,
    reporter: Reporter = NULL,
    meanwhile: Callable[[], object] | None = None,
    prefetch: Prefetch | None = None,
) -> tuple[dict[Path, PhotoResult], PhotoRecord]:
    """Renditions of every photo of ``site``, and the new photo record.

    ``reloaded``: the reports loaded again by this build; a report taken from the record had
    its photos' stamps checked already (they are among its dependencies), so only the photos
    of reports loaded again are stamped anew. ``meanwhile``: work for this process while
    worker processes decode (it would otherwise wait); not called when there are none.
    ``prefetch``: the photo workers started before the site was loaded; closed on return.
    """
    wanted = photo_sources(site)
    now = time.time_ns()
    checked = {
        photo.source
        for report in site.reports
        if report.slug not in reloaded
        for photo in report.page_photos()
    }
    stamps = {
        path: old.stamp
        if path in checked and (old := previous.photos.get(str(path))) is not None
        else stamp(str(path), now)
        for path in wanted
    }
    results: dict[Path, PhotoResult] = {}
    todo: list[tuple[Path, Wants]] = []
    for path, wants in wanted.items():
        entry = previous.photos.get(str(path))
        usable = entry is not None and entry.stamp is not None and entry.stamp == stamps[path]
        if entry is not None and usable and entry.wants.covers(wants):
            results[path] = wants.of(entry.result)
        else:
            todo.append((path, wants))
    if prefetch is not None:
        prefetch.shown = frozenset(str(path.resolve()) for path in wanted)
    if todo:
        results.update(
            process_photos(todo, settings, cache_dir, workers, reporter, meanwhile, prefetch)
        )
    elif prefetch is not None:
        prefetch.close()
        index = HashIndex.load(cache_dir)
        index.unshown = prefetch.unshown(index.unshown_before)
        index.save()
    record = PhotoRecord(
        {
            str(path): PhotoEntry(stamps[path], wanted[path], _settled(results[path]))
            for path in wanted
        }
    )
    return {path: results[path] for path in wanted}, record


def small_photo_warnings(
    site: Site, results: Mapping[Path, PhotoResult], settings: RenditionSettings
) -> list[SiteError]:
    """A warning at each gallery photo too small to fill a row even on a phone (less than
    :data:`SMALLEST_ROW` pixels high): the page shows it at its real size (never enlarged, so
    never blurred), smaller than the others. And at the site's share image when its card
    must be enlarged from it."""
    smallest = min(settings.widths)
    warnings: list[SiteError] = []
    for report in site.reports:
        for day in report.days:
            for photo in day.photos:
                result = results.get(photo.source)
                if result is None or result.height >= SMALLEST_ROW:
                    continue
                message = _(
                    "the photo is only {width}x{height} pixels: it is shown at that size, "
                    "smaller than the other photos",
                    width=result.width,
                    height=result.height,
                )
                hint = _("use the original photo, at least {size} pixels wide", size=smallest)
                where = photo.location
                warnings.append(SiteError(message, where.path, where.line, where.col, hint=hint))
    share = site.social_image
    card = results.get(share.source) if share is not None else None
    if share is not None and card is not None and card.social is not None:
        width, height = settings.social_size
        if card.width < width or card.height < height:
            warnings.append(_small_share_image(share, card, settings))
    return warnings


def _small_share_image(share: Photo, result: PhotoResult, settings: RenditionSettings) -> SiteError:
    """The share image is chosen for its card (a report's photo is not): say when the card is
    enlarged from it."""
    width, height = settings.social_size
    message = _(
        "the share image is only {width}x{height} pixels: its {card_width}x{card_height} "
        "card is enlarged from it and looks blurred",
        width=result.width,
        height=result.height,
        card_width=width,
        card_height=height,
    )
    hint = _(
        "use an image of at least {card_width}x{card_height} pixels",
        card_width=width,
        card_height=height,
    )
    where = share.location
    return SiteError(message, where.path, where.line, where.col, hint=hint)


def process_photos(
    sources: Sequence[tuple[Path, Wants]],
    settings: RenditionSettings,
    cache_dir: Path,
    workers: int | None = None,
    reporter: Reporter = NULL,
    meanwhile: Callable[[], object] | None = None,
    prefetch: Prefetch | None = None,
) -> dict[Path, PhotoResult]:
    """Results for ``(path, wants)`` pairs, in input order (each as its wants ask).

    Only photos whose outputs are missing are decoded, on all cores by default (by the
    workers of ``prefetch`` when given, taking the outcomes it has started; it is closed on
    return). Every failure is collected first and then raised as one :class:`ContentErrors`.
    """
    try:
        return _process(sources, settings, cache_dir, workers, reporter, meanwhile, prefetch)
    finally:
        if prefetch is not None:
            prefetch.close()


def _process(
    sources: Sequence[tuple[Path, Wants]],
    settings: RenditionSettings,
    cache_dir: Path,
    workers: int | None,
    reporter: Reporter,
    meanwhile: Callable[[], object] | None,
    prefetch: Prefetch | None,
) -> dict[Path, PhotoResult]:
    require_supported_formats(settings)
    cache_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, Wants] = {}
    for path, wants in sources:
        wanted[path] = wanted[path] | wants if path in wanted else wants
    errors: list[SiteError] = []
    results: dict[Path, PhotoResult] = {}
    index = HashIndex.load(cache_dir)
    stats: dict[Path, os.stat_result] = {}
    jobs: dict[str, tuple[PhotoJob, list[Path]]] = {}  # one job per distinct content
    for path, wants in wanted.items():
        try:
            stats[path] = st = path.stat()
        except OSError as exc:
            errors.append(PhotoError(cannot_read(exc), path))
            continue
        digest = index.known(path, st)  # None: new or changed; the worker hashes it
        job = PhotoJob.wanting(str(path.resolve()), digest or "", settings, wants)
        cached = cached_result(job, cache_dir) if digest else None
        if cached is not None:
            results[path] = cached
            index.record(path, st, cached.source_hash)
            continue
        key = digest or f"path:{job.source}"
        if key in jobs:  # the same bytes at another path: one job making what both want
            first, paths = jobs[key]
            paths.append(path)
            if not first.wants.covers(wants):
                both = first.wants | wants
                jobs[key] = (
                    PhotoJob.wanting(first.source, first.source_hash, settings, both),
                    paths,
                )
        else:
            jobs[key] = (job, [path])
    todo = sorted(jobs.values(), key=lambda item: -stats[item[1][0]].st_size)
    with reporter.stage("photos", len(todo)) as progress:
        if prefetch is not None:
            run = _run_prefetched(todo, stats, str(cache_dir), progress, meanwhile, prefetch)
        else:
            run = _run(todo, cache_dir, workers, progress, meanwhile)
        for paths, outcome in run:
            if isinstance(outcome, PhotoResult):
                for path in paths:
                    results[path] = wanted[path].of(outcome)
                    index.record(path, stats[path], outcome.source_hash)
            else:
                errors.extend(replace_path(outcome, p) for p in paths)
    if prefetch is not None:
        index.unshown = prefetch.unshown(index.unshown_before)
    index.save()
    if errors:
        raise ContentErrors(errors)
    return {path: results[path] for path in wanted}


def require_supported_formats(settings: RenditionSettings) -> None:
    """Refuse settings this Pillow cannot encode (``check`` asks the same before a build)."""
    if "avif" in settings.formats and not avif_supported():
        raise SiteError(
            _("AVIF output is not supported by this Pillow build"), hint=_("remove avif")
        )


def replace_path(error: PhotoError, path: Path) -> PhotoError:
    """The worker's error, reported at the photo as the report names it (one job can serve
    several paths with the same bytes)."""
    return PhotoError(error.message, path, error.line, error.col, error.hint)


def decode_count(results: Mapping[Path, PhotoResult]) -> int:
    """How many distinct sources were decoded by the call that produced ``results``."""
    return len({r.source_hash for r in results.values() if r.decoded})


def cache_files_in_use(results: Iterable[PhotoResult] | Mapping[Path, PhotoResult]) -> set[str]:
    """Every cache file name the results refer to (plus the hash index), for pruning."""
    values = results.values() if isinstance(results, Mapping) else results
    names = {HASH_INDEX}
    for result in values:
        names |= result.filenames()
    return names


def _settled(result: PhotoResult) -> PhotoResult:
    """As recorded for the next build, which will not have decoded it."""
    return replace(result, decoded=False) if result.decoded else result


# ------------------------------------------------------------------ running --
Outcome = PhotoResult | PhotoError


def _run_prefetched(
    todo: list[tuple[PhotoJob, list[Path]]],
    stats: Mapping[Path, os.stat_result],
    cache_dir: str,
    progress: Progress,
    meanwhile: Callable[[], object] | None,
    prefetch: Prefetch,
) -> Iterator[tuple[list[Path], Outcome]]:
    """As :func:`_run`, on the workers of ``prefetch``: a job it has started (or finished)
    is taken, the others are submitted, and prefetched files no photo wants are cancelled."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    pending: dict[Future[Outcome], tuple[list[Path], PhotoJob | None]] = {}
    for job, paths in todo:
        taken = prefetch.take(job, stats[paths[0]], cache_dir)
        if taken is None:
            pending[prefetch.submit(job)] = (paths, None)
        else:  # with the job itself when its social card is still to be made
            future, card_after = taken
            pending[future] = (paths, job if card_after else None)
    prefetch.cancel_rest()
    if meanwhile is not None:
        meanwhile()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            paths, then = pending.pop(future)
            outcome = future.result()
            if then is not None and isinstance(outcome, PhotoResult):
                again = replace(then, source_hash=outcome.source_hash)
                pending[prefetch.submit(again)] = (paths, None)
                continue
            progress.step()
            yield paths, outcome


def _run(
    todo: list[tuple[PhotoJob, list[Path]]],
    cache_dir: Path,
    workers: int | None,
    progress: Progress,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[tuple[list[Path], Outcome]]:
    count = min(workers or os.cpu_count() or 1, len(todo))
    if count <= 1:
        with freed_memory_kept():
            for job, paths in todo:
                outcome = run_job(job, str(cache_dir))
                progress.step()
                yield paths, outcome
        return
    from concurrent.futures import as_completed

    with process_pool(count, start_photo_worker) as pool:
        futures = {pool.submit(run_job, job, str(cache_dir)): paths for job, paths in todo}
        if meanwhile is not None:  # the workers are forked by now: no thread is running
            meanwhile()
        for future in as_completed(futures):
            progress.step()
            yield futures[future], future.result()
