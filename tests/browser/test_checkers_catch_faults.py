"""The publish checks can fail: a deliberate fault in a copy of the built report page is caught.

These call the very helpers the real checks call (run_axe, broken_refs, watch_page, the vnu
fixture), so a green run of test_publish_checks.py means something.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import PAGES, broken_refs, run_axe, watch_page

FAULT = '<p><img src="x.png"> <a href="missing.html">資料</a></p>'


@pytest.fixture(scope="module")
def faulty_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site whose report page has an <img> without alt and a broken link."""
    site = tmp_path_factory.mktemp("faulty") / "site"
    shutil.copytree(built_site, site)
    report = site / PAGES["report"]
    html = report.read_text(encoding="utf-8")
    assert "</main>" in html
    report.write_text(html.replace("</main>", FAULT + "</main>", 1), encoding="utf-8")
    return site


def test_clean_report_has_neither_fault(built_site: Path) -> None:
    """The faults below come from the injection, not from the page itself."""
    html = (built_site / PAGES["report"]).read_text(encoding="utf-8")
    assert 'src="x.png"' not in html and "missing.html" not in html


def test_axe_helper_reports_image_without_alt(
    browser: Any, faulty_site: Path, serve: Callable[[Path], str]
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(serve(faulty_site) + PAGES["report"], wait_until="load")
        violations = run_axe(page)
    finally:
        context.close()
    by_rule = {v["id"]: v for v in violations}
    assert "image-alt" in by_rule, f"axe found only {sorted(by_rule)}"
    targets = [" ".join(map(str, n["target"])) for n in by_rule["image-alt"]["nodes"]]
    assert any("x.png" in n["html"] for n in by_rule["image-alt"]["nodes"]), targets


def test_link_checker_reports_broken_link_and_image(faulty_site: Path) -> None:
    problems = broken_refs(faulty_site / PAGES["report"], faulty_site)
    assert any("missing.html" in p for p in problems), problems
    assert any("x.png" in p for p in problems), problems
    assert len(problems) == 2, problems  # nothing else on the page is broken


def test_link_checker_reports_missing_fragment_and_root_relative_url(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<a href="#main">skip</a><main id="other"></main>'
        '<img src="/photos/a.jpg" alt="a" srcset="b.jpg 1x, c.jpg 2x">'
        '<a href="https://example.org/">ok</a><a href="mailto:a@example.org">ok</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.jpg").write_bytes(b"")
    problems = broken_refs(page, tmp_path)
    assert len(problems) == 3, problems
    assert "'#main'" in problems[0]
    assert "root-relative" in problems[1]
    assert "c.jpg" in problems[2]


def test_page_log_reports_the_failed_image_request(
    browser: Any, faulty_site: Path, serve: Callable[[Path], str]
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        log = watch_page(page)
        page.goto(serve(faulty_site) + PAGES["report"], wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert any("404" in r and r.endswith("/x.png") for r in log.failed_requests), log
    assert any("404" in m for m in log.console_errors), log


def test_nu_checker_reports_an_invalid_page(
    faulty_site: Path, vnu: Callable[[list[Path]], list[dict[str, Any]]], tmp_path: Path
) -> None:
    html = (faulty_site / PAGES["report"]).read_text(encoding="utf-8")
    page = tmp_path / "invalid.html"
    page.write_text(html.replace("</main>", '<p id="main"><div></div></p></main>', 1), "utf-8")
    messages = vnu([page])
    assert any("Duplicate ID" in m["message"] for m in messages), messages
    assert any("alt" in m["message"] for m in messages), "the Nu checker flags <img> without alt"
