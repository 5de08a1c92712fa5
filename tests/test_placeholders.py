"""The scaffold's sample texts left in: found at their place, and a sample name only
beside another placeholder (山田 太郎 is a real name too, and imports bring real names)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from seminar_site.content.placeholders import (
    ORGANISATION,
    SPEAKER,
    TITLE_PROMPT,
    find_placeholders,
)

openpyxl = pytest.importorskip("openpyxl")
SRC = Path(__file__).resolve().parents[1] / "src"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "seminar_site", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


REAL = """\
title: 市民協働セミナー開催報告
days:
  - date: 2025-06-03
    sessions:
      - title: 基調講演
        speakers:
          - name: {name}
            organisation: {organisation}
"""


@pytest.mark.parametrize(
    ("name", "organisation", "expected"),
    [
        (SPEAKER, "〇〇市", []),  # a real speaker who has the sample name
        ("佐藤 花子", "〇〇市", []),
        ("鈴木 一郎", ORGANISATION, [(8, 27, ORGANISATION)]),
        (SPEAKER, ORGANISATION, [(7, 19, SPEAKER), (8, 27, ORGANISATION)]),  # the skeleton's
    ],
)
def test_a_sample_name_counts_only_beside_another_placeholder(
    name: str, organisation: str, expected: list[tuple[int, int, str]]
) -> None:
    text = REAL.format(name=name, organisation=organisation)
    assert find_placeholders(text, is_yaml=True) == expected


def test_a_sample_name_in_a_skeletons_markdown_is_found_with_its_texts() -> None:
    text = "講演の概要をここに書きます。段落は空行で区切ります。\n\n山田 太郎 氏が話しました。\n"
    found = [placeholder for _line, _col, placeholder in find_placeholders(text, is_yaml=False)]
    assert found == ["講演の概要をここに書きます。段落は空行で区切ります。", SPEAKER]
    assert find_placeholders("山田 太郎 氏が話しました。\n", is_yaml=False) == []


def test_the_title_prompt_of_an_import_does_not_make_its_real_names_placeholders(
    tmp_path: Path,
) -> None:
    """An import writes the title prompt (the sheet has no title) beside the real speakers."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)  # no content/reports/ yet: import makes it
    (site / "content" / "site.yaml").write_text("title: t\nlanguage: ja\n", encoding="utf-8")
    sheet = openpyxl.Workbook()
    sheet.active.append(["日付", "時間", "演題", "講師"])
    sheet.active.append(["2025年6月3日", "13:30～14:30", "講演A", SPEAKER])
    sheet.save(tmp_path / "p.xlsx")
    result = run_cli("import", str(tmp_path / "p.xlsx"), "--slug", "a", cwd=site)
    assert result.returncode == 0, result.stderr
    assert TITLE_PROMPT in result.stderr  # still said: the title is to be written
    assert SPEAKER not in result.stderr and "Traceback" not in result.stderr
