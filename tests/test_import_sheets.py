"""The spreadsheet reader of ``seminar-site import``: one programme as xlsx, cp932 CSV, BOM
CSV and UTF-8 CSV gives byte-identical YAML; headers, dates, times, speakers and roles are
read the usual Japanese ways; every bad cell is located (``file:Sheet!C12``, ``file:12``).
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar_site.errors import ContentErrors
from seminar_site.imports.headers import ColumnMap, read_map
from seminar_site.imports.sheets import read_sheet
from seminar_site.imports.tables import decode_csv
from seminar_site.imports.values import (
    MonthDay,
    Unreadable,
    read_date,
    read_times,
    split_like,
    split_names,
)
from seminar_site.imports.yaml_text import report_text
from tests.conftest import cli_env

DATA = Path(__file__).parent / "data" / "import"
PROGRAMME = DATA / "programme.csv"


def programme_rows() -> list[list[str]]:
    with PROGRAMME.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f)]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "プログラム",
               merges: Sequence[str] = ()) -> Path:  # fmt: skip
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append([value if value != "" else None for value in row])
    for cells in merges:
        ws.merge_cells(cells)
    book.save(path)
    return path


def programme_xlsx(path: Path) -> Path:
    """The programme as Excel keeps it: day 1's date a real date merged over its rows
    (A5:A11), day 2's an unformatted serial number."""
    rows: list[list[Any]] = [list(row) for row in programme_rows()]
    rows[4][0] = dt.datetime(2024, 10, 3)
    rows[11][0] = 45569  # 2024-10-04 as a serial number in a General cell
    return write_xlsx(path, rows, merges=["A5:A11"])


def write_csv(path: Path, encoding: str, bom: bool = False) -> Path:
    text = PROGRAMME.read_text(encoding="utf-8").replace("\n", "\r\n")  # as Excel writes it
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def test_same_programme_as_xlsx_cp932_bom_and_utf8_csv_gives_identical_yaml(
    tmp_path: Path,
) -> None:
    sources = [
        programme_xlsx(tmp_path / "programme.xlsx"),
        write_csv(tmp_path / "sjis.csv", "cp932"),
        write_csv(tmp_path / "bom.csv", "utf-8", bom=True),
        PROGRAMME,
    ]
    texts = [report_text(read_sheet(source).report).encode("utf-8") for source in sources]
    assert texts[1:] == [texts[0]] * 3
    assert (tmp_path / "sjis.csv").read_bytes()[:2] != b"\xef\xbb"
    with pytest.raises(UnicodeDecodeError):
        (tmp_path / "sjis.csv").read_bytes().decode("utf-8")  # really cp932


def test_programme_structure(tmp_path: Path) -> None:
    result = read_sheet(programme_xlsx(tmp_path / "p.xlsx"))
    report = result.report
    assert report["title"] == "令和6年度 自治体DXセミナー"  # the title row, プログラム left out
    assert report["event"] == {
        "name": "令和6年度 自治体DXセミナー",
        "format": "offline",
        "venue": "仙台国際センター 会議室1",
    }
    day1, day2 = report["days"]
    assert day1["date"] == dt.date(2024, 10, 3) and day2["date"] == dt.date(2024, 10, 4)
    opening, keynote, case, panel = day1["sessions"]
    assert (opening["kind"], opening["start"], opening["end"]) == ("開会", "13:00", "13:10")
    assert opening["speakers"] == [
        {"name": "高橋 修", "organisation": "東北地域DX推進協議会", "role": "会長"}
    ]  # 「氏」 left out: the site adds its honorific
    assert keynote["kind"] == "基調講演" and keynote["title"].startswith("行政データ")
    assert keynote["speakers"][0]["name"] == "大森 恵子"  # full-width space normalised
    assert case["kind"] == "事例"  # 事例1: the site numbers 事例 itself
    assert case["speakers"] == [
        {"name": "深野 聡", "organisation": "東村山市", "role": "行政経営課長"},
        {"name": "川合 憲二", "organisation": "東村山市", "role": "主査"},
    ]
    assert [(s["name"], s.get("role"), s["session_role"]) for s in panel["speakers"]] == [
        ("石川 亮", "部長", "モデレーター"),
        ("小野寺 由美", "課長", "パネリスト"),
        ("佐々木 誠", "准教授", "パネリスト"),
        ("遠藤 彩", "特任助教", "パネリスト"),
    ]  # rows without a time or title continue the panel; ・ pairs names with roles
    assert [s["organisation"] for s in day2["sessions"][0]["speakers"]] == ["A市", "B町"]
    assert day2["sessions"][1]["speakers"][0]["session_role"] == "司会"
    assert [left.text for left in result.leftovers] == ["休憩"]
    assert result.leftovers[0].where == "プログラム!D8"
    assert result.placed_lines == result.source_lines - 1


def test_yaml_reads_back_as_the_data_in_the_documented_order(tmp_path: Path) -> None:
    report = read_sheet(PROGRAMME).report
    text = report_text(report)
    assert yaml.safe_load(text) == report
    assert list(yaml.safe_load(text)) == ["title", "lead", "published", "event", "days"]
    assert 'start: "13:00"' in text and "date: 2024-10-03" in text
    session = text[text.index("- kind: 事例") :]
    keys = [line.strip().split(":")[0] for line in session.splitlines()[:5]]
    assert keys == ["- kind", "title", "start", "end", "speakers"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2024, 10, 3, 0, 0), dt.date(2024, 10, 3)),
        (45568, dt.date(2024, 10, 3)),
        (45568.0, dt.date(2024, 10, 3)),
        ("45568", dt.date(2024, 10, 3)),
        ("2024/10/4", dt.date(2024, 10, 4)),
        ("2024-10-04", dt.date(2024, 10, 4)),
        ("２０２４年１０月４日（金）", dt.date(2024, 10, 4)),
        ("令和6年10月3日（木）", dt.date(2024, 10, 3)),
        ("R6.10.3", dt.date(2024, 10, 3)),
        ("10月3日", MonthDay(10, 3, None)),
        ("10月3日（木）", MonthDay(10, 3, "木")),
        ("10/3", MonthDay(10, 3, None)),
        ("Day1 10月3日", MonthDay(10, 3, None)),
    ],
)
def test_dates(value: object, expected: object) -> None:
    assert read_date(value) == expected


@pytest.mark.parametrize("value", ["令和6年10月4日（木）", "2024/2/30", "あした", "13月1日", 3e7])
def test_bad_dates_say_why(value: object) -> None:
    with pytest.raises(Unreadable) as caught:
        read_date(value)
    assert caught.value.reason and caught.value.hint


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13:30～14:10", ("13:30", "14:10")),
        ("13:30〜14:10", ("13:30", "14:10")),
        ("１３：３０－１４：１０", ("13:30", "14:10")),
        ("9:05-9:50（45分）", ("09:05", "09:50")),
        ("13時30分～14時", ("13:30", "14:00")),
        ("13時半～14時", ("13:30", "14:00")),
        ("13:30～", ("13:30", None)),
        ("13:30", ("13:30", None)),
        (dt.time(13, 30), ("13:30", None)),
        (0.5625, ("13:30", None)),
    ],
)
def test_times(value: object, expected: tuple[str, str | None]) -> None:
    assert read_times(value) == expected


@pytest.mark.parametrize("value", ["14:10～13:30", "25:00", "午後", "13"])
def test_bad_times(value: str) -> None:
    with pytest.raises(Unreadable):
        read_times(value)


def test_speaker_cells_split_and_pair() -> None:
    assert split_names("深野 聡\n川合 憲二") == (["深野 聡", "川合 憲二"], "\n")
    assert split_names("佐藤 一郎、鈴木 二郎") == (["佐藤 一郎", "鈴木 二郎"], "、")
    assert split_names("佐々木 誠・遠藤 彩") == (["佐々木 誠", "遠藤 彩"], "・")
    assert split_names("ジョン・スミス") == (["ジョン・スミス"], None)  # one foreign name
    assert split_like("課長\n\n主査", 3, "\n") == ["課長", "", "主査"]  # the second has none
    assert split_like("東村山市", 2, "\n") == ["東村山市", "東村山市"]  # everyone's
    assert split_like("A市、B町", 2, "\n") == ["A市", "B町"]
    assert split_like("顧問、元三重県知事", 1, None) == ["顧問、元三重県知事"]
    assert split_like("A\nB\nC", 2, "\n") is None


def test_english_headers_and_time_columns(tmp_path: Path) -> None:
    rows = [
        ["Date", "Start", "End", "Type", "Title", "Speaker", "Organization", "Position", "Notes"],
        ["2024-11-08", "13:00", "13:50", "Keynote", "Open data", "Jane Doe", "Tohoku Univ.",
         "Professor", "chair"],
    ]  # fmt: skip
    result = read_sheet(write_xlsx(tmp_path / "en.xlsx", rows, sheet="Sheet1"))
    session = result.report["days"][0]["sessions"][0]
    assert session == {
        "kind": "Keynote",
        "title": "Open data",
        "start": "13:00",
        "end": "13:50",
        "speakers": [
            {"name": "Jane Doe", "organisation": "Tohoku Univ.", "role": "Professor",
             "session_role": "chair"}
        ],
    }  # fmt: skip


def test_mapping_file_names_unknown_headers(tmp_path: Path) -> None:
    rows = [["実施日", "セッション名", "お名前", "ご所属", "備品"],
            ["2024/10/3", "基調講演", "大森 恵子", "東北大学", "マイク"]]  # fmt: skip
    source = write_xlsx(tmp_path / "odd.xlsx", rows)
    with pytest.raises(ContentErrors):
        read_sheet(source)  # nothing it knows: no header row found
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "columns:\n  実施日: date\n  セッション名: title\n  お名前: name\n  ご所属: organisation\n",
        encoding="utf-8",
    )
    result = read_sheet(source, columns=read_map(mapping, mapping))
    session = result.report["days"][0]["sessions"][0]
    assert session["speakers"] == [{"name": "大森 恵子", "organisation": "東北大学"}]
    assert [(left.where, left.text) for left in result.leftovers] == [("プログラム!E2", "マイク")]


def test_mapping_file_errors_are_located(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  会場: place\nsheets: x\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_map(mapping, Path("map.yaml"))
    assert caught.value.errors[0].format().startswith("map.yaml:2:")
    assert caught.value.errors[1].line == 3


def test_year_from_the_title_row_and_the_fiscal_year(tmp_path: Path) -> None:
    rows = [["令和6年度 職員研修"], [], ["日付", "演題", "講師"],
            ["1月22日（水）", "研修1", "山本 一"], ["2月5日", "研修2", "山本 二"]]  # fmt: skip
    result = read_sheet(write_xlsx(tmp_path / "t.xlsx", rows))
    assert [day["date"] for day in result.report["days"]] == [
        dt.date(2025, 1, 22),
        dt.date(2025, 2, 5),
    ]  # January of 令和6年度 is in 2025
    assert any("title rows" in note for note in result.notes)


def test_one_day_programme_with_the_date_in_the_title_row(tmp_path: Path) -> None:
    rows = [["自治体DX研修会 2024年10月3日（木）"], ["時間", "演題", "講師"],
            ["13:30～14:10", "研修", "山本 一"]]  # fmt: skip
    result = read_sheet(write_xlsx(tmp_path / "t.xlsx", rows))
    assert result.report["days"][0]["date"] == dt.date(2024, 10, 3)


def test_bad_date_and_missing_header_are_located_in_xlsx(tmp_path: Path) -> None:
    rows = [list(row) for row in programme_rows()]
    rows[3][6] = ""  # 役職 header removed: its column has values
    rows[11][0] = "10月32日"
    source = write_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(ContentErrors) as caught:
        read_sheet(source, Path("bad.xlsx"))
    shown = [error.format() for error in caught.value.errors]
    assert shown[0].startswith("bad.xlsx:プログラム!G4: this column has values but no header")
    assert shown[1].startswith("bad.xlsx:プログラム!A12: month 10 has only 31 days")


def test_errors_in_a_csv_are_located_by_line(tmp_path: Path) -> None:
    text = PROGRAMME.read_text(encoding="utf-8").replace("14:50～16:20", "16:20～14:50")
    source = tmp_path / "bad.csv"
    source.write_text(text.replace("令和6年10月3日（木）", "令和6年10月3日（金）"), "utf-8")
    with pytest.raises(ContentErrors) as caught:
        read_sheet(source, Path("bad.csv"))
    shown = [error.format() for error in caught.value.errors]
    assert shown[0].startswith("bad.csv:5: 2024-10-03 is a 木曜日, not a 金曜日")
    assert shown[1].startswith("bad.csv:11: the end 14:50 is not after the start 16:20")


def test_decode_csv_encodings() -> None:
    text = "日付,演題\n"
    assert decode_csv(text.encode("cp932")) == text
    assert decode_csv(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_csv(text.encode("utf-8")) == text


def test_header_found_below_title_and_blank_rows(tmp_path: Path) -> None:
    rows = [["第3回 セミナー 2024年10月3日"], ["主催：〇〇市"], [], [],
            ["No.", "時間", "演題", "氏名"], [], [1, "10:00～10:30", "講演A", "山本 一"], [],
            [2, "10:30～11:00", "講演B", "山本 二"]]  # fmt: skip
    columns = ColumnMap(columns={"No.": "ignore"})
    rows.insert(4, ["", "", "", ""])
    result = read_sheet(write_xlsx(tmp_path / "t.xlsx", rows), columns=columns)
    assert [s["title"] for s in result.report["days"][0]["sessions"]] == ["講演A", "講演B"]


def test_workbook_read_without_numpy_equals_the_one_read_with_it(tmp_path: Path) -> None:
    """The speed trick of tables._openpyxl (openpyxl imported without numpy) against the
    plain import: the same YAML, and numpy really left out."""
    source = programme_xlsx(tmp_path / "p.xlsx")
    probe = (
        "import sys\n"
        "if sys.argv[2] == 'numpy': import numpy\n"
        "from pathlib import Path\n"
        "from seminar_site.imports.sheets import read_sheet\n"
        "from seminar_site.imports.yaml_text import report_text\n"
        "sys.stdout.write(report_text(read_sheet(Path(sys.argv[1])).report))\n"
        "sys.stdout.write(str('numpy' in sys.modules))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, str(source), mode],
            env=cli_env(),
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        for mode in ("plain", "numpy")
    ]
    assert runs[0].endswith("False") and runs[1].endswith("True")
    assert runs[0].removesuffix("False") == runs[1].removesuffix("True")
    assert runs[0].removesuffix("False") == report_text(read_sheet(source).report)


_TRICKY = "：#: 　-~〜・、。（）【】\u2028\u0085\ufeff「」0123456789"


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(max_codepoint=0x3100) | st.sampled_from(_TRICKY), max_size=12))
def test_quick_plain_scalars_agree_with_pyyaml(text: str) -> None:
    """yaml_text._plain's quick answer for non-ASCII texts against PyYAML reading it back."""
    from seminar_site.imports import yaml_text

    for value in (text, "行" + text, "講演" + text + "：終"):
        quick = yaml_text._plain(value)
        if quick is not None:
            assert yaml.safe_load(f"k: {quick}\n") == {"k": value}
        if value == value.strip() and "\n" not in value and "\t" not in value and value:
            assert quick == yaml_text._plain_slow(value)


def test_compound_headers_take_their_last_word() -> None:
    from seminar_site.imports.headers import field_of

    assert field_of("講師所属", {}) == "organisation"
    assert field_of("講演者氏名", {}) == "name"
    assert field_of("講演時間", {}) == "time"
    assert field_of("登壇者役職", {}) == "role"
    assert field_of("会場", {}) == "venue"
    assert field_of("備品", {}) is None


def test_kind_only_rows_unknown_columns_and_hidden_sheets(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "作業用"
    hidden.append(["日付", "演題", "氏名"])
    hidden.append(["2020/1/1", "古い講演", "古川 一"])
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("本番")
    for row in (["日付", "区分", "演題", "氏名", "備品"], ["2024/10/3", "第1部", None, None, None],
                ["2024/10/3", "講演", "講演A", "山本 一", "マイク"]):  # fmt: skip
        sheet.append(row)
    book.save(tmp_path / "b.xlsx")
    result = read_sheet(tmp_path / "b.xlsx", Path("b.xlsx"))
    assert [s["title"] for d in result.report["days"] for s in d["sessions"]] == ["講演A"]
    assert [(left.where, left.text) for left in result.leftovers] == [
        ("本番!B2", "第1部"),
        ("本番!E3", "マイク"),
    ]
    (warning,) = result.warnings
    assert warning.format().startswith(
        "b.xlsx:本番!E1: the column '備品' is not known: its values are listed in "
        "import-report.md (hint: to read it, write '備品: FIELD' in a mapping file (--map), "
        "FIELD being one of summary (概要), note (備考), title (演題),"
    )


def test_a_header_without_rows_is_an_error(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "e.xlsx", [["日付", "演題", "氏名"]])
    with pytest.raises(ContentErrors) as caught:
        read_sheet(source, Path("e.xlsx"))
    assert caught.value.errors[0].format().startswith("e.xlsx:プログラム!A1: no programme rows")


def test_a_continuation_row_adds_to_the_summary(tmp_path: Path) -> None:
    rows = [["日付", "時間", "演題", "氏名", "概要"],
            ["2024/10/3", "13:00", "パネル", "石川 亮", "前半は事例。"],
            [None, None, None, "小野寺 由美", "後半は討論。"]]  # fmt: skip
    session = read_sheet(write_xlsx(tmp_path / "s.xlsx", rows)).report["days"][0]["sessions"][0]
    assert session["summary"] == "前半は事例。\n後半は討論。"
    assert len(session["speakers"]) == 2


def test_afternoon_times_and_whole_speaker_lines(tmp_path: Path) -> None:
    assert read_times("午後1時30分～午後2時") == ("13:30", "14:00")
    assert read_times("午前10時～11時30分") == ("10:00", "11:30")
    line = "筑波大学 システム情報系 准教授　佐々木　一郎　氏"
    rows = [["日付", "時間", "演題", "講師"], ["2024/10/3", "13:30～14:10", "基調講演", line],
            ["2024/10/3", "14:10～14:50", "事例", "大森 恵子"]]  # fmt: skip
    sessions = read_sheet(write_xlsx(tmp_path / "w.xlsx", rows)).report["days"][0]["sessions"]
    assert sessions[0]["speakers"] == [
        {"name": "佐々木 一郎", "organisation": "筑波大学", "department": "システム情報系",
         "role": "准教授"}
    ]  # fmt: skip
    assert sessions[1]["speakers"] == [{"name": "大森 恵子"}]


def test_a_first_row_without_a_date_is_an_error(tmp_path: Path) -> None:
    rows = [["日付", "演題", "氏名"], [None, "講演A", "山本 一"], ["2024/10/3", "講演B", "山本 二"]]
    with pytest.raises(ContentErrors) as caught:
        read_sheet(write_xlsx(tmp_path / "d.xlsx", rows), Path("d.xlsx"))
    assert [e.format().split(" (hint")[0] for e in caught.value.errors] == [
        "d.xlsx:プログラム!A2: this row has no date, and no row above it has one"
    ]


def test_line_breaks_inside_one_speakers_cells_become_spaces(tmp_path: Path) -> None:
    rows = [["日付", "演題", "氏名", "部署"],
            ["2024/10/3", "窓口改革の\n取り組み", "押川 裕也", "総務部\n総務課"]]  # fmt: skip
    session = read_sheet(write_xlsx(tmp_path / "n.xlsx", rows)).report["days"][0]["sessions"][0]
    assert session["title"] == "窓口改革の 取り組み"
    assert session["speakers"] == [{"name": "押川 裕也", "department": "総務部 総務課"}]


def test_dates_without_a_year_across_new_year(tmp_path: Path) -> None:
    rows = [["日付", "演題", "氏名"], ["12月27日", "講演A", "山本 一"],
            ["2025/1/5", "講演B", "山本 二"], ["1月6日", "講演C", "山本 三"]]  # fmt: skip
    days = read_sheet(write_xlsx(tmp_path / "y.xlsx", rows)).report["days"]
    assert [d["date"].isoformat() for d in days] == ["2024-12-27", "2025-01-05", "2025-01-06"]
