"""Past report pages: session times written as the sheet's time cells are (13時30分～14時30分,
午後, a start alone), the bare 「開催概要」「プログラム」 lines of a text page left to the page as
its HTML headings are, and 「同課」 resolved to the department above.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from seminar_site.imports.page_heads import session_head
from seminar_site.imports.pages import read_page
from seminar_site.imports.speakers import parse_speaker_line

TEXT = """令和5年度 自治体職員向けDXセミナーを開催しました
令和6年2月21日（水曜日）、市町村職員を対象としたDXセミナーをオンラインで開催しました。
掲載日：令和6年3月1日
開催概要
日時：令和6年2月21日（水曜日）14時00分～16時30分
形式：オンライン（Zoom）
プログラム
13時30分～14時30分 【講演】生成AIと自治体業務
〇〇市 デジタル推進課長 山田 太郎 氏
生成AIを業務に使うときの注意点をお話しいただきました。
【事例発表】RPAの導入
△△町 総務課 主査 佐藤 花子 氏、同課 主事 鈴木 一郎 氏
RPAで年間300時間を削減した事例を紹介いただきました。
"""


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("13時30分～14時30分 【講演】自治体DX",
         {"start": "13:30", "end": "14:30", "kind": "講演", "title": "自治体DX"}),
        ("１３：３０－１４：１０　講演A", {"start": "13:30", "end": "14:10", "title": "講演A"}),
        ("午後1時～午後2時 講演B", {"start": "13:00", "end": "14:00", "title": "講演B"}),
        ("13:30～ 開会", {"start": "13:30", "title": "開会"}),
        ("【講演】DXの基礎（10:00～10:50）",
         {"start": "10:00", "end": "10:50", "kind": "講演", "title": "DXの基礎"}),
        ("講演 2:1の比率", {"kind": "講演", "title": "2:1の比率"}),
    ],
)  # fmt: skip
def test_session_heads_read_times_as_the_sheet_does(head: str, expected: dict[str, str]) -> None:
    assert session_head(head) == expected


def test_a_text_page_leaves_its_heading_lines_and_resolves_the_same_unit(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    result = read_page(page)
    assert "開催概要" not in result.files.get("narrative.md", "")
    assert "プログラム" not in result.files.get("narrative.md", "")
    keynote, case = result.report["days"][0]["sessions"]
    assert (keynote["start"], keynote["end"]) == ("13:30", "14:30")
    assert [s["department"] for s in case["speakers"]] == ["総務課", "総務課"]


def test_the_same_unit_is_the_one_of_the_speaker_above() -> None:
    line = "△△町 総務部 総務課 主査 佐藤 花子 氏、同部 主事 鈴木 一郎 氏"
    assert [s["department"] for s in parse_speaker_line(line) or []] == ["総務部 総務課", "総務部"]
