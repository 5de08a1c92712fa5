"""``seminar-site import --update`` over an earlier import: every key the author wrote or
changed by hand stays (merged session by session with what the last import read), what the
new source replaced is listed in import-report.md, what would be lost is refused without
--force (in Japanese, at its line), and the old report.yaml is kept in the editor's history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from seminar_site.cli import main
from seminar_site.editor.store import Store
from tests.test_import_sheets import write_xlsx

HEADER = ["日付", "時間", "区分", "演題", "氏名", "所属", "役職"]


def programme(drop: int | None = None, **changes: Any) -> list[list[Any]]:
    """次第v1.xlsx; ``changes``: session row (r1…r3) → its new cells by column; ``drop``: a
    session row left out."""
    rows: list[list[Any]] = [
        ["自治体DXセミナー 次第"],
        ["会場：さくら市民会館"],
        [],
        HEADER,
        ["2025/11/7", "13:00～13:10", "開会", "開会挨拶", "高橋 修", "さくら市", "市長"],
        ["", "13:10～14:00", "講演", "DXの基礎", "大森 恵子", "さくら大学", "教授"],
        ["", "14:00～14:30", "事例", "窓口の改善", "深野 聡", "もみじ町", "課長"],
    ]
    for name, cells in changes.items():
        row = rows[3 + int(name[1:])]
        for col, value in cells.items():
            row[HEADER.index(col)] = value
    return [row for number, row in enumerate(rows, start=-3) if number != drop]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert main(["new", str(root)]) == 0
    return root


def _import(site: Path, rows: list[list[Any]], *extra: str) -> int:
    source = write_xlsx(site.parent / "次第.xlsx", rows)
    arguments = ["import", str(source), "--slug", "dx", "--root", str(site), "--lang", "ja"]
    return main([*arguments, *extra])


def _report(site: Path) -> Path:
    return site / "content" / "reports" / "dx" / "report.yaml"


def _edit(site: Path, old: str, new: str) -> None:
    path = _report(site)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


KEYNOTE = "        title: DXの基礎\n"
BY_HAND = (
    KEYNOTE + "        summary: 手で書いた要旨です。\n"
    "        materials:\n"
    "          - label: 講演資料\n"
    "            url: https://www.example.jp/dx.pdf\n"
    "        recording:\n"
    "          title: 講演の録画\n"
    "          url: https://www.youtube.com/watch?v=abcdefghijk\n"
)


def test_update_keeps_the_keys_added_by_hand_and_lists_what_it_replaced(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(site, programme()) == 0
    _edit(site, KEYNOTE, BY_HAND)
    _edit(site, "format: offline", "format: hybrid")
    before = _report(site).read_bytes()
    # v2: the keynote has a new title and the case study a new end time.
    v2 = programme(r2={"演題": "DXの基礎と実践"}, r3={"時間": "14:00～14:40"})
    assert _import(site, v2, "--update") == 0
    data = yaml.safe_load(_report(site).read_text(encoding="utf-8"))
    keynote = data["days"][0]["sessions"][1]
    assert keynote["title"] == "DXの基礎と実践"  # matched by its speaker
    assert keynote["summary"] == "手で書いた要旨です。"
    assert keynote["materials"][0]["label"] == "講演資料"
    assert keynote["recording"]["title"] == "講演の録画"
    assert data["event"]["format"] == "hybrid"
    notes = (_report(site).parent / "import-report.md").read_text(encoding="utf-8")
    assert "| 2025-11-07 「DXの基礎」 title | DXの基礎 | DXの基礎と実践 |" in notes
    assert "| 2025-11-07 「窓口の改善」 end | 14:30 | 14:40 |" in notes
    assert "offline" not in notes and "format" not in notes  # no claim about the kept event
    # The old version is in the editor's history, as an editor save keeps it.
    history = Store(site).history("content/reports/dx/report.yaml")
    assert Store(site).version("content/reports/dx/report.yaml", history[1].id) == before
    assert main(["check", "--root", str(site)]) == 0


def test_a_value_changed_by_hand_stays_when_the_source_did_not_change_it(site: Path) -> None:
    assert _import(site, programme()) == 0
    _edit(site, "title: 窓口の改善", "title: 窓口の待ち時間を半分にした取り組み")
    _edit(site, "role: 教授", "role: 特任教授")
    assert _import(site, programme(r1={"時間": "13:00～13:15"}), "--update") == 0
    data = yaml.safe_load(_report(site).read_text(encoding="utf-8"))
    opening, keynote, case = data["days"][0]["sessions"]
    assert opening["end"] == "13:15"  # the source's change taken
    assert case["title"] == "窓口の待ち時間を半分にした取り組み"  # the author's kept
    assert keynote["speakers"][0]["role"] == "特任教授"


def test_a_session_added_by_hand_stays_in_its_place(site: Path) -> None:
    assert _import(site, programme()) == 0
    _edit(site, "      - kind: 事例\n", "      - title: 質疑応答\n        start: \"13:55\"\n"
          "      - kind: 事例\n")  # fmt: skip
    assert _import(site, programme(r3={"時間": "14:00～14:40"}), "--update") == 0
    sessions = yaml.safe_load(_report(site).read_text(encoding="utf-8"))["days"][0]["sessions"]
    assert [s["title"] for s in sessions] == ["開会挨拶", "DXの基礎", "質疑応答", "窓口の改善"]


def test_what_would_be_lost_is_refused_without_force(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(site, programme()) == 0
    _edit(site, KEYNOTE, BY_HAND)
    before = _report(site).read_bytes()
    v3 = programme(drop=2)  # the keynote is gone from the programme
    capsys.readouterr()
    assert _import(site, v3, "--update") == 2
    err = capsys.readouterr().err
    line = before.decode().split("\n").index("      - kind: 講演") + 1
    assert f"content/reports/dx/report.yaml:{line}:9: " in err  # where the session starts
    keys = "summary, materials, recording"
    assert f"--update で、手で書いた {keys}（2025-11-07 「DXの基礎」）がなくなります" in err
    assert "--force" in err and "何も書き込んでいません" in err
    assert _report(site).read_bytes() == before
    assert _import(site, v3, "--update", "--force") == 0
    notes = (_report(site).parent / "import-report.md").read_text(encoding="utf-8")
    assert "| 2025-11-07 「DXの基礎」 | summary: 手で書いた要旨です。<br>materials:" in notes
    assert "手で書いた要旨" not in _report(site).read_text(encoding="utf-8")
    assert before in [
        Store(site).version("content/reports/dx/report.yaml", saved.id)
        for saved in Store(site).history("content/reports/dx/report.yaml")
    ]


def test_a_value_changed_by_hand_and_in_the_source_is_a_conflict(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(site, programme()) == 0
    _edit(site, "role: 教授", "role: 特任教授")
    capsys.readouterr()
    assert _import(site, programme(r2={"役職": "名誉教授"}), "--update") == 2
    err = capsys.readouterr().err
    assert "role（2025-11-07 「DXの基礎」 大森 恵子）" in err and "名誉教授" in err
    assert _import(site, programme(r2={"役職": "名誉教授"}), "--update", "--force") == 0
    notes = (_report(site).parent / "import-report.md").read_text(encoding="utf-8")
    assert "role: 特任教授" in notes


def test_a_removed_day_with_a_label_is_refused(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = programme()
    rows.append(["2025/11/8", "10:00～11:00", "講演", "二日目の講演", "石川 亮", "仙台市", "部長"])
    assert _import(site, rows) == 0
    _edit(site, "  - date: 2025-11-08\n", "  - date: 2025-11-08\n    label: 見学会\n")
    assert _import(site, programme(), "--update") == 2
    assert "label" in capsys.readouterr().err
