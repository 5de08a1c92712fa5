"""A recording's facade in Debian's Chromium: nothing is asked of the video host before the
click, the button is named with the video's title, and the click puts in the player from
youtube-nocookie.com (outside requests are answered offline: the iframe's src is checked,
not its loading)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_DIR, REPORT_PATH, minimal_site, report_yaml, write_files
from tests.test_materials import REPORT_MEDIA, SESSION, office_bytes, pdf_bytes

VIDEO_HOSTS = re.compile(r"youtube|youtu\.be|ytimg|vimeo|googlevideo|doubleclick", re.I)


def _site(folder: Path) -> Path:
    files = minimal_site()
    files.update(
        {
            REPORT_PATH: report_yaml(sessions=SESSION) + REPORT_MEDIA,
            f"{REPORT_DIR}/slides.pdf": pdf_bytes(2),
            f"{REPORT_DIR}/files/cases.xlsx": office_bytes("xlsx"),
            f"{REPORT_DIR}/handout.docx": office_bytes("docx"),
        }
    )
    root = write_files(folder, files)
    build(BuildOptions(root=root, out=root / "_site"))
    return root / "_site"


def test_facade_loads_nothing_from_the_video_host_before_the_click(
    browser: Any, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    url = serve(_site(tmp_path / "site")) + "reports/r1/index.html"
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    local = url.split("/reports/")[0]
    # Offline here and in CI: every outside request is refused at once (it is still logged).
    page.route(
        lambda target: not target.startswith(local),
        lambda route: route.abort("internetdisconnected"),
    )
    try:
        page.goto(url, wait_until="load")
        page.mouse.wheel(0, 4000)
        page.wait_for_load_state("networkidle")
        assert [r for r in requests if VIDEO_HOSTS.search(r)] == []

        button = page.get_by_role("button", name="基調講演の録画", exact=True)
        assert button.count() == 1
        assert page.get_by_role("button", name="当日の全編", exact=True).count() == 1
        assert [r for r in requests if VIDEO_HOSTS.search(r)] == []

        button.click()
        frame = page.locator("#day1-session1-recording iframe")
        frame.wait_for(state="attached")
        src = frame.get_attribute("src") or ""
        assert src.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
        assert frame.get_attribute("title") == "基調講演の録画"
        # The other video is still a facade: the click loaded one player only.
        assert page.locator("#report-recording iframe").count() == 0
        assert not [r for r in requests if re.search(r"vimeo", r)]
    finally:
        page.close()


def test_without_javascript_the_link_to_the_video_remains(
    browser: Any, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    url = serve(_site(tmp_path / "site")) + "reports/r1/index.html"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(url, wait_until="load")
        assert page.get_by_role("button", name="基調講演の録画").count() == 0  # hidden
        link = page.get_by_role("link", name="YouTubeで見る")
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        assert [r for r in requests if VIDEO_HOSTS.search(r)] == []
    finally:
        context.close()


def test_a_page_with_materials_and_recordings_has_no_axe_violations(
    browser: Any, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    from tests.browser.conftest import AXE_JS, format_violations, run_axe

    if not AXE_JS.is_file():
        pytest.skip("the vendored axe-core is missing")
    url = serve(_site(tmp_path / "site")) + "reports/r1/index.html"
    for width in (390, 1366):
        page = browser.new_page(viewport={"width": width, "height": 900})
        try:
            page.goto(url, wait_until="load")
            violations = run_axe(page)
            assert violations == [], format_violations(violations)
        finally:
            page.close()


def test_printed_a_recording_is_its_title_and_address(
    browser: Any, serve: Callable[[Path], str], tmp_path: Path
) -> None:
    """A browser's print of the page (the theme's print stylesheet, as the PDF export's):
    the recording's title and the video's address, not the player's notice or buttons."""
    from tests.browser.test_print import pdf_text, squash

    url = serve(_site(tmp_path / "site")) + "reports/r1/index.html"
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        printed = tmp_path / "print.pdf"
        page.pdf(path=str(printed), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    text = squash(pdf_text(printed))
    assert squash("基調講演の録画") + "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in text
    assert squash("当日の全編") + "https://vimeo.com/76979871" in text
    for screen_only in ("再生ボタンを押すと", "で見る", "文字起こし", "字幕あり"):
        assert screen_only not in text
