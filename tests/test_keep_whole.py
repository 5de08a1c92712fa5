"""Speakers' names and hyphenated Latin words kept whole in a page's running text (R18):
only text between tags changes, never a tag, an attribute, a link's address, ``<pre>`` or
``<code>``; the built page marks the names of its own speakers."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.render.keep_whole import KeepWhole
from tests.conftest import REPORT_DIR, REPORT_PATH, report_yaml

WHOLE = KeepWhole(["三輪 修平", "中村健", "Jane Smith"], "ja")


def test_a_name_is_found_with_or_without_its_space_and_with_its_honorific() -> None:
    html = "<p>つくば市・三輪 修平氏と三輪修平 先生、中村健さん、Jane Smith氏。</p>"
    assert str(WHOLE.html(html)) == (
        '<p>つくば市・<span class="person">三輪 修平氏</span>と'
        '<span class="person">三輪修平 先生</span>、<span class="person">中村健さん</span>、'
        '<span class="person">Jane Smith氏</span>。</p>'
    )


def test_tags_attributes_addresses_and_code_are_left_alone() -> None:
    html = (
        '<p><a href="https://example.jp/三輪 修平/AI-OCR" title="中村健">中村健の資料</a>'
        "<code>AI-OCR</code></p><pre>三輪 修平 AI-OCR</pre>"
        '<p><span class="person"><span class="name">中村健</span></span></p>'
    )
    out = str(WHOLE.html(html))
    assert out == html.replace(">中村健の資料<", '><span class="person">中村健</span>の資料<')


def test_hyphenated_latin_words_on_a_japanese_page_only() -> None:
    text = "RPA・AI-OCR活用、with-コロナ、e-Gov、www.e-gov.go.jp、a-b/c"
    out = str(WHOLE.text(text))
    assert '<span class="nowrap">AI-OCR</span>活用' in out
    assert '<span class="nowrap">e-Gov</span>' in out
    assert "www.e-gov.go.jp" in out and "a-b/c" in out  # pieces of addresses: left alone
    for name in ("AI-OCR.pdf", "AI-OCR-x/y", "AI-OCR_v2", "x" * 20 + "-" + "y" * 4):
        assert str(WHOLE.text(f"資料 {name} です")) == f"資料 {name} です"  # no piece of them
    assert str(WHOLE.text("AI-OCR。")) == '<span class="nowrap">AI-OCR</span>。'
    assert str(KeepWhole([], "en").text(text)) == text
    assert str(KeepWhole([], "ja").text("<b>&")) == "&lt;b&gt;&amp;"


def test_the_page_marks_its_speakers_names_in_the_narrative(make_site, tmp_path: Path) -> None:
    sessions = (
        "      - kind: 講演\n        title: RPA・AI-OCRの活用\n        speakers:\n"
        "          - name: 三輪 修平\n            organisation: つくば市\n"
    )
    root = make_site(
        {
            REPORT_PATH: report_yaml(sessions=sessions, extra="").replace(
                "published:", "body: narrative.md\npublished:"
            ),
            f"{REPORT_DIR}/narrative.md": "つくば市・三輪 修平氏が、AI-OCRの導入を話しました。\n",
        }
    )
    build(BuildOptions(root=root, out=tmp_path / "out", workers=1))
    page = BeautifulSoup((tmp_path / "out/reports/r1/index.html").read_text("utf-8"), "html.parser")
    narrative = page.select_one(".narrative")
    assert narrative is not None
    assert [s.get_text() for s in narrative.select(".person")] == ["三輪 修平氏"]
    assert [s.get_text() for s in narrative.select(".nowrap")] == ["AI-OCR"]
    heading = page.select_one(".session-heading")
    assert heading is not None and heading.get_text() == "【講演】RPA・AI-OCRの活用"
    assert [s.get_text() for s in heading.select(".nowrap")] == ["AI-OCR"]
