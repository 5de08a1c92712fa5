"""The faults of the user audit of the form editor, on its HTTP side: Markdown versions after
a save, history restores checked first, photos trashed on save, drafts, session kinds,
Japanese texts, warnings of site.yaml kept apart, field labels in messages."""

from __future__ import annotations

from pathlib import Path

from tests.test_editor_api import SLUGS, TestClient, load, put, site, web

__all__ = ["site", "web"]  # the fixtures, imported for pytest


def test_a_save_answers_the_new_versions_of_the_markdown_files_it_wrote(
    site: Path, web: TestClient
) -> None:
    body = load(web, SLUGS[0])
    name = "narrative.md"
    first = put(
        web,
        SLUGS[0],
        body,
        markdown={name: "一度目の本文。\n"},
        markdown_versions=body["markdown_versions"],
    )
    assert first.status_code == 200, first.text
    versions = first.json()["markdown_versions"]
    assert versions[name] == load(web, SLUGS[0])["markdown_versions"][name]
    # Saving again with the version the save answered is no conflict ...
    again = put(
        web, SLUGS[0], body, markdown={name: "二度目の本文。\n"}, markdown_versions=versions
    )
    assert again.status_code == 200, again.text
    # ... but with the version loaded before the first save, it is (both texts kept).
    stale = put(
        web,
        SLUGS[0],
        body,
        markdown={name: "古い版からの本文。\n"},
        markdown_versions=body["markdown_versions"],
    )
    assert stale.status_code == 409
    conflict = stale.json()["conflict"]
    relative = f"content/reports/{SLUGS[0]}/{name}"
    assert [entry["file"] for entry in conflict["files"]] == [relative]
    assert conflict["versions"][relative] == conflict["files"][0]["version"]
    assert (site / relative).read_text(encoding="utf-8") == "二度目の本文。\n"


def _versions(web: TestClient, relative: str) -> list[str]:
    answer = web.get("/_edit/api/history", params={"file": relative})
    return [v["id"] for v in answer.json()["versions"]]


def _without_photo(web: TestClient, slug: str, index: int) -> tuple[dict, str]:
    """The report saved without the photo ``index`` of its first day (the version before
    is kept in the history); (the new load, the photo's report-relative file)."""
    body = load(web, slug)
    photo = body["data"]["days"][0]["photos"].pop(index)
    answer = put(web, slug, body)
    assert answer.status_code == 200, answer.text
    return load(web, slug), photo["file"]


def test_restoring_a_version_brings_back_the_photos_it_needs_from_the_trash(
    site: Path, web: TestClient
) -> None:
    slug = SLUGS[0]
    relative = f"content/reports/{slug}/report.yaml"
    original = (site / relative).read_bytes()
    _body, file = _without_photo(web, slug, 0)
    photo = site / f"content/reports/{slug}" / file
    from seminar_site.editor.store import Store

    Store(site).trash(photo)
    assert not photo.exists()
    oldest = _versions(web, relative)[-1]
    answer = web.post("/_edit/api/history/restore", json={"file": relative, "id": oldest})
    assert answer.status_code == 200, answer.text
    assert answer.json()["files_restored"] == [f"content/reports/{slug}/{file}"]
    assert photo.is_file() and (site / relative).read_bytes() == original


def test_a_version_the_site_would_not_build_with_is_not_restored(
    site: Path, web: TestClient
) -> None:
    slug = SLUGS[0]
    relative = f"content/reports/{slug}/report.yaml"
    _body, file = _without_photo(web, slug, 0)
    (site / f"content/reports/{slug}" / file).unlink()  # gone for good, not in the trash
    before = (site / relative).read_bytes()
    oldest = _versions(web, relative)[-1]
    answer = web.post("/_edit/api/history/restore", json={"file": relative, "id": oldest})
    assert answer.status_code == 422
    reply = answer.json()
    assert "戻せません" in reply["message"]
    assert any(file in issue["message"] for issue in reply["errors"]), reply["errors"]
    assert (site / relative).read_bytes() == before  # nothing written


def test_a_photo_taken_out_of_the_form_is_moved_to_the_trash_by_the_save_only(
    site: Path, web: TestClient
) -> None:
    slug = SLUGS[0]
    report = site / f"content/reports/{slug}"
    body = load(web, slug)
    photos = body["data"]["days"][0]["photos"]
    first, second = photos[0]["file"], photos[1]["file"]
    del photos[:2]
    trash = [first, second, "../report.yaml", "photos/day1/none.jpg"]
    body["data"]["social_image"] = second  # still named: stays where it is

    # Checked as if saved: no warning that the removed photo is in the folder but unlisted.
    checked = web.post(
        "/_edit/api/validate",
        json={"target": "report", "slug": slug, "data": body["data"], "trash": trash},
    ).json()
    assert checked["errors"] == []
    assert not [w for w in checked["warnings"] if Path(first).name in w["message"]]

    draft = put(web, slug, body, draft=True, trash=trash)
    assert draft.status_code == 200 and (report / first).is_file()  # a draft moves nothing
    saved = put(web, slug, body, trash=trash)
    assert saved.status_code == 200, saved.text
    assert saved.json()["trashed"] == [f"content/reports/{slug}/{first}"]
    assert not (report / first).exists() and (report / second).is_file()
    from seminar_site.editor.store import Store

    kept = Store(site).trashed(f"content/reports/{slug}/{first}")
    assert kept is not None and kept.is_file()
    assert (site / f"content/reports/{slug}/report.yaml").is_file()


def test_a_draft_comes_back_whole_and_a_save_removes_all_of_it(site: Path, web: TestClient) -> None:
    slug = SLUGS[0]
    body = load(web, slug)
    assert body["draft"] is None and body["draft_saved"] is None
    body["data"]["title"] = "下書きの題名"
    name = "narrative.md"
    draft = put(web, slug, body, draft=True, markdown={name: "下書きの本文。\n"})
    assert draft.status_code == 200, draft.text
    again = load(web, slug)
    assert again["draft_data"]["title"] == "下書きの題名"
    assert again["draft_markdown"] == {name: "下書きの本文。\n"}
    assert isinstance(again["draft_saved"], float)
    saved = put(web, slug, again)  # a normal save of the file as it is on disk
    assert saved.status_code == 200, saved.text
    after = load(web, slug)
    assert after["draft"] is None and after["draft_markdown"] == {}
    assert not list((site / ".seminar-editor" / "drafts").iterdir())


def test_a_warning_of_site_yaml_is_never_mapped_to_a_field_of_the_report(
    site: Path, web: TestClient
) -> None:
    settings = site / "content/site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(
            "title: 早稲田大学マニフェスト研究所 セミナーレポート", "title: セミナーレポート"
        ),
        encoding="utf-8",
    )
    data = load(web, SLUGS[0])["data"]
    payload = {"target": "report", "slug": SLUGS[0], "data": data}
    warnings = web.post("/_edit/api/validate", json=payload).json()["warnings"]
    [placeholder] = [w for w in warnings if "セミナーレポート" in w["message"]]
    assert placeholder["file"] == "content/site.yaml" and placeholder["path"] == ""
    # In the site's own form, it is beside its field.
    site_form = web.get("/_edit/api/site").json()["data"]
    payload = {"target": "site", "data": site_form}
    warnings = web.post("/_edit/api/validate", json=payload).json()["warnings"]
    [placeholder] = [w for w in warnings if "セミナーレポート" in w["message"]]
    assert placeholder["file"] == "content/site.yaml" and placeholder["path"] == "title"


def test_an_impossible_date_is_explained_in_the_sites_language(web: TestClient) -> None:
    answer = web.post("/_edit/api/dates", json={"text": "令和7年2月30日"})
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert "28" in message and "days" not in message, message  # Japanese, not English


def test_a_message_under_a_field_names_its_label_and_check_keeps_the_key(
    site: Path, web: TestClient
) -> None:
    data = load(web, SLUGS[0])["data"]
    del data["title"]
    data["days"][0]["sessions"][0]["end"] = "あとで"
    payload = {"target": "report", "slug": SLUGS[0], "data": data}
    errors = {e["path"]: e for e in web.post("/_edit/api/validate", json=payload).json()["errors"]}
    assert errors["title"]["message"] == "「報告のタイトル」を入力してください"
    assert errors["title"]["hint"] is None  # no "write 'title:'": the field is there
    end = errors["days[0].sessions[0].end"]
    assert end["message"].startswith("「終了時刻」には時刻") and "end" not in end["message"]

    # The same report.yaml read by check: the key, as the author types it in a text editor.
    from seminar_site.i18n import render
    from seminar_site.pipeline.check import check

    report = site / f"content/reports/{SLUGS[0]}/report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("\ntitle: ", "\n# title: ", 1), encoding="utf-8")
    messages = [render(error.message, "ja") for error in check(site).errors]
    assert any("必要なキー「title」" in message for message in messages), messages
