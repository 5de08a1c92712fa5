"""Write a whole site atomically: build a sibling temp tree, then swap it with the old one.

Unchanged files are hard-linked from the previous output, and when nothing changed at all
the output is not touched. The swap uses Linux renameat2(RENAME_EXCHANGE) so that the
output path always names a complete site; elsewhere it falls back to two renames. The tree
swapped out is kept as the spare for the next build (output/spare.py).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site.output.files import (
    FileSource,
    Stat,
    check_carried,
    digest_of,
    put_files,
    removed_on_failure,
    stat_of,
    temp_name,
)
from seminar_site.output.location import friendly_error
from seminar_site.output.marker import MARKER
from seminar_site.output.spare import SpareUnusable, fill_spare, keep_as_spare
from seminar_site.system.workers import c_library

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WriteResult:
    written: int  # files whose bytes changed or are new
    linked: int  # unchanged files carried over
    removed: int  # files of the previous output that are gone
    swapped: bool  # False when nothing changed and the output was left alone


@dataclass(frozen=True)
class OutputRecord:
    """The output slice of the build record: what each published file is and was written as.

    ``digests``: output path → digest of its content; ``stats``: output path → (size,
    mtime, inode) right after writing. A file whose stat differs later was changed in the
    output by something else (an edit by hand): it is not carried over, but written again.
    """

    digests: Mapping[str, str] = field(default_factory=dict)
    stats: Mapping[str, Stat] = field(default_factory=dict)

    def unchanged(self, digests: Mapping[str, str]) -> dict[str, Stat]:
        """The paths whose new digest is the recorded one, with the stat to expect."""
        return {
            path: stat
            for path, digest in digests.items()
            if self.digests.get(path) == digest and (stat := self.stats.get(path)) is not None
        }


def write_site(
    out: Path, files: Mapping[str, FileSource], previous: OutputRecord | None = None
) -> tuple[WriteResult, OutputRecord]:
    """Write ``files`` (output path → source) as the new content of ``out``.

    Files whose digest is the one ``previous`` recorded, and which are still as written,
    are hard-linked from the current output. Returns the result and the new record. Raises
    StaleOutput for a carried file that is missing or was changed in the output.
    """
    previous = previous or OutputRecord()
    digests = {path: digest_of(source) for path, source in files.items()}
    check_carried(files, previous.digests)
    unchanged = previous.unchanged(digests)
    if (
        len(unchanged) == len(files) == len(previous.digests)
        and (out / MARKER).is_file()
        and all(stat_of(out / path) == stat for path, stat in unchanged.items())
    ):
        return WriteResult(0, len(files), 0, swapped=False), OutputRecord(digests, unchanged)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise friendly_error(exc, out) from None
    try:
        temp, written, linked = fill_spare(out, files, unchanged)
    except SpareUnusable as reason:
        log.debug("building a new tree: %s", reason)
        temp, written, linked = _fill_new_tree(out, files, unchanged)
    with removed_on_failure(temp, out):
        _fsync_dir(temp)
        stats = _stats(temp, list(files))  # the swap renames the tree: its files stay
        exchanged = _swap(temp, out)
    if exchanged:  # temp now holds the previous site
        keep_as_spare(temp, out)
    else:
        shutil.rmtree(temp, ignore_errors=True)
    removed = len(set(previous.digests) - set(files))
    return WriteResult(written, linked, removed, swapped=True), OutputRecord(digests, stats)


def _stats(tree: Path, paths: list[str]) -> dict[str, Stat]:
    found: dict[str, Stat] = {}
    for path in paths:
        stat = stat_of(os.path.join(tree, path))
        if stat is not None:
            found[path] = stat
    return found


def _fill_new_tree(
    out: Path, files: Mapping[str, FileSource], unchanged: Mapping[str, Stat]
) -> tuple[Path, int, int]:
    """A new temp tree with ``files``: returns it, and the files written and linked."""
    try:
        temp = temp_name(out)
        os.mkdir(temp)  # the usual folder mode (umask), not mkdtemp's 0700: it is published
    except OSError as exc:
        raise friendly_error(exc, out) from None
    with removed_on_failure(temp, out):
        written = put_files(out, temp, files, sorted(files), unchanged)
    return temp, written, len(files) - written


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2


_AT_FDCWD = -100


def _swap(new: Path, out: Path) -> bool:
    """Make ``out`` the new tree; afterwards ``new`` holds the previous tree (True: swapped
    in one step) or something to delete (False)."""
    if not out.exists():
        new.rename(out)
        new.mkdir()
        return False
    if _renameat2(new, out):
        return True
    old = new.with_name(new.name + "-old")
    out.rename(old)
    new.rename(out)
    new.mkdir()
    old.rename(new / "previous")
    return False


def _renameat2(a: Path, b: Path) -> bool:
    libc = c_library()
    function = getattr(libc, "renameat2", None) if libc is not None else None
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
