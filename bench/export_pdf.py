#!/usr/bin/env python3
"""Export PDF (issue 16): `seminar-site export 2021-withcorona-dx --format pdf` of the bundled
seed report, with its photos, printed by Debian's chromium.

Targets (issue 16): the seed report's PDF in ≤ 10 s and ≤ 5 MB. The command is timed as a
whole process, as a user runs it (interpreter and Chromium start-up included), in two states:
*cold*, the first export of a copied site (no `.seminar-cache`: the photo renditions and the
Japanese font subsets are made), and *warm*, the same export again (renditions and subsets
come from the cache; Chromium still loads and prints the page). The two take turns round by
round, in reversed order every other round; each figure is the median of the rounds. The size
is that of the PDF written; pages, bookmarks and fonts are read from it (pypdf, pdffonts).

Usage: .venv/bin/python bench/export_pdf.py [--rounds 5] [--cores 2 1] [--write-docs]
  [--doc-images]      (about a minute; --doc-images also writes docs/images/export-pdf-page-*.png)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from functools import partial
from pathlib import Path

from benchdocs import (
    REPO,
    Step,
    add_common_options,
    alternate,
    check_rounds,
    clear_outputs,
    compile_sources,
    finish,
    resolve_ours,
    run_untimed,
    runs_table,
)
from PIL import Image

SLUG = "2021-withcorona-dx"
TARGET_SECONDS = 10.0
TARGET_MB = 5.0
DOC_IMAGES = REPO / "docs" / "images"


def export_command(exe: list[str], root: Path) -> list[str]:
    out = root / "_export" / f"{SLUG}.pdf"
    return [*exe, "export", SLUG, "--format", "pdf", "--root", str(root), "--out", str(out)]


def describe_pdf(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)

    def count(outline: object) -> int:
        return sum(map(count, outline)) if isinstance(outline, list) else 1

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    size_mb = pdf.stat().st_size / 1e6
    return [
        f"The PDF: {pdf.stat().st_size:,} bytes ({size_mb:.2f} MB, target ≤ {TARGET_MB:g} MB: "
        f"{'met' if size_mb <= TARGET_MB else '**missed**'}), {len(reader.pages)} A4 pages, "
        f"{count(reader.outline)} bookmarks, tagged: "
        f"{'/StructTreeRoot' in reader.trailer['/Root']}. `pdffonts`:",
        "",
        "```",
        *fonts.rstrip().splitlines(),
        "```",
    ]


def doc_images(pdf: Path, pages: tuple[int, ...] = (1, 3)) -> None:
    """Small page images for docs/export.md (50 dpi PNG): the first page, and the first
    page with photos."""
    DOC_IMAGES.mkdir(parents=True, exist_ok=True)
    prefix = DOC_IMAGES / "export-pdf-page"
    for page in pages:
        args = ["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page)]
        subprocess.run([*args, str(pdf), str(prefix)], check=True)
        image = DOC_IMAGES / f"export-pdf-page-{page}.png"
        with Image.open(image) as picture:  # 64 colours: a third of the bytes, still legible
            small = picture.convert("RGB").quantize(colors=64)
        small.save(image, optimize=True)
        print(f"wrote {image.relative_to(REPO)} ({image.stat().st_size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_options(parser, rounds=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/seminar-export-pdf"))
    parser.add_argument("--doc-images", action="store_true", help="write docs/images/…png")
    args = parser.parse_args()
    check_rounds(args)
    ours = resolve_ours(args.ours)[:1]
    compile_sources(ours)
    load_before = os.getloadavg()
    shutil.rmtree(args.work, ignore_errors=True)
    root = args.work / "site"
    shutil.copytree(REPO / "content", root / "content")
    command = export_command(ours[0].cmd(), root)
    steps = []
    for cores in args.cores:
        steps.append(Step("export pdf cold", cores, command, prepare=partial(clear_outputs, root)))
        steps.append(Step("export pdf warm", cores, command, prepare=partial(run_untimed, command)))
    results = alternate(steps, args.rounds)
    pdf = root / "_export" / f"{SLUG}.pdf"
    lines = [
        f"Medians of {args.rounds} alternating rounds. The bundled report "
        f"`{SLUG}` (5 A4 pages, 6 photos).",
        "",
        *runs_table(results, args.cores),
        "",
        "Targets (wall time):",
        "",
    ]
    for name in ("export pdf cold", "export pdf warm"):
        for cores in args.cores:
            wall = results.wall(name, cores)
            verdict = "met" if wall <= TARGET_SECONDS else "**missed**"
            lines.append(
                f"- `{name}`, {cores} core(s): {wall:.2f} s (target ≤ {TARGET_SECONDS:g} s: "
                f"{verdict})"
            )
    lines += ["", *describe_pdf(pdf)]
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout
    lines += ["", f"Engine: {chromium.strip() or 'chromium (version unknown)'}."]
    finish("Export PDF (issue 16)", "export_pdf.py", __doc__, lines, ours, args, [], load_before)
    if args.doc_images:
        doc_images(pdf)


if __name__ == "__main__":
    main()
