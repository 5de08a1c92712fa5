"""Corpus timing: how long ``seminar-site build`` takes on every bad-input corpus case.

The cases are tests/corpus/cases.py's (the tests check what each one prints; timing is no
test's business, since a busy machine makes any limit flaky). Each case is written to a
temp folder and built through the real CLI entry point, in this process (``main``, like
tests/test_corpus.py) or, with ``--subprocess``, as ``python -m seminar_site`` the way a user
runs it (interpreter start-up included, which the limits did not allow for). The table
gives each case's median seconds and the limit the test suite used to assert in-process; a
case over its limit is flagged, and the exit status is then 1. The limits that matter are
the alias bombs' and the 10 MB file's: those must be refused quickly, not after expanding
or parsing everything.

Run:  python bench/corpus_timing.py [--rounds 3] [--subprocess] [--only yaml-billion-laughs]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
sys.path[:0] = [str(SRC), str(REPO)]  # this checkout's code and its tests' corpus

from tests.conftest import minimal_site, write_files  # noqa: E402
from tests.corpus.cases import CASES, Case  # noqa: E402

from seminar_site.cli import main as cli_main  # noqa: E402

DEFAULT_LIMIT = 10.0  # seconds: what tests/test_corpus.py asserted for every case
LIMITS = {  # ... and for these, which must be refused (or read) quickly
    "yaml-billion-laughs": 2.0,
    "yaml-scalar-alias-bomb": 3.0,
    "ten-mb-markdown": 3.0,
}


def write_case(case: Case, root: Path) -> Path:
    """The case's site, as tests/conftest.py's ``make_site`` writes it."""
    root.mkdir(parents=True)
    files: dict[str, str | bytes] = minimal_site() if case.base else {}
    files.update(case.files)
    return write_files(root, files)


def build_once(root: Path, out: Path, in_subprocess: bool) -> tuple[float, int]:
    """One build of ``root`` into ``out``: (wall seconds, exit code)."""
    args = ["build", "--root", str(root), "--out", str(out), "--jobs", "1"]
    if in_subprocess:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        command = [sys.executable, "-m", "seminar_site", *args]
        started = time.perf_counter()
        code = subprocess.run(command, capture_output=True, env=env, check=False).returncode
        return time.perf_counter() - started, code
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        started = time.perf_counter()
        code = cli_main(args)
        return time.perf_counter() - started, code


def time_case(case: Case, work: Path, rounds: int, in_subprocess: bool) -> tuple[float, int]:
    """Median seconds over ``rounds`` fresh copies of the case (no cache, no output)."""
    times, code = [], 0
    for number in range(rounds):
        root = write_case(case, work / f"{case.name}-{number}")
        seconds, code = build_once(root, root / "_site", in_subprocess)
        times.append(seconds)
    return statistics.median(times), code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1, help="runs per case (median)")
    parser.add_argument("--subprocess", action="store_true", help="python -m seminar_site")
    parser.add_argument("--only", nargs="*", default=None, help="case names to time")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if args.only is None or c.name in args.only]
    unknown = set(args.only or ()) - {c.name for c in CASES}
    if unknown:
        parser.error(f"no such case: {', '.join(sorted(unknown))}")
    width = max(len(c.name) for c in cases)
    over: list[str] = []
    with tempfile.TemporaryDirectory(prefix="seminar-corpus-timing-") as folder:
        work = Path(folder)
        if not args.subprocess:  # imports and first-call caches: not any one case's cost
            time_case(cases[0], work / "warm-up", 1, in_subprocess=False)
        print(f"{'case':<{width}}  seconds  limit  exit")
        for case in cases:
            seconds, code = time_case(case, work, args.rounds, args.subprocess)
            limit = LIMITS.get(case.name, DEFAULT_LIMIT)
            flag = "  OVER" if seconds >= limit else ""
            print(f"{case.name:<{width}}  {seconds:7.3f}  {limit:5.1f}  {code:4d}{flag}")
            if flag:
                over.append(case.name)
    mode = "subprocess" if args.subprocess else "in-process"
    print(f"{len(cases)} cases, {args.rounds} round(s) each, {mode}; over the limit: ", end="")
    print(", ".join(over) if over else "none")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
