#!/usr/bin/env python3
"""Scale benchmark: sites of 10, 100 and 1,000 reports, and Pelican in the same run.

Each report has 8 sessions with Markdown summaries of realistic length (about 400
characters of Japanese text: headings, a list, a link, dates) in files beside report.yaml;
the largest site also has 2,000 small photos (2 per report). For each size: cold build time
(no cache, no output),
report pages per second, peak RSS of the build (largest process, os.wait4); at the largest
size, a rebuild after editing one summary (CLI, and in-process with a warm state).
Then Pelican (from /tmp/benchvenv) builds 200 Markdown articles of the same length against
seminar-site building 200 text-only reports, alternating, medians of 9 rounds (this shared
machine drifts by several percent within minutes; alternating rounds see the same drift).

Quick run:  python bench/scale.py --sizes 10 100 --rounds 1 --skip-pelican
Full run:   python bench/scale.py --write-docs     (also profiles the largest build)
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchdocs import compile_sources, machine_block, write_section

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
WORK = Path(os.environ.get("SCALE_WORK", "/tmp/seminar-scale"))
BENCH_VENV = Path(os.environ.get("BENCH_VENV", "/tmp/benchvenv"))
SESSIONS = 8

SUMMARY = """## {title}の概要

{name}氏は、{i}月{d}日の講演で、自治体における業務改革の進め方を具体的な事例とともに紹介した。
まず現状の業務を棚卸しし、どこに時間がかかっているかを**数字で示す**ことが出発点になるという。

- 業務量調査の結果を全庁で共有する
- RPA と AI-OCR を組み合わせ、申請書の入力作業を自動化する
- 効果測定の指標を事前に決め、[報告書](https://example.jp/reports/{i}) として公開する

### 質疑応答

参加者からは「小規模な自治体でも導入できるか」という質問があり、{name}氏は段階的な導入と
近隣自治体との共同調達を勧めた。最後に、職員一人ひとりが改善の担い手になることの大切さを
強調して講演を締めくくった。導入にあたっては、情報システム部門だけでなく現場の職員が
最初から参加し、業務の流れを一緒に見直すことが成功の鍵になるとの指摘もあった。
"""


def summary(report: int, session: int) -> str:
    return SUMMARY.format(
        title=f"講演{session}", name=f"講師{report}-{session}", i=1 + report % 12, d=1 + session
    )


def make_site(root: Path, reports: int, photos_per_report: int = 0) -> Path:
    """Write a site of ``reports`` reports (and tiny photos) under ``root``."""
    from PIL import Image

    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    (content / "reports").mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: 規模試験サイト\nlanguage: ja\nbase_url: https://example.jp/\n", encoding="utf-8"
    )
    photo_bytes: list[bytes] = []
    for colour in range(8):
        buffer = io.BytesIO()
        Image.new("RGB", (640, 480), (30 * colour, 90, 200 - 20 * colour)).save(
            buffer, "JPEG", quality=80
        )
        photo_bytes.append(buffer.getvalue())
    for r in range(reports):
        folder = content / "reports" / f"report-{r:04d}"
        folder.mkdir()
        lines = [
            f"title: 第{r}回 自治体DXセミナー開催報告",
            "lead: 1月22日に開催した自治体向けセミナーの報告です。",
            f"published: {dt.date(2021, 1, 1) + dt.timedelta(days=r % 900)}",
            "event:",
            f"  name: 第{r}回 自治体DXセミナー",
            "  format: online",
            "  participants: 120",
            "days:",
            f"  - date: {dt.date(2020, 1, 1) + dt.timedelta(days=r % 900)}",
            "    sessions:",
        ]
        for s in range(SESSIONS):
            (folder / f"talk{s}.md").write_text(summary(r, s), encoding="utf-8")
            lines += [
                f"      - kind: {'事例' if s % 2 else '講演'}",
                f"        title: 業務改革の取り組み その{s}",
                "        speakers:",
                f"          - name: 講師{r}-{s}",
                "            organisation: 架空市",
                "            role: 課長",
                f"        summary_file: talk{s}.md",
            ]
        if photos_per_report:
            lines.append("    photos:")
            for p in range(photos_per_report):
                (folder / f"photo{p}.jpg").write_bytes(photo_bytes[(r + p) % len(photo_bytes)])
                lines += [f"      - file: photo{p}.jpg", f"        alt: 会場の様子 {p}"]
        (folder / "report.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def build_command(root: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "seminar_site",
        "build",
        "--root",
        str(root),
        "--out",
        str(root / "_site"),
        *extra,
    ]


def remove_outputs(root: Path) -> None:
    """What makes a build cold: no output, no cache, no spare tree."""
    for leftover in (root / "_site", root / ".seminar-cache", *root.glob(".seminar-site-*")):
        shutil.rmtree(leftover, ignore_errors=True)


def cold_build(root: Path) -> tuple[float, float]:
    remove_outputs(root)
    os.sync()  # the deletions' disk work must not land on the timed build
    seconds, peak, _ = run_measured_child(build_command(root))
    return seconds, peak


def run_measured_child(command: list[str]) -> tuple[float, float, str]:
    """Like run_measured, but peak RSS via a fresh wrapper so that RUSAGE_CHILDREN is exact."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "t = time.perf_counter() - t\n"
        "sys.stderr.write(p.stderr)\n"
        "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(p.stdout)\n"
        "sys.exit(p.returncode)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{proc.stderr}")
    first, _, rest = proc.stdout.partition("\n")
    seconds, peak_kib = first.split()
    return float(seconds), int(peak_kib) / 1024, rest


def edit_rebuild(root: Path) -> tuple[float, float]:
    """One summary edited: CLI rebuild wall time, and the tool's own reported time."""
    talk = root / "content" / "reports" / "report-0005" / "talk3.md"
    talk.write_text(talk.read_text(encoding="utf-8") + "\n追記しました。\n", encoding="utf-8")
    time.sleep(0.06)  # beyond the racy-stamp window
    seconds, _, out = run_measured_child(build_command(root))
    match = re.search(r"in ([\d.]+) s", out)
    return seconds, float(match.group(1)) if match else float("nan")


def in_process_edit(root: Path) -> tuple[float, float]:
    """Warm in-process rebuilds after one edit, the record kept in memory: as `serve` does on
    save (its private output updated in place), and as an atomic whole-site swap."""
    sys.path.insert(0, str(SRC))
    from seminar_site import build as build_module

    timings = []
    for in_place, out in ((True, root / ".seminar-cache" / "bench-serve"), (False, root / "_site")):
        options = build_module.BuildOptions(root=root, out=out, in_place=in_place)
        first = build_module.build(options)
        talk = root / "content" / "reports" / "report-0007" / "talk2.md"
        talk.write_text(talk.read_text(encoding="utf-8") + "\n再追記。\n", encoding="utf-8")
        time.sleep(0.06)
        started = time.perf_counter()
        build_module.build(options, state=first.state)
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def profile_build(root: Path, top: int = 25) -> str:
    sys.path.insert(0, str(SRC))
    from seminar_site import build as build_module

    remove_outputs(root)
    profiler = cProfile.Profile()
    profiler.enable()
    build_module.build(build_module.BuildOptions(root=root, out=root / "_site"))
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(top)
    return stream.getvalue()


# ------------------------------------------------------------------ Pelican


def make_pelican(root: Path, articles: int) -> Path:
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    content.mkdir(parents=True)
    for a in range(articles):
        body = "\n\n".join(summary(a, s) for s in range(SESSIONS))
        (content / f"article-{a:04d}.md").write_text(
            f"Title: 第{a}回 自治体DXセミナー開催報告\nDate: 2021-01-{1 + a % 28:02d}\n"
            f"Slug: article-{a:04d}\n\n1月22日に開催した自治体向けセミナーの報告です。\n\n{body}\n",
            encoding="utf-8",
        )
    (root / "pelicanconf.py").write_text(
        "AUTHOR = 'x'\nSITENAME = 'bench'\nSITEURL = ''\nTIMEZONE = 'Asia/Tokyo'\n"
        "DEFAULT_LANG = 'ja'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        "LOAD_CONTENT_CACHE = False\nDELETE_OUTPUT_DIRECTORY = True\n",
        encoding="utf-8",
    )
    return root


def pelican_build(root: Path) -> float:
    pelican = BENCH_VENV / "bin" / "pelican"
    os.sync()  # as for ours: the previous round's writes are flushed before timing
    started = time.perf_counter()
    subprocess.run(
        [str(pelican), "content", "-o", "output", "-s", "pelicanconf.py", "-q"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


# ------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--photos", type=int, default=2000, help="photos in the largest site")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pelican-rounds", type=int, default=9)
    parser.add_argument("--skip-pelican", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    compile_sources()

    rows = []
    largest = max(args.sizes)
    for size in args.sizes:
        root = make_site(WORK / f"text-{size}", size)
        times, peaks = zip(*(cold_build(root) for _ in range(args.rounds)), strict=True)
        seconds = statistics.median(times)
        rows.append((f"{size} reports, text only", seconds, size / seconds, max(peaks)))
        print(rows[-1], flush=True)
    photo_root = None
    if args.photos:
        per_report = max(1, args.photos // largest)
        photo_root = make_site(WORK / f"photos-{largest}", largest, per_report)
        seconds, peak = cold_build(photo_root)
        rows.append(
            (f"{largest} reports + {largest * per_report} photos", seconds, largest / seconds, peak)
        )
        print(rows[-1], flush=True)
    edit_root = WORK / f"text-{largest}"
    run_measured_child(build_command(edit_root))
    cli_edit, tool_edit = edit_rebuild(edit_root)
    warm_edit = in_process_edit(edit_root)
    print("edit", cli_edit, tool_edit, warm_edit, flush=True)

    pelican_rows = []
    if not args.skip_pelican:
        ours = make_site(WORK / "vs-200", 200)
        theirs = make_pelican(WORK / "pelican-200", 200)
        ours_t, theirs_t = [], []
        for _ in range(args.pelican_rounds):
            ours_t.append(cold_build(ours)[0])
            theirs_t.append(pelican_build(theirs))
        pelican_rows = [statistics.median(ours_t), statistics.median(theirs_t)]
        ratios = sorted(o / t for o, t in zip(ours_t, theirs_t, strict=True))
        pelican_rows += [ratios[0], ratios[-1]]
        print("pelican", pelican_rows, flush=True)

    profile = profile_build(edit_root) if args.profile or args.write_docs else ""
    text = report(rows, (cli_edit, tool_edit, *warm_edit), pelican_rows, profile, args)
    print(text)
    if args.write_docs:
        write_section("Scale", text)


def report(
    rows: list[tuple[str, float, float, float]],
    edit: tuple[float, float, float, float],
    pelican: list[float],
    profile: str,
    args: argparse.Namespace,
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "## Scale",
        "",
        f"Measured {now} with `python bench/scale.py"
        f"{' --write-docs' if args.write_docs else ''}` (medians of {args.rounds} cold builds; "
        "cold = no `.seminar-cache`, no output, no spare tree; `src/` byte-compiled first, "
        "as installing does). Each report: 8 sessions, each "
        "with a "
        f"{len(summary(1, 1))}-character Markdown summary file (headings, a list, a link, dates).",
        "",
        "| site | cold build (s) | report pages / s | peak RSS (MB, largest process) |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {name} | {s:.2f} | {pps:.0f} | {rss:.0f} |" for name, s, pps, rss in rows]
    cli_edit, tool_edit, serve_edit, swap_edit = edit
    lines += [
        "",
        f"One summary edited at {max(args.sizes)} reports: CLI rebuild {cli_edit:.2f} s wall "
        f"({tool_edit:.2f} s reported by the tool, the rest is interpreter start-up); "
        f"in-process with the record in memory: {serve_edit:.3f} s as `serve` does on save "
        f"(its preview folder updated in place), {swap_edit:.3f} s with the atomic "
        f"whole-site swap of `build` (the spare tree from the previous swap, with only the "
        f"changed pages replaced).",
    ]
    if pelican:
        ours, theirs, lowest, highest = pelican
        lines += [
            "",
            f"Same run, 200 items, medians of {args.pelican_rounds} alternating rounds: "
            f"seminar-site {ours:.2f} s (200 text reports) vs Pelican {theirs:.2f} s (200 "
            f"Markdown articles of the same text): ratio **{ours / theirs:.2f}×** (single "
            f"rounds {lowest:.2f}–{highest:.2f}×).",
        ]
    lines += ["", *machine_block(15)]
    if profile:
        kept = [
            line
            for line in profile.splitlines()
            if line.strip() and not line.startswith(("   Ordered", "   List"))
        ][:34]
        lines += ["", "Profile of the largest cold text build (cProfile, cumulative):", "", "```"]
        lines += [*kept, "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
