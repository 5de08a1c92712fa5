"""``seminar-site export SLUG --format pdf`` on the bundled report (issue 16, item 2).

The command is run as a user runs it (a subprocess, Debian's chromium) on a copy of the
bundled content; the PDF is then read with poppler (pdffonts, pdftotext, pdftoppm) and pypdf:
embedded subset Japanese fonts, a bookmark per section and day, tags, A4, photos two per row,
no line starting with closing punctuation or a small kana, the title and page numbers in the
margins, and every line of the seed text. Page images go to $SEMINAR_SITE_ARTIFACTS.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tests.chromium import CHROMIUM, missing_tool
from tests.conftest import REPO, REPORT_DIR, REPORT_PATH, MakeSite, cli_env, report_yaml
from tests.test_export_fragment import jpeg, pdf
from tests.test_report_page import seed_lines

from .conftest import REPORT_SLUG
from .test_print import A4_PT, TOLERANCE_PT, pdf_text, read_pdf, squash

MM = 72 / 25.4
# What may not start a line in Japanese (line-break: strict): closing brackets and
# punctuation, the iteration and prolonged-sound marks, and the small kana.
NO_LINE_START = set(
    "、。，．,.」』）)〕］]｝}〉》】〙〗’”・：；！？!?ゝゞヽヾー々"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seminar_site", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(**env),
        check=False,
    )


def export_pdf(root: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "export", REPORT_SLUG, "--format", "pdf", "--root", str(root), "--out", str(out), **env
    )


def need_tools() -> None:
    if not CHROMIUM.exists():
        missing_tool(f"chromium not found at {CHROMIUM} (set SEMINAR_SITE_CHROMIUM)")
    for tool in ("pdffonts", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            missing_tool(f"{tool} (poppler-utils) is not installed")
    for module in ("playwright", "fontTools"):
        try:
            __import__(module)
        except ImportError:
            missing_tool(f"the Python package {module} is not installed (the pdf extra)")


def copy_site(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    return root


@dataclass(frozen=True)
class Exported:
    root: Path
    pdf: Path
    stdout: str
    page_html: BeautifulSoup = field(
        repr=False
    )  # the page that was printed (the export's standalone index.html)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Exported:
    need_tools()
    root = copy_site(tmp_path_factory.mktemp("export-pdf"))
    pdf = root / "out" / f"{REPORT_SLUG}.pdf"
    proc = export_pdf(root, pdf, SEMINAR_SITE_CHROMIUM=str(CHROMIUM))
    assert proc.returncode == 0, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    shutil.copyfile(pdf, artifacts_dir / "export-pdf.pdf")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(pdf), str(artifacts_dir / "export-pdf-page")],
        check=True,
        timeout=120,
    )
    from seminar_site.export.load import load_export

    index = load_export(root, REPORT_SLUG).pages["index.html"]
    assert isinstance(index, bytes)
    return Exported(root, pdf, proc.stdout, BeautifulSoup(index, "html.parser"))


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, emb, sub, uni per font."""
    out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rows = []
    for line in out.splitlines()[2:]:
        fields = line.split()
        # name, type words..., encoding, emb, sub, uni, object id, generation
        rows.append(
            {
                "name": fields[0],
                "type": " ".join(fields[1:-6]),
                "emb": fields[-5],
                "sub": fields[-4],
                "uni": fields[-3],
            }
        )
    return rows


def outline_titles(pdf: Path) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(PdfReader(pdf).outline, 0)
    return found


def bad_line_starts(layout_text: str) -> list[str]:
    """The lines (from ``pdftotext -layout``) that start with a character Japanese line
    breaking keeps off the start of a line."""
    return [
        line.strip()
        for line in layout_text.splitlines()
        if line.strip() and line.strip()[0] in NO_LINE_START
    ]


def layout_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


# --------------------------------------------------------------------------- the PDF


def test_export_prints_what_it_wrote_and_every_page_is_a4(exported: Exported) -> None:
    reader = PdfReader(exported.pdf)
    pages = len(reader.pages)
    assert pages >= 3
    assert f"wrote {exported.pdf}" in exported.stdout
    assert f"{pages} A4 page(s)" in exported.stdout
    for number, page in enumerate(reader.pages, 1):
        assert abs(float(page.mediabox.width) - A4_PT[0]) <= TOLERANCE_PT, number
        assert abs(float(page.mediabox.height) - A4_PT[1]) <= TOLERANCE_PT, number


def test_every_font_is_an_embedded_subset_of_a_japanese_face(exported: Exported) -> None:
    fonts = pdffonts(exported.pdf)
    assert fonts, "the PDF has no fonts"
    problems = [
        font
        for font in fonts
        if font["emb"] != "yes"
        or font["sub"] != "yes"
        or font["type"] == "Type 3"
        or not re.search(r"CJKjp|JP", font["name"])
    ]
    assert problems == [], problems
    assert {re.sub(r"^[A-Z]{6}\+", "", f["name"]) for f in fonts} >= {
        "NotoSansCJKjp-Regular",
        "NotoSansCJKjp-Bold",
    }


def regular_subset(cache: Path) -> Path:
    """The regular face's subset among the cached ones (by its name table)."""
    from fontTools.ttLib import TTFont

    (found,) = [p for p in cache.glob("*.ttf") if TTFont(p)["name"].getDebugName(2) == "Regular"]
    return found


def test_the_subsets_have_the_japanese_glyph_forms(exported: Exported) -> None:
    """Noto Sans CJK's faces share one glyph set and differ in which glyph a character maps
    to (直 JP ≠ 直 SC): every character of the page that the JP and SC faces draw
    differently maps, in the embedded subsets, to the JP face's glyph."""
    from fontTools.ttLib import TTCollection, TTFont

    from seminar_site.export.print_fonts import find_faces

    regular, _bold = find_faces()
    if regular.path.suffix.lower() != ".ttc":
        pytest.skip(f"the Japanese face is not in a collection: {regular.path.name}")
    faces = {f["name"].getDebugName(1): f for f in TTCollection(regular.path, lazy=True).fonts}
    if "Noto Sans CJK SC" not in faces:
        pytest.skip("no Simplified Chinese face beside the Japanese one")
    jp = faces["Noto Sans CJK JP"].getBestCmap()
    sc = faces["Noto Sans CJK SC"].getBestCmap()
    cache = exported.root / ".seminar-cache" / "pdf-fonts"
    subset_path = regular_subset(cache)
    subset = TTFont(subset_path).getBestCmap()
    text = exported.page_html.get_text()
    differing = sorted({ch for ch in text if ord(ch) in jp and jp[ord(ch)] != sc.get(ord(ch))})
    assert len(differing) > 20, differing  # the seed text has many such characters
    wrong = [ch for ch in differing if subset.get(ord(ch)) != jp[ord(ch)]]
    assert wrong == []


def test_characters_outside_the_font_are_found(exported: Exported) -> None:
    from seminar_site.export.print_fonts import PrintFont, missing_chars

    subset_path = regular_subset(exported.root / ".seminar-cache" / "pdf-fonts")
    # 学 and ぶ are in the title (in the subset); the emoji and the rare 龘 are not.
    assert missing_chars(PrintFont(subset_path, 400), "学 ぶ\U0001f600龘") == ["\U0001f600", "龘"]


def test_a_title_with_quotes_is_a_valid_css_string() -> None:
    from seminar_site.export.pdf import _css_string

    assert _css_string('A "quoted" \\ title\n') == '"A \\22 quoted\\22  \\5c  title\\a "'


def structure_kinds(node: Any, found: Counter[str] | None = None) -> Counter[str]:
    """How many structure elements of each kind (/H1, /P, /Figure …) the tag tree holds."""
    found = Counter() if found is None else found
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found[str(node["/S"])] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            structure_kinds(kid, found)
    return found


def test_pdf_says_it_is_japanese_and_is_tagged(exported: Exported) -> None:
    catalog = PdfReader(exported.pdf).trailer["/Root"]
    assert catalog.get("/Lang") == "ja"  # so that readers pick Japanese glyphs and voices
    assert bool(catalog["/MarkInfo"]["/Marked"])
    kinds = structure_kinds(catalog["/StructTreeRoot"])
    page = exported.page_html
    assert kinds["/H1"] == 1
    assert kinds["/H2"] == len(page.select("main h2, .site-footer h2"))  # footer: お問い合わせ
    assert kinds["/H3"] >= len(page.select("section.session h3"))
    assert kinds["/Figure"] >= len(page.select(".gallery img"))
    assert kinds["/P"] > 20


def test_a_bookmark_per_section_and_day(exported: Exported) -> None:
    bookmarks = outline_titles(exported.pdf)
    titles = [squash(title) for _depth, title in bookmarks]
    page = exported.page_html
    days = [squash(h.get_text()) for h in page.select("section.day h2")]
    sessions = [squash(h.get_text()) for h in page.select("section.session h3")]
    sections = [squash(h.get_text()) for h in page.select("main h2")]
    assert len(days) == 2 and len(sessions) == 8 and len(sections) > len(days)
    for heading in [*sections, *sessions]:
        assert heading in titles, f"no bookmark for {heading!r}: {titles}"
    # Days are top-level sections under the title; their sessions are nested under them.
    depth = dict(zip(titles, (d for d, _t in bookmarks), strict=True))
    assert {depth[day] for day in days} == {1}
    assert all(depth[session] == 2 for session in sessions)
    assert page.h1 is not None
    assert bookmarks[0] == (0, page.h1.get_text())  # the report's title first


def test_pdftotext_passes_the_seed_completeness_check(exported: Exported) -> None:
    """Every line of the seed text is in the PDF's text (tests/test_report_page.py's check),
    except the site navigation, which the theme's print stylesheet leaves off paper (a
    link back to the site means nothing there; the page's address is printed instead).

    The text is pdftotext's in content order (-raw), which is the reading order Chromium
    draws in: its default column guessing moves a heading's trailing '-' elsewhere."""
    text = squash(raw_text(exported.pdf))
    lines = seed_lines()
    assert len(lines) >= 38
    missing = [line for line in lines if squash(line) not in text]
    navigation = {
        squash(element.get_text())
        for element in exported.page_html.select(".back-link, .breadcrumb, .skip-link")
    }
    assert [line for line in missing if squash(line) not in navigation] == []
    assert len(missing) <= 1, missing  # 「サイトへ戻る」, the back link
    assert exported.page_html.select_one(".print-url") is not None


def raw_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def test_no_line_starts_with_closing_punctuation_or_a_small_kana(exported: Exported) -> None:
    text = layout_text(exported.pdf)
    assert len([line for line in text.splitlines() if line.strip()]) > 60
    assert bad_line_starts(text) == []


def test_the_line_start_checker_sees_a_bad_line() -> None:
    assert bad_line_starts("行の始まり\n  。句点で始まる行\nっで始まる行\n普通の行") == [
        "。句点で始まる行",
        "っで始まる行",
    ]


def test_photos_print_two_per_row(exported: Exported) -> None:
    pages = read_pdf(exported.pdf)
    drawn = [image for page in pages for image in page.images]
    photos = exported.page_html.select(".gallery img")
    assert len(photos) >= 4
    assert len(drawn) >= len(photos)
    widest = 0
    for page in pages:
        for image in page.images:
            beside = [
                other
                for other in page.images
                if other.bottom < image.top - 1 and other.top > image.bottom + 1
            ]
            widest = max(widest, len(beside))
    assert widest == 2


def word_boxes(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Per page: (word, top, bottom) in points from the top edge (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    soup = BeautifulSoup(out, "html.parser")
    return [
        [(w.get_text(), float(w["ymin"]), float(w["ymax"])) for w in page.find_all("word")]
        for page in soup.find_all("page")
    ]


def test_title_and_page_numbers_in_the_margins(exported: Exported) -> None:
    pages = word_boxes(exported.pdf)
    title = squash(exported.page_html.h1.get_text()) if exported.page_html.h1 else "?"
    top_margin, bottom_margin = 15 * MM, A4_PT[1] - 18 * MM  # the theme's @page margins
    for number, words in enumerate(pages, 1):
        middle = [(word, (top + bottom) / 2) for word, top, bottom in words]
        header = squash("".join(word for word, y in middle if y <= top_margin))
        footer = squash("".join(word for word, y in middle if y >= bottom_margin))
        assert header == title, f"page {number} header: {header!r}"
        assert footer == f"{number}/{len(pages)}", f"page {number} footer: {footer!r}"


def cached_subsets(cache: Path) -> set[tuple[str, int, int]]:
    """(name, inode, size) of each cached subset: a subset written again (atomically, so
    under a new inode) or a new one shows."""
    return {(p.name, p.stat().st_ino, p.stat().st_size) for p in cache.glob("*.ttf")}


def test_a_long_title_is_cut_short_in_the_margin(tmp_path: Path) -> None:
    need_tools()
    root = copy_site(tmp_path)
    report = root / "content" / "reports" / "2025-dx-symposium" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    title = "title: データ利活用で地域をひらく 自治体DXシンポジウム2025 開催報告"
    assert title in text
    longer = (
        title
        + "（仙台国際センター会場とオンライン配信を併用した、東北地域の自治体と大学の連携事例）"
    )
    report.write_text(text.replace(title, longer, 1), encoding="utf-8")
    out = tmp_path / "long.pdf"
    proc = run_cli(
        "export", "2025-dx-symposium", "--format", "pdf", "--root", str(root), "--out", str(out),
        SEMINAR_SITE_CHROMIUM=str(CHROMIUM),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    header = [
        word for word in BeautifulSoup(boxes, "html.parser").find_all("word")
        if (float(word["ymin"]) + float(word["ymax"])) / 2 <= 15 * MM
    ]  # fmt: skip
    assert header, "no title in the top margin"
    assert "".join(w.get_text() for w in header).endswith("…")
    assert max(float(w["xmax"]) for w in header) <= A4_PT[0] - 15 * MM  # inside the margins


def test_a_second_export_reuses_the_font_subsets(exported: Exported, tmp_path: Path) -> None:
    cache = exported.root / ".seminar-cache" / "pdf-fonts"
    before = cached_subsets(cache)
    assert len(before) == 2  # regular and bold
    again = tmp_path / "again.pdf"
    proc = export_pdf(exported.root, again, SEMINAR_SITE_CHROMIUM=str(CHROMIUM))
    assert proc.returncode == 0, proc.stderr
    assert cached_subsets(cache) == before
    assert squash(pdf_text(again)) == squash(pdf_text(exported.pdf))


def test_a_page_with_fewer_characters_uses_the_cached_subsets(exported: Exported) -> None:
    from seminar_site.export.print_fonts import find_faces, page_chars, subset_fonts

    cache = exported.root / ".seminar-cache" / "pdf-fonts"
    before = cached_subsets(cache)
    fewer = page_chars([exported.page_html.h1.get_text() if exported.page_html.h1 else ""])
    fonts = subset_fonts(find_faces(), fewer, cache)
    assert {font.path.name for font in fonts} == {name for name, _ino, _size in before}
    assert cached_subsets(cache) == before


def test_a_configured_font_is_embedded_instead(tmp_path: Path) -> None:
    """SEMINAR_SITE_PDF_FONT=regular:bold replaces the fontconfig choice (here the Serif
    faces of the same Noto CJK family, where the machine has them)."""
    need_tools()
    serif = sorted(Path("/usr/share/fonts").rglob("NotoSerifCJK-*.ttc"))
    faces = {path.stem.rpartition("-")[2]: path for path in serif}
    if not {"Regular", "Bold"} <= faces.keys():
        pytest.skip("Noto Serif CJK is not installed")
    root = copy_site(tmp_path)
    out = tmp_path / "serif.pdf"
    proc = run_cli(
        "export", "2025-dx-symposium", "--format", "pdf", "--root", str(root), "--out", str(out),
        SEMINAR_SITE_CHROMIUM=str(CHROMIUM),
        SEMINAR_SITE_PDF_FONT=f"{faces['Regular']}{os.pathsep}{faces['Bold']}",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    names = sorted(re.sub(r"^[A-Z]{6}\+", "", font["name"]) for font in pdffonts(out))
    assert names == ["NotoSerifCJKjp-Bold", "NotoSerifCJKjp-Regular"]


def test_a_configured_file_that_is_no_font_is_a_located_error(tmp_path: Path) -> None:
    need_tools()
    root = copy_site(tmp_path / "site")
    bad = tmp_path / "not-a-font.ttf"
    bad.write_bytes(b"this is text, not a font\n")
    out = tmp_path / "r.pdf"
    proc = run_cli(
        "export", "2025-dx-symposium", "--format", "pdf", "--root", str(root), "--out", str(out),
        "--lang", "ja", SEMINAR_SITE_CHROMIUM=str(CHROMIUM), SEMINAR_SITE_PDF_FONT=str(bad),
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (
        "content/reports/2025-dx-symposium: 「not-a-font.ttf」は PDF の書き出しで読める"
        "フォントのファイルではありません" in proc.stderr
    )
    assert not out.exists()


# --------------------------------------------------------------------------- links

LINKS_SESSION = """\
      - kind: 講演
        title: 基調講演
        materials:
          - label: 講演資料
            file: slides.pdf
          - label: 関連リンク集
            url: https://example.jp/links
        recording:
          url: https://www.youtube.com/watch?v=dQw4w9WgXcQ
          title: 基調講演の録画
          captions: true
          transcript: |
            皆さん、こんにちは。
    photos:
      - file: photos/hall.jpg
        alt: 会場の前方から見た講演の様子
        consent: not-identifiable
"""
WATCH = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def link_site(make_site: MakeSite) -> Path:
    """A report whose page links a material, a photo, a document its text links to, a place
    on the page, other sites and a recording."""
    return make_site(
        {
            REPORT_PATH: report_yaml(sessions=LINKS_SESSION, extra="body: narrative.md\n"),
            f"{REPORT_DIR}/narrative.md": (
                "## 開催の背景\n\n[当日の記録](#day-1)と[配布資料](handout.pdf)、"
                "[関連ページ](https://example.jp/dx)を紹介します。\n"
            ),
            f"{REPORT_DIR}/slides.pdf": pdf(2),
            f"{REPORT_DIR}/handout.pdf": pdf(1),
            f"{REPORT_DIR}/photos/hall.jpg": jpeg(1600, 1200, (120, 140, 160)),
        }
    )


def link_targets(path: Path) -> list[str]:
    """The address of every link annotation of the PDF (a URI, or the page it goes to)."""
    found = []
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            found.append(str(action["/URI"]) if action and "/URI" in action else "(in the PDF)")
    return found


def export_links(root: Path, out: Path, *extra: str) -> list[str]:
    proc = run_cli(
        "export", "r1", "--format", "pdf", "--root", str(root), "--out", str(out), *extra,
        SEMINAR_SITE_CHROMIUM=str(CHROMIUM),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return link_targets(out)


def test_pdf_links_are_the_public_addresses_under_base_url(
    make_site: MakeSite, tmp_path: Path
) -> None:
    need_tools()
    base = "https://reports.example.jp/seminars/"
    links = export_links(link_site(make_site), tmp_path / "r1.pdf", "--base-url", base)
    assert [link for link in links if not link.startswith(("https://", "mailto:"))] == []
    assert base + "reports/r1/handout.pdf" in links  # the text's link, from the page's place
    assert {"https://example.jp/dx", "https://example.jp/links", WATCH} <= set(links)
    assert any(re.fullmatch(re.escape(base) + r"materials/slides-[0-9a-f]{12}\.pdf", link)
               for link in links), links  # fmt: skip
    assert any(link.startswith(base + "photos/") for link in links), links  # the large photo


def test_without_base_url_pdf_links_to_the_site_are_left_out(
    make_site: MakeSite, tmp_path: Path
) -> None:
    need_tools()
    out = tmp_path / "r1.pdf"
    links = export_links(link_site(make_site), out)
    assert sorted(set(links)) == ["https://example.jp/dx", "https://example.jp/links", WATCH]
    text = squash(pdf_text(out))
    assert "講演資料" in text and "配布資料" in text  # the text of the links is kept


def test_a_recording_prints_as_its_title_and_address(make_site: MakeSite, tmp_path: Path) -> None:
    need_tools()
    out = tmp_path / "r1.pdf"
    export_links(link_site(make_site), out)
    text = squash(pdf_text(out))
    assert squash("基調講演の録画") + WATCH in text
    for screen_only in ("再生ボタンを押すと", "YouTubeで見る", "文字起こし", "字幕あり"):
        assert screen_only not in text


# --------------------------------------------------------------------------- offline


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 (one server per test)

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def outside_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}/", hits
    server.shutdown()
    server.server_close()


def test_export_loads_nothing_from_outside(
    tmp_path: Path, outside_server: tuple[str, list[str]]
) -> None:
    need_tools()
    url, hits = outside_server
    root = copy_site(tmp_path)
    # A site template that asks for a stylesheet and an image from a server.
    template = (REPO / "templates" / "report.html").read_text(encoding="utf-8")
    head = "{% block head %}"
    assert head in template
    probe = f'<link rel="stylesheet" href="{url}x.css"><img src="{url}probe.png" alt="">'
    (root / "templates").mkdir()
    (root / "templates" / "report.html").write_text(
        template.replace(head, head + probe, 1), encoding="utf-8"
    )
    proc = export_pdf(root, tmp_path / "r.pdf", SEMINAR_SITE_CHROMIUM=str(CHROMIUM))
    assert proc.returncode == 0, proc.stderr
    assert hits == []
    refused = re.search(r"(\d+) address\(es\) outside the report were not loaded", proc.stdout)
    assert refused is not None, proc.stdout
    assert int(refused.group(1)) >= 2  # the stylesheet and the image, maybe tried again


# --------------------------------------------------------------------------- missing engine


def test_missing_chromium_is_a_located_japanese_error(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    out = tmp_path / "r.pdf"
    env = {"SEMINAR_SITE_CHROMIUM": str(tmp_path / "no-such-chromium")}
    proc = run_cli(
        "export", REPORT_SLUG, "--format", "pdf", "--root", str(root), "--out", str(out),
        "--lang", "ja", **env,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert (
        f"content/reports/{REPORT_SLUG}: 環境変数「SEMINAR_SITE_CHROMIUM」が指す場所に、"
        "起動できる Chromium がありません" in proc.stderr
    )
    assert str(tmp_path) not in proc.stderr  # no absolute path in the message
    assert not out.exists()
    english = export_pdf(root, out, **env)
    assert english.returncode == 2
    assert "SEMINAR_SITE_CHROMIUM names no Chromium program that can be run" in english.stderr


def test_missing_playwright_is_a_located_japanese_error(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    # A package named playwright that cannot be imported, ahead of the installed one.
    fake = tmp_path / "no-playwright" / "playwright"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no playwright here')\n")
    env = cli_env()
    env["PYTHONPATH"] = f"{fake.parent}{':'}{env['PYTHONPATH']}"
    out = tmp_path / "r.pdf"
    # Any runnable program passes the Chromium check, which comes first.
    env["SEMINAR_SITE_CHROMIUM"] = str(CHROMIUM if CHROMIUM.exists() else sys.executable)
    proc = subprocess.run(
        [sys.executable, "-m", "seminar_site", "export", REPORT_SLUG, "--format", "pdf",
         "--root", str(root), "--out", str(out), "--lang", "ja"],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (
        f"content/reports/{REPORT_SLUG}: "
        "PDF の書き出しには Python のパッケージ「playwright」が必要です" in proc.stderr
    )
    assert "pip install 'seminar-site[pdf]'" in proc.stderr
    assert not out.exists()
