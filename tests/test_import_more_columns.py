"""Columns a programme sheet often has beside the usual ones: 日時 (the date and the time in one
cell), 内容 beside 演題 (the summary), 司会 (a chair of the session), 会場 (the venue), and an
unknown column whose hint lists the fields it can be mapped to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from seminar_site.cli import main
from seminar_site.i18n import render, using
from seminar_site.imports.sheets import read_sheet
from seminar_site.imports.values import split_datetime
from tests.test_import_sheets import write_xlsx


def _read(tmp_path: Path, *rows: list[Any]) -> Any:
    return read_sheet(write_xlsx(tmp_path / "x.xlsx", list(rows), sheet="Sheet1"))


def test_a_datetime_column_gives_the_date_and_the_times(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["日時", "演題", "講師"],
        ["2025年6月3日 13:30～14:30", "講演A", "佐藤 花子"],
        ["14:30～15:30", "講演B", "林 正"],  # the same day, the time alone
        [dt.datetime(2025, 6, 4, 10, 0), "講演C", "森 誠"],
    )
    days = result.report["days"]
    assert [d["date"] for d in days] == [dt.date(2025, 6, 3), dt.date(2025, 6, 4)]
    a, b = days[0]["sessions"]
    assert (a["start"], a["end"], b["start"], b["end"]) == ("13:30", "14:30", "14:30", "15:30")
    assert days[1]["sessions"][0]["start"] == "10:00"


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("2025年6月3日 13:30～14:30", ("2025年6月3日", "13:30～14:30")),
        ("令和7年6月3日（火）、13時～14時", ("令和7年6月3日（火）", "13時～14時")),
        ("2025/6/3", ("2025/6/3", "")),
        (dt.datetime(2025, 6, 3), (dt.date(2025, 6, 3), "")),
    ],
)
def test_split_datetime(cell: object, parts: tuple[object, str]) -> None:
    date, time = split_datetime(cell)
    assert (date, str(time).strip()) == parts


def test_a_datetime_column_of_another_name_and_a_wrong_date_is_located(tmp_path: Path) -> None:
    from seminar_site.errors import ContentErrors

    with pytest.raises(ContentErrors) as caught:
        _read(tmp_path, ["開催日時", "演題"], ["2025年6月31日 13:30～", "講演A"])
    (error,) = caught.value.errors
    assert error.location().endswith("Sheet1!A2")


def test_contents_beside_a_title_is_the_summary(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["研修 2025年6月3日"],
        ["時間", "演題", "内容", "講師"],
        ["13:30～14:30", "講演A", "AIの話", "佐藤 花子"],
    )
    session = result.report["days"][0]["sessions"][0]
    assert (session["title"], session["summary"]) == ("講演A", "AIの話")
    assert not result.warnings and not result.leftovers


def test_contents_without_a_title_is_still_the_title(tmp_path: Path) -> None:
    result = _read(tmp_path, ["研修 2025年6月3日"], ["時間", "内容", "概要"],
                   ["13:30～14:30", "講演A", "AIの話"])  # fmt: skip
    session = result.report["days"][0]["sessions"][0]
    assert (session["title"], session["summary"]) == ("講演A", "AIの話")


def test_a_chair_column_gives_speakers_with_their_session_role(tmp_path: Path) -> None:
    result = _read(
        tmp_path,
        ["研修 2025年6月3日"],
        ["時間", "演題", "講師", "所属", "モデレーター"],
        ["13:30～14:30", "パネル", "佐藤 花子", "A市", "鈴木 一郎（B大学 教授）"],
        ["", "", "林 正", "C町", "鈴木 一郎（B大学 教授）"],  # written again on the next row
        ["14:30～15:00", "講演", "森 誠", "D村", ""],
    )
    panel, talk = result.report["days"][0]["sessions"]
    assert panel["speakers"] == [
        {"name": "鈴木 一郎", "organisation": "B大学", "role": "教授",
         "session_role": "モデレーター"},
        {"name": "佐藤 花子", "organisation": "A市"},
        {"name": "林 正", "organisation": "C町"},
    ]  # fmt: skip
    assert talk["speakers"] == [{"name": "森 誠", "organisation": "D村"}]
    assert not result.warnings


def test_one_venue_for_every_session_is_the_events(tmp_path: Path) -> None:
    result = _read(tmp_path, ["研修 2025年6月3日"], ["時間", "演題", "会場"],
                   ["13:30～", "A", "大ホール"], ["14:30～", "B", "大ホール"])  # fmt: skip
    assert result.report["event"]["venue"] == "大ホール"
    assert not result.leftovers
    assert any("「大ホール」" in note for note in result.report_notes)


def test_several_venues_are_listed_and_noted(tmp_path: Path) -> None:
    result = _read(tmp_path, ["研修 2025年6月3日"], ["時間", "演題", "会場"],
                   ["13:30～", "A", "A会議室"], ["14:30～", "B", "B会議室"])  # fmt: skip
    assert "venue" not in result.report["event"]
    assert [(x.where, x.text) for x in result.leftovers] == [
        ("Sheet1!C3", "A会議室"), ("Sheet1!C4", "B会議室")
    ]  # fmt: skip
    assert any("A会議室、B会議室" in note for note in result.report_notes)


def test_an_unknown_columns_hint_lists_the_fields_in_japanese(tmp_path: Path) -> None:
    result = _read(tmp_path, ["研修 2025年6月3日"], ["時間", "演題", "謝辞"],
                   ["13:30～", "A", "ありがとう"])  # fmt: skip
    (warning,) = result.warnings
    with using("ja"):
        hint = render(warning.hint)
    assert "「謝辞: 項目」" in hint
    assert "summary（概要）、note（備考）" in hint and "chair（司会）" in hint
    assert hint.endswith("ignore（読み込まない）")


def test_the_audit_sheet_imports_without_a_warning_and_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site)]) == 0
    source = write_xlsx(tmp_path / "t9.xlsx", [
        ["DX研修"],
        ["日時", "演題", "内容", "講師", "司会", "会場"],
        ["2025年6月3日 13:30～14:30", "講演A", "AIの話", "佐藤 次郎", "鈴木 一郎", "A会議室"],
        ["2025年6月3日 14:30～15:30", "講演B", "データの話", "林 正", "鈴木 一郎", "A会議室"],
    ])  # fmt: skip
    capsys.readouterr()
    assert main(["import", str(source), "--slug", "dx", "--root", str(site)]) == 0
    assert "t9.xlsx:" not in capsys.readouterr().err  # no warning about the sheet's columns
    text = (site / "content" / "reports" / "dx" / "report.yaml").read_text(encoding="utf-8")
    assert "session_role: 司会" in text and "summary: AIの話" in text
    assert "venue: A会議室" in text
    assert main(["check", "--root", str(site)]) == 0


def test_a_chair_column_mapped_to_name_is_told_to_map_it_to_chair(tmp_path: Path) -> None:
    from seminar_site.errors import ContentErrors
    from seminar_site.imports.headers import ColumnMap

    rows = [
        ["研修 2025年6月3日"],
        ["時間", "演題", "講師", "司会"],
        ["13:30～", "A", "林 正", "森 誠"],
    ]
    with pytest.raises(ContentErrors) as caught:
        read_sheet(write_xlsx(tmp_path / "x.xlsx", rows), columns=ColumnMap({"司会": "name"}))
    (error,) = caught.value.errors
    assert error.hint is not None and "'司会: chair'" in error.hint
