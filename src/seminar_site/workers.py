"""Process pools for the heavy stages (photos, report loading, page rendering): how workers
start and end.

Workers are forked on Linux while the parent runs a single thread (cheap: no re-import),
and spawned otherwise. Either way a worker must not outlive its build: if the parent is
killed (SIGKILL, a crash), the kernel sends the worker SIGTERM (Linux PR_SET_PDEATHSIG);
otherwise idle workers would wait on their task pipe for ever.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether workers can be forked: on Linux, while this process runs a single thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends."""
    import multiprocessing  # here: a text-only build never needs them (8 ms of imports)
    from concurrent.futures import ProcessPoolExecutor

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


def run_forked(jobs: Sequence[Callable[[], T]], workers: int) -> list[T]:
    """Call each of ``jobs`` (closures over this process's memory, e.g. the loaded site),
    this process and ``workers - 1`` forked children taking every ``workers``-th job each;
    results in order. Children inherit the jobs instead of receiving a pickled copy and send
    back pickled results (an exception is raised here as it was there). Cheaper than a
    process pool for one batch: no pool threads, one process fewer.

    Only when ``can_fork()``: the caller runs the jobs itself otherwise.
    """
    assert can_fork(), "run_forked needs fork (Linux, one thread)"
    workers = max(1, min(workers, len(jobs)))
    running: dict[int, tuple[int, int]] = {}  # share → (pid, read end of its pipe)
    try:
        # Children are short-lived: they skip garbage collection, which would otherwise
        # write to (and so copy) every page of the parent's memory they share.
        gc.freeze()
        try:
            for share in range(1, workers):
                running[share] = _fork_share(jobs[share::workers])
        finally:
            gc.unfreeze()
        results: list[Any] = [None] * len(jobs)
        results[0::workers] = [job() for job in jobs[0::workers]]
        for share in range(1, workers):
            pid, reader = running.pop(share)
            results[share::workers] = _collect(pid, reader)
        return results
    finally:
        for pid, reader in running.values():  # after an error here: stop the others
            with contextlib.suppress(OSError):
                os.close(reader)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def _fork_share(jobs: Sequence[Callable[[], Any]]) -> tuple[int, int]:
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            gc.disable()
            os.close(reader)
            _die_with_parent(parent)
            try:
                data = pickle.dumps((True, [job() for job in jobs]), pickle.HIGHEST_PROTOCOL)
            except BaseException as error:  # sent to the parent, and raised there
                data = _pickled_error(error)
            with os.fdopen(writer, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _pickled_error(error: BaseException) -> bytes:
    try:
        return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot be pickled: its text at least
        return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))


def _collect(pid: int, reader: int) -> list[Any]:
    """Read a child's results to the end (before waiting: it may be blocked writing)."""
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        raise RuntimeError(f"a worker process failed (wait status {status})")
    ok, payload = pickle.loads(data)
    if not ok:
        raise payload
    return list(payload)
