"""In Debian's Chromium: a saved summary appears without reloading by hand; a YAML error shows
an overlay naming the file and line, which goes away by itself once the file is fixed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seminar_site.dev.preview import Preview, preview
from seminar_site.pipeline.build import BuildOptions
from tests.chromium import CHROMIUM, missing_tool
from tests.chromium import CHROMIUM_ARGS as ARGS
from tests.test_incremental import make_site

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        missing_tool(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Preview]:
    root = make_site(tmp_path / "site")
    with preview(BuildOptions(root=root, out=root / "_site", workers=1), port=0) as running:
        yield running


def test_live_reload_and_error_overlay(browser_page: Any, session: Preview) -> None:
    page = browser_page
    root = session.rebuilder.options.root
    page.goto(session.url + "reports/alpha/")
    page.wait_for_function("document.documentElement.dataset.seminarLive !== undefined")
    assert page.locator("h1").inner_text() == "アルファ報告"

    summary = root / "content/reports/alpha/talks/one.md"
    summary.write_text("ブラウザにそのまま現れる新しい一文。\n", encoding="utf-8")
    page.wait_for_function(
        "document.body.innerText.includes('ブラウザにそのまま現れる新しい一文。')", timeout=15000
    )

    report = root / "content/reports/alpha/report.yaml"
    good = report.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    assert lines[4] == "  name: テストセミナー\n"
    lines[4] = "  name: [テストセミナー\n"  # line 5: an unclosed flow sequence
    report.write_text("".join(lines), encoding="utf-8")
    overlay = page.locator("#seminar-site-errors")
    overlay.wait_for(state="visible", timeout=15000)
    text = overlay.inner_text()
    assert "content/reports/alpha/report.yaml:" in text
    assert "YAML syntax error" in text
    line = int(text.split("content/reports/alpha/report.yaml:")[1].split(":")[0])
    assert 5 <= line <= 7  # the parser notices the bracket at or just after line 5
    assert "ブラウザにそのまま現れる新しい一文。" in page.inner_text("body")  # last good build

    report.write_text(good, encoding="utf-8")
    overlay.wait_for(state="detached", timeout=15000)
    assert page.locator("h1").inner_text() == "アルファ報告"
