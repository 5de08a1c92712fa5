"""Write a whole site atomically: build a sibling temp tree, then swap it with the old one.

Unchanged files are hard-linked from the previous output (cheap, and it keeps their inode),
and when nothing changed at all the output is not touched. The swap uses Linux
renameat2(RENAME_EXCHANGE) so that the output path always names a complete site; elsewhere
it falls back to two renames.

The tree swapped out is kept as a *spare* beside the output (``.seminar-site-spare-_site``)
instead of being deleted: the next build turns it into its new tree by replacing only what
differs. An unchanged page is one file (inode) shared by the site and the spare, since
unchanged files are hard-linked from build to build and never written in place; the spare
keeps exactly those and deletes everything else, so a one-page edit of a site of thousands
of pages costs a few file writes, not a folder and a link per page. The spare is renamed to
a temp name before it is changed, so a build killed meanwhile leaves only a temp folder,
which the next build removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import logging
import os
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from seminar_site.errors import OutputError
from seminar_site.output.marker import MARKER, MARKER_TEXT
from seminar_site.system.workers import c_library

log = logging.getLogger(__name__)

TEMP_PREFIX = ".seminar-site-tmp-"
SPARE_PREFIX = ".seminar-site-spare-"


@dataclass(frozen=True)
class Carried:
    """An output that did not change since the last build: reuse the file already there."""

    digest: str


class StaleOutput(Exception):
    """A carried file is missing or differs from the record: the caller renders it again."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(f"{len(paths)} carried file(s) are not in the output: {paths[:3]}")
        self.paths = paths


# Rendered bytes, a file to link/copy (photos from the cache), or an unchanged output.
FileSource = bytes | Path | Carried


@dataclass(frozen=True)
class WriteResult:
    written: int  # files whose bytes changed or are new
    linked: int  # unchanged files carried over
    removed: int  # files of the previous output that are gone
    swapped: bool  # False when nothing changed and the output was left alone


def check_output_location(out: Path, root: Path) -> None:
    """Refuse outputs that would overwrite the site's sources, a home folder or the file system."""
    out_r = out.resolve()
    root_r = root.resolve()
    forbidden = {
        root_r: "the site root",
        (root_r / "content"): "the content folder",
        (root_r / "templates"): "the templates folder",
        (root_r / "static"): "the static folder",
        Path.home().resolve(): "your home folder",
        Path(out_r.anchor): "the file system root",
    }
    if out_r in forbidden:
        raise OutputError(
            f"refusing to write the site into {forbidden[out_r]} ({out_r})",
            hint="choose an output folder such as _site",
        )
    for protected in (root_r, root_r / "content"):
        if protected.is_relative_to(out_r):
            raise OutputError(
                f"refusing to write the site into {out_r}: it contains {protected}",
                hint="choose an output folder inside the site, such as _site",
            )
    if out_r.is_relative_to(root_r / "content"):
        raise OutputError(
            f"refusing to write the site inside the content folder ({out_r})",
            hint="choose an output folder such as _site",
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"output path {out} exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            f"output folder {out} was not created by seminar-site and is not empty",
            hint="remove it yourself, or choose another --out folder",
        )


def clean_leftovers(out: Path) -> None:
    """Remove temp trees left by an interrupted build (and restore a half-finished swap)."""
    parent = out.parent
    if not parent.is_dir():
        return
    prefix = TEMP_PREFIX + out.name + "-"
    for child in parent.iterdir():
        if child.name.startswith(prefix):
            if not out.exists() and (child / MARKER).is_file() and child.name.endswith("-old"):
                child.rename(out)  # a fallback swap was cut between its two renames
                continue
            shutil.rmtree(child, ignore_errors=True)


def write_site(
    out: Path, files: Mapping[str, FileSource], previous: Mapping[str, str] | None = None
) -> tuple[WriteResult, dict[str, str]]:
    """Write ``files`` (output path → source) as the new content of ``out``.

    ``previous`` maps output paths to the digests recorded by the last build; files whose
    digest is unchanged are hard-linked from the current output. Returns the result and the
    new digests.
    """
    previous = previous or {}
    digests = {path: _digest(source) for path, source in files.items()}
    _check_carried(out, files, previous)
    old_paths = set(previous)
    unchanged = out.is_dir() and (out / MARKER).is_file() and previous == digests
    if unchanged and all((out / path).is_file() for path in files):
        return WriteResult(0, len(files), 0, swapped=False), digests
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _friendly(exc, out) from None
    try:
        temp, written, linked = _fill_spare(out, files, digests, previous)
    except _SpareUnusable as reason:
        log.debug("building a new tree: %s", reason)
        temp, written, linked = _fill_new_tree(out, files, digests, previous)
    with _removed_on_failure(temp, out):
        _fsync_dir(temp)
        exchanged = _swap(temp, out)
    if exchanged:  # temp now holds the previous site
        _keep_as_spare(temp, out)
    else:
        shutil.rmtree(temp, ignore_errors=True)
    removed = len(old_paths - set(files))
    return WriteResult(written, linked, removed, swapped=True), digests


@contextlib.contextmanager
def _removed_on_failure(temp: Path, out: Path) -> Iterator[None]:
    """Delete the temp tree if the block fails; an OSError becomes the user's OutputError
    (the previous site is untouched until the swap)."""
    try:
        yield
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise _friendly(exc, out) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _temp_name(out: Path) -> Path:
    return out.parent / f"{TEMP_PREFIX}{out.name}-{os.urandom(6).hex()}"


def spare_path(out: Path) -> Path:
    return out.parent / f"{SPARE_PREFIX}{out.name}"


class _SpareUnusable(Exception):
    """No spare tree, or one that cannot become the new tree: build a new one instead."""


def _fill_new_tree(
    out: Path, files: Mapping[str, FileSource], digests: dict[str, str], previous: Mapping[str, str]
) -> tuple[Path, int, int]:
    """A new temp tree with ``files``: returns it, and the files written and linked."""
    try:
        temp = _temp_name(out)
        os.mkdir(temp)  # the usual folder mode (umask), not mkdtemp's 0700: it is published
    except OSError as exc:
        raise _friendly(exc, out) from None
    with _removed_on_failure(temp, out):
        unchanged = {path for path in files if previous.get(path) == digests[path]}
        written = _put_files(out, temp, files, sorted(files), unchanged)
    return temp, written, len(files) - written


def _put_files(
    out: Path, tree: Path, files: Mapping[str, FileSource], paths: list[str], unchanged: set[str]
) -> int:
    """Mark ``tree`` as ours and put each of ``paths`` into it, making its folder first (see
    ``_link_or_write``); returns how many were written."""
    (tree / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    made: set[str] = {""}

    def put(path: str) -> int:  # run by the writer threads: folders are made there too
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(tree, folder), exist_ok=True)
            made.add(folder)
        return _link_or_write(out, tree, path, files[path], path in unchanged)

    return sum(_each(put, paths))


_WRITERS = 4
_THREADS_FROM = 64


def _each(put: Callable[[str], int], paths: list[str]) -> list[int]:
    """``put`` for every path; many files by a few threads: creating files and folders is
    mostly the kernel's work, which then runs on every core (a cold build's 200 pages and
    folders: about 1.8 times as fast as one thread). Every thread has finished when this
    returns, also after an error."""
    if len(paths) < _THREADS_FROM:
        return [put(path) for path in paths]
    with ThreadPoolExecutor(_WRITERS, thread_name_prefix="seminar-site-write") as pool:
        return list(pool.map(put, paths))


def _link_or_write(out: Path, tree: Path, path: str, source: FileSource, unchanged: bool) -> int:
    """Put ``path`` into ``tree``: a hard link to the output's copy when it is unchanged,
    else ``source`` written out; 1 when written. (Plain strings: this runs for every photo
    rendition of the site.)"""
    if unchanged:
        try:
            os.link(os.path.join(out, path), os.path.join(tree, path))
            return 0
        except OSError:
            pass
    _write_one(tree / path, source)
    return 1


def _fill_spare(
    out: Path, files: Mapping[str, FileSource], digests: dict[str, str], previous: Mapping[str, str]
) -> tuple[Path, int, int]:
    """The spare tree, renamed to a temp name and changed into ``files``.

    A file of the spare is kept only when it *is* the output's file (same inode: an
    unchanged page, hard-linked from build to build, and files are never written in place)
    and that file is unchanged in this build; every other file of the spare is deleted
    first, whatever it holds, and the missing files are written or linked as usual.
    """
    spare = spare_path(out)
    if not spare.is_dir() or spare.is_symlink() or not out.is_dir():
        if os.path.lexists(spare):
            _remove_anything(spare)
        raise _SpareUnusable("no spare tree, or no site to compare it with")
    temp = _temp_name(out)
    try:
        os.rename(spare, temp)  # from here on, a kill leaves only a temp folder
        os.chmod(temp, stat.S_IMODE(os.stat(out).st_mode))  # readable again, like the site
    except OSError as exc:
        raise _SpareUnusable(f"cannot take the spare: {exc}") from None
    with _removed_on_failure(temp, out):
        unchanged = {path for path in files if previous.get(path) == digests[path]}
        kept = _clear_spare(temp, out, unchanged)
        written = _put_files(out, temp, files, sorted(set(files) - kept), unchanged)
    return temp, written, len(files) - written


def _clear_spare(tree: Path, out: Path, unchanged: set[str]) -> set[str]:
    """Delete every entry of ``tree`` except the files in ``unchanged`` that are the same
    file as in ``out``; returns those kept."""
    root = str(tree)
    kept: set[str] = set()
    for folder, subfolders, names in os.walk(root, topdown=False, onerror=_raise):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in names:
            path = prefix + name
            if path in unchanged and _same_file(os.path.join(folder, name), out / path):
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


def _same_file(spare_file: str, published: Path) -> bool:
    try:
        mine, theirs = os.lstat(spare_file), os.lstat(published)
    except OSError:
        return False
    return stat.S_ISREG(mine.st_mode) and (mine.st_ino, mine.st_dev) == (
        theirs.st_ino,
        theirs.st_dev,
    )


def _remove_anything(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _keep_as_spare(tree: Path, out: Path) -> None:
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


def update_in_place(
    out: Path, files: Mapping[str, FileSource], previous: Mapping[str, str]
) -> tuple[WriteResult, dict[str, str]]:
    """Write only the changed files of ``out``, each atomically, and delete the gone ones.

    For the preview server only: its folder has one reader, the server, which holds a lock
    while this runs, so it never sees a half-updated site; a full swap would hard-link
    thousands of unchanged photos on every keystroke-save.
    """
    digests = {path: _digest(source) for path, source in files.items()}
    _check_carried(out, files, previous)
    written = removed = 0
    try:
        if not (out / MARKER).is_file():
            out.mkdir(parents=True, exist_ok=True)
            (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        for path in sorted(files):
            if previous.get(path) == digests[path]:
                continue  # our private folder: what we wrote is still there
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f"{TEMP_PREFIX}{target.name}")
            temp.unlink(missing_ok=True)
            _write_one(temp, files[path])
            os.replace(temp, target)
            temp.unlink(missing_ok=True)  # rename() does nothing when both name one inode
            written += 1
        for path in sorted(set(previous) - set(files)):
            (out / path).unlink(missing_ok=True)
            _remove_empty_parents(out, (out / path).parent)
            removed += 1
    except OSError as exc:
        raise _friendly(exc, out) from None
    result = WriteResult(written, len(files) - written, removed, swapped=bool(written or removed))
    return result, digests


def _remove_empty_parents(out: Path, folder: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _check_carried(out: Path, files: Mapping[str, FileSource], previous: Mapping[str, str]) -> None:
    """Carried files must be recorded with their digest (their presence is checked when
    they are linked: a missing one raises StaleOutput then)."""
    missing = [
        path
        for path, source in files.items()
        if isinstance(source, Carried) and previous.get(path) != source.digest
    ]
    if missing:
        raise StaleOutput(missing)


def _write_one(target: Path, source: FileSource) -> None:
    if isinstance(source, Carried):
        raise StaleOutput([str(target)])
    if isinstance(source, bytes):
        target.write_bytes(source)
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _digest(source: FileSource) -> str:
    if isinstance(source, Carried):
        return source.digest
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    # Cached renditions carry their content hash in the name: no need to read them.
    return "file:" + source.name


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


def _friendly(exc: OSError, out: Path) -> OutputError:
    reasons = {
        errno.ENOSPC: ("the disk is full", "free some space and build again"),
        errno.EDQUOT: ("the disk quota is exceeded", "free some space and build again"),
        errno.EACCES: ("permission denied", "check that you may write to the output's folder"),
        errno.EPERM: ("permission denied", "check that you may write to the output's folder"),
        errno.EROFS: ("the file system is read-only", "choose another --out folder"),
        errno.EEXIST: ("a file is in the way of the output folder", "choose another --out"),
        errno.ENOTDIR: ("a file is in the way of the output folder", "choose another --out"),
    }
    reason, hint = reasons.get(
        exc.errno or 0, (exc.strerror or str(exc), "check the output folder")
    )
    return OutputError(
        f"could not write the site to {out}: {reason}; the previous site was kept",
        exc.filename or out,
        hint=hint,
    )
