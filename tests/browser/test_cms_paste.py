"""The CMS fragment pasted into real CMS editors (issue 16, item 1): TinyMCE and CKEditor 5
from npm (.tools/, installed by .ci/run), in Debian's chromium, offline (every request
outside the local test server is refused).

What the person pasting does, key by key: open report.html in the browser, select all,
copy (the real clipboard: Chromium's own), click into the editor's body, paste. The
editor's resulting HTML (``tinymce.activeEditor.getContent()``, ``editor.getData()``) must
still hold every heading (level and text), paragraph, image alt text, table header and link.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag

from tests.browser.conftest import REPO_ROOT
from tests.chromium import missing_tool
from tests.conftest import MakeSite
from tests.test_export_fragment import BUNDLED, export_site, run_cli

TOOLS = Path(os.environ.get("SEMINAR_SITE_TOOLS", REPO_ROOT / ".tools")) / "node_modules"
EDITORS = {"tinymce": "tinymce", "ckeditor5": "ckeditor5/dist/browser"}

TINYMCE_PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>TinyMCE</title>
<script src="tinymce/tinymce.min.js"></script></head><body><textarea id="body"></textarea>
<script>
tinymce.init({selector: "#body", license_key: "gpl", promotion: false, branding: false,
  menubar: false, plugins: "lists link image table",
  setup: (editor) => editor.on("init", () => { window.editorReady = true; })});
window.editorHtml = () => tinymce.activeEditor.getContent();
</script></body></html>"""
# A CMS's usual CKEditor 5: the plugins for what a report has, headings h2–h5 offered.
CKEDITOR_PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>CKEditor 5</title>
<link rel="stylesheet" href="ckeditor5/ckeditor5.css">
<script src="ckeditor5/ckeditor5.umd.js"></script></head><body><div id="body"></div>
<script>
const { ClassicEditor, Essentials, Paragraph, Heading, Bold, Italic, Link, List, Table,
  TableToolbar, Image, PasteFromOffice } = CKEDITOR;
const level = (n) => ({ model: "heading" + n, view: "h" + n, title: "H" + n,
  class: "ck-heading_heading" + n });
ClassicEditor.create(document.querySelector("#body"), {
  licenseKey: "GPL",
  plugins: [Essentials, Paragraph, Heading, Bold, Italic, Link, List, Table, TableToolbar,
    Image, PasteFromOffice],
  heading: { options: [{ model: "paragraph", title: "P", class: "ck-heading_paragraph" },
    level(2), level(3), level(4), level(5)] },
}).then((editor) => { window.editor = editor; window.editorReady = true; })
  .catch((error) => { window.editorError = String(error); });
window.editorHtml = () => window.editor.getData();
</script></body></html>"""
PAGES = {"tinymce": TINYMCE_PAGE, "ckeditor5": CKEDITOR_PAGE}
BODY = {"tinymce": "iframe", "ckeditor5": ".ck-editor__editable"}


def text(tag: Tag) -> str:
    return re.sub(r"\s+", " ", tag.get_text().replace("\xa0", " ")).strip()


@dataclass(frozen=True)
class Parts:
    """What must survive a paste, from one HTML text (links and images by absolute URL)."""

    headings: list[tuple[int, str]]
    paragraphs: Counter[str]
    alts: list[tuple[str, str, str, str]]  # (file name, alt, width, height)
    headers: list[str]
    links: Counter[tuple[str, str]]

    @classmethod
    def of(cls, html: str, base: str) -> Parts:
        soup = BeautifulSoup(html, "html.parser")
        return cls(
            headings=[(int(h.name[1]), text(h)) for h in soup.find_all(re.compile("^h[1-6]$"))],
            paragraphs=Counter(text(p) for p in soup.find_all("p") if text(p)),
            alts=[
                (
                    str(img["src"]).rsplit("/", 1)[-1],
                    str(img.get("alt", "")),
                    str(img.get("width", "")),
                    str(img.get("height", "")),
                )
                for img in soup.find_all("img")
            ],
            headers=[text(th) for th in soup.find_all("th")],
            links=Counter(
                (text(a), urljoin(base, str(a["href"]))) for a in soup.find_all("a", href=True)
            ),
        )


@pytest.fixture(scope="module")
def editors_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the test server serves: the two editors (links into .tools/)."""
    folder = tmp_path_factory.mktemp("cms")
    for name, inner in EDITORS.items():
        source = TOOLS / inner
        if not source.is_dir():
            missing_tool(f"{name} is not installed in .tools/ (run .ci/run, or npm install)")
        (folder / name).symlink_to(source, target_is_directory=True)
        (folder / f"{name}.html").write_text(PAGES[name], encoding="utf-8")
    return folder


def exported(root: Path, slug: str, editors_dir: Path, name: str) -> Path:
    out = editors_dir / name
    proc = run_cli("export", slug, "--format", "fragment", "--root", str(root), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def bundled_fragment(editors_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return exported(root, BUNDLED, editors_dir, "bundled").name


@pytest.fixture
def small_fragment(editors_dir: Path, make_site: MakeSite, request: pytest.FixtureRequest) -> str:
    name = f"small-{request.node.callspec.id}"
    if not (editors_dir / name).exists():
        exported(export_site(make_site), "r1", editors_dir, name)
    return name


def paste(browser: Any, base: str, fragment: str, editor: str) -> tuple[str, str]:
    """Copy the rendered report.html and paste it into ``editor``; the fragment's source and
    the editor's HTML."""
    context = browser.new_context()
    outside: list[str] = []

    def offline(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    try:
        source_page = context.new_page()
        source_page.goto(f"{base}{fragment}/report.html")
        source = source_page.evaluate("() => document.body.innerHTML")
        source_page.keyboard.press("Control+A")
        source_page.keyboard.press("Control+C")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{base}{editor}.html")
        page.wait_for_function("window.editorReady || window.editorError", timeout=30_000)
        assert not page.evaluate("window.editorError || ''")
        if editor == "tinymce":
            page.frame_locator("iframe").locator("body").click()
        else:
            page.locator(BODY[editor]).click()
        page.keyboard.press("Control+V")
        last = BeautifulSoup(source, "html.parser").find_all(re.compile("^h[1-6]$"))[-1]
        page.wait_for_function(
            "(last) => window.editorHtml().includes(last)", arg=text(last), timeout=15_000
        )
        html = page.evaluate("() => window.editorHtml()")
        assert not errors, errors
        assert not outside, outside
        return source, html
    finally:
        context.close()


def assert_survived(before: Parts, after: Parts) -> None:
    assert after.headings == before.headings
    missing = before.paragraphs - after.paragraphs
    assert not missing, missing
    assert after.alts == before.alts
    assert after.headers == before.headers
    lost = before.links - after.links
    assert not lost, lost


@pytest.mark.parametrize("editor", sorted(EDITORS))
def test_bundled_report_survives_the_paste(
    browser: Any,
    serve: Callable[[Path], str],
    editors_dir: Path,
    bundled_fragment: str,
    editor: str,
) -> None:
    base = serve(editors_dir)
    source, html = paste(browser, base, bundled_fragment, editor)
    page_url = f"{base}{bundled_fragment}/report.html"
    before, after = Parts.of(source, page_url), Parts.of(html, f"{base}{editor}.html")
    assert len(before.headings) >= 10 and len(before.alts) == 6 and before.headers
    assert_survived(before, after)


@pytest.mark.parametrize("editor", sorted(EDITORS))
def test_tables_lists_links_and_materials_survive_the_paste(
    browser: Any, serve: Callable[[Path], str], editors_dir: Path, small_fragment: str, editor: str
) -> None:
    base = serve(editors_dir)
    source, html = paste(browser, base, small_fragment, editor)
    page_url = f"{base}{small_fragment}/report.html"
    before, after = Parts.of(source, page_url), Parts.of(html, f"{base}{editor}.html")
    assert "区分" in before.headers and "日時" in before.headers
    assert any("PDF形式" in link for link, _url in before.links)
    assert any(url == "https://example.jp/dx" for _link, url in before.links)
    assert_survived(before, after)
    items = [text(li) for li in BeautifulSoup(html, "html.parser").find_all("li")]
    assert "業務の棚卸し" in items and "小さく始める" in items
