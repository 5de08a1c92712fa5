"""The editor's HTTP side (issue 14): forms from the shapes, round-trip saves that keep the
author's file, conflicts, drafts, history, validation mapped to fields, new reports."""

from __future__ import annotations

import difflib
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seminar_site.dev.scaffold import new_report
from seminar_site.editor.app import Editor
from seminar_site.editor.guard import Guard, Security
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import REPORT, SITE

REPO = Path(__file__).resolve().parents[1]
SLUGS = ("2021-withcorona-dx", "2025-dx-symposium")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note on httpx versions
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.testclient import TestClient


def bundled_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    return root


def client(
    root: Path, host: str = "127.0.0.1", port: int = 8000, language: str = "ja"
) -> tuple[TestClient, Security]:
    """The editor behind its guard, as serve mounts it, with the page's CSRF token and
    Origin set on every request (what the editor's own page sends)."""
    security = Security.for_address(host, port)
    editor = Editor(root, security, language, new_report)
    app = Guard(Starlette(routes=[Mount("/_edit", app=editor.asgi)]), security, language)
    shown = f"[{host}]" if ":" in host else host
    browser = TestClient(app, base_url=f"http://{shown}:{port}", follow_redirects=False)
    browser.headers.update({"Origin": f"http://{shown}:{port}", "X-CSRF-Token": security.csrf})
    return browser, security


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return bundled_site(tmp_path)


@pytest.fixture
def web(site: Path) -> Iterator[TestClient]:
    browser, _security = client(site)
    with browser:
        yield browser


def keys_of(shape: Shape, prefix: str = "") -> set[str]:
    found = set()
    for field in shape.fields:
        path = f"{prefix}{field.key}"
        found.add(path)
        for inner in (field.shape, field.item if isinstance(field.item, Shape) else None):
            if inner is not None:
                found |= keys_of(inner, path + ".")
        for alternative in field.alternatives:
            found |= keys_of(alternative, path + "|")
    return found


def described_keys(shape: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for field in shape["fields"]:
        path = f"{prefix}{field['key']}"
        found.add(path)
        for inner in (field["shape"], field["item"] if isinstance(field["item"], dict) else None):
            if inner is not None:
                found |= described_keys(inner, path + ".")
        for alternative in field["alternatives"]:
            found |= described_keys(alternative, path + "|")
        assert field["label"] and field["help"], path
    return found


def test_every_key_of_the_shapes_is_in_the_form_description(web: TestClient) -> None:
    shapes = web.get("/_edit/api/shapes").json()
    assert shapes["lang"] == "ja"
    assert described_keys(shapes["site"]) == keys_of(SITE)
    assert described_keys(shapes["report"]) == keys_of(REPORT)
    fields = {f["key"]: f for f in shapes["report"]["fields"]}
    assert fields["title"]["required"] and fields["published"]["kind"] == "date"
    days = fields["days"]["item"]["fields"]
    speakers = next(f for f in days[2]["item"]["fields"] if f["key"] == "speakers")
    name = speakers["item"]["fields"][0]
    assert name["label"] == "氏名" and "三輪 修平" in name["help"]  # Japanese, from the docs
    event = {f["key"]: f for f in fields["event"]["shape"]["fields"]}
    assert event["format"]["choices"] == ["online", "offline", "hybrid"]


def load(web: TestClient, slug: str) -> dict[str, Any]:
    answer = web.get(f"/_edit/api/reports/{slug}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def put(web: TestClient, slug: str, body: dict[str, Any], **extra: Any) -> Any:
    payload = {"data": body["data"], "version": body["version"], **extra}
    return web.put(f"/_edit/api/reports/{slug}", json=payload)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_opening_and_saving_without_change_leaves_every_file_byte_identical(
    site: Path, web: TestClient
) -> None:
    before = snapshot(site / "content")
    for slug in SLUGS:
        body = load(web, slug)
        saved = put(web, slug, body, markdown=body["markdown"])
        assert saved.status_code == 200, saved.text
        assert saved.json() == {
            "version": body["version"],
            "files_changed": [],
            "markdown_versions": body["markdown_versions"],  # the same bytes, the same versions
            "trashed": [],
        }
    site_form = web.get("/_edit/api/site").json()
    assert web.put("/_edit/api/site", json=site_form).status_code == 200
    assert snapshot(site / "content") == before


def test_the_round_trip_dump_of_every_bundled_file_is_exact(site: Path) -> None:
    """Not only unchanged saves: the round-trip tree of every bundled YAML file dumps to the
    very bytes, so that any edit changes only what it edits."""
    from seminar_site.editor.documents import Document

    for path in (site / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert Document(text).dump() == text, path


def test_copies_of_one_parsed_file_dump_at_once_in_many_threads(site: Path) -> None:
    """The server validates and saves copies of one cached parse in several threads at once
    (a field's validation while another is still running): every copy dumps its own text.
    A ruamel.yaml object shared by the copies raised EmitterError here."""
    from concurrent.futures import ThreadPoolExecutor

    from seminar_site.editor.documents import Document

    text = (site / f"content/reports/{SLUGS[0]}/report.yaml").read_text(encoding="utf-8")
    parsed = Document(text)

    def edit_and_dump(n: int) -> tuple[int, str]:
        twin = parsed.copy()
        twin.data["title"] = f"題{n}"
        return n, twin.dump()

    with ThreadPoolExecutor(8) as pool:
        dumps = list(pool.map(edit_and_dump, range(48)))
    for n, dumped in dumps:
        assert f"題{n}" in dumped and dumped.replace(f"題{n}", parsed.data["title"], 1) == text
    assert parsed.dump() == text


def changed_lines(old: str, new: str) -> list[str]:
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_one_field_change_is_a_one_line_diff_and_keeps_comments(
    site: Path, web: TestClient, slug: str
) -> None:
    path = site / f"content/reports/{slug}/report.yaml"
    old = path.read_text(encoding="utf-8")
    body = load(web, slug)
    speaker = body["data"]["days"][0]["sessions"][1]["speakers"][0]
    speaker["name"] = "山田 太郎"
    saved = put(web, slug, body)
    assert saved.status_code == 200, saved.text
    new = path.read_text(encoding="utf-8")
    lines = changed_lines(old, new)
    assert len(lines) == 2 and lines[0].startswith("-") and lines[1].endswith("name: 山田 太郎")
    comments = [line for line in old.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in new.splitlines() for line in comments)


def test_new_texts_that_yaml_would_misread_are_quoted(site: Path, web: TestClient) -> None:
    body = load(web, SLUGS[0])
    body["data"]["days"][0]["sessions"][1]["title"] = "yes"
    body["data"]["days"][0]["sessions"][1]["kind"] = "2021-01-22"
    assert put(web, SLUGS[0], body).status_code == 200
    again = load(web, SLUGS[0])["data"]["days"][0]["sessions"][1]
    assert (again["title"], again["kind"]) == ("yes", "2021-01-22")


def test_a_stale_version_gets_409_with_both_texts_and_nothing_is_lost(
    site: Path, web: TestClient
) -> None:
    path = site / f"content/reports/{SLUGS[0]}/report.yaml"
    body = load(web, SLUGS[0])
    other = path.read_text(encoding="utf-8").replace("三輪 修平", "別のタブの編集")
    path.write_text(other, encoding="utf-8")  # another tab or editor saved meanwhile
    body["data"]["title"] = "このタブの題名"
    answer = put(web, SLUGS[0], body)
    assert answer.status_code == 409
    [conflict] = answer.json()["conflict"]["files"]
    assert conflict["file"] == f"content/reports/{SLUGS[0]}/report.yaml"
    assert "別のタブの編集" in conflict["theirs"] and "このタブの題名" in conflict["mine"]
    assert path.read_text(encoding="utf-8") == other
    assert conflict["version"] == load(web, SLUGS[0])["version"]


def test_invalid_data_is_not_saved_but_a_draft_is_kept_apart(site: Path, web: TestClient) -> None:
    path = site / f"content/reports/{SLUGS[0]}/report.yaml"
    before = path.read_bytes()
    body = load(web, SLUGS[0])
    del body["data"]["days"][0]["sessions"][1]["speakers"][0]["name"]
    refused = put(web, SLUGS[0], body)
    assert refused.status_code == 422
    issue = refused.json()["errors"][0]
    assert issue["path"] == "days[0].sessions[1].speakers[0].name"
    assert issue["line"] and issue["col"] and issue["message"] == "「氏名」を入力してください"
    assert path.read_bytes() == before
    draft = put(web, SLUGS[0], body, draft=True)
    assert draft.status_code == 200 and draft.json()["draft"] is True
    assert path.read_bytes() == before
    reopened = load(web, SLUGS[0])
    assert reopened["draft"] is not None and "三輪 修平" not in reopened["draft"]
    assert reopened["draft_data"] == body["data"]  # the form can be filled from it


def test_validation_maps_errors_to_field_paths_in_the_sites_language(web: TestClient) -> None:
    data = load(web, SLUGS[0])["data"]
    data["days"][1]["date"] = "2021-13-45"
    data["days"][0]["sessions"][2]["speakers"][0]["name"] = ["三輪", "修平"]
    payload = {"target": "report", "slug": SLUGS[0], "data": data}
    issues = web.post("/_edit/api/validate", json=payload).json()["errors"]
    paths = {issue["path"]: issue for issue in issues}
    assert "days[1].date" in paths and "13 月" in paths["days[1].date"]["message"]
    assert "days[0].sessions[2].speakers[0].name" in paths, paths
    assert all(issue["file"].endswith("report.yaml") for issue in issues)


def test_history_lists_saved_versions_and_restores_one(site: Path, web: TestClient) -> None:
    path = site / f"content/reports/{SLUGS[0]}/report.yaml"
    original = path.read_bytes()
    body = load(web, SLUGS[0])
    for title in ("一回目", "二回目"):
        body["data"]["title"] = title
        answer = put(web, SLUGS[0], body)
        assert answer.status_code == 200, answer.text
        body["version"] = answer.json()["version"]
    relative = f"content/reports/{SLUGS[0]}/report.yaml"
    versions = web.get("/_edit/api/history", params={"file": relative}).json()["versions"]
    assert len(versions) == 3  # the original, then each save, newest first
    oldest = versions[-1]["id"]
    text = web.get(f"/_edit/api/history/{oldest}", params={"file": relative}).json()["text"]
    assert text.encode() == original
    restored = web.post("/_edit/api/history/restore", json={"file": relative, "id": oldest})
    assert restored.status_code == 200 and path.read_bytes() == original
    assert web.get("/_edit/api/history", params={"file": "../../etc/passwd"}).status_code == 404


def test_history_keeps_the_last_50_versions(site: Path) -> None:
    from seminar_site.editor.store import KEEP, Store

    store = Store(site)
    relative = f"content/reports/{SLUGS[0]}/report.yaml"
    for number in range(KEEP + 5):
        store.save(relative, f"title: v{number}\n".encode())
    kept = store.history(relative)
    assert len(kept) == KEEP
    assert store.version(relative, kept[0].id) == f"title: v{KEEP + 4}\n".encode()


def test_markdown_files_are_saved_and_only_inside_the_report(site: Path, web: TestClient) -> None:
    body = load(web, SLUGS[0])
    name = next(iter(body["markdown"]))
    answer = put(web, SLUGS[0], body, markdown={name: "新しい本文。\n"})
    assert answer.status_code == 200, answer.text
    assert (site / f"content/reports/{SLUGS[0]}" / name).read_text("utf-8") == "新しい本文。\n"
    body["version"] = answer.json()["version"]
    for hostile in ("../../site.yaml", "/etc/passwd.md", "../x.md", ".hidden.md"):
        refused = put(web, SLUGS[0], body, markdown={hostile: "x"})
        assert refused.status_code == 422, hostile
    assert not (site / "content/x.md").exists()


def test_the_build_never_publishes_the_editors_folder(site: Path, web: TestClient) -> None:
    from seminar_site.pipeline.build import BuildOptions, build

    body = load(web, SLUGS[0])
    body["data"]["title"] = "保存した題名"
    assert put(web, SLUGS[0], body).status_code == 200
    del body["data"]["lead"]
    assert put(web, SLUGS[0], load(web, SLUGS[0]) | {"data": body["data"]}, draft=True)
    assert (site / ".seminar-editor/history").is_dir() and (
        site / ".seminar-editor/drafts"
    ).is_dir()
    build(BuildOptions(root=site, out=site / "_site", workers=1))
    published = [p.relative_to(site / "_site").as_posix() for p in (site / "_site").rglob("*")]
    assert not any("seminar-editor" in p or p.endswith(".yaml") for p in published)
    page = (site / f"_site/reports/{SLUGS[0]}/index.html").read_text("utf-8")
    assert "保存した題名" in page


def test_site_yaml_is_validated_and_saved_alone(site: Path, web: TestClient) -> None:
    form = web.get("/_edit/api/site").json()
    form["data"]["date_style"] = "later"
    payload = {"target": "site", "data": form["data"]}
    issues = web.post("/_edit/api/validate", json=payload).json()["errors"]
    assert [issue["path"] for issue in issues] == ["date_style"], issues
    assert web.put("/_edit/api/site", json=form).status_code == 422
    form["data"]["date_style"] = "era"
    saved = web.put("/_edit/api/site", json=form)
    assert saved.status_code == 200, saved.text
    assert "date_style: era" in (site / "content/site.yaml").read_text("utf-8")


def test_the_sites_share_image_is_looked_for_by_the_settings_form(
    site: Path, web: TestClient
) -> None:
    """The form's copy of the site has the files beside site.yaml, so the bundled share image
    is found, and one that is not there is an error at its field, as build would say."""
    form = web.get("/_edit/api/site").json()
    assert form["data"]["social_image"] == "images/share.png"
    payload = {"target": "site", "data": form["data"]}
    assert web.post("/_edit/api/validate", json=payload).json()["errors"] == []
    form["data"]["social_image"] = "images/shar.png"
    issues = web.post("/_edit/api/validate", json=payload).json()["errors"]
    assert [issue["path"] for issue in issues] == ["social_image"], issues
    assert "share.png" in issues[0]["hint"]
    assert web.put("/_edit/api/site", json=form).status_code == 422


def test_an_english_site_gets_english_labels_and_messages(site: Path) -> None:
    browser, _security = client(site, language="en")
    fields = {f["key"]: f for f in browser.get("/_edit/api/shapes").json()["report"]["fields"]}
    assert fields["title"]["label"] == "Report title" and fields["title"]["help"].startswith(
        "Report title (the page's only <h1>)"
    )
    data = load(browser, SLUGS[0])["data"]
    del data["lead"]
    payload = {"target": "report", "slug": SLUGS[0], "data": data}
    issue = browser.post("/_edit/api/validate", json=payload).json()["errors"][0]
    assert issue["path"] == "lead", issue
    assert issue["message"] == "fill in 'Lead paragraph under the title'"  # the field's label


def test_the_preview_mounts_the_editor_in_the_sites_language(tmp_path: Path) -> None:
    from seminar_site.dev.preview import _editor, preview_folder
    from seminar_site.dev.serve import Hub, bind

    root = bundled_site(tmp_path)
    server, _note = bind("127.0.0.1", 0, preview_folder(root), Hub(), tries=1)
    try:
        assert _editor(root, server).language == "ja"
        site_yaml = root / "content/site.yaml"
        site_yaml.write_text(
            site_yaml.read_text("utf-8").replace("language: ja", "language: en"), "utf-8"
        )
        assert _editor(root, server).language == "en"
    finally:
        server.server_close()


def test_removing_or_moving_a_session_touches_only_its_lines(site: Path, web: TestClient) -> None:
    path = site / f"content/reports/{SLUGS[0]}/report.yaml"
    old = path.read_text(encoding="utf-8")
    body = load(web, SLUGS[0])
    sessions = body["data"]["days"][0]["sessions"]
    removed = sessions.pop(1)
    answer = put(web, SLUGS[0], body)
    assert answer.status_code == 200, answer.text
    lines = changed_lines(old, path.read_text(encoding="utf-8"))
    assert (
        all(line.startswith("-") for line in lines)
        and f"-        title: {removed['title']}" in lines
    )
    body = load(web, SLUGS[0])
    before = path.read_text(encoding="utf-8")
    sessions = body["data"]["days"][0]["sessions"]
    sessions[0], sessions[1] = sessions[1], sessions[0]
    assert put(web, SLUGS[0], body).status_code == 200
    moved = changed_lines(before, path.read_text(encoding="utf-8"))
    minus = sorted(line[1:] for line in moved if line.startswith("-"))
    plus = sorted(line[1:] for line in moved if line.startswith("+"))
    assert minus == plus  # the same lines, moved: nothing rewritten
    assert load(web, SLUGS[0])["data"]["days"][0]["sessions"] == sessions


def _iso(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("slug", SLUGS)
def test_random_edits_read_back_as_the_form_sent_them(site: Path, slug: str) -> None:
    """Differential: whatever the form sends, PyYAML (the loader's parser) reads the merged
    file back as exactly that data (texts that look like numbers, dates or booleans quoted)."""
    import copy
    import random

    import yaml

    from seminar_site.editor.documents import Document, merge, plain

    text = (site / f"content/reports/{slug}/report.yaml").read_text(encoding="utf-8")
    chance = random.Random(slug)
    odd = ["yes", "No", "1.5", "2021-01-22", "13:30", "~", "null", "a: b", "#x", "- y", " sp", ""]
    for _round in range(40):
        document = Document(text)
        data = copy.deepcopy(plain(document.data))
        for _edit in range(3):
            sessions = data["days"][chance.randrange(len(data["days"]))].get("sessions") or []
            if len(sessions) > 1 and chance.random() < 0.3:
                i, j = chance.sample(range(len(sessions)), 2)
                sessions[i], sessions[j] = sessions[j], sessions[i]
            elif sessions and chance.random() < 0.2:
                sessions.pop(chance.randrange(len(sessions)))
            elif sessions:
                sessions[chance.randrange(len(sessions))]["title"] = (
                    chance.choice(odd) + "題"[: chance.randrange(2)]
                )
        document.data = merge(document.data, data, REPORT)
        assert _iso(yaml.safe_load(document.dump())) == data


def test_a_markdown_file_changed_on_disk_since_the_form_loaded_it_is_a_conflict(
    site: Path, web: TestClient
) -> None:
    body = load(web, SLUGS[0])
    name = next(iter(body["markdown"]))
    path = site / f"content/reports/{SLUGS[0]}" / name
    path.write_text("別のエディターで書いた本文。\n", encoding="utf-8")
    answer = put(
        web,
        SLUGS[0],
        body,
        markdown={name: "このフォームの本文。\n"},
        markdown_versions=body["markdown_versions"],
    )
    assert answer.status_code == 409
    [conflict] = answer.json()["conflict"]["files"]
    assert conflict["file"].endswith(name) and "このフォーム" in conflict["mine"]
    assert "別のエディター" in conflict["theirs"]
    assert path.read_text(encoding="utf-8") == "別のエディターで書いた本文。\n"


def test_a_day_published_as_a_folder_lists_its_images_with_thumbnails(
    site: Path, web: TestClient
) -> None:
    from PIL import Image

    folder = site / f"content/reports/{SLUGS[1]}/photos/day1"
    folder.mkdir(parents=True)
    for name in ("b.jpg", "a.jpg"):
        Image.new("RGB", (40, 30), (90, 20, 20)).save(folder / name)
    body = load(web, SLUGS[1])
    body["data"]["days"][0]["photos"] = {"folder": "photos/day1"}
    answer = put(web, SLUGS[1], body)
    assert answer.status_code == 200, answer.text
    listed = load(web, SLUGS[1])["photos"]["photos/day1"]
    assert [photo["file"] for photo in listed] == ["photos/day1/a.jpg", "photos/day1/b.jpg"]
    assert web.get(listed[0]["thumb_url"]).headers["content-type"] == "image/webp"
