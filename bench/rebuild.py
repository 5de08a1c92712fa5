#!/usr/bin/env python3
"""Rebuilds: no-change and one-edit builds, a full rebuild, and `serve`'s save → served
latency, against Hugo's and sigal's no-change rebuilds of comparable sites, in one run.

The site: 50 reports (4 sessions each, summaries in Markdown files, a narrative) and 500
small photos, already cached (one untimed build first). Hugo gets the same 50 pages as page
bundles with their 10 photos each, resized by its pipeline (a 320×320 JPEG fit, cached in
resources/), and sigal 50 albums of the same 10 photos, so that both have their caches warm
and nothing to do, like seminar-site's no-change build.

Every row is a whole command, as a user runs it, timed as a process tree: wall time and CPU
time (user + system of the command and its workers, RUSAGE_CHILDREN of a small parent
process). The commands take turns round by round (5 rounds by default, each figure the
median): `seminar-site build` with nothing changed (*no-change*), after one summary file was
rewritten (*one-edit*; the file is saved 0.1 s before the build, past the racy-stamp window, as
when a person saves and then types), with `--full` (*full*), `seminar-site --version`
(*start-up*), `hugo` and `sigal build` with nothing changed. The one-core run repeats every row
pinned to CPU 0 (`taskset -c 0`) with one worker (`--jobs 1`, `sigal -n 1`; Hugo's Go runtime
follows the pinning), as a one-core machine would run them; the two-core run gives each tool
two workers.

`serve` latency is that of the real `seminar-site serve` command (its own process, pinned like
the builds): the clock starts before the summary file is written and stops when a GET of the
report page from the server on 127.0.0.1 returns the new sentence. The server is asked once the
page's file in its preview folder has the sentence (read every 1 ms): polling the server itself
every few ms took CPU and the interpreter lock from the rebuild measured, and made it a third
slower. The servers of the builds compared run side by side and take turns edit by edit. The
CPU time is that of the server's process tree (from /proc) per edit.

Change of method: until November 2026 the CLI rows were single subprocess wall times run one
tool after the other, and `serve` latency was measured in the bench's own process by importing
seminar-site's preview; both are now whole processes, alternating, with CPU time and a
one-core run beside the two-core one.

Usage: /tmp/benchvenv/bin/python bench/rebuild.py --ours before=/tmp/before-venv/bin/seminar-site
  --ours after=.venv/bin/seminar-site [--rounds 5] [--edits 30] [--cores 2 1] [--write-docs]
  (about 3 minutes; a trial: --rounds 3 --edits 6)
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
import time
from functools import partial
from pathlib import Path

from benchdocs import (
    Latencies,
    Ours,
    Results,
    Step,
    add_common_options,
    alternate,
    between_ours,
    check_rounds,
    compile_sources,
    cores_label,
    finish,
    latency_table,
    no_change_step,
    peer,
    percentile,
    ratio_table,
    resolve_ours,
    run_untimed,
    runs_table,
    serve_runs,
)

REPORTS, PHOTOS_PER_REPORT, SESSIONS = 50, 10, 4

REPORT_YAML = """\
title: 第{n}回 自治体DXセミナー開催報告
lead: {m}/{d}に開催したセミナーの報告です。
published: {year}-{mm:02d}-{dd:02d}
event:
  name: 第{n}回 自治体DXセミナー
  format: online
  venue: オンライン
body: narrative.md
days:
  - date: {year}-{mm:02d}-{dd:02d}
    sessions:
{sessions}
    photos:
{photos}
"""
SESSION = """\
      - kind: 事例
        title: 事例{k}の取り組み
        speakers:
          - name: 山田 太郎{k}
            organisation: テスト市
            department: 総務部
            role: 課長
        summary_file: talks/s{k}.md
"""
PARAGRAPH = "自治体におけるデジタル化の取り組みについて、現場の課題と解決策を紹介した。" * 6

HUGO_CONFIG = 'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "rss"]\n'
HUGO_PAGE = """<html><body><h1>{{ .Title }}</h1>{{ .Content }}
{{ range .Resources.ByType "image" }}
<img src="{{ (.Fit "320x320 jpg q82").RelPermalink }}">
{{ end }}</body></html>
"""


def make_photo(path: Path, seed: int) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("RGB", (160, 120), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    img.save(path, quality=80)


def make_site(root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(
        "title: ベンチマーク\nlanguage: ja\nbase_url: https://example.jp/\n", "utf-8"
    )
    for n in range(1, REPORTS + 1):
        folder = root / "content" / "reports" / f"report-{n:02d}"
        mm, dd = n % 12 + 1, n % 27 + 1
        photos = ""
        for k in range(PHOTOS_PER_REPORT):
            make_photo(folder / "photos" / f"p{k}.jpg", n * 100 + k)
            photos += f"      - file: photos/p{k}.jpg\n        alt: 会場の様子{k}\n"
        sessions = "".join(SESSION.format(k=k) for k in range(1, SESSIONS + 1))
        text = REPORT_YAML.format(
            n=n, m=mm, d=dd, year=2020 + n % 5, mm=mm, dd=dd, sessions=sessions, photos=photos
        )
        (folder / "report.yaml").write_text(text, "utf-8")
        (folder / "narrative.md").write_text(f"■概要\n\n{PARAGRAPH}\n\n■まとめ\n\n{PARAGRAPH}\n")
        (folder / "talks").mkdir()
        for k in range(1, SESSIONS + 1):
            (folder / "talks" / f"s{k}.md").write_text(f"{PARAGRAPH}\n\n{PARAGRAPH}\n", "utf-8")
    return root


def edit(root: Path, n: int, sentence: str) -> str:
    """Rewrite one talk summary of report ``n`` with ``sentence``; return that report's page."""
    slug = f"report-{n % REPORTS + 1:02d}"
    path = root / "content" / "reports" / slug / "talks" / "s2.md"
    path.write_text(f"{PARAGRAPH}\n\n{sentence}\n", "utf-8")
    return f"reports/{slug}/"


def hugo_site(root: Path, ours: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_PAGE)
    (root / "layouts" / "_default" / "list.html").write_text(
        "{{ range .Pages }}{{ .Title }}{{ end }}"
    )
    (root / "layouts" / "index.html").write_text(
        "{{ range .Site.RegularPages }}{{ .Title }}{{ end }}"
    )
    for folder in sorted((ours / "content/reports").iterdir()):
        bundle = root / "content" / "reports" / folder.name
        bundle.mkdir(parents=True)
        body = "\n\n".join((folder / "talks" / f"s{k}.md").read_text() for k in range(1, 5))
        (bundle / "index.md").write_text(f'---\ntitle: "{folder.name}"\n---\n{body}\n')
        for photo in (folder / "photos").iterdir():
            os.link(photo, bundle / photo.name)
    return root


def sigal_site(root: Path, ours: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    for folder in sorted((ours / "content/reports").iterdir()):
        album = root / "pictures" / folder.name
        album.mkdir(parents=True)
        for photo in (folder / "photos").iterdir():
            os.link(photo, album / photo.name)
    (root / "sigal.conf.py").write_text("# sigal's defaults\n")
    return root


def edit_then_wait(root: Path, build: list[str], counter: itertools.count[int]) -> None:
    """Before a one-edit build: bring the output up to date, then change one summary."""
    run_untimed(build)
    n = next(counter)
    edit(root, n, f"CLIでの編集{n}。")
    time.sleep(0.1)


def steps_for(
    ours: list[Ours],
    sites: dict[str, Path],
    hugo: tuple[Path, Path] | None,
    sigal: tuple[Path, Path] | None,
    cores_list: list[int],
) -> list[Step]:
    counter = itertools.count()
    steps: list[Step] = []
    for cores in cores_list:
        for o in ours:
            build = o.build(sites[o.label], cores)
            steps.append(no_change_step(f"{o.label} no-change", cores, build))
        if hugo:
            exe, site = hugo
            steps.append(
                Step("hugo no-change", cores, [str(exe), "--source", str(site), "--quiet"])
            )
        for o in ours:
            root = sites[o.label]
            build = o.build(root, cores)
            prepare = partial(edit_then_wait, root, build, counter)
            steps.append(Step(f"{o.label} one-edit", cores, build, prepare=prepare))
        if sigal:
            exe, site = sigal
            command = [str(exe), "build", "pictures", "_build", "-c", "sigal.conf.py"]
            steps.append(Step("sigal no-change", cores, [*command, "-n", str(cores)], cwd=site))
        for o in ours:
            steps.append(Step(f"{o.label} full", cores, o.build(sites[o.label], cores, "--full")))
            steps.append(Step(f"{o.label} start-up", cores, o.cmd("--version")))
    return steps


def serve_edit(root: Path, n: int) -> tuple[str, str]:
    sentence = f"保存後に表示される新しい一文その{n}。"
    return edit(root, n, sentence), sentence


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_options(parser, rounds=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-rebuild"))
    parser.add_argument(
        "--edits", type=int, default=30, help="serve edits per build and core count"
    )
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--skip-sigal", action="store_true")
    args = parser.parse_args()
    check_rounds(args)
    ours = resolve_ours(args.ours)
    compile_sources(ours)
    load_before = os.getloadavg()

    template = make_site(args.work / "template")
    print(f"site: {REPORTS} reports, {REPORTS * PHOTOS_PER_REPORT} photos", flush=True)
    sites = {}
    for o in ours:
        root = args.work / "sites" / o.label
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(template, root)
        run_untimed(o.build(root, max(args.cores)))  # photos processed, untimed
        sites[o.label] = root
    hugo = sigal = None
    exe = None if args.skip_hugo else peer(args.venv, "hugo")
    if exe:
        hugo = (exe, hugo_site(args.work / "hugo", template))
        run_untimed([str(exe), "--source", str(hugo[1]), "--quiet"])  # resources/ cached
    exe = None if args.skip_sigal else peer(args.venv, "sigal")
    if exe:
        sigal = (exe, sigal_site(args.work / "sigal", template))
        run_untimed([str(exe), "build", "pictures", "_build", "-c", "sigal.conf.py"], cwd=sigal[1])

    results = alternate(steps_for(ours, sites, hugo, sigal, args.cores), args.rounds)
    latencies = serve_runs(ours, sites, args.cores, args.edits, serve_edit)

    labels = [o.label for o in ours]
    pairs = [(f"{o} no-change", f"{p} no-change") for o in labels for p in ("hugo", "sigal")]
    pairs += [(f"{o} no-change", f"{o} full") for o in labels]
    pairs += between_ours(ours, ["no-change", "one-edit", "full", "start-up"])
    at = " and ".join(cores_label(c) for c in args.cores)
    lines = [
        f"{REPORTS} reports, {REPORTS * PHOTOS_PER_REPORT} cached photos; medians of "
        f"{args.rounds} alternating rounds of every command, at {at}.",
        "",
        *runs_table(results, args.cores),
        "",
        *ratio_table(results, pairs, args.cores),
        "",
        *latency_table(latencies),
        "",
        *serve_ratios(ours, latencies, args.cores),
        *targets(results, latencies, labels, max(args.cores)),
    ]
    peers = ["hugo", "sigal"]
    finish("Rebuild", "rebuild.py", __doc__, lines, ours, args, peers, load_before)
    return 0


def serve_ratios(
    ours: list[Ours], latencies: dict[tuple[str, int], Latencies], cores_list: list[int]
) -> list[str]:
    """Later builds against the first: ratio of the p50 latencies, and of the CPU time."""
    if len(ours) < 2:
        return []
    heads = (f"p50, {cores_label(c)} | CPU, {cores_label(c)}" for c in cores_list)
    head = "| serve ratio | " + " | ".join(heads)
    lines = [head + " |", "| --- |" + " ---: | ---: |" * len(cores_list)]
    for a, b in between_ours(ours, ["serve"]):
        cells = []
        for cores in cores_list:
            la, lb = latencies[(a, cores)], latencies[(b, cores)]
            cells.append(f"**{percentile(la.wall, 0.5) / percentile(lb.wall, 0.5):.3f}**")
            cpu_b = sum(lb.cpu)
            cells.append(f"{sum(la.cpu) / cpu_b:.3f}" if cpu_b else "n/a")
        lines.append(f"| {a} / {b} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def targets(
    results: Results, latencies: dict[tuple[str, int], Latencies], labels: list[str], cores: int
) -> list[str]:
    lines = [f"Targets ({cores_label(cores)}):", ""]
    for label in labels:
        serve = latencies[(f"{label} serve", cores)].wall
        lines.append(
            f"- *{label}*: serve p50 {percentile(serve, 0.5):.3f} s (≤ 0.050), p95 "
            f"{percentile(serve, 0.95):.3f} s (≤ 0.150); no-change CLI "
            f"{results.wall(f'{label} no-change', cores):.3f} s (≤ 0.25); one-edit CLI "
            f"{results.wall(f'{label} one-edit', cores):.3f} s (≤ 0.35)."
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
