"""The files of a new tree: what each output path is made from, and how it is put there.

Shared by the new tree, the spare and the in-place preview update. Unchanged files are
hard-linked from the published site (cheap, and it keeps their inode: that is what lets the
spare tree and the record recognise them); the others are written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from seminar_site.output.location import friendly_error
from seminar_site.output.marker import MARKER, MARKER_TEXT, TEMP_PREFIX


@dataclass(frozen=True)
class Carried:
    """An output that did not change since the last build: reuse the file already there."""

    digest: str


class StaleOutput(Exception):
    """A carried file is missing, or was changed in the output since it was written (by
    hand, or by another program): the caller renders it again."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} carried file(s) are not as written: {paths[:3]}")
        self.paths = paths


# Rendered bytes, a file to link/copy (photos from the cache), or an unchanged output.
FileSource = bytes | Path | Carried


Stat = tuple[int, int, int]  # size, mtime_ns, inode of a published file


def stat_of(path: str | os.PathLike[str]) -> Stat | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


@contextlib.contextmanager
def removed_on_failure(temp: Path, out: Path) -> Iterator[None]:
    """Delete the temp tree if the block fails; an OSError becomes the user's OutputError
    (the previous site is untouched until the swap)."""
    try:
        yield
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise friendly_error(exc, out) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def temp_name(out: Path) -> Path:
    return out.parent / f"{TEMP_PREFIX}{out.name}-{os.urandom(6).hex()}"


def put_files(
    out: Path,
    tree: Path,
    files: Mapping[str, FileSource],
    paths: list[str],
    unchanged: Mapping[str, Stat],
) -> int:
    """Mark ``tree`` as ours and put each of ``paths`` into it, making its folder first (see
    ``link_or_write``); returns how many were written. ``unchanged``: the paths whose
    published file is to be kept, with the stat it was recorded with."""
    (tree / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    made: set[str] = {""}

    stale: list[str] = []

    def put(path: str) -> int:  # run by the writer threads: folders are made there too
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(tree, folder), exist_ok=True)
            made.add(folder)
        try:
            return link_or_write(out, tree, path, files[path], unchanged.get(path))
        except StaleOutput as error:
            stale.extend(error.paths)  # all of them at once: the caller renders them again
            return 0

    written = sum(each(put, paths))
    if stale:
        raise StaleOutput(sorted(stale))
    return written


_WRITERS = 4
_THREADS_FROM = 64


def each(put: Callable[[str], int], paths: list[str]) -> list[int]:
    """``put`` for every path; many files by a few threads: creating files and folders is
    mostly the kernel's work, which then runs on every core (see docs/benchmarks.md).
    Every thread has finished when this
    returns, also after an error."""
    if len(paths) < _THREADS_FROM:
        return [put(path) for path in paths]
    with ThreadPoolExecutor(_WRITERS, thread_name_prefix="seminar-site-write") as pool:
        return list(pool.map(put, paths))


def link_or_write(
    out: Path, tree: Path, path: str, source: FileSource, recorded: Stat | None
) -> int:
    """Put ``path`` into ``tree``: a hard link to the output's copy when it is unchanged
    (and still the file that was written: ``recorded``, its stat then), else ``source``
    written out; 1 when written. (Plain strings: this runs for every photo rendition.)"""
    if recorded is not None:
        published = os.path.join(out, path)
        if stat_of(published) == recorded:
            try:
                os.link(published, os.path.join(tree, path))
                return 0
            except OSError:
                pass
    write_one(tree / path, source, path)
    return 1


def check_carried(files: Mapping[str, FileSource], previous: Mapping[str, str]) -> None:
    """Carried files must be recorded with their digest (their presence is checked when
    they are linked: a missing or changed one raises StaleOutput then)."""
    missing = [
        path
        for path, source in files.items()
        if isinstance(source, Carried) and previous.get(path) != source.digest
    ]
    if missing:
        raise StaleOutput(missing)


def write_one(target: Path, source: FileSource, path: str) -> None:
    """Write ``source`` as ``target`` (the output path ``path``); a carried file cannot be
    written: it was changed or removed behind our back, so the caller must render it."""
    if isinstance(source, Carried):
        raise StaleOutput([path])
    if isinstance(source, bytes):
        target.write_bytes(source)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def digest_of(source: FileSource) -> str:
    if isinstance(source, Carried):
        return source.digest
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    # Cached renditions carry their content hash in the name: no need to read them.
    return "file:" + source.name
