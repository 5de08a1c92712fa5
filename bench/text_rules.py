#!/usr/bin/env python3
"""Text rules: how long ``check``'s rules take on a site of many reports, and ``check``'s
whole run with and without them.

The site is bench/scale.py's (8 sessions with Markdown summaries per report). Prints the
median of the rules alone (``rules.engine.text_findings`` on the loaded site, in process),
of the ``check`` function with and without the rules, and of the ``seminar-site check``
command (wall time, a process of its own, as a user runs it).

Usage: python bench/text_rules.py [--reports 100] [--rounds 5] [--photos 0]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent / "src"), str(BENCH)]

from scale import make_site  # noqa: E402

from seminar_site.content.site import load_site  # noqa: E402
from seminar_site.pipeline import check as check_module  # noqa: E402
from seminar_site.rules import engine  # noqa: E402
from seminar_site.settings.config import load_config  # noqa: E402


def median_seconds(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--photos", type=int, default=0, help="photos per report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        root = make_site(Path(temp) / "site", args.reports, args.photos)
        loaded, _record = load_site(root, load_config(root))
        found = engine.text_findings(loaded.site)
        rules = median_seconds(lambda: engine.text_findings(loaded.site), args.rounds)
        real = getattr(check_module, "text_findings")  # noqa: B009 (replaced for a while)
        with_rules: list[float] = []
        without: list[float] = []
        for _ in range(args.rounds):  # in turns, so that both see the same drift
            with_rules.append(median_seconds(lambda: check_module.check(root), 1))
            setattr(check_module, "text_findings", lambda site: engine.Findings((), ()))  # noqa: B010
            try:
                without.append(median_seconds(lambda: check_module.check(root), 1))
            finally:
                setattr(check_module, "text_findings", real)  # noqa: B010
        command = [sys.executable, "-m", "seminar_site", "check", "--root", str(root)]
        cli = median_seconds(
            lambda: subprocess.run(command, capture_output=True, check=True), args.rounds
        )
    print(f"{args.reports} reports, {len(found.warnings)} warnings, {len(found.notes)} notes")
    print(f"text rules alone:            {rules:.3f} s")
    print(f"check() with the rules:      {statistics.median(with_rules):.3f} s")
    print(f"check() without the rules:   {statistics.median(without):.3f} s")
    print(f"seminar-site check (wall):   {cli:.3f} s")


if __name__ == "__main__":
    main()
