"""Cheap change detection: file stamps, the input tree of a site, and recorded reads.

Standard library only, so that a no-change ``build`` can decide without importing Jinja,
Markdown, YAML or Pillow. A stamp is ``(size, mtime_ns, inode)`` taken *before* the file is
read. A file modified less than ``RACY_NS`` before its stamp was taken is "racy" (a second
edit in the same clock tick would keep the same mtime), so its stamp is stored as ``None``,
which never matches: the next build looks at it again (git's racy-index rule).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

Stamp = tuple[int, int, int]
RACY_NS = 50_000_000  # 50 ms: well above the kernel's coarse clock tick (1-10 ms)


def stamp(path: str | os.PathLike[str], now_ns: int | None = None) -> Stamp | None:
    """The file's stamp; ``None`` when it is missing or racy."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    now = time.time_ns() if now_ns is None else now_ns
    if st.st_mtime_ns >= now - RACY_NS:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def fresh(
    stamps: dict[str, Stamp | None], scanned: Mapping[str, list[int] | None] | None = None
) -> bool:
    """True when every recorded stamp still matches the file on disk (and none was racy).

    ``scanned``: this build's ``scan`` of the inputs, taken before anything was read; a file
    in it is compared with that stamp instead of being looked at again.
    """
    for path, old in stamps.items():
        if old is None:
            return False
        if scanned is not None and path in scanned:
            now = scanned[path]
            if now is None or tuple(now) != old:
                return False
            continue
        try:
            st = os.stat(path)
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ino) != old:
            return False
    return True


def scan(folders: Iterable[Path]) -> dict[str, list[int] | None]:
    """``path -> [size, mtime_ns, inode]`` (or None when racy) for every file in ``folders``,
    and for every empty folder under them (its path ends with a separator: no file's does).

    Paths are absolute, so that a later scan from another working folder compares equal.
    """
    now = time.time_ns()
    found: dict[str, list[int] | None] = {}
    for folder in folders:
        for path, st in _walk(os.path.abspath(folder)):
            racy = st.st_mtime_ns >= now - RACY_NS
            found[path] = None if racy else [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


def _walk(folder: str) -> Iterator[tuple[str, os.stat_result]]:
    try:
        entries = list(os.scandir(folder))
        if not entries:  # stamped too, so that a new empty folder is a change ("folder/")
            yield folder + os.sep, os.stat(folder)
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        try:
            if entry.is_dir():
                yield from _walk(entry.path)
            else:
                yield entry.path, entry.stat()
        except OSError:
            continue


# ------------------------------------------------------------------ recording reads --
class Recorder:
    """The files read and folders listed while loading one report, with their stamps."""

    def __init__(self) -> None:
        self.stamps: dict[str, Stamp | None] = {}
        self.now = time.time_ns()

    def add(self, path: str | os.PathLike[str]) -> None:
        name = os.path.abspath(path)
        if name not in self.stamps:
            self.stamps[name] = stamp(name, self.now)


_local = threading.local()


def record_read(path: str | os.PathLike[str]) -> None:
    """Note that ``path`` (a file, or a folder that was listed) is about to be read.

    Called where content is read (``settings.textfile``, ``content.paths``), so that what a
    report depends on is written next to the code that reads it. Does nothing outside
    :func:`recording`.
    """
    recorder: Recorder | None = getattr(_local, "recorder", None)
    if recorder is not None:
        recorder.add(path)


@contextmanager
def recording() -> Iterator[Recorder]:
    """Collect, with their stamps taken before reading, the files this thread reads."""
    recorder = Recorder()
    previous = getattr(_local, "recorder", None)
    _local.recorder = recorder
    try:
        yield recorder
    finally:
        _local.recorder = previous
