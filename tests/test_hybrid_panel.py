"""A one-day hybrid symposium with a panel (issue 13, items 1, 2, 3, 5 and 11): session
roles, attendance with parts, the venue and the online part apart, 「同」 affiliations and
robots.txt under a sub-path; checked on the parsed page and its JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from seminar_site.content.site import LoadedSite, load_site
from seminar_site.errors import ContentErrors
from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.render.labels import role_key, role_label
from seminar_site.settings.config import load_config
from tests.conftest import REPORT_PATH, SITE_PATH, site_yaml

SYMPOSIUM = """\
title: データ利活用シンポジウム報告
lead: 11月8日に開催したシンポジウムの報告です。
published: 2025-11-20
event:
  name: データ利活用シンポジウム
  format: hybrid
  venue: 仙台国際センター 展示棟
  address: 宮城県仙台市青葉区青葉山無番地
  online:
    platform: Zoom ウェビナー
    url: https://example.jp/live
{participants}days:
  - date: 2025-11-08
    sessions:
      - kind: パネルディスカッション
        title: データで変わる行政
        speakers:
          - name: 中村 健
            organisation: 東北大学
            role: 教授
            session_role: モデレーター
          - name: 佐藤 一郎
            affiliations:
              - organisation: 東北大学
                role: 副学長
              - organisation: 同 データ駆動科学センター
                role: センター長
            session_role: パネリスト
          - name: 鈴木 花子
            organisation: 同
            department: 情報科学研究科
            role: 准教授
            session_role: panelist
          - name: 田中 次郎
            organisation: 仙台市
            role: 課長
            session_role: 進行補助
"""

PARTS = """\
  participants_parts:
    - label: 会場
      count: 138
    - label: オンライン
      count: 251
"""


def _load(root: Path) -> LoadedSite:
    loaded, _record = load_site(root, load_config(root))
    return loaded


def _build(make_site, tmp_path: Path, files: dict[str, str]) -> Path:
    root = make_site(files, name=f"site-{len(list(tmp_path.iterdir()))}")
    out = root.parent / f"{root.name}-out"
    build(BuildOptions(root=root, out=out, workers=1))
    return out


def _page(make_site, tmp_path: Path, report: str, site: str | None = None) -> BeautifulSoup:
    files = {REPORT_PATH: report, **({SITE_PATH: site} if site else {})}
    out = _build(make_site, tmp_path, files)
    return BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")


def _event(page: BeautifulSoup) -> dict[str, Any]:
    script = page.find("script", type="application/ld+json")
    assert script is not None
    graph = json.loads(script.get_text())["@graph"]
    event: dict[str, Any] = next(node for node in graph if node["@type"] == "Event")
    return event


def _session(event: dict[str, Any]) -> dict[str, Any]:
    session: dict[str, Any] = event["subEvent"][0]["subEvent"][0]
    return session


def _row(page: BeautifulSoup, label: str) -> Any:
    for row in page.select(".overview dl > div"):
        dt = row.find("dt")
        if dt is not None and dt.get_text() == label:
            return row.find("dd")
    return None


def test_speakers_are_grouped_by_role(make_site, tmp_path: Path) -> None:
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=PARTS))
    groups = page.select(".session .speakers.speaker-group")
    assert [g.select_one(".speaker-role").get_text() for g in groups] == [
        "モデレーター",
        "パネリスト",
        "進行補助",
    ]
    assert [g.get("data-role") for g in groups] == ["moderator", "panelist", None]
    assert [[n.get_text() for n in g.select(".name")] for g in groups] == [
        ["中村 健"],
        ["佐藤 一郎", "鈴木 花子"],
        ["田中 次郎"],
    ]
    assert groups[0].get_text().startswith("モデレーター：東北大学")


def test_english_role_labels(make_site, tmp_path: Path) -> None:
    site = "title: Test\nlanguage: en\n"
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=PARTS), site)
    roles = [r.get_text() for r in page.select(".speaker-role")]
    assert roles == ["Moderator", "Panelists", "進行補助"]
    assert page.select_one(".speaker-group").get_text().startswith("Moderator: ")


def test_roles_are_known_in_both_languages() -> None:
    assert role_key("パネリスト") == role_key("Panelist") == role_key("panelists") == "panelist"
    assert role_key("司会") == "chair" and role_key("コーディネーター") == "coordinator"
    assert role_key("進行補助") == ""
    assert role_label("commentator", "ja") == "コメンテーター"
    assert role_label("登壇者", "en", many=True) == "Speakers"


def test_a_session_without_roles_keeps_one_speaker_line(make_site, tmp_path: Path) -> None:
    report = SYMPOSIUM.format(participants=PARTS).replace("session_role:", "honorific: 氏\n#")
    page = _page(make_site, tmp_path, report)
    lines = page.select(".session .speakers")
    assert len(lines) == 1 and not lines[0].select(".speaker-role")
    assert "performer" in _session(_event(page))
    assert all(p["@type"] == "Person" for p in _session(_event(page))["performer"])


def test_json_ld_keeps_the_people_with_their_roles(make_site, tmp_path: Path) -> None:
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=PARTS))
    performers = _session(_event(page))["performer"]
    assert [p["@type"] for p in performers] == ["PerformanceRole"] * 4
    assert [p["roleName"] for p in performers] == [
        "モデレーター",
        "パネリスト",
        "パネリスト",
        "進行補助",
    ]
    people = [p["performer"] for p in performers]
    assert [p["@type"] for p in people] == ["Person"] * 4
    assert [p["name"] for p in people] == ["中村 健", "佐藤 一郎", "鈴木 花子", "田中 次郎"]


def test_same_as_above_is_shown_as_written_and_resolved_in_json_ld(
    make_site, tmp_path: Path
) -> None:
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=PARTS))
    organisations = [o.get_text() for o in page.select(".session .organisation")]
    assert "同 データ駆動科学センター" in organisations and "同" in organisations
    people = [p["performer"] for p in _session(_event(page))["performer"]]
    affiliations = {p["name"]: [a["name"] for a in p["affiliation"]] for p in people}
    assert affiliations["佐藤 一郎"] == ["東北大学", "東北大学 データ駆動科学センター"]
    assert affiliations["鈴木 花子"] == ["東北大学 情報科学研究科"]
    assert "同" not in json.dumps(people, ensure_ascii=False).replace("同 ", "")


@pytest.mark.parametrize("written", ["同上", "〃", "同上\u3000データ駆動科学センター"])
def test_dou_jou_and_the_ditto_mark_are_read_as_same_as_above(
    make_site, tmp_path: Path, written: str
) -> None:
    report = SYMPOSIUM.format(participants=PARTS).replace(
        "organisation: 同 データ駆動科学センター", f"organisation: {written}", 1
    )
    page = _page(make_site, tmp_path, report)
    assert written in [o.get_text() for o in page.select(".session .organisation")]
    people = [p["performer"] for p in _session(_event(page))["performer"]]
    affiliations = {p["name"]: [a["name"] for a in p["affiliation"]] for p in people}
    unit = written.partition("\u3000")[2]
    assert affiliations["佐藤 一郎"] == ["東北大学", " ".join(filter(None, ["東北大学", unit]))]


def test_same_with_nothing_above_warns(make_site, tmp_path: Path) -> None:
    report = SYMPOSIUM.format(participants=PARTS)
    report = report.replace("            organisation: 東北大学\n", "", 1)
    report = report.replace("organisation: 東北大学\n", "organisation: 同\n", 1)
    root = make_site({REPORT_PATH: report}, name="nothing-above")
    loaded = _load(root)
    messages = [w.format() for w in loaded.warnings]
    same = [m for m in messages if "'同' stands for the organisation above" in m]
    # 佐藤's two affiliations and 鈴木's: no organisation is named above any of them.
    assert len(same) == 3 and all("report.yaml:" in m for m in same)


def test_attendance_parts_with_a_computed_total(make_site, tmp_path: Path) -> None:
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=PARTS))
    row = _row(page, "参加者数")
    assert row is not None and row.get_text() == "389名(会場138名、オンライン251名)"
    assert [p.get_text() for p in row.select(".participants-part")] == [
        "会場138名",
        "オンライン251名",
    ]
    english = _page(
        make_site, tmp_path, SYMPOSIUM.format(participants=PARTS), "title: T\nlanguage: en\n"
    )
    row = _row(english, "Participants")
    assert row is not None and row.get_text() == "389 people (会場: 138, オンライン: 251)"


def test_a_total_that_agrees_is_kept(make_site, tmp_path: Path) -> None:
    parts = "  participants: 389\n  participants_approximate: true\n" + PARTS
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=parts))
    row = _row(page, "参加者数")
    assert row is not None and row.select_one(".participants-total").get_text() == "約389名"


def test_a_total_that_disagrees_is_an_error(make_site, tmp_path: Path) -> None:
    report = SYMPOSIUM.format(participants="  participants: 400\n" + PARTS)
    root = make_site({REPORT_PATH: report}, name="disagrees")
    with pytest.raises(ContentErrors) as caught:
        _load(root)
    (error,) = [e for e in caught.value.errors if "add up to" in e.message]
    line = report.splitlines().index("  participants: 400") + 1
    assert error.line == line and error.path is not None and error.path.name == "report.yaml"
    assert error.message == "'participants' is 400, but 'participants_parts' add up to 389"


def test_venue_and_online_rows_are_apart(make_site, tmp_path: Path) -> None:
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants=PARTS))
    assert _row(page, "形式").get_text() == "ハイブリッド"
    venue = _row(page, "会場")
    assert venue.select_one(".venue-name").get_text() == "仙台国際センター 展示棟"
    assert venue.select_one(".venue-address").get_text() == "宮城県仙台市青葉区青葉山無番地"
    online = _row(page, "配信")
    assert online.select_one(".online-platform").get_text() == "Zoom ウェビナー"
    link = online.select_one("a.online-url")
    assert link["href"] == "https://example.jp/live"
    location = _event(page)["location"]
    assert location == [
        {
            "@type": "Place",
            "name": "仙台国際センター 展示棟",
            "address": "宮城県仙台市青葉区青葉山無番地",
        },
        {"@type": "VirtualLocation", "url": "https://example.jp/live"},
    ]


def test_no_virtual_location_without_a_url(make_site, tmp_path: Path) -> None:
    report = SYMPOSIUM.format(participants="").replace("    url: https://example.jp/live\n", "")
    page = _page(make_site, tmp_path, report)
    online = _row(page, "配信")
    assert online.get_text() == "Zoom ウェビナー" and online.find("a") is None
    for node in [_event(page), *_event(page)["subEvent"], _session(_event(page))]:
        assert node["location"]["@type"] == "Place"
    assert '"url":""' not in json.dumps(_event(page), separators=(",", ":"))


def test_an_online_event_without_a_url_has_no_empty_url(make_site, tmp_path: Path) -> None:
    page = _page(make_site, tmp_path, SYMPOSIUM.format(participants="").replace("hybrid", "online"))
    assert "location" not in _event(page) or _event(page)["location"].get("url")


def test_robots_txt_only_at_the_host_root(make_site, tmp_path: Path) -> None:
    root_site = site_yaml(extra="base_url: https://example.jp/\n")
    assert (_build(make_site, tmp_path, {SITE_PATH: root_site}) / "robots.txt").is_file()
    sub = site_yaml(extra="base_url: https://example.jp/seminars/\n")
    out = _build(make_site, tmp_path, {SITE_PATH: sub})
    assert not (out / "robots.txt").exists() and (out / "sitemap.xml").is_file()
    root = make_site({SITE_PATH: sub}, name="sub-path")
    (warning,) = [w for w in _load(root).warnings if "robots.txt" in w.message]
    assert warning.line == 3 and "https://example.jp/robots.txt" in warning.message


def test_the_bundled_symposium_uses_the_keys_without_warnings() -> None:
    repo = Path(__file__).resolve().parents[1]
    loaded = _load(repo)
    assert [w.format() for w in loaded.warnings] == []
    (report,) = [r for r in loaded.site.reports if r.slug == "2025-dx-symposium"]
    assert report.event.format == "hybrid" and len(report.days) == 1
    assert report.days[0].label == ""
    assert report.event.participants == 389 and len(report.event.participants_parts) == 2
    assert report.event.online_platform and report.event.venue and report.event.address
    speakers = [s for session in report.days[0].sessions for s in session.speakers]
    roles = {role_key(s.session_role) for s in speakers}
    assert {"chair", "speaker", "moderator", "panelist", "commentator"} <= roles
    assert any(a.resolved for s in speakers for a in s.affiliations)
    files = [m for m in report.all_materials() if m.source is not None]
    assert [(m.kind, m.pages) for m in files] == [("pdf", 3)]
    assert any(m.url for m in report.all_materials())
    (video,) = report.recordings()
    assert video.host == "youtube" and video.captions and video.transcript_html
