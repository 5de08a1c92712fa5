"""Columns of a programme sheet that are easy to take for another: a 形式 column holding 会場 /
オンライン (the attendance format, never a kind), a kind column beside a title that has its own
【…】 label, and 「所属・役職」 (organisation and role in one cell).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seminar_site.cli import main
from seminar_site.imports.sheets import read_sheet
from seminar_site.imports.speakers import split_affiliation
from tests.test_import_sheets import write_xlsx


def _read(tmp_path: Path, header: list[str], *rows: list[Any]) -> Any:
    table = [["DX研修 2025年11月8日"], ["会場：さくら市民会館"], [], header, *rows]
    return read_sheet(write_xlsx(tmp_path / "次第.xlsx", table))


def test_a_format_column_is_the_events_format_not_a_kind(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["時間", "形式", "演題", "氏名"],
        ["13:00～13:10", "会場", "開会挨拶", "高橋 修"],
        ["13:10～14:00", "オンライン", "【講演】DXの基礎", "大森 恵子"],
    )
    opening, keynote = result.report["days"][0]["sessions"]
    assert "kind" not in opening
    assert (keynote["kind"], keynote["title"]) == ("講演", "DXの基礎")  # not 【オンライン】【講演】
    assert result.report["event"]["format"] == "hybrid"
    left = [(x.where, x.text) for x in result.leftovers]
    assert left == [("プログラム!B5", "会場"), ("プログラム!B6", "オンライン")]
    assert not result.warnings


def test_one_format_for_every_session_is_the_events(tmp_path: Path) -> None:
    rows = [["DX研修 2025年11月8日"], ["開催形式", "演題"], ["オンライン", "DXの基礎"]]
    result = read_sheet(write_xlsx(tmp_path / "x.xlsx", rows))
    assert result.report["event"]["format"] == "online"
    assert not result.leftovers


def test_a_kind_column_of_kinds_stays_the_kind(tmp_path: Path) -> None:
    result = _read(tmp_path, ["時間", "形式", "演題"], ["13:10～14:00", "パネル", "討論"])
    assert result.report["days"][0]["sessions"][0]["kind"] == "パネル"
    assert result.report["event"]["format"] == "offline"


def test_a_kind_column_beside_a_labelled_title_is_warned_about(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["時間", "区分", "演題"],
        ["13:10～14:00", "事例", "【講演】DXの基礎"],
        ["14:00～14:40", "講演", "【講演】窓口の改善"],
    )
    first, second = result.report["days"][0]["sessions"]
    assert (first["kind"], first["title"]) == ("事例", "【講演】DXの基礎")
    assert (second["kind"], second["title"]) == ("講演", "窓口の改善")  # the same label once
    assert [(w.line, w.col) for w in result.warnings] == [(5, 3)]
    assert "【講演】" in result.warnings[0].message and "'事例'" in result.warnings[0].message


def test_an_organisation_and_role_column_is_split_where_it_is_clear(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["時間", "演題", "氏名", "所属・役職"],
        ["13:10～14:00", "DXの基礎", "大森 恵子", "さくら大学 教授"],
        ["14:00～14:40", "窓口の改善", "深野 聡⏎川合 憲二".replace("⏎", "\n"),
         "もみじ町 企画部 情報政策課長⏎もみじ町デジタル推進員".replace("⏎", "\n")],
    )  # fmt: skip
    keynote, case = result.report["days"][0]["sessions"]
    assert keynote["speakers"] == [
        {"name": "大森 恵子", "organisation": "さくら大学", "role": "教授"}
    ]
    first = {"name": "深野 聡", "organisation": "もみじ町", "department": "企画部"}
    assert case["speakers"][0] == {**first, "role": "情報政策課長"}
    assert case["speakers"][1] == {"name": "川合 憲二", "organisation": "もみじ町デジタル推進員"}
    assert any(
        "プログラム!D6" in note and "もみじ町デジタル推進員" in note for note in result.notes
    )


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("さくら大学 教授", {"organisation": "さくら大学", "role": "教授"}),
        ("さくら大学准教授", {"organisation": "さくら大学", "role": "准教授"}),
        ("株式会社さくら 代表取締役", {"organisation": "株式会社さくら", "role": "代表取締役"}),
        ("さくら市 情報センター長", {"organisation": "さくら市", "role": "情報センター長"}),
        ("さくら大学", {"organisation": "さくら大学"}),
        ("教授 さくら大学", None),
        ("情報政策課長", None),
    ],
)
def test_split_affiliation(text: str, split: dict[str, str] | None) -> None:
    assert split_affiliation(text) == split


def test_as_above_in_an_organisation_cell_is_the_shorthand_same(tmp_path: Path) -> None:
    """「同上」 and 「〃」 are no organisation's name: 「同」 (docs/content-format.md) under a
    speaker of the same session; the first speaker of a session gets the name written out,
    since 「同」 there would stand for nothing. Both are noted, and check passes."""
    result = _read(
        tmp_path,
        ["時間", "演題", "氏名", "所属", "役職"],
        ["13:10～14:00", "討論", "石川 亮", "仙台市", "部長"],
        ["", "", "小野寺 由美", "同上", "課長"],
        ["", "", "遠藤 彩", "〃 データ推進課", "主査"],
        ["14:00～14:40", "窓口の改善", "深野 聡", "〃", "課長"],
    )
    panel, case = result.report["days"][0]["sessions"]
    assert [s["organisation"] for s in panel["speakers"]] == ["仙台市", "同", "同 データ推進課"]
    assert case["speakers"][0]["organisation"] == "仙台市"
    notes = [n for n in result.notes if "「同」" in n]
    assert [n.params["where"] for n in notes] == ["プログラム!D6", "プログラム!D7", "プログラム!D8"]
    assert "written out as 「仙台市」" in notes[2]


def test_as_above_in_an_organisation_and_role_cell(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["時間", "演題", "氏名", "所属・役職"],
        ["13:10～14:00", "討論", "大森 恵子⏎佐々木 誠".replace("⏎", "\n"),
         "さくら大学 教授⏎同上 准教授".replace("⏎", "\n")],
    )  # fmt: skip
    speakers = result.report["days"][0]["sessions"][0]["speakers"]
    assert speakers[1] == {"name": "佐々木 誠", "organisation": "同", "role": "准教授"}


def test_as_above_imports_pass_check_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    rows = [["DX研修 2025年11月8日"], ["時間", "演題", "氏名", "所属"],
            ["13:10～14:00", "討論", "石川 亮", "仙台市"], ["", "", "小野寺 由美", "同上"],
            ["14:00～14:40", "窓口の改善", "深野 聡", "〃"]]  # fmt: skip
    source = write_xlsx(tmp_path / "次第.xlsx", rows)
    assert main(["import", str(source), "--slug", "dx", "--root", str(site)]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(site)]) == 0
    assert "reports/dx" not in capsys.readouterr().err
