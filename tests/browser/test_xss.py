"""XSS payloads in every text field and Markdown file, loaded in Debian's Chromium.

The safe build must run no payload: no dialog, no XSS-MARKER on the console, no
``window.__xss``, no ``#pwned`` element, on the index, the report page and the 404 page.
The same site built with ``trusted_html: true`` (sanitising off) must run payloads: that
proves the check can fail and that the sanitiser is what stops them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_files
from tests.test_hostile_site import ALL_PAYLOADS, build, xss_site_files

PAGES = ["index.html", "reports/x1/index.html", "404.html"]


def _built(folder: Path, trusted_html: bool) -> Path:
    root = write_files(folder, xss_site_files(trusted_html=trusted_html))
    proc = build(root, root / "_site")
    assert proc.returncode == 0, proc.stderr
    return root / "_site"


def payload_effects(browser: Any, url: str) -> dict[str, Any]:
    """Load ``url``, poke it (scroll, hover, focus everything) and report what payloads did."""
    page = browser.new_page()
    dialogs: list[str] = []
    markers: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message: Any) -> None:
        if "XSS-MARKER" in message.text:
            markers.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    try:
        page.goto(url, wait_until="load")
        page.evaluate(
            """() => {
                window.scrollTo(0, document.body.scrollHeight);
                for (const el of document.querySelectorAll('body *')) {
                    el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
                    if (typeof el.focus === 'function') el.focus();
                }
            }"""
        )
        page.wait_for_timeout(300)
        state = page.evaluate(
            "() => ({xss: window.__xss === 1, pwned: !!document.getElementById('pwned')})"
        )
    finally:
        page.close()
    return {"dialogs": dialogs, "markers": markers, **state}


@pytest.fixture(scope="module")
def safe_url(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    return serve(_built(tmp_path_factory.mktemp("xss-safe"), trusted_html=False))


@pytest.fixture(scope="module")
def unsafe_url(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    return serve(_built(tmp_path_factory.mktemp("xss-unsafe"), trusted_html=True))


def test_payload_count() -> None:
    assert ALL_PAYLOADS >= 30


@pytest.mark.browser
@pytest.mark.parametrize("page", PAGES)
def test_no_payload_runs(browser: Any, safe_url: str, page: str) -> None:
    effects = payload_effects(browser, safe_url + page)
    assert effects == {"dialogs": [], "markers": [], "xss": False, "pwned": False}


@pytest.mark.browser
def test_unsanitised_build_does_run_payloads(browser: Any, unsafe_url: str) -> None:
    """The guard matters: with trusted_html the very same content runs script."""
    effects = payload_effects(browser, unsafe_url + "reports/x1/index.html")
    assert effects["xss"] and effects["pwned"] and effects["markers"], effects
