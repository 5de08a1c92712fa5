"""The spare tree: the site swapped out by the last build, turned into the next one.

An unchanged page is one file (inode) shared by the site and the spare, since unchanged
files are hard-linked from build to build and never written in place; the spare keeps
exactly those and deletes everything else, so a one-page edit of a site of thousands of
pages costs a few file writes, not a folder and a link per page. The spare is renamed to a
temp name before it is changed, so a build killed meanwhile leaves only a temp folder,
which the next build removes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

from seminar_site.output.files import (
    FileSource,
    Stat,
    put_files,
    removed_on_failure,
    temp_name,
)
from seminar_site.output.marker import SPARE_PREFIX

log = logging.getLogger(__name__)


def spare_path(out: Path) -> Path:
    return out.parent / f"{SPARE_PREFIX}{out.name}"


class SpareUnusable(Exception):
    """No spare tree, or one that cannot become the new tree: build a new one instead."""


def fill_spare(
    out: Path, files: Mapping[str, FileSource], unchanged: Mapping[str, Stat]
) -> tuple[Path, int, int]:
    """The spare tree, renamed to a temp name and changed into ``files``.

    A file of the spare is kept only when it *is* the output's file (same inode: an
    unchanged page, hard-linked from build to build), that file is unchanged in this build,
    and it still has the stat it was written with (``unchanged``: nobody edited it in
    place); every other file of the spare is deleted first, whatever it holds, and the
    missing files are written or linked as usual.
    """
    spare = spare_path(out)
    if not spare.is_dir() or spare.is_symlink() or not out.is_dir():
        if os.path.lexists(spare):
            _remove_anything(spare)
        raise SpareUnusable("no spare tree, or no site to compare it with")
    temp = temp_name(out)
    try:
        os.rename(spare, temp)  # from here on, a kill leaves only a temp folder
        os.chmod(temp, stat.S_IMODE(os.stat(out).st_mode))  # readable again, like the site
    except OSError as exc:
        raise SpareUnusable(f"cannot take the spare: {exc}") from None
    with removed_on_failure(temp, out):
        kept = _clear_spare(temp, out, unchanged)
        written = put_files(out, temp, files, sorted(set(files) - kept), unchanged)
    return temp, written, len(files) - written


def _clear_spare(tree: Path, out: Path, unchanged: Mapping[str, Stat]) -> set[str]:
    """Delete every entry of ``tree`` except the files in ``unchanged`` that are the same
    file as in ``out``, as it was written; returns those kept."""
    root = str(tree)
    kept: set[str] = set()
    for folder, subfolders, names in os.walk(root, topdown=False, onerror=_raise):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in names:
            path = prefix + name
            recorded = unchanged.get(path)
            if recorded is not None and _kept(os.path.join(folder, name), out / path, recorded):
                kept.add(path)
            else:
                os.unlink(os.path.join(folder, name))
        for name in subfolders:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.unlink(path)
            else:
                with contextlib.suppress(OSError):
                    os.rmdir(path)  # only succeeds when empty
    return kept


def _raise(error: OSError) -> None:
    raise error  # a folder that cannot be listed must not keep its files unseen


def _kept(spare_file: str, published: Path, recorded: Stat) -> bool:
    """Whether the spare's file is the published file, unchanged since it was written."""
    try:
        mine, theirs = os.lstat(spare_file), os.lstat(published)
    except OSError:
        return False
    same = (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev)
    as_written = (theirs.st_size, theirs.st_mtime_ns, theirs.st_ino) == recorded
    return stat.S_ISREG(mine.st_mode) and same and as_written


def _remove_anything(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def keep_as_spare(tree: Path, out: Path) -> None:
    """Keep ``tree`` (the site just swapped out) as the spare for the next build; a failure
    only costs the next build its shortcut."""
    spare = spare_path(out)
    try:
        if os.path.lexists(spare):
            _remove_anything(spare)
        # Only for us: if the output sits inside a folder a web server publishes, the old
        # pages must not be readable from there.
        os.chmod(tree, 0o700)
        os.rename(tree, spare)
    except OSError as exc:
        log.debug("not keeping a spare tree: %s", exc)
        shutil.rmtree(tree, ignore_errors=True)
