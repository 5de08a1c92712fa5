#!/usr/bin/env python3
"""Differential run: the pruned Markdown converters against the one that keeps every
processor, over many more generated texts than CI converts (the generator and the
comparison are tests/test_markdown_differential.py's). Each text is converted alone both
ways, and the pruned converter also converts each case's texts together (blocks). Exits 1
on any mismatch, after printing the first few.

Run:  python bench/markdown_differential.py [--count 200000] [--workers N] [--start CHUNK]
(--start picks other texts: chunk k holds cases 500k to 500k + 499.)
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_markdown_differential import (  # noqa: E402
    Differential,
    case_number,
    mismatches,
)

CHUNK = 500  # cases per task
SHOWN = 5

_differential: Differential | None = None


def run_chunk(chunk: int) -> tuple[int, int, list[str]]:
    """(texts converted, mismatches, the first few) for the cases of ``chunk``."""
    global _differential
    if _differential is None:
        _differential = Differential()
    numbers = range(chunk * CHUNK, (chunk + 1) * CHUNK)
    texts = sum(len(case_number(number)[0]) for number in numbers)
    found = list(mismatches(_differential, iter(numbers)))
    return texts, len(found), found[:SHOWN]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200_000, help="texts to convert (at least)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--start", type=int, default=0, help="first chunk (other texts)")
    args = parser.parse_args()
    started = time.perf_counter()
    texts = failures = chunks = 0
    shown: list[str] = []
    pending: set[Future[tuple[int, int, list[str]]]] = set()
    with ProcessPoolExecutor(args.workers) as pool:
        while True:
            # Keep every worker busy until the chunks done and under way reach --count.
            per_chunk = texts / chunks if chunks else CHUNK * 2
            while len(pending) < 2 * args.workers and texts + per_chunk * len(pending) < args.count:
                pending.add(pool.submit(run_chunk, args.start + chunks + len(pending)))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk_texts, chunk_failures, chunk_shown = future.result()
                texts, failures, chunks = texts + chunk_texts, failures + chunk_failures, chunks + 1
                shown += chunk_shown
    elapsed = time.perf_counter() - started
    cpu = sum(
        resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    for mismatch in shown[:SHOWN]:
        print(mismatch, end="\n\n")
    print(
        f"markdown differential: {texts:,} texts ({chunks * CHUNK:,} cases, each text alone and "
        f"in its case's group), {failures} mismatches, {elapsed:.1f} s with {args.workers} "
        f"processes ({cpu:.1f} s of CPU)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
