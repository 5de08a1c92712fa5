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
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether workers can be forked: on Linux, while this process runs a single thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def process_pool(workers: int, setup: Callable[[], object] | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends. ``setup``: a
    module-level function each worker calls once when it starts (picklable by name, for
    spawned workers)."""
    import multiprocessing  # here: a text-only build never needs them
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if can_fork() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(os.getpid(), setup),
    )


def _start_worker(parent: int, setup: Callable[[], object] | None) -> None:
    _die_with_parent(parent)
    if setup is not None:
        setup()


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
    """Call each of ``jobs`` (closures over this process's memory, e.g. the loaded site) in
    this process and ``workers - 1`` forked children; results in order. Children inherit
    the jobs instead of receiving a pickled copy. Cheaper than a process pool for one batch:
    no pool threads, one process fewer.

    Every process takes the next job from a shared queue (a pipe filled before the fork)
    until it is empty, so a slow job or a slow process holds up no one else; a child writes
    each result, pickled, to its own in-memory file as soon as it has it (a pipe would
    block it until this process read), and this process reads them when every job is
    done. An exception in a job is raised here as it was there.

    Only when ``can_fork()``: the caller runs the jobs itself otherwise.
    """
    assert can_fork(), "run_forked needs fork (Linux, one thread)"
    workers = max(1, min(workers, len(jobs)))
    queue = _JobQueue(len(jobs))
    children: dict[int, int] = {}  # pid → its results file
    try:
        # Children are short-lived: they skip garbage collection, which would otherwise
        # write to (and so copy) every page of the parent's memory they share.
        gc.freeze()
        try:
            for _ in range(1, workers):
                pid, results_file = _fork_worker(jobs, queue)
                children[pid] = results_file
        finally:
            gc.unfreeze()
            queue.close_writer()
        results: dict[int, Any] = {index: jobs[index]() for index in queue.indices()}
        while children:
            pid, results_file = children.popitem()
            results.update(_collect(pid, results_file))
        if len(results) != len(jobs):  # cannot happen: every job is taken once
            raise RuntimeError(f"{len(jobs) - len(results)} job(s) were not run")
        return [results[index] for index in range(len(jobs))]
    finally:
        queue.close()
        for pid, results_file in children.items():  # after an error here: stop the others
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(results_file)


class _JobQueue:
    """Job numbers in a pipe, read 4 bytes at a time by any number of processes (a read of
    a pipe is atomic); with more jobs than the pipe holds numbers, one number stands for a
    run of consecutive jobs."""

    _CAPACITY = 1024  # numbers: 4 kB, which any pipe holds (one page) without a reader

    def __init__(self, count: int) -> None:
        self.count = count
        self.run = max(1, -(-count // self._CAPACITY))
        self.reader, writer = os.pipe()
        self.writer: int | None = writer
        starts = range(0, count, self.run)
        os.write(writer, b"".join(start.to_bytes(4, "little") for start in starts))

    def close_writer(self) -> None:
        """After the fork: once the numbers are taken, every reader sees the end."""
        if self.writer is not None:
            os.close(self.writer)
            self.writer = None

    def indices(self) -> Iterator[int]:
        while len(number := os.read(self.reader, 4)) == 4:
            start = int.from_bytes(number, "little")
            yield from range(start, min(start + self.run, self.count))

    def close(self) -> None:
        self.close_writer()
        with contextlib.suppress(OSError):
            os.close(self.reader)


def _fork_worker(jobs: Sequence[Callable[[], Any]], queue: _JobQueue) -> tuple[int, int]:
    results_file = _anonymous_file()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            gc.disable()
            queue.close_writer()
            _die_with_parent(parent)
            with os.fdopen(results_file, "wb") as out:
                for index in queue.indices():
                    try:
                        record = pickle.dumps((True, index, jobs[index]()), pickle.HIGHEST_PROTOCOL)
                    except BaseException as error:  # sent to the parent, and raised there
                        out.write(_pickled_error(error))
                        break
                    out.write(record)
            status = 0
        finally:
            os._exit(status)
    return pid, results_file


def _anonymous_file() -> int:
    """A file in memory (or an unlinked temp file) for a child's results."""
    try:
        return os.memfd_create("seminar-site-results", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        import tempfile

        with tempfile.TemporaryFile() as handle:
            return os.dup(handle.fileno())


def _pickled_error(error: BaseException) -> bytes:
    try:
        return pickle.dumps((False, None, error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot be pickled: its text at least
        replacement = RuntimeError(f"{type(error).__name__}: {error}")
        return pickle.dumps((False, None, replacement))


def _collect(pid: int, results_file: int) -> dict[int, Any]:
    """A child's results, once it has ended (its file is complete then)."""
    _, status = os.waitpid(pid, 0)
    if status != 0:
        os.close(results_file)
        raise RuntimeError(f"a worker process failed (wait status {status})")
    results: dict[int, Any] = {}
    with os.fdopen(results_file, "rb") as written:
        written.seek(0)
        while True:
            try:
                ok, index, payload = pickle.load(written)
            except EOFError:
                return results
            if not ok:
                raise payload
            results[index] = payload
