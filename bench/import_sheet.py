#!/usr/bin/env python3
"""Import: a 200-row programme workbook (.xlsx) into a new report folder, as a user runs it.

Target (issue 15): a 200-row xlsx imports in ≤ 1 s. The workbook is made here with openpyxl:
a title row, a header, 4 days whose dates are merged cells, 50 rows a day, sessions of one to
three speakers (some on continuation rows, some two to a cell), a break every ten rows. The
command is timed whole (``python -m seminar_site import …``: interpreter start-up, openpyxl's
import, reading, the staged write and the loader's check of the written report), each round
into a fresh slug; the in-process phases (read the workbook, write + validate) are timed too,
to say where the time goes. Each figure is the median of the rounds.

Usage: .venv/bin/python bench/import_sheet.py [--rounds 7] [--rows 200]     (about 15 s)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

TARGET = 1.0  # seconds, whole command


def make_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "プログラム"
    sheet.append(["令和6年度 自治体DX研修 プログラム"])
    sheet.append(["日付", "時間", "区分", "演題", "講師（敬称略）", "所属", "役職", "備考"])
    days = 4
    per_day = rows // days
    row = 3
    for day in range(days):
        first = row
        minutes = 9 * 60
        for n in range(per_day):
            date = dt.datetime(2024, 10, 1 + day) if n == 0 else None
            start, minutes = minutes, minutes + 15
            time_text = f"{start // 60}:{start % 60:02d}～{minutes // 60}:{minutes % 60:02d}"
            if n % 10 == 9:
                sheet.append([date, time_text, None, "休憩"])
            elif n % 5 == 4:  # a continuation row: one more speaker of the session above
                sheet.append(
                    [date, None, None, None, f"追加 登壇者{n}", "B市", "主査", "パネリスト"]
                )
            elif n % 3 == 0:
                names = f"山川 一郎{n}\n佐野 春子{n}"
                sheet.append([date, time_text, "事例", f"取り組み{day}-{n}", names, "A市",
                              "課長\n係長", None])  # fmt: skip
            else:
                role = "モデレーター" if n % 7 == 0 else None
                sheet.append([date, time_text, "講演", f"講演{day}-{n}", f"鈴木 次郎{n} 氏",
                              "東北大学", "教授", role])  # fmt: skip
            row += 1
        sheet.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args()

    from seminar_site.dev.scaffold import new_site
    from seminar_site.imports.sheets import read_sheet
    from seminar_site.imports.writer import write_import
    from seminar_site.settings.config import load_config

    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        site = base / "site"
        new_site(site)
        source = base / "programme.xlsx"
        make_workbook(source, args.rows)
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "LANGUAGE": "en"}
        whole, reading, writing = [], [], []
        config = load_config(site)
        for number in range(args.rounds):
            command = [sys.executable, "-m", "seminar_site", "import", str(source),
                       "--slug", f"cli-{number}", "--root", str(site)]  # fmt: skip
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            whole.append(time.perf_counter() - started)
            if done.returncode != 0:
                sys.exit(f"import failed:\n{done.stderr}")
            started = time.perf_counter()
            result = read_sheet(source)
            reading.append(time.perf_counter() - started)
            started = time.perf_counter()
            write_import(site, f"lib-{number}", result, source, config)
            writing.append(time.perf_counter() - started)
        summary = done.stdout.strip().splitlines()[0]
        check = subprocess.run(
            [sys.executable, "-m", "seminar_site", "check", "--root", str(site)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip

    median = statistics.median(whole)
    print(f"import of a {args.rows}-row xlsx, median of {args.rounds} rounds "
          f"({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")  # fmt: skip
    system = platform.processor() or platform.platform()
    print(f"  machine: {platform.machine()}, {os.cpu_count()} CPU(s), {system}, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"  load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  whole command: {median:.3f} s (range {min(whole):.3f}–{max(whole):.3f})")
    print(f"  read the workbook: {statistics.median(reading):.3f} s")
    print(f"  write and validate: {statistics.median(writing):.3f} s")
    print(f"  {summary}")
    print(f"  check afterwards: exit {check.returncode}, {check.stdout.strip()}")
    verdict = "met" if median <= TARGET else "MISSED"
    print(f"  target ≤ {TARGET:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
