"""Memory kept between photos (Linux with glibc): a speed trick of the photo stage, used by
its workers (:func:`keep_freed_memory`) and by its own process (:func:`freed_memory_kept`).
``tests/test_photo_memory.py`` checks that the files are the same either way, that the page
faults are spared, and that the scoped form hands the memory back."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from seminar_site.system.workers import c_library

# glibc's mallopt() parameters, its defaults, and the size below which freed memory is kept
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_GLIBC_DEFAULT = 128 * 1024
_KEEP = 512 * 1024 * 1024  # above READ_WHOLE_LIMIT and any block of a decoded photo


def keep_freed_memory() -> bool:
    """Make the C library keep the memory freed after one photo for the next one (Linux
    with glibc; elsewhere False, and nothing changes).

    A photo's large blocks (the file's bytes, the decoded pixels, each resize: megabytes
    each) are otherwise handed back to the system when freed and taken again for the next
    photo, zero-filled by the kernel a page at a time. On make_photos.py's 24 photos made
    in one process, that is 60,000 page faults of 92,000 and about 10 % of the CPU time
    (user and system), at the same peak memory. Two workers that share the photos save
    less (62,000 faults fall to 55,000): each still faults in its own peak once. A pool
    worker calls this when it starts (it ends with the build); the photo stage's own
    process uses :func:`freed_memory_kept`.
    """
    mallopt = _mallopt()
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _KEEP)) and bool(mallopt(_M_TRIM_THRESHOLD, _KEEP))


@contextlib.contextmanager
def freed_memory_kept() -> Iterator[bool]:
    """:func:`keep_freed_memory` for a block of code, in a process that goes on after it
    (``serve``): glibc's default thresholds are set again after it, and the memory kept is
    handed back."""
    kept = keep_freed_memory()
    try:
        yield kept
    finally:
        if kept:  # so glibc's mallopt is there, and malloc_trim with it
            libc = c_library()
            libc.mallopt(_M_MMAP_THRESHOLD, _GLIBC_DEFAULT)
            libc.mallopt(_M_TRIM_THRESHOLD, _GLIBC_DEFAULT)
            libc.malloc_trim(0)


def _mallopt() -> Any:
    """glibc's mallopt, or None (another C library, or none)."""
    if not sys.platform.startswith("linux"):
        return None
    return getattr(c_library(), "mallopt", None)
