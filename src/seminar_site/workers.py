"""Process pools for the heavy stages (photos, report loading, page rendering): how workers
start and end.

Workers are forked on Linux while the parent runs a single thread (cheap: no re-import),
and spawned otherwise. Either way a worker must not outlive its build: if the parent is
killed (SIGKILL, a crash), the kernel sends the worker SIGTERM (Linux PR_SET_PDEATHSIG);
otherwise idle workers would wait on their task pipe for ever.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether workers can be forked: on Linux, while this process runs a single thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends."""
    method = "fork" if can_fork() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = c_library()
        if libc is not None:
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


@functools.cache
def c_library() -> Any:
    """The C library's functions (prctl, renameat2), or None: the symbols already loaded
    into this process, which is quicker than ctypes.util.find_library (it runs ldconfig)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_forked_jobs: Sequence[Callable[[], Any]] = ()


def run_forked(jobs: Sequence[Callable[[], T]], workers: int, chunk: int = 16) -> list[T]:
    """Call each of ``jobs`` (closures over this process's memory, e.g. the loaded site) in
    forked workers, which inherit them instead of receiving a pickled copy; results in order.

    Only when ``can_fork()``: the caller runs the jobs itself otherwise.
    """
    global _forked_jobs
    assert can_fork(), "run_forked needs fork (Linux, one thread)"
    _forked_jobs = jobs
    try:
        with process_pool(workers) as pool:
            starts = range(0, len(jobs), chunk)
            parts = pool.map(_run_forked_chunk, starts, [chunk] * len(starts))
            return [result for part in parts for result in part]
    finally:
        _forked_jobs = ()


def _run_forked_chunk(start: int, size: int) -> list[Any]:
    return [job() for job in _forked_jobs[start : start + size]]
