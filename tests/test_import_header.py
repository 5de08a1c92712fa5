"""The first comment of a report.yaml that import writes is in the site's language, as
new-report's is: a Japanese author opening the file reads Japanese."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ja",
            "# 「seminar-site import」で作った報告です（入れられなかったものは import-report.md",
        ),
        ("en", "# Made by 'seminar-site import' (what it could not place: import-report.md)."),
    ],
)
def test_the_imported_report_opens_with_a_comment_in_the_sites_language(
    tmp_path: Path, language: str, expected: str
) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "site.yaml").write_text(
        f"title: t\nlanguage: {language}\n", encoding="utf-8"
    )
    sheet = openpyxl.Workbook()
    sheet.active.append(["日付", "時間", "演題", "講師"])
    sheet.active.append(["2025年6月3日", "13:30～14:30", "講演A", "鈴木 一郎"])
    sheet.save(tmp_path / "p.xlsx")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "seminar_site", "import", str(tmp_path / "p.xlsx")]
    result = subprocess.run(
        [*command, "--slug", "a"], cwd=site, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = (site / "content/reports/a/report.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert lines[1].startswith(expected)
