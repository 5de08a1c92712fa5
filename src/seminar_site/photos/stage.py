"""Process every photo of a site: hash cheaply, reuse the cache, decode the rest in parallel.

The cache (``.seminar-cache/photos`` in a site) is content-addressed: output names carry a hash
of the source bytes and the rendition settings, and a small index of ``size + mtime -> sha256``
means an unchanged file is not even read again.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO

from seminar_site.errors import ContentErrors, SiteError
from seminar_site.photos.plan import PhotoError, PhotoJob, PhotoResult
from seminar_site.photos.worker import avif_supported, cached_result, process_photo
from seminar_site.settings.renditions import RenditionSettings
from seminar_site.system.workers import process_pool

HASH_INDEX = "hash-index.json"
_INDEX_VERSION = 1


def process_photos(
    sources: Sequence[tuple[Path, bool]],
    settings: RenditionSettings,
    cache_dir: Path,
    workers: int | None = None,
    progress: bool | None = None,
) -> dict[Path, PhotoResult]:
    """Results for ``(path, want_social)`` pairs, in input order.

    Only photos whose outputs are missing are decoded, on all cores by default. Every failure
    is collected first and then raised as one :class:`ContentErrors`.
    """
    if "avif" in settings.formats and not avif_supported():
        raise SiteError("AVIF output is not supported by this Pillow build", hint="remove avif")
    cache_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, bool] = {}
    for path, social in sources:
        wanted[path] = wanted.get(path, False) or social
    errors: list[SiteError] = []
    results: dict[Path, PhotoResult] = {}
    index = HashIndex.load(cache_dir)
    stats: dict[Path, os.stat_result] = {}
    jobs: dict[str, tuple[PhotoJob, list[Path]]] = {}  # one job per distinct content
    for path, social in wanted.items():
        try:
            stats[path] = st = path.stat()
        except OSError as exc:
            errors.append(PhotoError(f"cannot read the photo ({exc.strerror or exc})", path))
            continue
        digest = index.known(path, st)  # None: new or changed; the worker hashes it
        job = PhotoJob(str(path.resolve()), digest or "", settings, social)
        cached = cached_result(job, cache_dir) if digest else None
        if cached is not None:
            results[path] = cached
            index.record(path, st, cached.source_hash)
            continue
        key = digest or f"path:{job.source}"
        if key in jobs:
            first, paths = jobs[key]
            paths.append(path)
            if social and not first.want_social:
                jobs[key] = (job, paths)
        else:
            jobs[key] = (job, [path])
    todo = sorted(jobs.values(), key=lambda item: -stats[item[1][0]].st_size)
    for _job, paths, outcome in _run(todo, cache_dir, workers, _progress_stream(progress)):
        if isinstance(outcome, PhotoResult):
            for path in paths:
                results[path] = outcome
                index.record(path, stats[path], outcome.source_hash)
        else:
            errors.extend(PhotoError(outcome[0], p, hint=outcome[1]) for p in paths)
    index.save()
    if errors:
        raise ContentErrors(errors)
    return {path: results[path] for path in wanted}


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


def prune_cache(cache_dir: Path, keep: set[str]) -> list[str]:
    """Delete cache files not in ``keep`` (outputs of removed or edited photos); return them."""
    removed = []
    try:
        entries = list(os.scandir(cache_dir))
    except FileNotFoundError:
        return []
    for entry in entries:
        if entry.is_file(follow_symlinks=False) and entry.name not in keep:
            os.unlink(entry.path)
            removed.append(entry.name)
    return sorted(removed)


# ------------------------------------------------------------------ hashing --
class HashIndex:
    """``path -> (size, mtime_ns, sha256)`` so that an unchanged file is not read again."""

    def __init__(self, path: Path, entries: dict[str, list[object]]) -> None:
        self.path = path
        self.old = entries
        self.new: dict[str, list[object]] = {}

    @classmethod
    def load(cls, cache_dir: Path) -> HashIndex:
        path = cache_dir / HASH_INDEX
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["entries"] if data.get("version") == _INDEX_VERSION else {}
        except (OSError, ValueError, KeyError, AttributeError):
            entries = {}
        return cls(path, entries if isinstance(entries, dict) else {})

    def known(self, path: Path, st: os.stat_result) -> str | None:
        """The recorded hash, if the file has the size and mtime recorded with it."""
        old = self.old.get(str(path.resolve()))
        if isinstance(old, list) and old[:2] == [st.st_size, st.st_mtime_ns]:
            return str(old[2])
        return None

    def record(self, path: Path, st: os.stat_result, digest: str) -> None:
        self.new[str(path.resolve())] = [st.st_size, st.st_mtime_ns, digest]

    def save(self) -> None:
        """Write the entries of this run, keeping those of other photos that still exist."""
        for key, entry in self.old.items():
            if key not in self.new and os.path.exists(key):
                self.new[key] = entry
        if self.new == self.old:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": _INDEX_VERSION, "entries": self.new}), "utf-8")
        os.replace(tmp, self.path)


# ------------------------------------------------------------------ running --
Outcome = PhotoResult | tuple[str, str | None]


def _work(job: PhotoJob, cache_dir: str) -> Outcome:
    """Pool entry point: a user error comes back as data (exceptions lose fields when pickled)."""
    try:
        return process_photo(job, cache_dir)
    except PhotoError as exc:
        return (exc.message, exc.hint)


def _run(
    todo: list[tuple[PhotoJob, list[Path]]],
    cache_dir: Path,
    workers: int | None,
    stream: IO[str] | None,
) -> Iterable[tuple[PhotoJob, list[Path], Outcome]]:
    bar = _Bar(len(todo), stream)
    count = min(workers or os.cpu_count() or 1, len(todo))
    if count <= 1:
        for job, paths in todo:
            outcome = _work(job, str(cache_dir))
            bar.step()
            yield job, paths, outcome
        bar.done()
        return
    from concurrent.futures import as_completed

    with process_pool(count) as pool:
        futures = {pool.submit(_work, job, str(cache_dir)): (job, paths) for job, paths in todo}
        for future in as_completed(futures):
            job, paths = futures[future]
            bar.step()
            yield job, paths, future.result()
    bar.done()


def _progress_stream(progress: bool | None) -> IO[str] | None:
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("CI")
    return sys.stderr if progress else None


class _Bar:
    """A one-line progress bar on a terminal; silent when there is no stream."""

    def __init__(self, total: int, stream: IO[str] | None) -> None:
        self.total, self.stream, self.count = total, stream, 0

    def step(self) -> None:
        self.count += 1
        if self.stream is not None and self.total:
            filled = 30 * self.count // self.total
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\rphotos [{bar}] {self.count}/{self.total}")
            self.stream.flush()

    def done(self) -> None:
        if self.stream is not None and self.total:
            self.stream.write("\n")
            self.stream.flush()
