"""Small things a reader sees: day labels, colons, brackets and footnote links in the page's
language (issue 13's smaller items)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_PATH, report_yaml, site_yaml

TWO_DAYS = """\
title: 二日間の報告
lead: 報告です。
published: 2021-02-24
event:
  name: 二日間セミナー
  format: hybrid
  venue: 市民会館
days:
  - date: 2021-01-22
    sessions:
      - kind: 講演
        title: 初日
  - date: 2021-01-23
    sessions:
      - kind: 講演
        title: 二日目
"""


def page_of(make_site, tmp_path: Path, files: dict[str, str]) -> BeautifulSoup:
    root = make_site(files, name=f"site-{tmp_path.name}")
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, workers=1))
    return BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")


def graph_days(page: BeautifulSoup) -> list[str]:
    script = page.find("script", type="application/ld+json")
    assert script is not None
    data = json.loads(script.get_text())
    event = next(node for node in data["@graph"] if node["@type"] == "Event")
    return [day["name"] for day in event["subEvent"]]


def test_a_one_day_event_has_no_day_label(make_site, tmp_path: Path) -> None:
    page = page_of(make_site, tmp_path, {})
    heading = page.select_one(".day-heading")
    assert heading is not None and heading.get_text() == "1月22日(金)"
    overview = page.select_one("#overview-heading + dl dd") or page.select_one("dl dd")
    # The overview writes the weekday as the headings do: (金), not (金曜日).
    assert overview is not None and overview.get_text() == "2021年1月22日(金)"
    assert graph_days(page) == ["テストセミナー"]


def test_several_days_keep_their_labels(make_site, tmp_path: Path) -> None:
    page = page_of(make_site, tmp_path, {REPORT_PATH: TWO_DAYS})
    assert [h.get_text() for h in page.select(".day-heading")] == [
        "1月22日(金) Day1",
        "1月23日(土) Day2",
    ]
    assert graph_days(page) == ["二日間セミナー Day1", "二日間セミナー Day2"]


def test_japanese_labels_take_a_full_width_colon(make_site, tmp_path: Path) -> None:
    page = page_of(make_site, tmp_path, {})
    published = page.select_one(".published")
    assert published is not None and published.get_text() == "公開日：2021年2月24日"


def test_english_platform_is_set_off_by_a_space(make_site, tmp_path: Path) -> None:
    online = TWO_DAYS.replace("format: hybrid", "format: online").replace("市民会館", "Zoom")
    files = {"content/site.yaml": "title: Test\nlanguage: en\n", REPORT_PATH: online}
    page = page_of(make_site, tmp_path, files)
    formats = [dd.get_text() for dd in page.select("dl dd") if "Online" in dd.get_text()]
    assert formats == ["Online (Zoom)"]
    japanese = page_of(make_site, tmp_path / "ja", {REPORT_PATH: online})
    assert [dd.get_text() for dd in japanese.select("dl dd") if "オンライン" in dd.get_text()] == [
        "オンライン(Zoom)"
    ]


@pytest.mark.parametrize(
    ("venue", "shown"),
    [
        ("Zoom", "オンライン(Zoom)"),
        ("オンライン(Zoom)", "オンライン(Zoom)"),  # as the docs' example writes it
        ("オンライン（Teams）", "オンライン（Teams）"),
        ("オンライン", "オンライン"),
    ],
)
def test_an_online_venue_written_with_the_format_is_not_bracketed_again(
    make_site, tmp_path: Path, venue: str, shown: str
) -> None:
    online = TWO_DAYS.replace("format: hybrid", "format: online").replace("市民会館", venue)
    page = page_of(make_site, tmp_path, {REPORT_PATH: online})
    assert [dd.get_text() for dd in page.select("dl dd") if "オンライン" in dd.get_text()] == [
        shown
    ]


def test_footnote_back_links_are_titled_in_the_page_language(make_site, tmp_path: Path) -> None:
    body = "本文です。[^1]\n\n[^1]: 注の文です。\n"
    files = {
        REPORT_PATH: report_yaml(extra="body: narrative.md\n"),
        "content/reports/r1/narrative.md": body,
    }
    page = page_of(make_site, tmp_path, files)
    backlink = page.select_one("a.footnote-backref")
    assert backlink is not None and backlink["title"] == "本文の注1の位置に戻る"
    english = page_of(
        make_site,
        tmp_path / "en",
        {**files, "content/site.yaml": site_yaml().replace("language: ja", "language: en")},
    )
    link = english.select_one("a.footnote-backref")
    assert link is not None and link["title"] == "Jump back to footnote 1 in the text"


def test_a_lead_of_several_paragraphs_is_held_in_a_div(make_site, tmp_path: Path) -> None:
    """A <p> cannot hold paragraphs or a list: such a lead is a <div> on the report page, on
    the list of reports and in the CMS fragment, and a one-paragraph lead stays a <p>."""
    from tests.test_export_fragment import export, fragment_html

    lead = "|-\n  一段落目です。\n\n  - 箇条書き\n  - もう一つ"
    root = make_site({REPORT_PATH: report_yaml(lead=lead)}, name="blocks")
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, workers=1))
    page = BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")
    index = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    export(root, tmp_path / "frag")
    fragment = fragment_html(tmp_path / "frag")
    for soup, selector in ((page, ".lead"), (index, ".card-lead")):
        box = soup.select_one(selector)
        assert box is not None and box.name == "div", selector
        assert [p.get_text() for p in box.find_all("p")] == ["一段落目です。"]
        assert [li.get_text() for li in box.find_all("li")] == ["箇条書き", "もう一つ"]
    for soup in (page, index, fragment):
        assert soup.select("p p, p ul") == []  # html.parser keeps the nesting as written
    assert "一段落目です。" in fragment.get_text() and fragment.select("ul li")
    one = page_of(make_site, tmp_path, {})
    box = one.select_one(".lead")
    assert (
        box is not None
        and box.name == "p"
        and box.get_text() == "1月22日に開催したセミナーの報告です。"
    )
