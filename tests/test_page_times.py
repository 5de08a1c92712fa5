"""Times on the report page, in the CMS fragment and so in the PDF: a range is written with
「～」 in Japanese (read as から by Japanese screen readers) and with an en dash in English,
from the labels table; the overview's 日時 row gives each day's hours after its date, every
date and time inside ``<time datetime>`` (REPORT-PAGE R7)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from seminar_site.cli import main
from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_PATH, SITE_PATH, MakeSite

TWO_DAYS = """\
title: 二日間の報告
lead: 報告です。
published: 2021-02-24
event:
  name: 二日間セミナー
  format: online
days:
  - date: 2021-01-22
    sessions:
      - kind: 講演
        title: 基調講演
        start: "13:00"
        end: "14:00"
      - kind: 事例
        title: 朝の事例
        start: "9:30"
        end: "10:15"
      - kind: 閉会
        title: 閉会
        start: "15:45"
        end: "15:50"
  - date: 2021-01-23
    sessions:
      - kind: 講演
        title: 時刻のない講演
      - kind: 事例
        title: 時刻のある事例
        start: "10:00"
        end: "11:00"
  - date: 2021-01-24
    sessions:
      - kind: 講演
        title: 始まりだけの講演
        start: "13:00"
"""
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}\+09:00)?$")


def site(make_site: MakeSite, language: str) -> Path:
    files = {SITE_PATH: f"title: 試験\nlanguage: {language}\n", REPORT_PATH: TWO_DAYS}
    return make_site(files, name=f"site-{language}")


def page(make_site: MakeSite, tmp_path: Path, language: str = "ja") -> BeautifulSoup:
    root = site(make_site, language)
    out = tmp_path / f"out-{language}"
    build(BuildOptions(root=root, out=out, workers=1))
    return BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")


def fragment(make_site: MakeSite, tmp_path: Path, language: str = "ja") -> BeautifulSoup:
    root = site(make_site, language)
    out = tmp_path / f"frag-{language}"
    argv = ["export", "r1", "--format", "fragment", "--root", str(root), "--out", str(out)]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 0
    return BeautifulSoup((out / "report.html").read_text("utf-8-sig"), "html.parser")


def session_times(soup: BeautifulSoup) -> list[str]:
    return [p.get_text() for p in soup.select(".session-time")]


def overview_days(soup: BeautifulSoup) -> list[str]:
    """The 日時 row's text, one item per <br>-separated line (one per day)."""
    dd = soup.select_one(".overview dd")
    assert isinstance(dd, Tag)
    lines: list[str] = []
    current = ""
    for child in dd.children:
        if isinstance(child, Tag) and child.name == "br":
            lines.append(current)
            current = ""
        else:
            current += child.get_text() if isinstance(child, Tag) else str(child)
    return [*lines, current]


def test_japanese_ranges_use_the_wave_dash(make_site: MakeSite, tmp_path: Path) -> None:
    soup = page(make_site, tmp_path)
    assert session_times(soup) == [
        "13:00～14:00", "9:30～10:15", "15:45～15:50", "10:00～11:00", "13:00",
    ]  # fmt: skip
    body = soup.select_one("main")
    assert body is not None and "–" not in body.get_text()


def test_english_ranges_keep_the_en_dash(make_site: MakeSite, tmp_path: Path) -> None:
    soup = page(make_site, tmp_path, "en")
    assert session_times(soup)[:2] == ["13:00–14:00", "9:30–10:15"]
    assert "～" not in soup.get_text()


def test_overview_gives_each_days_hours_inside_time_elements(
    make_site: MakeSite, tmp_path: Path
) -> None:
    soup = page(make_site, tmp_path)
    assert overview_days(soup) == [
        "2021年1月22日(金) 9:30～15:50 Day1",  # the earliest start, the latest end
        "2021年1月23日(土) Day2",  # a session without a start: the hours are not known
        "2021年1月24日(日) 13:00 Day3",  # no end: the start alone
    ]
    dd = soup.select_one(".overview dd")
    assert isinstance(dd, Tag)
    times = dd.find_all("time")
    assert [t["datetime"] for t in times] == [
        "2021-01-22", "2021-01-22T09:30+09:00", "2021-01-22T15:50+09:00",
        "2021-01-23", "2021-01-24", "2021-01-24T13:00+09:00",
    ]  # fmt: skip
    # Every visible time of the page is inside a <time> with a valid datetime (R7).
    for time in soup.select("main time"):
        assert DATETIME.match(str(time["datetime"])), time
    body = soup.select_one("main")
    assert body is not None
    for text in body.find_all(string=re.compile(r"\d{1,2}:\d{2}")):
        assert text.find_parent("time") is not None, text


def test_english_overview_hours(make_site: MakeSite, tmp_path: Path) -> None:
    assert overview_days(page(make_site, tmp_path, "en"))[0] == (
        "Fri, January 22, 2021 9:30–15:50 Day1"
    )


def test_the_cms_fragment_writes_times_as_the_page_does(
    make_site: MakeSite, tmp_path: Path
) -> None:
    soup = fragment(make_site, tmp_path)
    rows = {tr.th.get_text(): tr.td.get_text() for tr in soup.find_all("tr")}
    assert rows["日時"] == (
        "2021年1月22日(金) 9:30～15:50 Day1、2021年1月23日(土) Day2、2021年1月24日(日) 13:00 Day3"
    )
    paragraphs = [p.get_text() for p in soup.find_all("p")]
    assert "13:00～14:00" in paragraphs and "9:30～10:15" in paragraphs
    assert "–" not in soup.get_text()
    english = fragment(make_site, tmp_path, "en")
    assert "13:00–14:00" in [p.get_text() for p in english.find_all("p")]
