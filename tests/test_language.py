"""One set of templates serves Japanese (western or era dates) and English sites."""

from __future__ import annotations

from pathlib import Path

import pytest
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


JAPANESE_REPORT = REPORT_YAML.replace(
    "summary: 概要です。",
    "summary: 自治体の働き方改革について、テレワークとDXの事例を紹介しました。"
    "参加者からは多くの質問が寄せられ、AI-OCRやRPAの導入の進め方が話題になりました。",
)
ENGLISH_REPORT = (
    REPORT_YAML.replace("title: テスト報告", "title: Report on the DX seminar")
    .replace("lead: 1/22に開催しました。", "lead: The seminar was held online on January 22.")
    .replace("title: はじめに", "title: Opening remarks")
    .replace(
        "summary: 概要です。",
        "summary: The speaker showed how the city moved its staff to remote work within "
        "weeks, which tools it chose, how it trained its managers, and what it would do "
        "differently next time. Questions from the audience were about budgets and security.",
    )
)


def warnings_of(tmp_path: Path, site_yaml: str, report: str) -> list[tuple[str, int | None]]:
    root = write_site(tmp_path, report)
    (root / "content/site.yaml").write_text(site_yaml, encoding="utf-8")
    result = build(BuildOptions(root=root, out=root / "_site"))
    return [(str(w.message), w.line) for w in result.warnings if "is written in" in str(w.message)]


def test_an_english_site_whose_report_is_japanese_is_warned_at_its_language_line(
    tmp_path: Path,
) -> None:
    found = warnings_of(tmp_path, "title: Test site\nlanguage: en\n", JAPANESE_REPORT)
    assert found == [
        (
            "site.yaml sets the pages' language to English (language: en), but report "
            "'test' is written in Japanese",
            2,
        )
    ]


def test_a_japanese_site_whose_report_is_english_is_warned(tmp_path: Path) -> None:
    found = warnings_of(tmp_path, "title: テスト\n", ENGLISH_REPORT)  # ja by default
    assert len(found) == 1 and "is written in English" in found[0][0]
    assert found[0][1] is None  # no language line to point at: the file itself


@pytest.mark.parametrize(
    ("site_yaml", "report"),
    [
        ("title: テスト\nlanguage: ja\n", JAPANESE_REPORT),  # Japanese with DX, AI-OCR, RPA
        ("title: Test site\nlanguage: en\n", ENGLISH_REPORT),
        ("title: Test site\nlanguage: en\n", REPORT_YAML),  # too little text to judge
    ],
)
def test_a_report_in_its_sites_language_is_not_warned_about(
    tmp_path: Path, site_yaml: str, report: str
) -> None:
    assert warnings_of(tmp_path, site_yaml, report) == []
