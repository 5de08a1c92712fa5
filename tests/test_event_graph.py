"""The Event of the JSON-LD (R23): times from the programme (dates alone where it gives
none), 主催 and 共催 as organizers, performers as the page shows them. Checked on the parsed
JSON-LD of tiny built sites, against the page's own 開催概要 and <time> elements."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_PATH, SITE_PATH, site_yaml

SITE = site_yaml(extra="organiser:\n  name: テスト研究所\n  url: https://example.jp/\n")

PROGRAMME = """\
title: 二日間の報告
lead: 報告です。
published: 2025-11-20
event:
  name: 二日間シンポジウム
  format: offline
  venue: 市民会館
  co_organisers: [東北地域DX推進協議会, 仙台市]
days:
  - date: 2025-11-08
    sessions:
      - kind: 開会
        title: 開会挨拶
        start: "9:30"
        end: "9:40"
        speakers:
          - name: 北村 直樹
            organisation: テスト研究所
            role: 事務局長
            session_role: 司会
      - kind: 講演
        title: 基調講演
        start: "13:10"
        end: "14:00"
        speakers:
          - name: 大森 恵子
            organisation: 東北大学
      - kind: 懇親会
        title: 意見交換
        start: "17:00"
  - date: 2025-11-09
    sessions:
      - kind: 見学
        title: 施設の見学
"""


def built(make_site, tmp_path: Path, report: str = PROGRAMME) -> BeautifulSoup:
    root = make_site({SITE_PATH: SITE, REPORT_PATH: report})
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, workers=1))
    return BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")


def event_of(page: BeautifulSoup) -> dict[str, Any]:
    (script,) = page.find_all("script", type="application/ld+json")
    graph = json.loads(script.get_text())["@graph"]
    (event,) = [node for node in graph if node["@type"] == "Event"]
    return event


def span(node: dict[str, Any]) -> tuple[str, str]:
    return node["startDate"], node["endDate"]


def test_times_come_from_the_programme_and_dates_stand_alone_without(
    make_site, tmp_path: Path
) -> None:
    page = built(make_site, tmp_path)
    event = event_of(page)
    first, second = event["subEvent"]
    # The first day: from its first start to the last end, since no session starts later
    # than it, except 17:00, whose end is not given: the day's end is then unknown.
    assert span(first) == ("2025-11-08T09:30:00+09:00", "2025-11-08")
    assert [span(s) for s in first["subEvent"]] == [
        ("2025-11-08T09:30:00+09:00", "2025-11-08T09:40:00+09:00"),
        ("2025-11-08T13:10:00+09:00", "2025-11-08T14:00:00+09:00"),
        ("2025-11-08T17:00:00+09:00", "2025-11-08"),
    ]
    assert span(second) == ("2025-11-09", "2025-11-09")  # no times: never T00:00-T23:59
    assert [span(s) for s in second["subEvent"]] == [("2025-11-09", "2025-11-09")]
    assert span(event) == ("2025-11-08T09:30:00+09:00", "2025-11-09")
    # The page's own <time> values are the same instants, zero-padded as ISO 8601 wants.
    shown = [str(t["datetime"]) for t in page.select(".session-time time")]
    assert shown[:2] == ["2025-11-08T09:30+09:00", "2025-11-08T09:40+09:00"]


def test_one_day_with_every_time_spans_first_start_to_last_end(make_site, tmp_path) -> None:
    report = PROGRAMME.split("      - kind: 懇親会")[0]  # day 1's first two sessions alone
    event = event_of(built(make_site, tmp_path, report))
    assert span(event) == ("2025-11-08T09:30:00+09:00", "2025-11-08T14:00:00+09:00")
    (day,) = event["subEvent"]
    assert span(day) == span(event)


def test_co_organisers_are_organizers_after_the_organiser(make_site, tmp_path: Path) -> None:
    page = built(make_site, tmp_path)
    organizers = event_of(page)["organizer"]
    assert organizers == [
        {"@type": "Organization", "name": "テスト研究所", "url": "https://example.jp/"},
        {"@type": "Organization", "name": "東北地域DX推進協議会"},
        {"@type": "Organization", "name": "仙台市"},
    ]
    rows = {row.dt.get_text(): row.dd.get_text() for row in page.select(".overview dl > div")}
    assert rows["主催"] == "テスト研究所" and rows["共催"] == "東北地域DX推進協議会、仙台市"


def test_an_organiser_alone_stays_one_organization(make_site, tmp_path: Path) -> None:
    report = PROGRAMME.replace("  co_organisers: [東北地域DX推進協議会, 仙台市]\n", "")
    organizer = event_of(built(make_site, tmp_path, report))["organizer"]
    assert organizer == {
        "@type": "Organization",
        "name": "テスト研究所",
        "url": "https://example.jp/",
    }


def test_performers_have_names_without_honorific_and_roles_where_given(
    make_site, tmp_path: Path
) -> None:
    page = built(make_site, tmp_path)
    opening, keynote, _evening = event_of(page)["subEvent"][0]["subEvent"]
    (chair,) = opening["performer"]
    assert chair == {
        "@type": "PerformanceRole",
        "roleName": "司会",
        "performer": {
            "@type": "Person",
            "name": "北村 直樹",
            "jobTitle": "事務局長",
            "affiliation": [{"@type": "Organization", "name": "テスト研究所"}],
        },
    }
    # No role in the source: a plain Person with no jobTitle at all (not an empty one).
    (speaker,) = keynote["performer"]
    assert speaker == {
        "@type": "Person",
        "name": "大森 恵子",
        "affiliation": [{"@type": "Organization", "name": "東北大学"}],
    }
    assert "氏" in page.select_one(".speakers").get_text()  # the page has it, the data not


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
JST = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+09:00$")


def test_the_bundled_reports_give_a_time_with_its_offset_or_the_date_alone(tmp_path) -> None:
    """Google's Event rich results take a date alone when the start time is not known, and
    a date-time should carry its offset: the 2021 report's programme gives no times (dates
    alone, never an invented T00:00), the 2025 one does (+09:00 on every session that has
    a start, equal to the page's own <time>)."""
    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parents[1] / "content", root / "content")
    build(BuildOptions(root=root, out=tmp_path / "out", workers=1))
    timed = 0
    for slug in ("2021-withcorona-dx", "2025-dx-symposium"):
        html = (tmp_path / "out/reports" / slug / "index.html").read_text("utf-8")
        page = BeautifulSoup(html, "html.parser")
        event = event_of(page)
        nodes = [event, *event["subEvent"]]
        nodes += [session for day in event["subEvent"] for session in day["subEvent"]]
        for node in nodes:
            for value in span(node):
                assert DATE.match(value) or JST.match(value), (slug, node["@id"], value)
        for day in event["subEvent"]:
            for session in day["subEvent"]:
                section = page.select_one(f"[id='{session['@id'].partition('#')[2]}']")
                assert section is not None
                shown = section.select_one(".session-time time")
                if shown is None:
                    assert session["startDate"] == day["startDate"][:10]
                    continue
                timed += 1
                start = str(shown["datetime"]).replace("+09:00", ":00+09:00")
                assert session["startDate"] == start, (slug, session["@id"])
        if slug.startswith("2021"):
            assert all(DATE.match(value) for node in nodes for value in span(node))
    assert timed >= 3
