"""Replace a file atomically: write a temp file beside it, then rename it over the target.

A reader (or a build killed half-way) sees the old file or the new one, never a mix. Every
file seminar-site writes outside the published tree (records, manifests, the photo cache)
and every file of the preview folder goes through here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def replace_atomically(
    path: Path,
    write: Callable[[Path], None],
    mode: int | None = None,
    durable: bool = False,
    suffix: str = ".tmp",
) -> None:
    """Call ``write(temp)`` for a temp file beside ``path``, then rename it over ``path``.

    ``mode``: the file mode to give it before it appears (e.g. 0o600 for private records).
    ``durable``: the temp file is flushed to disk before the rename and the folder after it,
    so that a crash or power cut still leaves the old file or the new one (the author's own
    files; caches and records can be made again). ``suffix`` ends the temp file's name
    (``.NAME.PID.RANDOM`` + suffix), for a writer that cleans up the temps of a killed run.
    The temp file is removed when ``write`` or the rename fails.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{suffix}")
    try:
        write(temp)
        if mode is not None:
            os.chmod(temp, mode)
        if durable:
            _fsync(temp, os.O_RDONLY)
        os.replace(temp, path)
        if durable:
            _fsync(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    finally:
        # After the rename, the name is gone; rename() does nothing when both names are
        # one inode (a link to the target), so the temp name can also still be there.
        temp.unlink(missing_ok=True)


def write_atomic(
    path: Path, data: bytes, mode: int | None = None, durable: bool = False, suffix: str = ".tmp"
) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`replace_atomically`)."""

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    replace_atomically(path, write, mode, durable, suffix)


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
