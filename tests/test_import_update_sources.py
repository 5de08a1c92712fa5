"""``import --update`` from a source of another kind than the last import's: a sheet speaks
only for the keys its columns give, so what a past page gave (summaries, materials, photos,
departments, session roles, the panellists) stays, or the run stops without --force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image
from pypdf import PdfWriter

from seminar_site.cli import main
from tests.test_import_sheets import write_xlsx

PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8"><title>デジタル推進セミナーを開催しました</title></head>
<body><main>
<h1>令和6年度 デジタル推進セミナーを開催しました</h1>
<p class="date">掲載日：令和6年11月20日</p>
<p>県内市町村の職員を対象に、セミナーを開催しました。</p>
<h2>開催概要</h2>
<table>
<tr><th>日時</th><td>令和6年11月5日（火曜日）13時30分～16時30分</td></tr>
<tr><th>会場</th><td>〇〇県庁 本館5階 大会議室</td></tr>
</table>
<h2>プログラム</h2>
<h3>【講演】自治体DXの現在地</h3>
<p>〇〇市 デジタル推進課長 山田 太郎 氏</p>
<p>山田氏からは、庁内のデジタル化の進め方について、具体例を交えてお話しいただきました。</p>
<p><img src="photo1.jpg" alt="講演する山田氏"></p>
<h3>【事例発表】窓口のオンライン化</h3>
<p>△△町 住民課 主査 佐藤 花子 氏</p>
<p>オンライン申請の導入について事例発表がありました。</p>
<p>資料：<a href="shiryou.pdf">事例発表資料（PDF：1KB）</a></p>
<h3>【パネルディスカッション】これからの自治体DX</h3>
<p>コーディネーター：〇〇大学 教授 高橋 次郎 氏</p>
<p>パネリスト：山田 太郎 氏（〇〇市 デジタル推進課長）</p>
</main></body></html>
"""
HEADER = ["日付", "時間", "区分", "演題", "講師", "所属", "役職"]
ROWS: list[list[Any]] = [
    ["令和6年度 デジタル推進セミナー"],
    HEADER,
    ["令和6年11月5日(火)", "13:30～14:30", "講演", "自治体DXの現在地", "山田 太郎", "〇〇市",
     "デジタル推進課長"],
    ["", "14:40～15:30", "事例発表", "窓口のオンライン化", "佐藤 花子", "△△町", "主査"],
]  # fmt: skip
PANEL = ["", "15:40～16:30", "パネルディスカッション", "これからの自治体DX", "高橋 次郎",
         "〇〇大学", "教授"]  # fmt: skip


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert main(["new", str(root)]) == 0
    page = tmp_path / "page"
    page.mkdir()
    (page / "report.html").write_text(PAGE, encoding="utf-8")
    Image.new("RGB", (64, 48), "navy").save(page / "photo1.jpg")
    pdf = PdfWriter()
    pdf.add_blank_page(595, 842)
    with (page / "shiryou.pdf").open("wb") as out:
        pdf.write(out)
    assert _run(root, page / "report.html") == 0
    return root


def _run(site: Path, source: Path, *extra: str) -> int:
    arguments = ["import", str(source), "--slug", "p5", "--root", str(site), "--lang", "ja"]
    return main([*arguments, *extra])


def _days(site: Path) -> Any:
    path = site / "content" / "reports" / "p5" / "report.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["days"]


def test_a_sheet_keeps_what_only_the_page_gave(site: Path) -> None:
    before = _days(site)
    keynote, case = before[0]["sessions"][:2]
    assert keynote["summary_file"] and case["materials"] and before[0]["photos"]
    sheet = write_xlsx(site.parent / "tp.xlsx", [*ROWS, PANEL[:]])
    assert _run(site, sheet, "--update") == 2  # the panellist is not in the sheet
    assert _days(site) == before
    rows = [*ROWS, PANEL, ["", "", "", "", "山田 太郎", "〇〇市", "デジタル推進課長"]]
    sheet = write_xlsx(site.parent / "tp.xlsx", rows)
    assert _run(site, sheet, "--update") == 0
    day = _days(site)[0]
    keynote, case, panel = day["sessions"]
    assert keynote["start"] == "13:30" and keynote["summary_file"] == before[0]["sessions"][0][
        "summary_file"]  # fmt: skip
    assert case["materials"] == before[0]["sessions"][1]["materials"]
    assert case["speakers"][0]["department"] == "住民課"  # no 部署 column: not the sheet's
    assert day["photos"] == before[0]["photos"]
    roles = [(s["name"], s.get("session_role")) for s in panel["speakers"]]
    assert roles == [("高橋 次郎", "コーディネーター"), ("山田 太郎", "パネリスト")]
    notes = (site / "content" / "reports" / "p5" / "import-report.md").read_text("utf-8")
    assert "（削除）" not in notes


def test_a_panellist_the_sheet_leaves_out_stops_the_run(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_xlsx(site.parent / "tp.xlsx", [*ROWS, PANEL])
    capsys.readouterr()
    assert _run(site, sheet, "--update") == 2
    err = capsys.readouterr().err
    assert "--update で、2024-11-05 「これからの自治体DX」 山田 太郎 の " in err
    assert "session_role を書く列もありません" in err
    assert _run(site, sheet, "--update", "--force") == 0
    panel = _days(site)[0]["sessions"][2]
    assert [s["name"] for s in panel["speakers"]] == ["高橋 次郎"]
    assert panel["speakers"][0]["session_role"] == "コーディネーター"
    notes = (site / "content" / "reports" / "p5" / "import-report.md").read_text("utf-8")
    assert "session_role: パネリスト" in notes
