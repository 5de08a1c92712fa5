"""Several files changed on disk since the form loaded them, in real Chromium: one dialog
shows every one of them with both versions and a choice for each; "Do as chosen" settles
them in one go, and neither side of any file is lost (the disk's in the history, the
author's in the draft). The dialog passes axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.browser.conftest import format_violations, run_axe
from tests.browser.test_editor_kit import (
    EditorSite,
    api,
    control,
    create_report,
    editor_site,
    open_editor,
    wait_idle,
)

__all__ = ["editor_site"]  # the fixture, imported for pytest

SLUG = "2021-withcorona-dx"
KEYNOTE = "talks/day1-keynote.md"


def _type(page: Any, locator: Any, text: str) -> None:
    """Into a field, the sections around it opened first (a day's sessions start closed)."""
    locator.evaluate(
        "node => { for (let up = node.parentElement; up; up = up.parentElement)"
        " if (up.tagName === 'DETAILS') up.open = true; }"
    )
    locator.fill(text)
    locator.blur()
    wait_idle(page)


def _history(page: Any, relative: str) -> list[str]:
    _status, listing = api(page, "GET", f"/_edit/api/history?file={relative}")
    return [
        api(page, "GET", f"/_edit/api/history/{v['id']}?file={relative}")[1]["text"]
        for v in listing["versions"]
    ]


def test_three_changed_files_are_settled_in_one_dialog(
    browser: Any, editor_site: EditorSite
) -> None:
    folder = editor_site.report_file(SLUG).parent
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    _type(page, control(page, "lead"), "このタブで書いたリード文です。")
    _type(page, page.locator("#m-narrative--md"), "このタブの本文です。\n")
    _type(page, page.locator(f'[data-md="{KEYNOTE}"]'), "このタブの講演の要旨です。\n")

    # Someone else saves all three files meanwhile.
    report = editor_site.report_file(SLUG)
    report.write_text(
        report.read_text(encoding="utf-8").replace("槙 茂", "槙 茂（別の人が直した）"),
        encoding="utf-8",
    )
    (folder / "narrative.md").write_text("別の人の本文です。\n", encoding="utf-8")
    (folder / KEYNOTE).write_text("別の人の講演の要旨です。\n", encoding="utf-8")

    page.locator("#save").click()
    dialog = page.locator("dialog#conflict")
    dialog.wait_for(state="visible", timeout=10000)
    entries = page.locator("#conflict-files .conflict-entry")
    assert entries.count() == 3  # all of them at once, not one after the other
    assert "3" in page.locator("#conflict-title").inner_text()
    files = [entries.nth(i).get_attribute("data-file") for i in range(3)]
    base = f"content/reports/{SLUG}/"
    assert files == [base + "report.yaml", base + "narrative.md", base + KEYNOTE]
    keynote = entries.nth(2)
    assert "このタブの講演の要旨です。" in keynote.locator(".conflict-mine").inner_text()
    assert "別の人の講演の要旨です。" in keynote.locator(".conflict-theirs").inner_text()
    violations = run_axe(page)
    assert violations == [], format_violations(violations)

    # A file left without a choice is pointed at, and nothing happens.
    entries.nth(0).get_by_label("自分の内容を使う（ディスクの内容は履歴に残ります）").check()
    page.locator("#conflict-apply").click()
    missing = page.locator("#conflict-missing")
    assert missing.is_visible() and "narrative.md" in missing.inner_text()
    assert dialog.is_visible()
    assert (folder / "narrative.md").read_text(encoding="utf-8") == "別の人の本文です。\n"

    entries.nth(1).get_by_label("自分の内容を使う（ディスクの内容は履歴に残ります）").check()
    keynote.get_by_label("ディスクの内容を使う（自分の内容は下書きに残ります）").check()
    before = page.evaluate("document.documentElement.dataset.saved || ''")
    page.locator("#conflict-apply").click()
    page.wait_for_function(
        """(b) => (document.documentElement.dataset.saved || '') !== b
           && document.getElementById('status').textContent.includes('保存しました')
           && !document.getElementById('status').textContent.includes('下書き')""",
        arg=before,
        timeout=20000,
    )
    assert dialog.is_hidden()
    # Mine where chosen ...
    data = yaml.safe_load(report.read_text(encoding="utf-8"))
    assert data["lead"] == "このタブで書いたリード文です。"
    assert (folder / "narrative.md").read_text(encoding="utf-8") == "このタブの本文です。\n"
    # ... the disk's where chosen, in the file and in the form.
    assert (folder / KEYNOTE).read_text(encoding="utf-8") == "別の人の講演の要旨です。\n"
    assert page.locator(f'[data-md="{KEYNOTE}"]').input_value() == "別の人の講演の要旨です。\n"
    # Nothing lost: the other person's versions overwritten are in the history, the
    # author's text of the file taken from the disk is in the draft.
    assert any("槙 茂（別の人が直した）" in text for text in _history(page, base + "report.yaml"))
    assert "別の人の本文です。\n" in _history(page, base + "narrative.md")
    status, body = api(page, "GET", f"/_edit/api/reports/{SLUG}")
    assert status == 200 and body["draft_markdown"][KEYNOTE] == "このタブの講演の要旨です。\n"
    assert page.locator("#draft-notice").is_visible()
    page.context.close()


def test_one_changed_file_keeps_the_two_buttons_without_choices(
    browser: Any, editor_site: EditorSite
) -> None:
    slug = "2025-one-conflict"
    page = open_editor(browser, editor_site)
    create_report(page, slug, "一つだけの競合")
    page.goto(editor_site.editor_url + f"#/report/{slug}")
    page.wait_for_selector("#editor-form")
    path: Path = editor_site.report_file(slug).parent / "narrative.md"
    _type(page, page.locator("#m-narrative--md"), "一つだけの競合の本文です。\n")
    path.write_text("別の人の、一つだけの競合の本文です。\n", encoding="utf-8")
    page.locator("#save").click()
    page.locator("dialog#conflict").wait_for(state="visible", timeout=10000)
    assert page.locator("#conflict-files .conflict-entry").count() == 1
    assert page.locator("#conflict-apply").is_hidden()
    assert page.locator("#conflict-files input[type=radio]").count() == 0
    assert page.locator("#conflict-overwrite").inner_text() == "自分の内容で上書き保存する"
    page.locator("#conflict-overwrite").click()
    page.wait_for_function("document.getElementById('status').textContent.includes('保存しました')")
    assert path.read_text(encoding="utf-8") == "一つだけの競合の本文です。\n"
    page.context.close()
