"""The form's words in real Chromium: a message beside a field names the labels the author
sees, never a YAML key; an item of the file that the form has no field for is explained
where it is, and its button moves it to the field it was meant for, or takes it out (with
Undo), so that the report can be saved."""

from __future__ import annotations

from typing import Any

import yaml

from tests.browser.test_editor_kit import (
    EditorSite,
    api,
    control,
    editor_site,
    issue,
    open_editor,
    save,
    wait_idle,
)

__all__ = ["editor_site"]  # the fixture, imported for pytest

SLUG = "2021-withcorona-dx"
SPEAKER = "days[0].sessions[0].speakers[0]"


def _opened(locator: Any) -> Any:
    locator.evaluate(
        "node => { for (let up = node.parentElement; up; up = up.parentElement)"
        " if (up.tagName === 'DETAILS') up.open = true; }"
    )
    return locator


def test_items_the_form_cannot_show_are_explained_and_fixed_by_their_buttons(
    browser: Any, editor_site: EditorSite
) -> None:
    report = editor_site.report_file(SLUG)
    text = report.read_text(encoding="utf-8")
    assert "          - name: 槙 茂\n" in text and "  participants: 300\n" in text
    text = text.replace("          - name: 槙 茂\n", "          - nmae: 槙 茂\n", 1)
    text = text.replace("  participants: 300\n", "  participants: 300\n  zzz: 会場の広さ\n", 1)
    report.write_text(text, encoding="utf-8")

    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    typo = issue(page, SPEAKER)
    _opened(typo).wait_for(state="visible", timeout=10000)
    assert "フォームにない項目「nmae」" in typo.inner_text()
    assert "「氏名」の書き間違いのようです" in typo.inner_text()
    move = typo.get_by_role("button", name="「氏名」に移す")
    move.click()
    page.wait_for_function(
        "(id) => document.getElementById(id)?.value === '槙 茂'",
        arg=f"f-{SPEAKER.replace('.', '--').replace('[', '-i').replace(']', '')}--name",
    )
    assert control(page, f"{SPEAKER}.name").input_value() == "槙 茂"
    wait_idle(page)
    assert "nmae" not in page.locator("#editor-form").inner_text()
    # Undo puts it back as it was; the button does it again.
    page.locator("#status").get_by_role("button", name="元に戻す").click()
    wait_idle(page)
    again = _opened(issue(page, SPEAKER))
    again.wait_for(state="visible", timeout=10000)
    assert "フォームにない項目「nmae」" in again.inner_text()
    assert control(page, f"{SPEAKER}.name").input_value() == ""
    again.get_by_role("button", name="「氏名」に移す").click()
    wait_idle(page)

    event = issue(page, "event")
    _opened(event).wait_for(state="visible", timeout=10000)
    assert "書かれている値は「会場の広さ」です" in event.inner_text()
    event.get_by_role("button", name="この項目を消す").click()
    wait_idle(page)
    assert "zzz" not in page.locator("#editor-form").inner_text()

    save(page)
    assert "保存しました" in page.locator("#status").inner_text()
    data = yaml.safe_load(report.read_text(encoding="utf-8"))
    speaker = data["days"][0]["sessions"][0]["speakers"][0]
    assert speaker["name"] == "槙 茂" and "nmae" not in speaker and "zzz" not in data["event"]
    file = f"content/reports/{SLUG}/report.yaml"
    _status, listing = api(page, "GET", f"/_edit/api/history?file={file}")
    kept = [
        api(page, "GET", f"/_edit/api/history/{v['id']}?file={file}")[1]["text"]
        for v in listing["versions"]
    ]
    assert any("zzz: 会場の広さ" in old for old in kept)  # the version before, in the history
    page.context.close()


def test_both_affiliation_forms_are_named_by_their_labels(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    speaker = "days[0].sessions[3].speakers[0]"  # 中村健, with two affiliations
    role = _opened(control(page, f"{speaker}.role"))
    role.fill("事務局長")
    role.blur()
    wait_idle(page)
    shown = issue(page, f"{speaker}.affiliations")
    _opened(shown).wait_for(state="visible", timeout=10000)
    words = shown.inner_text()
    assert "「役職」と「複数の所属」の両方は書けません" in words, words
    assert "role" not in words and "affiliations" not in words
    page.context.close()
