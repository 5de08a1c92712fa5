"""A programme sheet in day blocks: 【1日目】 with its date, the header, that day's sessions,
then 【2日目】, the header again, the next day's. Each heading gives its date to the rows
below it, a repeated header is no session, and a heading without a date is an error that
says where to write it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seminar_site.cli import main
from seminar_site.errors import ContentErrors
from seminar_site.imports.day_blocks import heading_date
from seminar_site.imports.sheets import read_sheet
from tests.test_import_sheets import write_xlsx

HEADER = ["時間", "演題", "講師", "所属"]


def _days(result: Any) -> list[tuple[str, list[str]]]:
    return [
        (day["date"].isoformat(), [s["title"] for s in day["sessions"]])
        for day in result.report["days"]
    ]


def test_day_blocks_with_dates_give_one_day_each(tmp_path: Path) -> None:
    rows = [
        ["令和7年度 DXフォーラム 次第"],
        ["【1日目】令和7年6月3日（火）"],
        HEADER,
        ["13:30 ~ 14:00", "開会", "山田 太郎", "〇〇市"],
        ["13：30－14：50", "講演1", "佐藤 花子", "△△大学"],
        [],
        ["【2日目】令和7年6月4日（水）"],
        HEADER,
        ["10:00～10:50", "講演2", "鈴木 一郎", "□□町"],
    ]
    result = read_sheet(write_xlsx(tmp_path / "t5.xlsx", rows, sheet="日程"))
    assert _days(result) == [("2025-06-03", ["開会", "講演1"]), ("2025-06-04", ["講演2"])]
    assert result.report["title"] == "令和7年度 DXフォーラム"
    assert not result.leftovers
    assert result.placed_lines == result.source_lines


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Day 1 2025/6/3", "Day 2 2025/6/4"),
        ("第1日 2025年6月3日", "第２日　2025年6月4日（水）"),
        ("1日目：2025年6月3日(火)", "2日目：2025年6月4日(水)"),
        ("2025年6月3日（火）", "2025年6月4日"),
    ],
)
def test_the_usual_ways_of_writing_a_day_heading(tmp_path: Path, first: str, second: str) -> None:
    rows = [["研修会"], HEADER, [first], ["13:30～14:00", "A", "山田 太郎"], [second],
            ["10:00～", "B", "林 正"]]  # fmt: skip
    result = read_sheet(write_xlsx(tmp_path / "x.xlsx", rows))
    assert _days(result) == [("2025-06-03", ["A"]), ("2025-06-04", ["B"])]


def test_a_month_day_heading_takes_the_title_rows_year(tmp_path: Path) -> None:
    rows = [["2025年 研修"], HEADER, ["【1日目】6月3日"], ["13:30～14:00", "A", "山田 太郎"],
            ["【2日目】6月4日"], ["10:00～", "B", "林 正"]]  # fmt: skip
    result = read_sheet(write_xlsx(tmp_path / "x.xlsx", rows))
    assert _days(result) == [("2025-06-03", ["A"]), ("2025-06-04", ["B"])]


def test_a_heading_without_a_date_is_an_error_at_its_row(tmp_path: Path) -> None:
    rows = [["研修 2025年6月3日"], HEADER, ["13:30～14:00", "A", "山田 太郎"], ["【2日目】"],
            HEADER, ["10:00", "B", "林 正"]]  # fmt: skip
    with pytest.raises(ContentErrors) as caught:
        read_sheet(write_xlsx(tmp_path / "x.xlsx", rows))
    (error,) = caught.value.errors
    assert error.location() == f"{tmp_path / 'x.xlsx'}:プログラム!A4"
    assert "'【2日目】' has no date" in error.message
    assert error.hint is not None and "【2日目】2025年6月4日(水)" in error.hint
    assert "日付" in error.hint


def test_a_heading_in_a_date_column_is_only_a_heading(tmp_path: Path) -> None:
    header = ["日付", *HEADER]
    rows = [["研修"], header, ["2025/6/3", "13:30～14:00", "A", "山田 太郎"], ["【2日目】"],
            header, ["2025/6/4", "10:00", "B", "林 正"]]  # fmt: skip
    result = read_sheet(write_xlsx(tmp_path / "x.xlsx", rows))
    assert _days(result) == [("2025-06-03", ["A"]), ("2025-06-04", ["B"])]


@pytest.mark.parametrize(
    ("text", "heading"),
    [("【2日目】", True), ("Day 3", True), ("2025/6/4", True), ("講演A", False), ("3", False),
     ("休憩", False), ("13:30～", False)],
)  # fmt: skip
def test_what_is_a_day_heading(text: str, heading: bool) -> None:
    assert heading_date(text)[0] is heading


def test_day_blocks_import_and_check_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    rows = [["DXフォーラム"], ["【1日目】2025年6月3日（火）"], HEADER,
            ["13:30～14:00", "開会", "山田 太郎", "〇〇市"], ["【2日目】2025年6月4日（水）"],
            HEADER, ["10:00～10:50", "講演", "鈴木 一郎", "□□町"]]  # fmt: skip
    source = write_xlsx(tmp_path / "t5.xlsx", rows, sheet="日程")
    capsys.readouterr()
    assert main(["import", str(source), "--slug", "dx", "--root", str(site)]) == 0
    assert "時刻" not in capsys.readouterr().err
    assert main(["check", "--root", str(site)]) == 0
