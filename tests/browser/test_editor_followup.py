"""The editor's follow-up in real Chromium (issue 14): the alt-text rules and the required alt
beside the photo's alt field, in Japanese; the Markdown preview's weekdays in the report's
year; the page working under its own CSP (no 'unsafe-eval'); a day given as a folder; and an
internal error shown in the form."""

from __future__ import annotations

import time
from typing import Any

import pytest
import yaml

from tests.browser.test_editor_kit import (
    EditorSite,
    api,
    control,
    editor_site,
    issue,
    open_editor,
    wait_idle,
)

__all__ = ["editor_site"]  # the fixture, imported for pytest

SLUG = "2021-withcorona-dx"


def _type(page: Any, path: str, text: str) -> None:
    field = control(page, path)
    field.fill(text)
    field.blur()
    wait_idle(page)


def press_save(page: Any, draft: bool = False) -> str:
    """Press Save (or Save draft) and return the status line the answer leaves (a refusal
    decided in the page itself sets no 'saved' mark, so the status line is waited for)."""
    page.evaluate("() => { document.getElementById('status').textContent = ''; }")
    page.locator("#save-draft" if draft else "#save").click()
    page.wait_for_function(
        "(() => { const s = document.getElementById('status').textContent.trim();"
        " return s !== '' && !s.endsWith('…'); })()",  # not "checking…" / "saving…"
        timeout=20000,
    )
    text: str = page.locator("#status").inner_text()
    return text


def test_alt_text_rules_and_a_missing_alt_show_beside_the_alt_field(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    file = editor_site.report_file(SLUG)
    before = file.read_bytes()

    _type(page, "days[0].photos[0].alt", "写真")
    _type(page, "days[0].photos[1].alt", "IMG_0002.jpg")
    caption = control(page, "days[0].photos[2].caption").input_value()
    _type(page, "days[0].photos[2].alt", caption)
    for path in ("days[0].photos[0].alt", "days[0].photos[1].alt"):
        issue(page, path).wait_for(state="visible", timeout=5000)
        assert "「写真」やファイル名" in issue(page, path).inner_text()
    assert "キャプションと同じ" in issue(page, "days[0].photos[2].alt").inner_text()

    _type(page, "days[1].photos[0].alt", "")
    missing = issue(page, "days[1].photos[0].alt")
    missing.wait_for(state="visible", timeout=5000)
    assert "代替テキストがありません" in missing.inner_text()
    assert "保存していません" in press_save(page)
    assert "代替テキストがありません" in missing.inner_text()
    assert control(page, "days[1].photos[0].alt").get_attribute("aria-invalid") == "true"
    assert file.read_bytes() == before  # not published

    assert "下書き" in press_save(page, draft=True)
    assert file.read_bytes() == before  # a draft is kept apart
    _type(page, "days[1].photos[0].alt", "資料を映したスクリーンと机が並ぶ会議室")
    assert "保存しました" in press_save(page)
    saved = yaml.safe_load(file.read_text(encoding="utf-8"))["days"]
    assert saved[1]["photos"][0]["alt"] == "資料を映したスクリーンと机が並ぶ会議室"
    assert saved[0]["photos"][0]["alt"] == "写真"  # a vague alt is a warning, not a refusal
    page.context.close()


def test_the_markdown_preview_has_the_weekdays_of_the_reports_year(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    _type(page, "lead", "1/22と2/5の2日間、オンラインで開催しました。")
    box = page.locator("#p-lead .md-preview-body")
    page.wait_for_function(
        "document.querySelector('#p-lead .md-preview-body').textContent.includes('1月22日')"
    )
    assert "1月22日(金)" in box.inner_text() and "2月5日(金)" in box.inner_text()
    # A day's date changed in the form (not saved yet) is the year the preview uses.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _type(page, "days[0].date", "2022-01-22")
    _type(page, "lead", "1/22に開催しました。")
    page.wait_for_function(
        "document.querySelector('#p-lead .md-preview-body').textContent.includes('1月22日(土)')"
    )
    page.context.close()


def test_the_editor_runs_under_its_own_csp_without_eval(
    browser: Any, editor_site: EditorSite
) -> None:
    """No bypass_csp here: the page, its forms, validation and preview work under the CSP
    the server sends, nothing is refused by it, and a string to evaluate is refused."""
    ctx = browser.new_context()
    page = ctx.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    answer = page.goto(editor_site.editor_url + f"#/report/{SLUG}")
    assert answer is not None and "unsafe-eval" not in answer.headers["content-security-policy"]
    page.wait_for_selector("#editor-form", timeout=20000)

    def until(expression: str) -> None:  # polled from here: wait_for_function needs eval
        deadline = time.monotonic() + 10
        while not page.evaluate(expression):
            assert time.monotonic() < deadline, expression
            page.wait_for_timeout(100)

    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    field = control(page, "days[0].sessions[0].speakers[0].name")
    field.fill("")
    field.blur()
    until(
        "() => (document.getElementById('e-days-i0--sessions-i0--speakers-i0--name')"
        "?.textContent ?? '').includes('氏名')"
    )
    control(page, "lead").fill("1/22に開催")
    until(
        "() => document.querySelector('#p-lead .md-preview-body').textContent"
        ".includes('1月22日(金)')"
    )
    assert refused == []  # nothing the editor does is refused by its CSP
    # A string run later by the page itself (not by DevTools) is refused: no 'unsafe-eval'.
    page.evaluate("() => { window.__ran = 0; setTimeout('window.__ran = 1', 0); }")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__ran") == 0
    assert any("unsafe-eval" in text for text in refused), refused
    ctx.close()


def test_a_day_given_as_a_folder_explains_why_no_upload_and_turns_into_a_list(
    browser: Any, editor_site: EditorSite
) -> None:
    from PIL import Image

    slug = "2025-dx-symposium"
    folder = editor_site.root / f"content/reports/{slug}/photos/day1"
    folder.mkdir(parents=True)
    for name, colour in (("a.jpg", (20, 90, 20)), ("b.jpg", (90, 20, 20))):
        Image.new("RGB", (80, 60), colour).save(folder / name)
    (folder / "captions.yaml").write_text(
        "a.jpg:\n  alt: 会場で話す講師\n  caption: 開会の挨拶\nb.jpg: 質疑応答\n", encoding="utf-8"
    )
    page = open_editor(browser, editor_site)
    status, body = api(page, "GET", f"/_edit/api/reports/{slug}")
    assert status == 200
    body["data"]["days"][0]["photos"] = {
        "folder": "photos/day1",
        "captions": "photos/day1/captions.yaml",
    }
    status, answer = api(
        page,
        "PUT",
        f"/_edit/api/reports/{slug}",
        {"data": body["data"], "version": body["version"]},
    )
    assert status == 200, answer
    page.goto(editor_site.editor_url + f"#/report/{slug}")
    page.wait_for_selector("#editor-form")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    note = page.locator("#fn-days-i0--photos")
    assert "追加できません" in note.inner_text() and "代替テキスト" in note.inner_text()
    assert page.locator('[data-drop="days[0].photos"]').count() == 0

    page.locator('[data-action="to-list"][data-list="days[0].photos"]').click()
    control(page, "days[0].photos[0].alt").wait_for(timeout=5000)
    assert control(page, "days[0].photos[0].alt").input_value() == "会場で話す講師"
    assert page.locator('[data-drop="days[0].photos"]').count() == 1  # uploads from now on
    wait_idle(page)
    missing = issue(page, "days[0].photos[1].alt")
    missing.wait_for(state="visible", timeout=5000)
    assert "代替テキストがありません" in missing.inner_text()
    _type(page, "days[0].photos[1].alt", "会場から質問する参加者")
    assert "保存しました" in press_save(page)
    saved = yaml.safe_load(editor_site.report_file(slug).read_text(encoding="utf-8"))
    assert saved["days"][0]["photos"] == [
        {"file": "photos/day1/a.jpg", "alt": "会場で話す講師", "caption": "開会の挨拶"},
        {"file": "photos/day1/b.jpg", "caption": "質疑応答", "alt": "会場から質問する参加者"},
    ]
    page.context.close()


def test_an_internal_error_is_shown_in_the_form(
    browser: Any, editor_site: EditorSite, monkeypatch: pytest.MonkeyPatch, capfd: Any
) -> None:
    from seminar_site.editor.workspace import Workspace

    def broken(*_args: Any) -> Any:
        raise RuntimeError("a bug")

    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    _type(page, "title", "内部エラーの確認")
    monkeypatch.setattr(Workspace, "save", broken)  # the server runs in this process
    status = press_save(page)
    assert "保存できませんでした" in status and "内部エラー" in status, status
    printed = capfd.readouterr().err
    assert "内部エラー" in printed and "Traceback" not in printed
    assert editor_site.report_file(SLUG).read_text(encoding="utf-8").count("内部エラーの確認") == 0
    page.context.close()
