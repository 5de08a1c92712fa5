"""The title rows above a programme's header: the event's format and venue read as a past
report page's overview is read (one shared reader, imports/page_overview.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from seminar_site.imports.pages import read_page
from seminar_site.imports.sheets import read_sheet
from tests.test_import_sheets import write_xlsx

HEADER = ["日付", "時間", "演題", "氏名"]
ROW = ["2025/11/8", "13:00～14:00", "DXの基礎", "大森 恵子"]


def _sheet(tmp_path: Path, *titles: str) -> Any:
    rows = [[t] for t in titles] + [[], HEADER, ROW]
    return read_sheet(write_xlsx(tmp_path / "次第.xlsx", rows))


@pytest.mark.parametrize(
    ("titles", "format", "venue"),
    [
        (["DX研修", "会場：さくら市民会館 大ホール（オンライン併用）"], "hybrid", "さくら市民会館 大ホール"),  # noqa: E501
        (["DX研修", "会場：さくら市民会館（Zoom併用）"], "hybrid", "さくら市民会館"),
        (["DX研修（オンライン配信あり）", "会場：さくら市民会館"], "hybrid", "さくら市民会館"),
        (["DX研修", "会場：オンライン（Zoom）"], "online", "オンライン（Zoom）"),
        (["DX研修", "会場：さくら市民会館"], "offline", "さくら市民会館"),
        (["オンラインDX研修"], "online", None),
    ],
)  # fmt: skip
def test_format_and_venue_of_the_title_rows(
    tmp_path: Path, titles: list[str], format: str, venue: str | None
) -> None:
    event = _sheet(tmp_path, *titles).report["event"]
    assert event["format"] == format
    assert event.get("venue") == venue


def test_a_hybrid_venue_is_read_as_the_page_importer_reads_it(tmp_path: Path) -> None:
    line = "会場：さくら市民会館 大ホール（オンライン併用）"
    sheet = _sheet(tmp_path, "DX研修", line)
    page = tmp_path / "page.txt"
    page.write_text(
        f"DX研修を開催しました\n\n県内の職員を対象に「DX研修」を開催しました。\n\n{line}\n",
        encoding="utf-8",
    )
    from_page = read_page(page)
    for key in ("format", "venue"):
        assert sheet.report["event"][key] == from_page.report["event"][key]
    note = "'event.venue' is written without 「（オンライン併用）」: 'format: hybrid' says it"
    assert note in sheet.report_notes and note in from_page.notes
