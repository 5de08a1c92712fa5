"""English words on a Japanese page are marked ``lang="en"`` (R1): the day labels (「Day1」) in
the day heading, the 開催概要's 日時, the photo heading's hidden text, and 「Atom」 in the
footer; Japanese words and numbers are left alone, and an English page marks nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.render.environment import latin_words
from tests.conftest import REPORT_DIR, REPORT_PATH, report_yaml, site_yaml
from tests.test_gallery_layout import jpeg

TWO_DAYS = report_yaml(
    sessions="      - kind: 講演\n        title: 基調講演\n"
    "    photos:\n      - file: p.jpg\n        alt: 会場で講演を聞く参加者の様子\n"
    "  - date: 2021-02-05\n    sessions:\n      - kind: 事例\n        title: 事例発表\n"
)


def build_page(make_site, tmp_path: Path, language: str) -> BeautifulSoup:
    root = make_site(
        {
            "content/site.yaml": site_yaml().replace("language: ja", f"language: {language}"),
            REPORT_PATH: TWO_DAYS,
            f"{REPORT_DIR}/p.jpg": jpeg((800, 600)),
        }
    )
    build(BuildOptions(root=root, out=tmp_path / "out", workers=1))
    html = (tmp_path / "out/reports/r1/index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def english(element) -> list[str]:
    return [span.get_text() for span in element.select('[lang="en"]')]


def test_latin_words_on_a_japanese_page_are_marked_english(make_site, tmp_path: Path) -> None:
    page = build_page(make_site, tmp_path, "ja")
    assert page.html is not None and page.html["lang"] == "ja"
    assert not page.select('body [lang="ja"]')  # the page's own language: not marked again
    headings = page.select(".day-heading")
    assert [english(h) for h in headings] == [["Day1"], ["Day2"]]
    assert [h.get_text() for h in headings] == ["1月22日(金) Day1", "2月5日(金) Day2"]
    when = page.select_one(".overview dd")
    assert when is not None and english(when) == ["Day1", "Day2"]
    hidden = page.select_one(".photos-heading .visually-hidden")
    assert hidden is not None and english(hidden) == ["Day1"]
    feed = page.select_one('a[href$="feed.xml"]')
    assert feed is not None and feed.get_text() == "更新情報(Atom)" and english(feed) == ["Atom"]


def test_an_english_page_marks_nothing(make_site, tmp_path: Path) -> None:
    page = build_page(make_site, tmp_path, "en")
    assert page.html is not None and page.html["lang"] == "en"
    assert not page.select('body [lang="en"]')


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Day1", '<span lang="en">Day1</span>'),
        ("更新情報(Atom)", '更新情報(<span lang="en">Atom</span>)'),
        ("第1部 Open Data編", '第1部 <span lang="en">Open Data</span>編'),
        ("13:00 <終了>", "13:00 &lt;終了&gt;"),
    ],
)
def test_latin_words(text: str, html: str) -> None:
    assert str(latin_words(text, "ja")) == html
    assert str(latin_words(text, "en")) == text.replace("<", "&lt;").replace(">", "&gt;")


def test_a_japanese_report_on_an_english_site_is_marked_japanese(tmp_path: Path) -> None:
    """The build warns that the reports are written in Japanese; the page then marks their
    own text lang="ja" (title, lead, narrative, sessions, speakers, photos' alt and
    captions), while its English labels stay English."""
    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parents[1] / "content", root / "content")
    site_file = root / "content/site.yaml"
    site_file.write_text(
        site_file.read_text("utf-8").replace("language: ja", "language: en"), "utf-8"
    )
    build(BuildOptions(root=root, out=tmp_path / "out", workers=1))
    html = (tmp_path / "out/reports/2021-withcorona-dx/index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.html is not None and page.html["lang"] == "en"
    marked = ["h1", ".lead", ".narrative", ".session-heading", ".summary", ".speaker"]
    for selector in marked:
        found = page.select(selector)
        assert found and all(el.get("lang") == "ja" for el in found), selector
    assert all(img.get("lang") == "ja" for img in page.select(".gallery img"))
    assert all(c.get("lang") == "ja" for c in page.select(".gallery-caption"))
    published = page.select_one(".published")
    assert published is not None and published.find_parent(attrs={"lang": "ja"}) is None
    assert published.get_text().startswith("Published")
    (script,) = page.find_all("script", type="application/ld+json")
    (article,) = [n for n in json.loads(script.get_text())["@graph"] if n["@type"] == "Article"]
    assert article["inLanguage"] == "ja"
