"""A printed session never leaves its heading or speaker line alone at the foot of a page
(R26): the heading, the time, the speaker lines and the summary's first lines go together.

The bundled report is printed to A4 by Chromium (page.pdf, as the staff's print does) and the
text of each page read with poppler's pdftotext (its form feeds part the pages; it reads the
CJK glyphs Chromium shares with radicals as the text, where pypdf does not).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.browser.conftest import PAGES, load_all_images
from tests.browser.test_print import pdf_text, squash

# Per session: its heading, time and speaker lines, then the start of its summary (if any).
_SESSION_PARTS = """() => [...document.querySelectorAll("section.session")].map((session) => {
  const parts = [...session.querySelectorAll(
    ":scope > h3, :scope > .session-time, :scope > .speakers")].map((el) => el.innerText);
  const first = session.querySelector(":scope > .summary > *");
  if (first) parts.push(first.innerText.slice(0, 12));
  return parts;
})"""


def page_texts(pdf: Path) -> list[str]:
    pdf_text(pdf)  # skips when pdftotext is missing
    proc = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [squash(page) for page in proc.stdout.split("\f")]


def pages_of(pages: list[str], parts: list[str], start: int) -> tuple[list[tuple[int, int]], int]:
    """The pages (first, last) each of ``parts`` is printed on, found in order from ``start``
    in the text of all pages run together; and where the last one ends."""
    text = "".join(pages)
    ends = [sum(map(len, pages[: n + 1])) for n in range(len(pages))]

    def page_at(offset: int) -> int:
        return next(n for n, end in enumerate(ends, 1) if offset < end)

    found = []
    for part in parts:
        at = text.find(part, start)
        assert at >= 0, f"{part!r} is not in the PDF"
        found.append((page_at(at), page_at(at + len(part) - 1)))
        start = at + len(part)
    return found, start


def test_no_page_ends_with_a_session_heading_or_speaker_line(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(site_url + PAGES["report"], wait_until="load")
        load_all_images(page)
        page.emulate_media(media="print")
        sessions = [[squash(text) for text in texts] for texts in page.evaluate(_SESSION_PARTS)]
        pdf = tmp_path / "report.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    assert len(sessions) >= 8 and all(len(parts) >= 2 for parts in sessions), sessions
    pages = page_texts(pdf)
    assert len([body for body in pages if body]) > 2
    apart, start = [], 0
    for parts in sessions:
        found, start = pages_of(pages, parts, start)
        if len({page for pair in found for page in pair}) > 1:
            apart.append((parts[0], found))
    assert not apart, f"sessions whose heading, speakers and summary start are apart: {apart}"
