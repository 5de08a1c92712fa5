"""A new report from the editor (the files new-report makes), the slug suggestion (never
empty), dates written the Japanese way, and the Markdown preview through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from seminar_site.dev.scaffold import new_report
from seminar_site.editor.newreport import suggest_slug
from seminar_site.pipeline.check import check
from tests.test_editor_api import TestClient, bundled_site, client


@pytest.fixture
def web(tmp_path: Path) -> TestClient:
    browser, _security = client(bundled_site(tmp_path))
    return browser


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_new_report_is_the_files_new_report_makes(tmp_path: Path, web: TestClient) -> None:
    made = web.post(
        "/_edit/api/reports", json={"title": "新しい報告", "date": "令和7年11月8日", "slug": ""}
    )
    assert made.status_code == 201, made.text
    slug = made.json()["slug"]
    assert slug.startswith("2025-11-08-")
    root = tmp_path / "site"
    other = bundled_site(tmp_path / "other")
    new_report(other, slug, "新しい報告", "2025-11-08")
    assert files_of(root / "content/reports" / slug) == files_of(other / "content/reports" / slug)
    assert check(root).errors == ()
    listed = {r["slug"] for r in web.get("/_edit/api/reports").json()["reports"]}
    assert slug in listed
    again = web.post("/_edit/api/reports", json={"title": "x", "date": "", "slug": slug})
    assert again.status_code == 422 and again.json()["message"]
    for body in ({"title": "", "date": "", "slug": ""}, {"title": "x", "date": "昨日", "slug": ""}):
        assert web.post("/_edit/api/reports", json=body).status_code == 422
    bad = web.post("/_edit/api/reports", json={"title": "x", "date": "", "slug": "../../etc"})
    assert bad.status_code == 422 and not (root / "etc").exists()


@pytest.mark.parametrize(
    ("title", "date", "expected"),
    [
        ("自治体DXシンポジウム", "2025-11-08", "2025-11-08-jichitai-dx-shinpojiumu"),
        ("Open Data Day", "2025/3/1", "2025-03-01-open-data-day"),
        ("", "2025年3月1日", "2025-03-01-report"),
        ("🎉🎉", None, "report"),
        ("", None, "report"),
    ],
)
def test_the_slug_suggestion_is_never_empty(title: str, date: str | None, expected: str) -> None:
    assert suggest_slug(title, date) == expected


def test_a_taken_slug_gets_a_number(web: TestClient) -> None:
    taken = "2021-withcorona-dx"
    assert suggest_slug("withcorona dx", "2021", {taken}) != taken
    answer = web.get("/_edit/api/slug", params={"title": "報告", "date": "2025-11-08"}).json()
    assert answer["slug"] == "2025-11-08-houkoku"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("令和7年11月8日", "2025-11-08"),
        ("2025/11/8", "2025-11-08"),
        ("2025年11月8日", "2025-11-08"),
        ("R7.11.8", "2025-11-08"),
        ("2025-11-08", "2025-11-08"),
    ],
)
def test_dates_written_the_japanese_way_are_read_as_iso(
    web: TestClient, text: str, iso: str
) -> None:
    assert web.post("/_edit/api/dates", json={"text": text}).json() == {"iso": iso}


def test_an_unreadable_or_impossible_date_gets_a_message(web: TestClient) -> None:
    for text in ("あした", "2025-02-30"):
        answer = web.post("/_edit/api/dates", json={"text": text})
        assert answer.status_code == 422 and answer.json()["message"], text


def test_the_markdown_preview_is_the_pipelines_and_sanitised(web: TestClient) -> None:
    html = web.post(
        "/_edit/api/preview",
        json={
            "markdown": "**太字**の段落\n\n<script>alert(1)</script><img src=x onerror=alert(1)>"
        },
    ).json()["html"]
    assert "<strong>太字</strong>" in html
    assert "<script" not in html and "onerror" not in html
