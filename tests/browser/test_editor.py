"""The form editor in Debian's Chromium: a new user's whole task (issue 14), Japanese IME
input saved exactly, keyboard-only list editing, errors counted on collapsed sections.

Every test drives the real `serve` (editor_site) and reads the files it wrote.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import yaml

from tests.browser.test_editor_kit import (
    EditorSite,
    control,
    create_report,
    editor_site,
    issue,
    make_photos,
    open_editor,
    run_check,
    save,
    type_with_ime,
    wait_idle,
)

__all__ = ["editor_site"]  # the fixture, imported for pytest

JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龠]")
SUMMARY = "会場とオンラインの参加者が、地域の課題を一緒に話し合いました。"


def _wait_for_page(page: Any, url: str, texts: list[str], timeout: float = 30.0) -> str:
    """Load `url` until every text is on it (the preview rebuilds after a save)."""
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        response = page.goto(url)
        if response is not None and response.ok:
            body = page.content()
            if all(text in body for text in texts):
                return body
        page.wait_for_timeout(300)
    missing = [text for text in texts if text not in body]
    raise AssertionError(f"the preview at {url} lacks {missing}")


def _fill(page: Any, path: str, value: str) -> None:
    target = control(page, path)
    target.fill(value)
    target.blur()


def test_new_users_whole_task(browser: Any, editor_site: EditorSite, tmp_path: Path) -> None:
    page = open_editor(browser, editor_site, "#/new", viewport={"width": 1366, "height": 900})

    # 1. A new report: title, a 令和 date (the ISO date is shown), the slug suggested.
    page.locator("#new-report-title").fill("市民協働セミナー2025 開催報告")
    page.locator("#new-date").fill("令和7年11月8日")
    page.locator("#new-date").blur()
    page.wait_for_function("document.getElementById('d-date').textContent.includes('2025-11-08')")
    page.wait_for_function("document.getElementById('new-slug').value.trim() !== ''")
    slug = page.locator("#new-slug").input_value()
    assert slug.startswith("2025-11-08")
    page.locator("#create").click()
    page.wait_for_selector("#editor-form")
    assert editor_site.report_file(slug).is_file()

    # 2. A second day, written as a slash date.
    page.locator('button[data-action="add"][data-list="days"]').click()
    _fill(page, "days[1].date", "2025/11/9")
    page.wait_for_function(
        "document.getElementById('d-days-i1--date').textContent.includes('2025-11-09')"
    )

    # 3. A session with two speakers, the second with two affiliations.
    page.locator('button[data-action="add"][data-list="days[1].sessions"]').click()
    _fill(page, "days[1].sessions[0].kind", "パネル討論")
    _fill(page, "days[1].sessions[0].title", "市民と行政がデータで話す")
    speakers = "days[1].sessions[0].speakers"
    page.locator(f'button[data-action="add"][data-list="{speakers}"]').click()
    page.locator(f'button[data-action="add"][data-list="{speakers}"]').click()
    _fill(page, f"{speakers}[0].name", "山田 花子")
    _fill(page, f"{speakers}[0].organisation", "仙台市")
    _fill(page, f"{speakers}[1].name", "佐藤 一郎")
    affiliations = f"{speakers}[1].affiliations"
    for index, (organisation, role) in enumerate((("東北大学", "教授"), ("石巻市", "政策参与"))):
        page.locator(f'button[data-action="add"][data-list="{affiliations}"]').click()
        _fill(page, f"{affiliations}[{index}].organisation", organisation)
        _fill(page, f"{affiliations}[{index}].role", role)

    # 4. The summary typed through an IME composition.
    control(page, "days[1].sessions[0].summary").focus()
    during = type_with_ime(page, ["かいじょう", "会場と"], SUMMARY)
    assert during["composing"] and not during["replaced"] and during["requests"] == []

    # 5. Three photos, one HEIC, with alternative text.
    photos = make_photos(tmp_path / "photos")
    page.locator("#u-days-i1--photos").set_input_files([str(p) for p in photos])
    page.wait_for_function(
        "document.querySelectorAll('[data-list=\"days[1].photos\"].photo').length === 3",
        timeout=60000,
    )
    assert page.locator('[data-list="days[1].photos"].photo img').count() == 3  # thumbnails
    alts = [
        "壇上で話す二人の登壇者",
        "会場の後方から見た客席とスクリーン",
        "オンライン参加者の画面",
    ]
    for index, alt in enumerate(alts):
        _fill(page, f"days[1].photos[{index}].alt", alt)
        _fill(page, f"days[1].photos[{index}].caption", f"当日の様子{index + 1}")

    # 6. A required field left empty: the Japanese message beside it, then fixed.
    name = f"{speakers}[0].name"
    _fill(page, name, "")
    issue(page, name).wait_for(state="visible", timeout=5000)
    message = issue(page, name).inner_text()
    assert "「氏名」を入力してください" in message, message  # the field's label, not its key
    assert control(page, name).get_attribute("aria-invalid") == "true"
    assert issue_id_in_described_by(page, name)
    page.locator("#save").click()
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('保存していません')"
    )
    _fill(page, name, "山田 花子")
    issue(page, name).wait_for(state="hidden", timeout=5000)
    wait_idle(page)
    save(page)
    assert "保存しました" in page.locator("#status").inner_text()

    # The files: exactly the typed summary, and `seminar-site check` passes.
    report = yaml.safe_load(editor_site.report_file(slug).read_text(encoding="utf-8"))
    day = report["days"][1]
    assert str(day["date"]) == "2025-11-09"
    assert day["sessions"][0]["summary"] == SUMMARY
    assert [s["name"] for s in day["sessions"][0]["speakers"]] == ["山田 花子", "佐藤 一郎"]
    assert len(day["sessions"][0]["speakers"][1]["affiliations"]) == 2
    assert [p["alt"] for p in day["photos"]] == alts
    assert any(p["file"].lower().endswith((".heic", ".heif", ".jpg")) for p in day["photos"])
    checked = run_check(editor_site.root)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # The preview shows every value.
    values = ["市民協働セミナー2025 開催報告", "市民と行政がデータで話す", "山田 花子", "佐藤 一郎",
              "東北大学", "教授", "石巻市", "政策参与", "仙台市", SUMMARY, *alts,
              "当日の様子1", "当日の様子3"]  # fmt: skip
    preview = page.context.new_page()
    _wait_for_page(preview, f"{editor_site.url}reports/{slug}/", values)
    page.context.close()


def issue_id_in_described_by(page: Any, path: str) -> bool:
    described = control(page, path).get_attribute("aria-describedby") or ""
    return issue(page, path).get_attribute("id") in described.split()


def test_ime_composition_saves_exactly_the_typed_text(
    browser: Any, editor_site: EditorSite
) -> None:
    page = open_editor(browser, editor_site)
    create_report(page, "2025-ime", "変換のテスト")
    page.goto(editor_site.editor_url + "#/report/2025-ime")
    page.wait_for_selector("#editor-form")
    lead = control(page, "lead")
    lead.fill("")
    lead.focus()
    text = "漢字かな交じりの要旨です。"
    during = type_with_ime(page, ["か", "かん", "かんじ", "漢字"], text)
    # While the composition was open: no validation, autosave or preview request, no re-render.
    assert during == {"composing": True, "replaced": False, "requests": []}
    page.wait_for_function("window.seminarEditor.data().lead !== undefined")
    assert page.evaluate("window.seminarEditor.data().lead") == text
    wait_idle(page)
    save(page)
    report = yaml.safe_load(Path(editor_site.report_file("2025-ime")).read_text(encoding="utf-8"))
    assert report["lead"] == text
    page.context.close()


def test_keyboard_only_lists_and_error_counts(browser: Any, editor_site: EditorSite) -> None:
    page = open_editor(browser, editor_site)
    create_report(page, "2025-keys", "キーボードだけで編集")
    page.goto(editor_site.editor_url + "#/report/2025-keys")
    page.wait_for_selector("#editor-form")
    speakers = "days[0].sessions[0].speakers"
    before = page.evaluate("window.seminarEditor.data().days[0].sessions[0].speakers.length")
    add = page.locator(f'button[data-action="add"][data-list="{speakers}"]')
    add.focus()
    page.keyboard.press("Enter")  # a button works from the keyboard
    new = f"{speakers}[{before}].name"
    control(page, new).wait_for()
    assert page.evaluate("document.activeElement.id") == control(page, new).get_attribute("id")
    page.keyboard.type("鈴木 次郎")
    page.keyboard.press("Alt+ArrowUp")  # moves the item up
    names = page.evaluate(
        "window.seminarEditor.data().days[0].sessions[0].speakers.map(s => s.name)"
    )
    assert names.index("鈴木 次郎") == before - 1 and names.count("鈴木 次郎") == 1

    # An error inside a collapsed section: its summary shows a count.
    moved = f"{speakers}[{before - 1}].name"
    control(page, moved).fill("")
    page.keyboard.press("Tab")
    issue(page, moved).wait_for(state="visible", timeout=5000)
    page.evaluate("document.querySelector('details[data-section=\"days[0]\"]').open = false")
    badge = page.locator('details[data-section="days[0]"] > summary > .count')
    badge.wait_for(state="visible", timeout=5000)
    assert re.search(r"エラー \d+ 件", badge.inner_text())
    page.context.close()


def test_photos_reorder_and_trash(browser: Any, editor_site: EditorSite, tmp_path: Path) -> None:
    """Photos are moved with the buttons and removed into the site's trash folder (never
    deleted); the written list has the new order."""
    page = open_editor(browser, editor_site)
    create_report(page, "2025-photos", "写真の並べ替え")
    page.goto(editor_site.editor_url + "#/report/2025-photos")
    page.wait_for_selector("#editor-form")
    photos = make_photos(tmp_path / "photos")
    page.locator("#u-days-i0--photos").set_input_files([str(p) for p in photos])
    items = page.locator('[data-list="days[0].photos"].photo')
    page.wait_for_function(
        "document.querySelectorAll('[data-list=\"days[0].photos\"].photo img').length === 3",
        timeout=60000,
    )
    # The alt field says what the rules are, and is tied to them for screen readers.
    rules = page.locator("#r-days-i0--photos-i0--alt")
    assert "ファイル名" in rules.inner_text() and "キャプション" in rules.inner_text()
    described = control(page, "days[0].photos[0].alt").get_attribute("aria-describedby") or ""
    assert "r-days-i0--photos-i0--alt" in described.split()
    files = [p["file"] for p in page.evaluate("window.seminarEditor.data().days[0].photos")]
    for index in range(3):
        _fill(page, f"days[0].photos[{index}].alt", f"説明{index + 1}の場面")

    page.locator('button[data-action="down"][data-list="days[0].photos"][data-index="0"]').click()
    focused = page.evaluate("document.activeElement.dataset.index")
    assert focused == "1"  # focus follows the moved photo
    page.locator('button[data-action="remove"][data-list="days[0].photos"][data-index="2"]').click()
    page.wait_for_function(
        "document.querySelectorAll('[data-list=\"days[0].photos\"].photo').length === 2"
    )
    assert items.count() == 2
    wait_idle(page)
    save(page)
    report = yaml.safe_load(editor_site.report_file("2025-photos").read_text(encoding="utf-8"))
    assert [p["file"] for p in report["days"][0]["photos"]] == [files[1], files[0]]
    assert [p["alt"] for p in report["days"][0]["photos"]] == ["説明2の場面", "説明1の場面"]
    folder = editor_site.report_file("2025-photos").parent
    assert not (folder / files[2]).exists()

    # Dropping files on the day's photo area adds them the same way.
    page.evaluate(
        """async () => {
            const canvas = document.createElement('canvas');
            canvas.width = 320;
            canvas.height = 200;
            const g = canvas.getContext('2d');
            g.fillStyle = '#3a6ea5'; g.fillRect(0, 0, 320, 200);
            g.fillStyle = '#f5f5f5'; g.fillRect(40, 40, 240, 80);
            const blob = await new Promise(done => canvas.toBlob(done, 'image/jpeg', 0.9));
            const data = new DataTransfer();
            data.items.add(new File([blob], '落とした写真.jpg', {type: 'image/jpeg'}));
            const zone = document.querySelector('[data-drop="days[0].photos"]');
            zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true,
                                                          cancelable: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true,
                                                      cancelable: true}));
        }"""
    )
    page.wait_for_function(
        "document.querySelectorAll('[data-list=\"days[0].photos\"].photo img').length === 3",
        timeout=30000,
    )
    dropped = page.evaluate("window.seminarEditor.data().days[0].photos[2].file")
    assert dropped.endswith(".jpg") and (folder / dropped).is_file()
    trashed = list((editor_site.root / ".seminar-editor" / "trash").rglob(Path(files[2]).name))
    assert trashed, "the removed photo is in the trash folder"
    page.context.close()


def test_preview_beside_the_form_follows_each_save(browser: Any, editor_site: EditorSite) -> None:
    """On a wide screen the page preview sits beside the form and reloads by itself (the
    existing live reload) after every save; on a phone a link opens it in a second tab."""
    page = open_editor(browser, editor_site, viewport={"width": 1366, "height": 900})
    create_report(page, "2025-frame", "プレビューの確認")
    url = f"{editor_site.url}reports/2025-frame/"
    _wait_for_page(page.context.new_page(), url, ["プレビューの確認"])
    page.goto(editor_site.editor_url + "#/report/2025-frame")
    page.wait_for_selector("#editor-form")
    frame = page.frame_locator("#preview-frame")
    assert frame.locator("h1").inner_text(timeout=15000) == "プレビューの確認"
    for title in ("一回目の保存で変えた題名", "二回目の保存で変えた題名"):
        control(page, "title").fill(title)
        control(page, "title").blur()
        wait_idle(page)
        save(page)
        page.wait_for_function(
            "(t) => document.getElementById('preview-frame').contentDocument"
            "?.querySelector('h1')?.textContent === t",
            arg=title,
            timeout=20000,
        )
    page.set_viewport_size({"width": 390, "height": 844})
    assert not page.locator("#preview-frame").is_visible()
    link = page.locator("#preview-link-inline")
    assert link.is_visible() and link.get_attribute("href") == "/reports/2025-frame/"
    assert link.get_attribute("target") == "_blank"
    page.context.close()


def test_unsaved_edits_survive_a_closed_tab(browser: Any, editor_site: EditorSite) -> None:
    """Edits not saved yet are kept in the browser; the next visit offers them back."""
    page = open_editor(browser, editor_site)
    create_report(page, "2025-unsaved", "保存しない編集")
    page.goto(editor_site.editor_url + "#/report/2025-unsaved")
    page.wait_for_selector("#editor-form")
    _fill(page, "title", "まだ保存していない題名")
    page.wait_for_function(
        "Object.keys(localStorage).some(k => k.endsWith(':2025-unsaved'))", timeout=10000
    )
    page.close()
    again = page.context.new_page()
    again.goto(editor_site.editor_url + "#/report/2025-unsaved")
    again.wait_for_selector("#editor-form")
    assert control(again, "title").input_value() == "保存しない編集"  # the file is unchanged
    again.get_by_role("button", name="その編集を戻す").click()
    assert control(again, "title").input_value() == "まだ保存していない題名"
    again.context.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


def test_passing_through_every_field_changes_no_byte(browser: Any, editor_site: EditorSite) -> None:
    """Focusing and leaving every control of the bundled report, then saving, leaves every
    file byte-identical; one changed field is then a one-line change with comments kept."""
    slug = "2021-withcorona-dx"
    folder = editor_site.report_file(slug).parent
    before = _files(folder)
    page = open_editor(browser, editor_site, f"#/report/{slug}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    visited = page.evaluate(
        """() => {
            const controls = document.querySelectorAll(
                '#editor-form [data-path]:not([type=hidden]), #editor-form [data-md]');
            for (const el of controls) { el.focus(); el.blur(); }
            return controls.length;
        }"""
    )
    assert visited > 100
    wait_idle(page)
    save(page)
    assert _files(folder) == before

    old = editor_site.report_file(slug).read_text(encoding="utf-8").splitlines()
    _fill(page, "event.venue", "オンライン(Zoom ウェビナー)")
    wait_idle(page)
    save(page)
    new = editor_site.report_file(slug).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [("  venue: オンライン", "  venue: オンライン(Zoom ウェビナー)")]
    assert new[:2] == old[:2] and new[1].startswith("#")  # the comments are kept
    page.context.close()
