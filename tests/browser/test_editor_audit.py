"""The faults of the user audit of the form editor, in real Chromium: two tabs editing one
Markdown file, unsaved Markdown kept across a reload, history restores, photos trashed on
save, the skip link, undo of a removal, drafts, session kinds, Japanese texts, warnings of
site.yaml, two affiliations."""

from __future__ import annotations

import shutil
from pathlib import Path
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
NARRATIVE = "#m-narrative--md"


def _retitle(page: Any, text: str) -> None:
    field = control(page, "title")
    field.fill(text)
    field.blur()
    wait_idle(page)


def _write_markdown(page: Any, text: str) -> None:
    area = page.locator(NARRATIVE)
    area.fill(text)
    area.blur()
    wait_idle(page)


def test_two_tabs_saving_one_markdown_file_get_the_conflict_dialog(
    browser: Any, editor_site: EditorSite
) -> None:
    path = editor_site.report_file(SLUG).parent / "narrative.md"
    original = path.read_text(encoding="utf-8")
    first = open_editor(browser, editor_site, f"#/report/{SLUG}")
    second = open_editor(browser, editor_site, f"#/report/{SLUG}")
    _write_markdown(first, original + "\n最初のタブで書き足した段落です。\n")
    save(first)
    assert "最初のタブで書き足した段落です。" in path.read_text(encoding="utf-8")

    _write_markdown(second, original + "\n二つ目のタブで書き足した段落です。\n")
    second.locator("#save").click()
    dialog = second.locator("dialog#conflict")
    dialog.wait_for(state="visible", timeout=10000)
    assert "narrative.md" in second.locator(".conflict-file").inner_text()
    assert "二つ目のタブで書き足した段落です。" in second.locator(".conflict-mine").inner_text()
    assert "最初のタブで書き足した段落です。" in second.locator(".conflict-theirs").inner_text()
    assert "保存しました" not in second.locator("#status").inner_text()
    on_disk = path.read_text(encoding="utf-8")
    assert "最初のタブ" in on_disk and "二つ目のタブ" not in on_disk

    # Saving mine over it after seeing both: the first tab's text stays in the history.
    second.locator("#conflict-overwrite").click()
    second.wait_for_function(
        "document.getElementById('status').textContent.includes('保存しました')"
    )
    assert "二つ目のタブで書き足した段落です。" in path.read_text(encoding="utf-8")
    file = f"content/reports/{SLUG}/narrative.md"
    _status, listing = api(second, "GET", f"/_edit/api/history?file={file}")
    texts = [
        api(second, "GET", f"/_edit/api/history/{v['id']}?file={file}")[1]["text"]
        for v in listing["versions"]
    ]
    assert any("最初のタブで書き足した段落です。" in text for text in texts)

    # The second tab saves again without a dialog (it knows the version it wrote).
    _write_markdown(second, original)
    save(second)
    assert path.read_text(encoding="utf-8") == original
    first.context.close()
    second.context.close()


def test_unsaved_markdown_edits_alone_are_offered_back_after_a_reload(
    browser: Any, editor_site: EditorSite
) -> None:
    slug, name = SLUG, "talks/day1-keynote.md"
    page = open_editor(browser, editor_site, f"#/report/{slug}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    area = page.locator(f'textarea[data-md="{name}"]')
    on_disk = (editor_site.report_file(slug).parent / name).read_text(encoding="utf-8")
    area.fill(on_disk + "\nまだ保存していない段落です。\n")
    page.wait_for_function(
        f"Object.keys(localStorage).some(k => k.endsWith(':{slug}'))", timeout=10000
    )
    page.reload()
    page.wait_for_selector("#editor-form")
    button = page.get_by_role("button", name="その編集を戻す")
    button.wait_for(timeout=5000)
    assert page.evaluate("(n) => window.seminarEditor.markdown()[n]", name) == on_disk
    button.click()
    restored = page.evaluate("(n) => window.seminarEditor.markdown()[n]", name)
    assert restored.endswith("まだ保存していない段落です。\n")
    assert page.locator(f'textarea[data-md="{name}"]').input_value() == restored
    page.evaluate("() => localStorage.clear()")
    page.context.close()


def _version_equal_to(page: Any, file: str, data: bytes) -> str:
    _status, listing = api(page, "GET", f"/_edit/api/history?file={file}")
    return next(
        v["id"]
        for v in listing["versions"]
        if api(page, "GET", f"/_edit/api/history/{v['id']}?file={file}")[1]["text"].encode() == data
    )


def test_restoring_a_version_asks_before_discarding_and_refuses_one_that_does_not_build(
    browser: Any, editor_site: EditorSite, tmp_path: Path
) -> None:
    path = editor_site.report_file(SLUG)
    original = path.read_bytes()
    file = f"content/reports/{SLUG}/report.yaml"
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    _retitle(page, "履歴を試すために直した題名")
    save(page)
    _retitle(page, "まだ保存していない題名")
    page.locator("#history-load").click()
    page.locator("#history-list tbody tr").first.wait_for()
    chosen = _version_equal_to(page, file, original)
    restore = page.locator(f'button[data-restore="{chosen}"]')

    restore.click()
    ask = page.locator("dialog#ask")
    ask.wait_for(state="visible")
    assert "保存していない変更" in ask.inner_text()
    page.locator("#ask-no").click()
    assert control(page, "title").input_value() == "まだ保存していない題名"
    assert "履歴を試すために直した題名" in path.read_text(encoding="utf-8")

    restore.click()
    page.locator("#ask-yes").click()
    page.wait_for_function("document.getElementById('status').textContent.includes('戻しました')")
    assert path.read_bytes() == original

    # A version naming a photo that is gone (not in the trash) is refused, with the reason.
    status, body = api(page, "GET", f"/_edit/api/reports/{SLUG}")
    photo = body["data"]["days"][0]["photos"].pop(0)["file"]
    status, _answer = api(
        page,
        "PUT",
        f"/_edit/api/reports/{SLUG}",
        {"data": body["data"], "version": body["version"]},
    )
    assert status == 200
    kept = tmp_path / "kept.jpg"
    shutil.move(path.parent / photo, kept)
    try:
        page.reload()
        page.wait_for_selector("#editor-form")
        page.locator("#history-load").click()
        page.locator("#history-list tbody tr").first.wait_for()
        page.locator(f'button[data-restore="{_version_equal_to(page, file, original)}"]').click()
        problem = page.locator("#history-problem")
        problem.wait_for(state="visible")
        assert "戻せません" in problem.inner_text() and photo in problem.inner_text()
        assert path.read_bytes() != original
    finally:
        shutil.move(kept, path.parent / photo)
    path.write_bytes(original)
    page.context.close()


def test_move_to_trash_takes_the_photo_out_of_the_form_until_the_save(
    browser: Any, editor_site: EditorSite
) -> None:
    slug = "2025-dx-symposium"
    folder = editor_site.report_file(slug).parent
    page = open_editor(browser, editor_site)
    files = []
    from PIL import Image

    for name in ("一枚目.jpg", "二枚目.jpg"):
        target = folder / "photos/day1" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (120, 80), (40, 90, 160)).save(target, "JPEG")
        files.append(f"photos/day1/{name}")
    _status, body = api(page, "GET", f"/_edit/api/reports/{slug}")
    body["data"]["days"][0]["photos"] = [
        {"file": file, "alt": f"会場の様子を写した{index + 1}枚目の写真"}
        for index, file in enumerate(files)
    ]
    saved = {"data": body["data"], "version": body["version"]}
    assert api(page, "PUT", f"/_edit/api/reports/{slug}", saved)[0] == 200
    page.goto(editor_site.editor_url + f"#/report/{slug}")
    page.wait_for_selector("#editor-form")

    remove = 'button[data-action="remove"][data-list="days[0].photos"][data-index="0"]'
    page.locator(remove).click()
    assert (folder / files[0]).is_file()  # still there: the site keeps working
    assert "保存すると" in page.locator("#status").inner_text()
    # An edit made after the removal survives its undo.
    alt = control(page, "days[0].photos[0].alt")
    alt.fill("二枚目の写真の新しい説明です")
    alt.blur()
    page.locator("#status").get_by_role("button", name="元に戻す").click()
    data = page.evaluate("window.seminarEditor.data().days[0].photos")
    assert [p["file"] for p in data] == files
    assert data[1]["alt"] == "二枚目の写真の新しい説明です"

    page.locator(remove).click()
    wait_idle(page)
    save(page)
    assert not (folder / files[0]).exists() and (folder / files[1]).is_file()
    assert list((editor_site.root / ".seminar-editor" / "trash").rglob(Path(files[0]).name))
    assert "ゴミ箱フォルダーへ移しました" in page.locator("#status").inner_text()
    page.context.close()


def test_undo_of_a_removal_puts_back_that_item_only_and_keeps_later_edits(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    before = page.evaluate("window.seminarEditor.data().days[0].sessions")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.locator(
        'button[data-action="remove"][data-list="days[0].sessions"][data-index="1"]'
    ).click()
    undo = page.locator("#status").get_by_role("button", name="元に戻す")
    undo.wait_for()
    _retitle(page, "削除の後で直した題名")
    undo.click()
    data = page.evaluate("window.seminarEditor.data()")
    assert data["days"][0]["sessions"] == before  # the session back at its place
    assert data["title"] == "削除の後で直した題名"  # the later edit kept
    page.context.close()


def test_a_draft_loads_into_the_form_and_a_save_warns_before_removing_it(
    browser: Any, editor_site: EditorSite
) -> None:
    path = editor_site.report_file(SLUG)
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    _retitle(page, "下書きにだけある題名")
    save(page, draft=True)
    page.evaluate("() => localStorage.clear()")
    assert "下書きにだけある題名" not in path.read_text(encoding="utf-8")

    page.reload()
    page.wait_for_selector("#editor-form")
    assert "下書きがあります" in page.locator("#draft-notice").inner_text()
    # Saving without it: asked first; "やめる" keeps the draft and the file.
    before = path.read_bytes()
    page.locator("#save").click()
    page.locator("dialog#ask").wait_for(state="visible")
    assert "下書きは消えます" in page.locator("#ask-text").inner_text()
    page.locator("#ask-no").click()
    assert path.read_bytes() == before

    page.get_by_role("button", name="下書きを読み込む").click()
    assert control(page, "title").input_value() == "下書きにだけある題名"
    wait_idle(page)
    save(page)  # no question: the draft is in the form
    assert "下書きにだけある題名" in path.read_text(encoding="utf-8")
    _status, body = api(page, "GET", f"/_edit/api/reports/{SLUG}")
    assert body["draft"] is None
    page.context.close()


def test_a_second_affiliation_moves_the_first_into_the_list(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    speaker = "days[0].sessions[0].speakers[0]"
    for key, text in (("organisation", "東北大学"), ("role", "教授")):
        field = control(page, f"{speaker}.{key}")
        field.fill(text)
        field.blur()
    page.locator(f'button[data-action="add"][data-list="{speaker}.affiliations"]').click()
    assert "1 つ目に移しました" in page.locator("#status").inner_text()
    assert control(page, f"{speaker}.organisation").input_value() == ""
    assert control(page, f"{speaker}.affiliations[0].organisation").input_value() == "東北大学"
    for key, text in (("organisation", "石巻市"), ("role", "政策参与")):
        field = control(page, f"{speaker}.affiliations[1].{key}")
        field.fill(text)
        field.blur()
    wait_idle(page)
    assert "両方" not in page.locator("#editor-form").inner_text()
    save(page)
    assert "保存しました" in page.locator("#status").inner_text()
    saved = yaml.safe_load(editor_site.report_file(SLUG).read_text(encoding="utf-8"))
    first = saved["days"][0]["sessions"][0]["speakers"][0]
    assert "organisation" not in first and "role" not in first
    assert first["affiliations"] == [
        {"organisation": "東北大学", "role": "教授"},
        {"organisation": "石巻市", "role": "政策参与"},
    ]
    page.context.close()


def test_the_skip_link_moves_the_focus_and_keeps_the_form_open(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("document.activeElement.textContent") == "フォームへ移動"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("location.hash") == f"#/report/{SLUG}"
    page.wait_for_timeout(200)  # a route change would have replaced the form by now
    assert page.locator("#editor-form").is_visible()
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert inside
    page.context.close()


def test_a_session_kind_typed_with_brackets_is_kept_without_them(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    path = "days[0].sessions[0].kind"
    field = control(page, path)
    field.fill("【講演】")
    field.blur()
    wait_idle(page)
    assert field.input_value() == "講演"
    assert page.evaluate("window.seminarEditor.data().days[0].sessions[0].kind") == "講演"
    assert "自動で付きます" in page.locator("#status").inner_text()
    page.context.close()


def test_a_warning_of_site_yaml_is_shown_apart_from_the_reports_fields(
    browser: Any, editor_site: EditorSite
) -> None:
    settings = editor_site.root / "content/site.yaml"
    original = settings.read_text(encoding="utf-8")
    title = "title: 早稲田大学マニフェスト研究所 セミナーレポート"
    settings.write_text(original.replace(title, "title: セミナーレポート"), encoding="utf-8")
    try:
        page = open_editor(browser, editor_site, f"#/report/{SLUG}")
        box = page.locator("#other-issues")
        box.wait_for(state="visible", timeout=10000)
        assert "content/site.yaml" in box.inner_text() and "セミナーレポート" in box.inner_text()
        assert "セミナーレポート" not in issue(page, "title").inner_text()
        box.get_by_role("link", name="サイトの設定を開いて直す").click()
        page.wait_for_function("location.hash === '#/site'")
        page.wait_for_selector("#editor-form")
        issue(page, "title").wait_for(state="visible", timeout=10000)
        assert "セミナーレポート" in issue(page, "title").inner_text()
        assert page.locator("#other-issues").is_hidden()
        page.context.close()
    finally:
        settings.write_text(original, encoding="utf-8")


def test_the_japanese_screens_say_what_happened_in_japanese(
    browser: Any, editor_site: EditorSite, tmp_path: Path
) -> None:
    page = open_editor(browser, editor_site, viewport={"width": 390, "height": 844})
    start = page.locator("#view").inner_text()
    assert "報告の一覧から" in start and "左" not in start

    page.goto(editor_site.editor_url + "#/new")
    page.locator("#new-report-title").fill("日付を確かめる報告")
    page.locator("#new-date").fill("令和7年2月30日")
    page.locator("#new-date").blur()
    read = page.locator("#d-date")
    page.wait_for_function("document.getElementById('d-date').textContent !== ''")
    assert "28 日まで" in read.inner_text() and "days" not in read.inner_text()
    page.locator("#create").click()
    problem = page.locator("#new-date-e")
    problem.wait_for(state="visible")
    assert "28 日まで" in problem.inner_text() and "入力してください" not in problem.inner_text()

    page.goto(editor_site.editor_url + f"#/report/{SLUG}")
    page.wait_for_selector("#editor-form")
    memo = tmp_path / "memo.txt"
    memo.write_text("写真ではありません", encoding="utf-8")
    page.locator("#u-days-i0--photos").set_input_files(str(memo))
    status = page.locator("#us-days-i0--photos")
    page.wait_for_function(
        "document.getElementById('us-days-i0--photos')?.textContent.includes('memo.txt')"
    )
    assert status.inner_text().startswith("写真を追加できませんでした。")
    assert "0 枚" not in status.inner_text()
    page.context.close()


def test_a_required_field_left_empty_says_its_label_not_its_key(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site, f"#/report/{SLUG}")
    field = control(page, "event.name")
    field.fill("")
    field.blur()
    shown = issue(page, "event.name")
    shown.wait_for(state="visible", timeout=5000)
    text = shown.inner_text()
    assert "「イベントの正式な名前」を入力してください" in text, text
    assert "name" not in text and "キー" not in text
    page.context.close()
