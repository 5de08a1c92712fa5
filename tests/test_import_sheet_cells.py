"""Cells of a programme sheet that used to lose data in silence: merged cells below the
header (a 所属 or 時間 merged over two rows is both rows'), a header of two rows with merged
cells, formulas without a saved result, hidden rows and columns, a bracketed affiliation
after a name, and one sheet per day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from seminar_site.imports.sheets import read_sheet
from tests.test_import_sheets import write_xlsx


def _sessions(result: Any) -> list[dict[str, Any]]:
    return [s for day in result.report["days"] for s in day["sessions"]]


def test_a_merged_cell_gives_its_value_to_every_row_it_covers(tmp_path: Path) -> None:
    rows = [
        ["2025年6月3日 研修会"],
        ["時間", "演題", "講師", "所属", "役職"],
        ["13:30～14:00", "講演A", "佐藤 花子", "〇〇市", "課長"],  # row 3
        ["14:00～14:30", "講演B", "鈴木 一郎", None, "係長"],
        ["14:30～15:30", "パネル", "高橋 次郎", "△△町", "主査"],  # row 5
        [None, None, "伊藤 三郎", "□□村", "主任"],
        ["15:30～16:00", "分科会1", "林 正", "A市", "主事"],  # row 7
        [None, "分科会2", "森 誠", "B市", "主事"],
    ]
    merges = ["D3:D4", "A5:A6", "B5:B6", "A7:A8"]
    result = read_sheet(write_xlsx(tmp_path / "t6.xlsx", rows, merges=merges))
    _a, b, panel, first, second = _sessions(result)
    assert b["speakers"][0]["organisation"] == "〇〇市"
    assert [s["name"] for s in panel["speakers"]] == ["高橋 次郎", "伊藤 三郎"]  # one session
    assert (second["start"], second["end"]) == ("15:30", "16:00") == (first["start"], first["end"])
    assert result.placed_lines == result.source_lines


def test_a_header_of_two_rows_with_merged_cells(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["令和7年度 DX研修 プログラム（令和7年6月3日）"],
        ["時間", None, "演題", "講師", None],
        ["開始", "終了", None, "氏名", "所属"],
        [dt.time(13, 30), dt.time(14, 0), "講演A", "佐藤 花子", "〇〇市"],
        [dt.time(14, 0), dt.time(15, 0), "講演B", "林 正", "△△町"],
    ]
    merges = ["A2:B2", "D2:E2", "C2:C3"]
    result = read_sheet(write_xlsx(tmp_path / "t10.xlsx", rows, merges=merges))
    assert _sessions(result) == [
        {"title": "講演A", "start": "13:30", "end": "14:00",
         "speakers": [{"name": "佐藤 花子", "organisation": "〇〇市"}]},
        {"title": "講演B", "start": "14:00", "end": "15:00",
         "speakers": [{"name": "林 正", "organisation": "△△町"}]},
    ]  # fmt: skip
    assert result.report["event"]["name"] == "令和7年度 DX研修"


def test_a_bracketed_affiliation_after_a_name_is_read(tmp_path: Path) -> None:
    rows = [
        ["2025年6月3日 研修会"],
        ["時間", "演題", "講師", "所属"],
        ["11:00～", "講演3", "高橋 次郎（〇〇県 DX推進監）", None],
        ["13:00～", "パネル", "佐藤 花子（モデレーター）", "△△大学"],
    ]
    result = read_sheet(write_xlsx(tmp_path / "t5.xlsx", rows))
    talk, panel = _sessions(result)
    assert talk["speakers"] == [{"name": "高橋 次郎", "organisation": "〇〇県", "role": "DX推進監"}]
    assert panel["speakers"] == [
        {"name": "佐藤 花子", "organisation": "△△大学", "session_role": "モデレーター"}
    ]
    assert not result.leftovers


def _workbook(path: Path, rows: list[list[Any]]) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "プログラム"
    for row in rows:
        ws.append(row)
    return book, ws


def test_a_formula_without_a_saved_result_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    book, _ws = _workbook(tmp_path / "t7.xlsx", [
        ["研修会"],
        ["日付", "開始", "終了", "演題", "講師"],
        ["令和7年6月3日(火)", dt.time(13, 30), "=B3+TIME(0,30,0)", "講演A", "佐藤 花子"],
    ])  # fmt: skip
    book.save(tmp_path / "t7.xlsx")  # openpyxl saves no result of a formula
    result = read_sheet(tmp_path / "t7.xlsx")
    [warning] = result.warnings
    assert warning.location().endswith("t7.xlsx:プログラム!C3")
    assert "=B3+TIME(0,30,0)" in str(warning.message)
    assert [(x.where, x.text) for x in result.leftovers] == [("プログラム!C3", "=B3+TIME(0,30,0)")]


def test_hidden_rows_are_left_out_and_hidden_columns_noted(tmp_path: Path) -> None:
    book, ws = _workbook(tmp_path / "t4.xlsx", [
        ["2025年6月3日 研修"],
        ["時間", "演題", "講師", "概要"],
        ["13:00～14:00", "講演A", "佐藤 花子", "AIの話"],
        ["14:00～15:00", "中止になった講演", "木村 一", ""],
    ])  # fmt: skip
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["D"].hidden = True
    book.save(tmp_path / "t4.xlsx")
    result = read_sheet(tmp_path / "t4.xlsx")
    assert [s["title"] for s in _sessions(result)] == ["講演A"]
    assert _sessions(result)[0]["summary"] == "AIの話"
    assert ("プログラム!B4", "中止になった講演") in [(x.where, x.text) for x in result.leftovers]
    shown = [w.location() + " " + str(w.message) for w in result.warnings]
    assert any(s.endswith("プログラム!A4 rows hidden in Excel were not imported: 4") for s in shown)
    assert any("プログラム!D2" in s and "hidden" in s for s in shown)
    assert result.source_lines == result.placed_lines + 1


def test_one_sheet_per_day_is_read_as_days(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "6月3日"
    header = ["開催日", "開始", "終了", "演題", "発表者"]
    for row in (
        ["第1回 DX研修"],
        header,
        ["令和7年6月3日(火)", "13:30", "14:00", "講演A", "山本 健一"],
    ):
        first.append(row)
    second = book.create_sheet("6月4日")
    for row in (header, ["令和7年6月4日(水)", "10:00", "11:00", "二日目の講演", "林 正"]):
        second.append(row)
    other = book.create_sheet("名簿")
    for row in (["氏名", "演題"], ["林 正", "x"]):
        other.append(row)
    book.save(tmp_path / "t2.xlsx")
    result = read_sheet(tmp_path / "t2.xlsx")
    days = [
        (d["date"].isoformat(), [s["title"] for s in d["sessions"]]) for d in result.report["days"]
    ]
    assert days == [("2025-06-03", ["講演A"]), ("2025-06-04", ["二日目の講演"])]
    assert result.report["title"] == "第1回 DX研修"
    assert [x.text for x in result.leftovers] == ["名簿"]  # listed in import-report.md
    assert any("sheet: 名簿" in str(w.hint) for w in result.warnings)


def test_a_date_cell_is_quoted_as_written_and_a_day_that_never_was_is_said(
    tmp_path: Path,
) -> None:
    from seminar_site.errors import ContentErrors
    from seminar_site.i18n import render
    from seminar_site.imports.headers import ColumnMap

    rows = [["日時", "演題", "講師"], ["2025年6月3日 13:30～14:30", "講演A", "佐藤 花子"]]
    source = write_xlsx(tmp_path / "t9.xlsx", rows)
    with pytest.raises(ContentErrors) as caught:
        read_sheet(source, columns=ColumnMap({"日時": "date"}))
    assert "'2025年6月3日 13:30～14:30' is not a date" in str(caught.value.errors[0].message)
    rows = [["日付", "演題", "講師"], ["令和7年2月30日", "講演A", "佐藤 花子"]]
    with pytest.raises(ContentErrors) as caught:
        read_sheet(write_xlsx(tmp_path / "d.xlsx", rows))
    assert "does not exist" in render(caught.value.errors[0].hint or "")
