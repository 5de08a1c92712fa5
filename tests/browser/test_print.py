"""The report page printed to A4 PDF by Chromium (issue 5, REPORT-PAGE.md R26).

Checked on the PDF itself: page size (pypdf), text (every visible heading and paragraph), where
each photo was drawn (the image XObjects' placement matrices), and on the print-media DOM
(the gallery grid's computed columns and each figure's geometry around its photo).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import PAGES, load_all_images, missing_tool

A4_PT = (595.0, 842.0)
PT_PER_PX = 0.75  # Chromium prints 96 CSS px per inch, 72 pt per inch, when nothing overflows
TOLERANCE_PT = 2.0


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, y upwards."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class PdfPage:
    width: float
    height: float
    content: Box  # the clip Chromium sets to the page's content area (inside the @page margins)
    images: list[Box] = field(default_factory=list)


def _transform(cm: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = cm
    return a * x + c * y + e, b * x + d * y + f


def _box(cm: list[float], x: float, y: float, w: float, h: float) -> Box:
    corners = [_transform(cm, x + dx, y + dy) for dx in (0, w) for dy in (0, h)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _read_page(page: Any) -> PdfPage:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    images: list[Box] = []
    clips: list[Box] = []
    last_rect: list[Box] = []
    xobjects = page.get("/Resources", {}).get("/XObject", {})
    image_names = {
        name for name, ref in xobjects.items() if ref.get_object().get("/Subtype") == "/Image"
    }

    def visit(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"re":
            last_rect[:] = [_box(cm, *map(float, args))]
        elif op in (b"W", b"W*") and last_rect:
            clips.append(last_rect[0])
        elif op == b"Do" and args and args[0] in image_names:
            images.append(_box(cm, 0.0, 0.0, 1.0, 1.0))

    page.extract_text(visitor_operand_before=visit)
    content = clips[0] if clips else Box(0.0, 0.0, width, height)
    return PdfPage(width, height, content, images)


def read_pdf(path: Path) -> list[PdfPage]:
    """Page sizes and image placements, walking each page's content stream once."""
    from pypdf import PdfReader

    return [_read_page(page) for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    """The PDF's text by poppler's pdftotext, which (unlike pypdf) honours the /ActualText
    Chromium writes where a CJK glyph is shared with a radical or symbol (長 vs ⻑, ・ vs ‧)."""
    if shutil.which("pdftotext") is None:
        missing_tool("pdftotext (poppler-utils) is not installed")
    proc = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return proc.stdout


def squash(text: str) -> str:
    """Compare texts ignoring line breaks, spaces, invisible break hints and width variants."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\u00ad\u200b\u2060]+", "", text)


@dataclass(frozen=True)
class Printed:
    pdf: Path
    pages: list[PdfPage]
    text: str
    segments: list[list[str]]  # per visible heading/paragraph: its text runs, in order
    figures: list[dict[str, Any]]  # per visible figure photo: DOM geometry in CSS px
    gallery_columns: list[int]  # computed grid column counts of each gallery container


_VISIBLE = "el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})"

# Headings and paragraphs a reader sees on screen in <main> (not in nav or the lightbox):
# print CSS must not drop any of them.
_TEXT_PROBE = (
    """() => {
    const visible = """
    + _VISIBLE
    + """;
    const segments = [];
    const scope = document.querySelector('main') || document.body;
    for (const el of scope.querySelectorAll('h1, h2, h3, h4, h5, h6, p')) {
        if (!visible(el) || el.closest('nav, dialog')) continue;
        // Text runs split at element boundaries: print CSS may add ::before/::after content
        // (external links print their URL), which must not break the comparison.
        const runs = [];
        let run = '';
        const walk = node => {
            for (const child of node.childNodes) {
                if (child.nodeType === Node.TEXT_NODE) { run += child.data; continue; }
                if (child.nodeType !== Node.ELEMENT_NODE || !visible(child)) continue;
                const r = child.getBoundingClientRect();
                if (r.width <= 1 || r.height <= 1) continue;  // visually hidden helper text
                runs.push(run); run = '';
                walk(child);
                runs.push(run); run = '';
            }
        };
        walk(el);
        runs.push(run);
        segments.push(runs);
    }
    return segments;
}"""
)

# Under print media: each photo figure's geometry, and the gallery grids' column counts.
_PRINT_PROBE = (
    """() => {
    const visible = """
    + _VISIBLE
    + """;
    const figures = [];
    for (const fig of document.querySelectorAll('figure')) {
        const img = fig.querySelector('img');
        if (!img || !visible(fig)) continue;
        const f = fig.getBoundingClientRect(), i = img.getBoundingClientRect();
        figures.push({src: img.currentSrc, width: i.width, height: i.height,
                      natural: img.naturalWidth / img.naturalHeight,
                      above: i.top - f.top, below: f.bottom - i.bottom});
    }
    const galleries = new Set();
    for (const fig of document.querySelectorAll('figure')) {
        for (let el = fig.parentElement; el && el !== document.body; el = el.parentElement) {
            if (getComputedStyle(el).display.includes('grid')) { galleries.add(el); break; }
        }
    }
    const columns = Array.from(galleries).filter(g => g.querySelectorAll('figure').length > 1)
        .map(g => getComputedStyle(g).gridTemplateColumns.split(' ').filter(Boolean).length);
    return {figures, columns};
}"""
)


@pytest.fixture(scope="module")
def printed(browser: Any, site_url: str, artifacts_dir: Path) -> Iterator[Printed]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site_url + PAGES["report"], wait_until="load")
        load_all_images(page)
        segments = page.evaluate(_TEXT_PROBE)
        page.emulate_media(media="print")
        pdf = artifacts_dir / "report-print.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
        print(f"print PDF: {pdf}")
        pages = read_pdf(pdf)
        # Measure the DOM at the printed content width so line wrapping matches the PDF.
        content_px = round(pages[0].content.width / PT_PER_PX)
        page.set_viewport_size({"width": content_px, "height": 900})
        probe = page.evaluate(_PRINT_PROBE)
        yield Printed(pdf, pages, pdf_text(pdf), segments, probe["figures"], probe["columns"])
    finally:
        context.close()


def test_every_page_is_a4(printed: Printed) -> None:
    assert printed.pages
    for number, page in enumerate(printed.pages, 1):
        assert abs(page.width - A4_PT[0]) <= TOLERANCE_PT, f"page {number} width {page.width}"
        assert abs(page.height - A4_PT[1]) <= TOLERANCE_PT, f"page {number} height {page.height}"


def test_pdf_keeps_every_heading_and_paragraph(printed: Printed) -> None:
    document = squash(printed.text)
    assert len(printed.segments) > 5, "the report page should have headings and paragraphs"
    missing = []
    for runs in printed.segments:
        position = 0
        for run in map(squash, runs):
            if not run:
                continue
            found = document.find(run, position)
            if found < 0:
                missing.append(run[:80])
                break
            position = found + len(run)
    assert not missing, f"{len(missing)} text runs missing from the PDF:\n" + "\n".join(missing)


def test_gallery_prints_two_per_row(printed: Printed) -> None:
    assert printed.gallery_columns, "no gallery grid found under print media"
    assert all(n == 2 for n in printed.gallery_columns), printed.gallery_columns
    # And on paper: photos side by side share their vertical band, never more than two.
    widest_row = 0
    for page in printed.pages:
        for image in page.images:
            row = [
                other
                for other in page.images
                if other.bottom < image.top - 1 and other.top > image.bottom + 1
            ]
            widest_row = max(widest_row, len(row))
    assert widest_row == 2, f"most photos side by side on a printed page: {widest_row}"


def _drawn_as(figure: dict[str, Any], box: Box) -> bool:
    """Whether `box` (a PDF image drawing) can be this figure's <img>: one side equal to the
    element's, the aspect either the element's (object-fit: fill) or the picture's own
    (contain or cover, which draw it centred in the element box)."""
    width, height = figure["width"] * PT_PER_PX, figure["height"] * PT_PER_PX
    if abs(box.width - width) > TOLERANCE_PT and abs(box.height - height) > TOLERANCE_PT:
        return False
    aspect = box.width / box.height
    return any(abs(aspect - want) <= 0.03 * want for want in (width / height, figure["natural"]))


def _match_figures(printed: Printed) -> list[tuple[dict[str, Any], PdfPage, Box]]:
    """Pair each DOM figure photo with its drawing in the PDF (same order, same size), and
    return the <img> element's box on the page (centred on the drawing)."""
    draws = [(page, box) for page in printed.pages for box in page.images]
    pairs = []
    cursor = 0
    for figure in printed.figures:
        while cursor < len(draws):
            page, box = draws[cursor]
            cursor += 1
            if _drawn_as(figure, box):
                half_w = figure["width"] * PT_PER_PX / 2
                half_h = figure["height"] * PT_PER_PX / 2
                cx, cy = (box.left + box.right) / 2, (box.bottom + box.top) / 2
                element = Box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)
                pairs.append((figure, page, element))
                break
        else:
            raise AssertionError(f"photo {figure['src']} not found in the PDF (in order, by size)")
    return pairs


def test_no_figure_straddles_a_page_break(printed: Printed) -> None:
    assert printed.figures, "the report page should have photo figures"
    problems = []
    for figure, page, photo in _match_figures(printed):
        # The figure's box extends above and below its photo by the same amounts as on screen;
        # all of it must lie inside the page's content area (otherwise it continued overleaf).
        top = photo.top + figure["above"] * PT_PER_PX
        bottom = photo.bottom - figure["below"] * PT_PER_PX
        if top > page.content.top + TOLERANCE_PT or bottom < page.content.bottom - TOLERANCE_PT:
            problems.append(
                f"{figure['src']}: figure spans y {bottom:.0f}..{top:.0f} pt, "
                f"page content {page.content.bottom:.0f}..{page.content.top:.0f} pt"
            )
    assert not problems, "figures split across pages:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- link addresses

LINKS_REPORT = """\
title: リンクの印刷の試験
lead: 報告です。
published: 2025-11-20
body: narrative.md
event:
  name: 試験シンポジウム
  format: hybrid
  venue: 市民会館
  online:
    platform: Zoom
    url: https://zoom.example.jp/webinar/1
materials:
  - label: センターの紹介(センターのページ)
    url: https://www.example.jp/data-center/
days:
  - date: 2025-11-08
    sessions:
      - kind: 講演
        title: 基調講演
        summary: 詳しくは[市のページ](https://city.example.jp/dx/)をご覧ください。
"""
LINKS_NARRATIVE = """\
協議会の[案内](https://kyogikai.example.jp/)、<https://auto.example.jp/>、
https://bare.example.jp/x と www.www.example.jp、[https://same.example.jp/](https://same.example.jp/)、
[講演の記録](#day1-session1) と [一覧](../../index.html)。
"""
# Under print media: what each link of the page prints after its text.
_AFTER_PROBE = """() => Array.from(document.querySelectorAll('a[href]')).map(a => [
    a.getAttribute('href'), a.textContent.trim(), getComputedStyle(a, '::after').content])"""


def test_outside_links_print_their_address_unless_it_is_their_text(
    browser: Any, serve: Any, tmp_path: Path
) -> None:
    from tests.browser.conftest import build_site
    from tests.conftest import REPORT_DIR, REPORT_PATH, SITE_PATH, write_files

    root = write_files(
        tmp_path / "links",
        {
            SITE_PATH: "title: 試験サイト\nlanguage: ja\nbase_url: https://reports.example.jp/\n"
            "contact:\n  unit: 事務局\n  url: https://www.example.jp/contact/\n",
            REPORT_PATH: LINKS_REPORT,
            f"{REPORT_DIR}/narrative.md": LINKS_NARRATIVE,
        },
    )
    url = serve(build_site(root, root / "site")) + "reports/r1/index.html"
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        printed = {href: after for href, _text, after in page.evaluate(_AFTER_PROBE)}
    finally:
        page.close()
    for href in (
        "https://www.example.jp/data-center/",  # a material's link
        "https://city.example.jp/dx/",  # in a summary
        "https://kyogikai.example.jp/",  # in the narrative
        "https://www.example.jp/contact/",  # お問い合わせフォーム
    ):
        assert printed[href] == f'" ({href})"', (href, printed[href])
    # The address is the text already: printed once, not twice.
    for href in (
        "https://zoom.example.jp/webinar/1",  # the 配信 row
        "https://auto.example.jp/",
        "https://bare.example.jp/x",
        "https://www.www.example.jp",
        "https://same.example.jp/",
    ):
        assert printed[href] == "none", (href, printed[href])
    for href in ("#day1-session1", "../../index.html", "#main"):  # internal: no address
        assert printed[href] == "none", (href, printed[href])


def test_the_symposiums_outside_material_prints_its_address(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    page = browser.new_page()
    try:
        page.goto(site_url + PAGES["symposium"], wait_until="load")
        page.emulate_media(media="print")
        pdf = tmp_path / "symposium.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    text = squash(pdf_text(pdf))
    label = squash("東北大学データ駆動科学センターの紹介(センターのページ)")
    assert label + "(https://www.example.jp/data-center/)" in text
