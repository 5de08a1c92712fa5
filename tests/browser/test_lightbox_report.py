"""The lightbox on the bundled report page itself, driven by keyboard only (issue: galleries)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import PAGES, watch_page


def test_lightbox_by_keyboard_on_the_report_page(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    log = watch_page(page)
    page.goto(site_url + PAGES["report"])
    first_day = page.locator("#day1 a.gallery-link")
    count = first_day.count()
    assert count == 3
    # Focus the first thumbnail (a plain link) and open it with Enter.
    first_day.nth(0).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    counter = dialog.locator(".lightbox-count")
    total = count  # each day's gallery is its own sequence
    assert counter.inner_text() == f"1 / {total}"
    image = dialog.locator("img.lightbox-image")
    assert image.get_attribute("src") == first_day.nth(0).get_attribute("href")
    assert image.get_attribute("alt") == first_day.nth(0).locator("img").get_attribute("alt")
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == f"2 / {total}"
    assert image.get_attribute("src") == first_day.nth(1).get_attribute("href")
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == f"1 / {total}"
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    # Focus is back on the thumbnail that opened the lightbox.
    assert page.evaluate(
        "document.activeElement === document.querySelectorAll('#day1 a.gallery-link')[0]"
    )
    assert log.problems() == []
    page.close()
