#!/usr/bin/env python3
"""Instruction counts of the CLI's everyday commands, for each seminar-site build compared.

Wall and CPU times on this shared machine move by 10-30 % between runs of the same code
(the *ctl* rows of the other benches show it), which hides a 10 % change. Valgrind's
callgrind counts the instructions a command executes instead: the same count for the same
code and inputs however busy the machine is, so the ratio between two builds of
seminar-site is exact for what it measures (it ignores waits on the disk and cache misses,
which the timed benches keep).

Measured, as whole processes of each ``--ours`` executable, on a site of 50 reports (4
sessions each, Markdown summaries) with 100 small photos, already built once:

* *start-up*: ``seminar-site --version``;
* *no-change*: ``seminar-site build`` with nothing changed;
* *one-edit*: ``build`` after one summary file was rewritten (inline loading: no workers);
* *check*: ``seminar-site check``.

Usage: python bench/instructions.py --ours before=/tmp/before-venv/bin/seminar-site
  --ours after=.venv/bin/seminar-site [--write-docs]      (about 3 minutes)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchdocs import compile_sources, machine_block, resolve_ours, write_section
from scale import make_site

COMMANDS = ("start-up", "no-change", "one-edit", "check")


def instructions(command: list[str], cwd: Path) -> int:
    """Instructions executed by ``command`` and every process it starts."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out.%p"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--trace-children=yes",
                f"--callgrind-out-file={out}",
                *command,
            ],
            cwd=cwd,
            check=False,
            capture_output=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        total = 0
        for path in Path(folder).glob("callgrind.out.*"):
            match = re.search(r"^summary:\s+(\d+)", path.read_text(errors="replace"), re.M)
            if match:
                total += int(match.group(1))
        return total


def measure(exe: str, template: Path, work: Path) -> dict[str, int]:
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(template, site)
    build = [exe, "build", "--root", str(site), "--quiet"]
    subprocess.run(build, check=True)
    subprocess.run(build, check=True)  # the record and manifest of a settled build
    counts = {
        "start-up": instructions([exe, "--version"], site),
        "no-change": instructions(build, site),
    }
    talk = site / "content/reports/report-0003/talk1.md"
    talk.write_text(talk.read_text(encoding="utf-8") + "\n追記しました。\n", encoding="utf-8")
    stamp = time.time() - 1  # out of the racy window, so the edit is trusted as settled
    os.utime(talk, (stamp, stamp))
    counts["one-edit"] = instructions(build, site)
    counts["check"] = instructions([exe, "check", "--root", str(site)], site)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours", action="append", default=[], metavar="LABEL=EXE")
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed: apt-get install valgrind")
    ours = resolve_ours(args.ours)
    compile_sources(ours)
    work = Path(tempfile.mkdtemp(prefix="seminar-instructions-"))
    template = make_site(work / "template", args.reports, 2)
    results: dict[str, dict[str, int]] = {}
    for o in ours:
        results[o.label] = measure(str(o.exe), template, work / o.label)
        print(o.label, results[o.label], flush=True)
    first = ours[0].label
    lines = ["| command | " + " | ".join(f"{o.label} (M instructions)" for o in ours)]
    lines[0] += " | " + " | ".join(f"{o.label} / {first}" for o in ours[1:]) + " |"
    lines.append("| --- |" + " ---: |" * (2 * len(ours) - 1))
    for command in COMMANDS:
        row = [f"{results[o.label][command] / 1e6:,.1f}" for o in ours]
        base = results[first][command]
        row += [f"**{results[o.label][command] / base:.3f}**" for o in ours[1:]]
        lines.append(f"| {command} | " + " | ".join(row) + " |")
    table = "\n".join(lines)
    print(table)
    if args.write_docs:
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        builds = "\n".join(f"- *{o.label}*: `{o.exe}`" for o in ours)
        text = (
            "## Instructions\n\n"
            f"Measured {when} with `python bench/instructions.py "
            + " ".join(f"--ours {o.label}={o.exe}" for o in ours)
            + " --write-docs`.\n\n"
            + (__doc__ or "").split("\n\n", 1)[1].split("\n\nUsage:")[0]
            + "\n\n"
            + table
            + "\n\nBuilds compared:\n\n"
            + builds
            + "\n\n"
            + "\n".join(machine_block())
        )
        write_section("Instructions", text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
