"""One set of templates serves Japanese (western or era dates) and English sites."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from tests.test_exit_codes import REPORT_YAML, write_site


def build_page(root: Path, site_yaml: str) -> BeautifulSoup:
    (root / "content/site.yaml").write_text(site_yaml, encoding="utf-8")
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    html = (out / "reports/test/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_english_site_gets_english_labels_and_dates(tmp_path: Path) -> None:
    root = write_site(tmp_path, REPORT_YAML)
    page = build_page(root, "title: Test site\nlanguage: en\n")
    assert page.html is not None and page.html["lang"] == "en"
    published = page.select_one(".published")
    assert published is not None
    assert published.get_text() == "Published: February 24, 2021"
    day = page.select_one(".day-heading")
    assert (
        day is not None and day.get_text(" ", strip=True) == "Fri, January 22"
    )  # one day: no Day1
    skip = page.find("a")
    assert skip is not None and skip.get_text() == "Skip to main content"
    assert page.select_one(".honorific") is None  # no 氏 in English
    lead_time = page.select_one(".lead time")
    assert lead_time is not None and lead_time["datetime"] == "2021-01-22"


def test_japanese_era_date_style(tmp_path: Path) -> None:
    root = write_site(tmp_path, REPORT_YAML)
    page = build_page(root, "title: テスト\nlanguage: ja\ndate_style: era\n")
    published = page.select_one(".published time")
    assert published is not None and published.get_text() == "令和3年2月24日"
    assert published["datetime"] == "2021-02-24"


def test_honorific_is_configurable(tmp_path: Path) -> None:
    root = write_site(tmp_path, REPORT_YAML)
    page = build_page(root, "title: テスト\nhonorific: 様\n")
    honorific = page.select_one(".honorific")
    assert honorific is not None and honorific.get_text() == "様"
