"""The form editor's own pages pass axe (WCAG 2.x A/AA) with 0 violations at 1366 and 390 px,
every control has a label, the page does not scroll sideways on a phone; screenshots for
docs/editor.md go to the artifacts folder ($SEMINAR_SITE_ARTIFACTS).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import VIEWPORTS, format_violations, run_axe
from tests.browser.test_editor_kit import (
    EditorSite,
    control,
    create_report,
    editor_site,
    english_site,
    issue,
    open_editor,
    save,
    small_png,
    wait_idle,
)

__all__ = ["editor_site", "english_site"]  # the fixtures, imported for pytest

UNLABELLED = """() => Array.from(
        document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby'))
    .map(el => el.outerHTML.slice(0, 120))"""


def _shoot(page: Any, folder: Path, name: str) -> None:
    (folder / f"editor-{name}.png").write_bytes(small_png(page.screenshot()))


def _check(page: Any, where: str) -> None:
    wait_idle(page)
    violations = run_axe(page)
    assert violations == [], f"{where}:\n{format_violations(violations)}"
    assert page.evaluate(UNLABELLED) == [], where
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{where}: {width} px wide"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_editor_pages_pass_axe_and_are_shot(
    browser: Any, editor_site: EditorSite, artifacts_dir: Path, viewport: str
) -> None:
    width, height = VIEWPORTS[viewport]
    size = {"width": width, "height": height}
    page = open_editor(browser, editor_site, "#/new", viewport=size)
    page.locator("#new-report-title").fill("市民協働セミナー2025 開催報告")
    page.locator("#new-date").fill("令和7年11月8日")
    page.locator("#new-date").blur()
    page.wait_for_function("document.getElementById('new-slug').value !== ''")
    _check(page, "new report")
    _shoot(page, artifacts_dir, f"new-{width}")

    slug = "2021-withcorona-dx"
    page.goto(editor_site.editor_url + f"#/report/{slug}")
    page.wait_for_selector("#editor-form")
    _check(page, "report editor")
    _shoot(page, artifacts_dir, f"report-{width}")

    # A required field left empty: the message beside it (and the summary at the top).
    event_name = control(page, "event.name").input_value()
    control(page, "event.name").fill("")
    control(page, "event.name").blur()
    issue(page, "event.name").wait_for(state="visible")
    issue(page, "event.name").evaluate("el => el.scrollIntoView({block: 'center'})")
    _check(page, "report editor with an error")
    _shoot(page, artifacts_dir, f"error-{width}")

    control(page, "event.name").fill(event_name)
    control(page, "description").fill("自治体の働き方改革セミナーの開催報告です。")
    control(page, "description").blur()  # saved once: the history has a version
    wait_idle(page)
    save(page)

    # Photos of the first day and the history list.
    page.locator('[data-drop="days[0].photos"]').evaluate(
        "el => el.scrollIntoView({block: 'start'})"
    )
    _check(page, "photos")
    _shoot(page, artifacts_dir, f"photos-{width}")
    page.locator("#history-load").click()
    page.locator("#history-list tbody tr").first.wait_for()
    page.locator("#history-title").evaluate("el => el.scrollIntoView({block: 'start'})")
    _check(page, "history")
    _shoot(page, artifacts_dir, f"history-{width}")

    page.goto(editor_site.editor_url + "#/site")
    page.wait_for_selector("#editor-form")
    _check(page, "site settings")
    page.context.close()


def test_conflict_dialog_passes_axe(
    browser: Any, editor_site: EditorSite, artifacts_dir: Path
) -> None:
    slug = "2025-axe-conflict"
    first = open_editor(browser, editor_site)
    create_report(first, slug, "競合の確認")
    first.goto(editor_site.editor_url + f"#/report/{slug}")
    first.wait_for_selector("#editor-form")
    second = open_editor(
        browser, editor_site, f"#/report/{slug}", viewport={"width": 1366, "height": 900}
    )
    for page, title in ((first, "一つ目の題名"), (second, "二つ目の題名")):
        control(page, "title").fill(title)
        control(page, "title").blur()
        wait_idle(page)
        page.locator("#save").click()
        if page is first:
            page.wait_for_function("document.documentElement.dataset.saved !== undefined")
    second.locator("dialog#conflict").wait_for(state="visible")
    # Focus is inside the dialog (modal): the keyboard cannot leave it.
    assert second.evaluate("document.activeElement.closest('dialog') !== null")
    _check(second, "conflict dialog")
    _shoot(second, artifacts_dir, "conflict-1366")
    second.keyboard.press("Escape")
    second.locator("dialog#conflict").wait_for(state="hidden")
    first.context.close()
    second.context.close()


def _ensure_every_key(page: Any, shape: dict[str, Any], path: str, missing: list[str]) -> None:
    """Walk the shapes the form was made from; every key must have its place in the form
    (each field has an issue slot named by its path). Lists get an item added when empty."""
    for field in shape["fields"]:
        key_path = f"{path}.{field['key']}" if path else field["key"]
        if page.locator(f'[data-issue-for="{key_path}"]').count() != 1:
            missing.append(key_path)
            continue
        if field.get("choices") and field["kind"] != "list":
            # Choices are a select offering exactly the shapes' values (and "not set").
            options = page.locator(f'select[data-path="{key_path}"] option')
            values = options.evaluate_all("os => os.map(o => o.value).filter(Boolean)")
            if values != field["choices"]:
                missing.append(f"{key_path} (select)")
        item = field.get("item")
        if field["kind"] == "list" and isinstance(item, dict):
            first = f"{key_path}[0]"
            add = page.locator(f'button[data-action="add"][data-list="{key_path}"]')
            if page.locator(f'[data-issue-for="{first}"]').count() == 0 and add.count() == 1:
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                add.click()
                page.locator(f'[data-issue-for="{first}"]').wait_for(state="attached")
            if page.locator(f'[data-issue-for="{first}"]').count() == 1:
                _ensure_every_key(page, item, first, missing)
            else:
                missing.append(first)
        elif field["kind"] == "map" and field.get("shape"):
            _ensure_every_key(page, field["shape"], key_path, missing)


@pytest.mark.parametrize("target", ["report", "site"])
def test_every_key_of_the_shapes_is_in_the_form(
    browser: Any, editor_site: EditorSite, target: str
) -> None:
    hash_ = "#/site" if target == "site" else "#/report/2021-withcorona-dx"
    page = open_editor(browser, editor_site, hash_)
    shapes = page.evaluate("fetch('/_edit/api/shapes').then(r => r.json())")
    missing: list[str] = []
    _ensure_every_key(page, shapes[target], "", missing)
    assert missing == []
    # Required keys are marked for the eye and for assistive technology.
    for field in shapes[target]["fields"]:
        if field["required"] and field["kind"] not in ("list", "map"):
            box = page.locator(f'[data-field="{field["key"]}"]')
            assert box.locator(".req").count() == 1, field["key"]
            assert box.locator('[aria-required="true"]').count() == 1, field["key"]
    page.context.close()


def test_an_english_site_gets_an_english_editor(browser: Any, english_site: EditorSite) -> None:
    page = open_editor(browser, english_site, "#/report/2021-withcorona-dx")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#save").inner_text() == "Save"
    label = page.locator('label[for="f-title"]').inner_text()
    assert label.isascii() and "required" in label, label
    control(page, "event.name").fill("")
    control(page, "event.name").blur()
    issue(page, "event.name").wait_for(state="visible")
    message = issue(page, "event.name").inner_text()
    assert "name" in message and message.isascii(), message
    _check(page, "English report editor")
    page.context.close()
