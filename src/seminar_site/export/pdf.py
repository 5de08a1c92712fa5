"""``export --format pdf``: the report page as an A4 PDF, printed by Chromium.

The page is the report's standalone tree (export/load.py) written to a temporary folder and
printed from ``file://`` with its own print stylesheet (the theme's ``@media print``: A4,
photos two per row, strict Japanese line breaking). The export adds only what a PDF needs
and a browser's print does not: subset Japanese TrueType fonts (export/print_fonts.py), the
report's title and page numbers in the margins, a bookmark per heading and tags.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.export.links import public_links
from seminar_site.export.load import ExportInput, write_tree
from seminar_site.export.print_browser import PrintJob, check_engine, print_pdf
from seminar_site.export.print_fonts import (
    FAMILY,
    PrintFont,
    Subsets,
    find_faces,
    fit_text,
    font_face_css,
    missing_chars,
    page_chars,
)
from seminar_site.i18n import Message, _
from seminar_site.pipeline.manifest import CACHE_DIR

FONT_CACHE = "pdf-fonts"  # under ROOT/.seminar-cache
_FONT_DIR = "_pdf-fonts"  # in the temporary page tree
_MARGIN_PT = 8  # the size of the title and page numbers in the margins
# The title's room: A4's width less the theme's 15 mm side margins, less a little for kerning.
_MARGIN_WIDTH_PT = (210 - 2 * 15 - 5) * 72 / 25.4

# Print-only additions to the theme's print stylesheet: every glyph from the embedded
# Japanese subsets (no system fallback font sneaks in); strict line breaking, so that no
# line starts with 、。」） or a small kana (the theme sets it for :lang(ja) already); the
# report's title and the page numbers in the @page margin boxes.
_PAGE_CSS = """
@media print {{
  *, *::before, *::after {{ font-family: "{family}", sans-serif !important; }}
  :lang(ja) {{ line-break: strict; }}
  @page {{
    @top-left {{
      content: {title}; font-family: "{family}", sans-serif; font-size: {size}pt; color: #333;
      white-space: nowrap; vertical-align: bottom;
    }}
    @bottom-center {{
      content: counter(page) " / " counter(pages);
      font-family: "{family}", sans-serif; font-size: {size}pt; color: #333;
    }}
  }}
}}
"""


def export_pdf(export: ExportInput, target: Path) -> tuple[Message, ...]:
    """Write the report's A4 PDF to ``target``; the lines the command prints after it.

    The page is printed where the site has it (``export.page``, ``load_export(in_place=True)``)
    with its links the site's public addresses, never the temporary folder's (export/links.py).
    """
    index = export.pages[export.page]
    page_bytes = index if isinstance(index, bytes) else index.read_bytes()
    page_html = public_links(page_bytes.decode("utf-8"), export.page, export.config.base_url)
    title = export.report.title
    chars = page_chars([*_page_texts(page_html), title])
    locale = "ja-JP" if export.config.language == "ja" else export.config.language
    made: list[tuple[PrintFont, ...]] = []
    try:
        executable = check_engine()
        cache = export.root / CACHE_DIR / FONT_CACHE
        # The subsets are made in worker processes while Chromium starts and loads the page.
        with (
            Subsets(find_faces(), chars, cache) as subsets,
            tempfile.TemporaryDirectory(prefix="seminar-pdf-") as temp,
        ):
            folder = Path(temp)
            write_tree(folder, {**export.pages, export.page: page_html.encode("utf-8")})

            def page_css() -> str:
                made.append(subsets.wait())
                return _page_css(folder, made[0], title, "../" * export.page.count("/"))

            printed = print_pdf(PrintJob(folder / export.page, page_css, locale), executable)
    except SiteError as error:
        if error.path is not None:
            raise
        # Say which export failed: the report's folder (the tool itself is not in the site).
        raise SiteError(error.message, export.report.source_dir, hint=error.hint) from error
    target.write_bytes(printed.pdf)
    lines = _summary(printed.pdf, len(printed.blocked), len(printed.broken_images))
    absent = missing_chars(made[0][0], chars)
    if absent:
        lines += (
            _(
                "{count} character(s) are not in the Japanese font and may print in another "
                "font: {chars}",
                count=len(absent),
                chars=" ".join(absent[:40]),
            ),
        )
    return lines


class _TextParser(HTMLParser):
    """The text a page can print: character data outside scripts and styles, alt texts,
    and link addresses (the print stylesheet writes external ones after the link)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skipping += 1
        self.texts += [value for name, value in attrs if name in ("href", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def _page_texts(page: str) -> list[str]:
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return parser.texts


def _page_css(folder: Path, fonts: tuple[PrintFont, ...], title: str, up: str) -> str:
    """The CSS added to the page in ``folder``, with the fonts copied into it; ``up``: the
    way from the page to ``folder`` (``../../`` from ``reports/SLUG/index.html``)."""
    (folder / _FONT_DIR).mkdir(exist_ok=True)
    sources = []
    for font in fonts:
        # Each weight names its own face, so that Chromium never thickens a regular face
        # itself (its synthetic bold is written as Type 3 glyphs); one font for both
        # weights (SEMINAR_SITE_PDF_FONT with one file) prints bold text regular.
        name = f"{_FONT_DIR}/{font.path.name}"
        if not (folder / name).exists():
            shutil.copyfile(font.path, folder / name)
        sources.append((up + name, font.weight))
    regular = min(fonts, key=lambda font: font.weight)
    shown = fit_text(regular, title, _MARGIN_PT, _MARGIN_WIDTH_PT)
    return font_face_css(sources) + _PAGE_CSS.format(
        family=FAMILY, size=_MARGIN_PT, title=_css_string(shown)
    )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = "".join(
        ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def _summary(pdf: bytes, blocked: int, broken: int) -> tuple[Message, ...]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    lines = [
        _(
            "{pages} A4 page(s), {bookmarks} bookmark(s), Japanese fonts embedded",
            pages=len(reader.pages),
            bookmarks=_count_bookmarks(reader.outline),
        )
    ]
    if blocked:
        lines.append(
            _(
                "{count} address(es) outside the report were not loaded (the PDF is made offline)",
                count=blocked,
            )
        )
    if broken:
        lines.append(_("{count} image(s) could not be loaded into the PDF", count=broken))
    return tuple(lines)


def _count_bookmarks(outline: object) -> int:
    if isinstance(outline, list):
        return sum(_count_bookmarks(item) for item in outline)
    return 1
