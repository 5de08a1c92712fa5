"""The editor's follow-up (issue 14): alt-text rules from /validate and required alt before a
photo is published, the Markdown preview in the report's date context, the page's CSP,
photos of a day given as a folder, and unexpected errors told in one line."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from seminar_site.cli import main
from seminar_site.editor.workspace import Workspace
from tests.test_editor_api import SLUGS, TestClient, client, load, put, site, web

__all__ = ["site", "web"]  # fixtures, used by name

SLUG = SLUGS[0]  # the 2021 report: three photos on each of its two days


def vague_alts(data: dict[str, Any]) -> dict[str, Any]:
    """Day 1's photos: alt 写真, the file name, the caption; day 2's first: no alt."""
    first = data["days"][0]["photos"]
    first[0]["alt"] = "写真"
    first[1]["alt"] = Path(first[1]["file"]).name
    first[2]["alt"] = first[2]["caption"]
    del data["days"][1]["photos"][0]["alt"]
    return data


def validated(web: TestClient, data: dict[str, Any]) -> dict[str, Any]:
    answer = web.post("/_edit/api/validate", json={"target": "report", "slug": SLUG, "data": data})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_validate_gives_the_alt_text_rules_beside_each_alt_field_in_checks_words(
    site: Path, web: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    data = vague_alts(load(web, SLUG)["data"])
    body = validated(web, data)
    warned = {issue["path"]: issue["message"] for issue in body["warnings"]}
    assert "「写真」やファイル名" in warned["days[0].photos[0].alt"]
    assert "「写真」やファイル名" in warned["days[0].photos[1].alt"]
    assert "キャプションと同じ" in warned["days[0].photos[2].alt"]
    missing = [issue for issue in body["errors"] if issue["path"] == "days[1].photos[0].alt"]
    assert len(missing) == 1 and "代替テキストがありません" in missing[0]["message"]
    assert "下書き" in missing[0]["hint"]  # the editor says what it does instead of --strict
    assert {i["file"] for i in body["warnings"] + missing} == {
        f"content/reports/{SLUG}/report.yaml"
    }

    # The same words as `seminar-site check` on the same file.
    path = site / f"content/reports/{SLUG}/report.yaml"
    text = path.read_text(encoding="utf-8")
    first = data["days"][0]["photos"]
    text = text.replace(
        "alt: 投影スクリーンの前に並ぶ会議室の様子を模した合成画像", f"alt: {first[0]['alt']}"
    )
    text = text.replace("alt: 明るい壁と机が並ぶ研修室を模した合成画像", "alt: IMG_0002.jpg")
    text = text.replace(
        "alt: 縦長に撮影されたスクリーンと人影を模した合成画像", f"alt: {first[2]['alt']}"
    )
    text = text.replace("        alt: スクリーンに資料が映る会議室を模した合成画像\n", "")
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    main(["check", "--root", str(site), "--lang", "ja"])
    printed = capsys.readouterr().err
    for issue in body["warnings"] + missing:
        if issue["path"].endswith(".alt"):
            assert issue["message"] in printed, issue


def test_a_photo_without_alt_text_is_not_published_from_the_editor_unless_a_draft(
    site: Path, web: TestClient
) -> None:
    path = site / f"content/reports/{SLUG}/report.yaml"
    before = path.read_bytes()
    body = load(web, SLUG)
    del body["data"]["days"][1]["photos"][0]["alt"]
    refused = put(web, SLUG, body)
    assert refused.status_code == 422, refused.text
    errors = refused.json()["errors"]
    assert [e["path"] for e in errors] == ["days[1].photos[0].alt"]
    assert errors[0]["message"] == "写真「photos/day2/IMG_0004.jpg」に代替テキストがありません"
    assert path.read_bytes() == before
    draft = put(web, SLUG, body, draft=True)
    assert draft.status_code == 200 and draft.json()["draft"] is True
    assert path.read_bytes() == before
    # A vague alt text is a warning only: the save goes through.
    body["data"]["days"][1]["photos"][0]["alt"] = "写真"
    saved = put(web, SLUG, body)
    assert saved.status_code == 200, saved.text
    photo = yaml.safe_load(path.read_text(encoding="utf-8"))["days"][1]["photos"][0]
    assert photo["alt"] == "写真"


def test_the_english_editor_says_the_same_in_english(site: Path) -> None:
    browser, _security = client(site, language="en")
    with browser:
        body = load(browser, SLUG)
        del body["data"]["days"][0]["photos"][0]["alt"]
        refused = put(browser, SLUG, body)
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["path"] == "days[0].photos[0].alt"
    assert error["message"] == "photo 'photos/day1/IMG_0001.jpg' has no alt text"


def preview(web: TestClient, markdown: str, **extra: Any) -> str:
    answer = web.post("/_edit/api/preview", json={"markdown": markdown, **extra})
    assert answer.status_code == 200, answer.text
    html: str = answer.json()["html"]
    return html


def test_the_markdown_preview_reads_dates_in_the_reports_year(web: TestClient) -> None:
    html = preview(web, "1/22と2/5に開催しました。", target="report", slug=SLUG)
    text = re.sub(r"<[^>]+>", "", html)
    assert "1月22日(金)" in text and "2月5日(金)" in text, html  # as the 2021 page says
    assert 'datetime="2021-01-22"' in html and 'datetime="2021-02-05"' in html
    # The form's own data, when sent, wins (a date typed but not saved yet).
    data = load(web, SLUG)["data"]
    data["days"][0]["date"] = "2027-01-22"
    typed = preview(web, "1/22に開催", target="report", slug=SLUG, data=data)
    assert 'datetime="2027-01-22"' in typed and "(金)" in re.sub(r"<[^>]+>", "", typed)
    # An unknown report (or none): the current year, as before.
    plain = preview(web, "1/22に開催", target="report", slug="no-such-report")
    assert 'datetime="2021-01-22"' not in plain


def test_the_editor_page_allows_no_eval_and_no_inline_script(web: TestClient) -> None:
    answer = web.get("/_edit/")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    for name in ("script-src", "default-src"):
        assert "'unsafe-eval'" not in directives[name] and "'unsafe-inline'" not in directives[name]
    assert directives["script-src"] == ["'self'"]
    assert "unsafe" not in policy
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", answer.text, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", answer.text, re.I)  # no event attributes


def test_a_day_given_as_a_folder_lists_its_captions_texts(site: Path, web: TestClient) -> None:
    from PIL import Image

    report = site / f"content/reports/{SLUGS[1]}"
    folder = report / "photos/day1"
    folder.mkdir(parents=True)
    for name in ("a.jpg", "b.jpg"):
        Image.new("RGB", (40, 30), (20, 90, 20)).save(folder / name)
    (folder / "captions.yaml").write_text(
        "a.jpg:\n  alt: 会場で話す講師\n  caption: 開会の挨拶\nb.jpg: 質疑応答\n", encoding="utf-8"
    )
    body = load(web, SLUGS[1])
    body["data"]["days"][0]["photos"] = {
        "folder": "photos/day1",
        "captions": "photos/day1/captions.yaml",
    }
    assert put(web, SLUGS[1], body).status_code == 200
    listed = load(web, SLUGS[1])["photos"]["photos/day1"]
    assert [(p["file"], p["alt"], p["caption"]) for p in listed] == [
        ("photos/day1/a.jpg", "会場で話す講師", "開会の挨拶"),
        ("photos/day1/b.jpg", None, "質疑応答"),
    ]
    # The form turns it into a list of photos (editor.js folderToList): b.jpg needs its alt.
    body = load(web, SLUGS[1])
    body["data"]["days"][0]["photos"] = [
        {k: v for k, v in p.items() if k in ("file", "alt", "caption") and v} for p in listed
    ]
    refused = put(web, SLUGS[1], body)
    assert refused.status_code == 422
    assert [e["path"] for e in refused.json()["errors"]] == ["days[0].photos[1].alt"]


def broken(*_args: Any) -> Any:
    raise RuntimeError("a bug with /secret/path in its text")


def test_an_unexpected_error_is_one_line_on_the_console_and_a_json_500(
    web: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(Workspace, "load", broken)
    capsys.readouterr()
    answer = web.get(f"/_edit/api/reports/{SLUG}")
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/json")
    message = answer.json()["message"]
    assert "内部エラー" in message and "--debug" in message and "secret" not in message
    printed = capsys.readouterr().err.strip().splitlines()
    assert len(printed) == 1, printed
    assert "内部エラー" in printed[0] and "--debug" in printed[0]
    assert f"GET /_edit/api/reports/{SLUG}" in printed[0] and "RuntimeError" in printed[0]
    assert "Traceback" not in printed[0] and "secret" not in printed[0]

    # --debug (the CLI's log level): the traceback too.
    caplog.set_level(logging.DEBUG, logger="seminar_site.editor")
    assert web.get(f"/_edit/api/reports/{SLUG}").status_code == 500
    shown = capsys.readouterr().err
    assert "内部エラー" in shown and "Traceback" in shown and "secret/path" in shown


def test_an_unexpected_error_of_the_preview_pages_is_caught_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seminar_site.dev.serve import Hub, PreviewServer

    monkeypatch.setattr(PreviewServer, "lookup", broken)
    server = PreviewServer(("127.0.0.1", 0), tmp_path, Hub("ja"))
    try:
        port = server.server_address[1]
        with TestClient(server.app(), base_url=f"http://127.0.0.1:{port}") as browser:
            answer = browser.get("/reports/")
    finally:
        server.server_close()
    assert answer.status_code == 500 and "内部エラー" in answer.json()["message"]
    printed = capsys.readouterr().err.strip().splitlines()
    assert len(printed) == 1 and "GET /reports/" in printed[0] and "Traceback" not in printed[0]
