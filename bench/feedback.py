#!/usr/bin/env python3
"""Feedback: `check` on a site of 100 reports, and the no-change `build` of the same site,
in Japanese and in English, against the earlier build of seminar-site in the same run.

Targets (issue 12): `check` of 100 reports ≤ 0.5 s; the no-change build ≤ 0.25 s, with the
message catalogs and the text rules not loaded on that path (tests/test_cli_fast.py asserts
that; this bench measures the time). Each report is the one of bench/scale.py: 8 sessions with
Japanese Markdown summaries of realistic length. `check` is timed as a whole command, as a
user runs it (interpreter start-up included), in two cases: *check 100*, after a build of the
site (the build runs untimed just before, as an author who previews or builds and then
checks; `check` then reads again only what changed since, here nothing), and *check 100
cold*, on a site that was never built (no `_site/`, no `.seminar-cache/`: every report is
read). The no-change build is run untimed just before each timed one, so that it has
nothing to do. The commands take turns round by round, in
reversed order every other round; each figure is the median of the rounds.

There is no peer that checks a site's content without building it (Hugo, Pelican and sigal
have no such command); the reference in the same run is the earlier seminar-site (`--ours
before=…`), whose `check` does less (no text rules, messages in English only): the ratio says
what the new work costs.

Usage: /tmp/benchvenv/bin/python bench/feedback.py --ours before=/tmp/before-venv/bin/seminar-site
  --ours after=.venv/bin/seminar-site [--write-docs]      (about a minute)
"""

from __future__ import annotations

import argparse
import os
from functools import partial
from pathlib import Path

from benchdocs import (
    Ours,
    Step,
    add_common_options,
    alternate,
    between_ours,
    check_rounds,
    cold_step,
    compile_sources,
    cores_label,
    finish,
    no_change_step,
    ratio_table,
    resolve_ours,
    run_untimed,
    runs_table,
)
from scale import copies, make_site

TARGETS = {"check 100": 0.5, "no-change 100": 0.25}


def lang_args(o: Ours, language: str) -> list[str]:
    """``--lang`` for a build that has it; the earlier one speaks English only."""
    return [] if o.label == "before" else ["--lang", language]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, rounds=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/seminar-feedback"))
    args = parser.parse_args()
    check_rounds(args)
    ours = resolve_ours(args.ours)
    compile_sources(ours)
    load_before = os.getloadavg()
    template = make_site(args.work / "site-100", 100)
    sites = copies(ours, template, args.work)
    cold_sites = copies(ours, template, args.work / "cold")
    steps: list[Step] = []
    rows = []
    for cores in args.cores:
        for language in ("ja", "en"):
            for o in ours:
                root = str(sites[o.label])
                lang = lang_args(o, language)
                check = o.cmd(*lang, "check", "--root", root, "--jobs", str(cores))
                build = [*o.cmd(*lang), *o.build(sites[o.label], cores)[1:]]
                built = partial(run_untimed, build)
                steps.append(Step(f"{o.label} check 100 {language}", cores, check, prepare=built))
                cold = cold_sites[o.label]
                cold_check = o.cmd(*lang, "check", "--root", str(cold), "--jobs", str(cores))
                steps.append(
                    cold_step(f"{o.label} check 100 cold {language}", cores, cold_check, cold)
                )
                steps.append(no_change_step(f"{o.label} no-change 100 {language}", cores, build))
    for language in ("ja", "en"):
        rows += [f"check 100 {language}", f"check 100 cold {language}", f"no-change 100 {language}"]
    results = alternate(steps, args.rounds)
    lines = [
        f"Medians of {args.rounds} alternating rounds at "
        + " and ".join(cores_label(c) for c in args.cores)
        + ". A site of 100 reports (8 sessions each, Japanese summaries).",
        "",
        *runs_table(results, args.cores),
        "",
        *ratio_table(results, between_ours(ours, rows), args.cores),
        "",
        "Targets (the latest build, wall time):",
        "",
    ]
    latest = ours[-1].label
    for row in rows:
        target = next(t for prefix, t in TARGETS.items() if row.startswith(prefix))
        for cores in args.cores:
            wall = results.wall(f"{latest} {row}", cores)
            verdict = "met" if wall <= target else "**missed**"
            lines.append(
                f"- `{row}`, {cores_label(cores)}: {wall:.3f} s (target ≤ {target} s: {verdict})"
            )
    finish("Feedback (issue 12)", "feedback.py", __doc__, lines, ours, args, [], load_before)


if __name__ == "__main__":
    main()
