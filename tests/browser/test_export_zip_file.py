"""The exported zip, unzipped, opens from file:// (issue 16, item 3): every image loads
(naturalWidth > 0), the stylesheets apply, nothing is requested from outside the folder,
and the material links lead to files that are there — for the bundled report and for a
report whose materials have Japanese names."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser.conftest import REPO_ROOT, load_all_images, watch_page
from tests.conftest import MakeSite
from tests.test_export_fragment import BUNDLED, export_site, run_cli


def unzipped(root: Path, slug: str, folder: Path) -> Path:
    out = folder / f"{slug}.zip"
    proc = run_cli("export", slug, "--format", "zip", "--root", str(root), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder / "unzipped")
    return folder / "unzipped" / slug / "index.html"


def open_from_file(browser: Any, page_file: Path) -> tuple[Any, Any, list[dict[str, Any]]]:
    context = browser.new_context()
    page = context.new_page()
    log = watch_page(page)
    page.goto(page_file.as_uri())
    load_all_images(page)
    images = page.evaluate(
        "() => Array.from(document.images).map(i => ({src: i.currentSrc || i.src,"
        " width: i.naturalWidth, alt: i.alt}))"
    )
    return context, log, images


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zip-site")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    return unzipped(root, BUNDLED, root)


def test_bundled_zip_opens_from_file_with_every_image(browser: Any, bundled_page: Path) -> None:
    context, log, images = open_from_file(browser, bundled_page)
    try:
        assert len(images) >= 6
        broken = [image["src"] for image in images if image["width"] == 0]
        assert not broken, broken
        assert all(image["src"].startswith("file://") for image in images)
        assert not log.problems(), log.problems()
        outside = [u for u in log.requests if not u.startswith(bundled_page.parent.as_uri())]
        assert not outside, outside
        page = context.pages[0]
        sheets = page.evaluate("() => Array.from(document.styleSheets).map(s => s.href)")
        assert sheets and all(s.startswith("file://") for s in sheets if s)
        gap = page.evaluate("() => getComputedStyle(document.querySelector('.gallery')).display")
        assert gap == "flex"  # gallery.css applied: the page is styled, not bare HTML
    finally:
        context.close()


def test_japanese_material_names_open_from_file(
    browser: Any, make_site: MakeSite, tmp_path: Path
) -> None:
    page_file = unzipped(export_site(make_site), "r1", tmp_path)
    context, log, images = open_from_file(browser, page_file)
    try:
        assert len(images) >= 2 and all(image["width"] > 0 for image in images)
        page = context.pages[0]
        hrefs = page.evaluate(
            "() => Array.from(document.querySelectorAll('.materials a')).map(a => a.href)"
        )
        files = [h for h in hrefs if h.startswith("file://")]
        assert len(files) == 2
        for href in files:
            path = Path(unquote(urlsplit(href).path))
            assert path.is_file() and not path.name.isascii(), href
        assert not log.problems(), log.problems()
    finally:
        context.close()
