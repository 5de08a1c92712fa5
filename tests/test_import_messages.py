"""What `seminar-site import` says and writes around the programme: a kind word in a sheet's
title split out as a page's is, counts that add up, no 「title と lead を書き直して」 after
--update, a date in the --update hint, full-width letters and digits made half-width, and a
hint for a file that is not there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from seminar_site.cli import main
from seminar_site.imports.page_heads import session_head
from seminar_site.imports.sheets import read_sheet
from tests.test_import_sheets import write_xlsx

HEADER = ["日付", "時間", "演題", "講師", "所属"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert main(["new", str(root)]) == 0
    return root


def _import(site: Path, rows: list[list[Any]], *extra: str) -> int:
    source = write_xlsx(site.parent / "次第.xlsx", rows)
    return main(["import", str(source), "--slug", "dx", "--root", str(site), "--lang", "ja",
                 *extra])  # fmt: skip


def _rows(*sessions: list[Any]) -> list[list[Any]]:
    return [["ＤＸ研修会"], list(HEADER), *sessions]


@pytest.mark.parametrize("title", ["基調講演「データ利活用の基礎」", "講演：AIの話", "第1部 開会"])
def test_a_kind_word_in_a_sheets_title_is_split_as_a_pages_is(tmp_path: Path, title: str) -> None:
    rows = [["研修"], HEADER, ["2025/6/3", "13:30～", title, "山田 太郎", "A市"]]
    session = read_sheet(write_xlsx(tmp_path / "x.xlsx", rows)).report["days"][0]["sessions"][0]
    page = session_head(title)
    assert page is not None
    assert (session["kind"], session["title"]) == (page["kind"], page["title"])


def test_the_counts_add_up_and_say_what_each_is(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(["2025/6/3", "13:30～14:00", "開会", "山田 太郎", "A市"],
                 ["", "14:00～14:10", "休憩", "", ""],
                 ["", "14:10～15:00", "講演", "林 正", "B町"])  # fmt: skip
    rows[1].append("謝辞")
    rows[2].append("x")
    capsys.readouterr()
    assert _import(site, rows) == 0
    out = capsys.readouterr().out
    # the title row, the header and two sessions placed; the break not; its title and 「x」 listed
    assert "元の 5 行のうち 4 行を入れ、1 行は入れませんでした。入れられなかった値 2 件" in out
    assert "次に「seminar-site check」を実行し、「title」と「lead」を書き直してください" in out
    text = (site / "content/reports/dx/import-report.md").read_text(encoding="utf-8")
    assert "- 元のファイルの行数: 5、報告に入れた行: 4、入れなかった行: 1。" in text


def test_after_update_the_title_and_the_lead_are_not_mentioned(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(["2025/6/3", "13:30～14:00", "開会", "山田 太郎", "A市"])
    assert _import(site, rows) == 0
    capsys.readouterr()
    assert _import(site, rows, "--update") == 0
    out = capsys.readouterr().out
    assert "次に「seminar-site check」を実行してください" in out
    assert "「title」と「lead」" not in out


def test_the_update_hint_for_a_lost_session_names_the_date(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(site, _rows(["2025/6/3", "13:30～14:00", "講演", "山田 太郎", "A市"])) == 0
    path = site / "content/reports/dx/report.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      - title: 講演\n" in text
    path.write_text(text.replace("      - title: 講演\n",
                                 "      - title: 講演\n        summary: 手で書いた要旨\n"),
                    encoding="utf-8")  # fmt: skip
    capsys.readouterr()
    moved = _rows(["2025/6/4", "13:30～14:00", "講演", "山田 太郎", "A市"])
    assert _import(site, moved, "--update") == 2
    err = capsys.readouterr().err
    assert "表の日付、演題、登壇者、開始時刻のどれかを合わせてください" in err
    assert "日付が変わったプログラムは新しいもの" in err


def test_full_width_letters_and_digits_are_made_half_width(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = ["2025/6/3", "13:30～", "「ＡＩ」とデータ（入門）", "ジョン・スミス", "Ｃ大学"]
    rows = [["第１回 ＤＸ研修会"], HEADER, session]
    assert _import(site, rows) == 0
    folder = site / "content/reports/dx"
    report = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
    assert report["title"] == "第1回 DX研修会"
    session = report["days"][0]["sessions"][0]
    assert session["title"] == "「AI」とデータ（入門）"  # 「」 and （） as written
    assert session["speakers"][0] == {"name": "ジョン・スミス", "organisation": "C大学"}
    notes = (folder / "import-report.md").read_text(encoding="utf-8")
    assert "全角の英字と数字は、check の求めるとおり半角にしました（１ → 1、ＤＸ → DX" in notes
    capsys.readouterr()
    assert main(["check", "--root", str(site), "--lang", "ja"]) == 0
    assert "全角" not in capsys.readouterr().err


def test_a_missing_file_says_where_it_was_looked_for(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(site)
    capsys.readouterr()
    assert main(["import", "nosuch.xlsx", "--slug", "dx", "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert "nosuch.xlsx: ファイルが見つかりません（ヒント: 探した場所は " in err
    assert str(site / "nosuch.xlsx") in err
    assert "そのファイルのあるフォルダーでコマンドを実行してください" in err
