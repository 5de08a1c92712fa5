"""Process pools for the heavy stages (photos, report loading): how workers start and end.

Workers are forked on Linux while the parent runs a single thread (cheap: no re-import),
and spawned otherwise. Either way a worker must not outlive its build: if the parent is
killed (SIGKILL, a crash), the kernel sends the worker SIGTERM (Linux PR_SET_PDEATHSIG);
otherwise idle workers would wait on their task pipe for ever.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_PR_SET_PDEATHSIG = 1


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends."""
    single_thread = threading.active_count() == 1
    method = "fork" if sys.platform.startswith("linux") and single_thread else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc_name = ctypes.util.find_library("c")
        if libc_name:
            libc: Any = ctypes.CDLL(libc_name, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
