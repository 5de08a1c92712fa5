"""The parallel stages of a large build (report loading, page rendering in forked workers)
give the same site, byte for byte, as the serial ones, and report errors the same way.

Each build runs in a fresh interpreter: the tool forks only while it runs a single thread,
and the browser fixtures of this test session keep threads alive.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from seminar_site import report_loading
from tests.conftest import SRC
from tests.test_incremental import assert_same_tree, write

REPORT = """\
title: 第{n}回 報告
lead: 1/22に開催しました。
published: 2021-02-{day:02d}
event:
  name: テストセミナー{n}
  format: online
days:
  - date: 2021-01-{day:02d}
    sessions:
      - kind: 講演
        title: 講演{n}
        speakers:
          - name: 講師{n}
            organisation: テスト市
        summary_file: talk.md
"""

# Renders in forked workers from 2 pages on, on (at least) 2 cores, and counts the forks;
# or, with "serial", renders in the build's own process.
BUILD = """
import json, os, sys
from pathlib import Path
from seminar_site import incremental
from seminar_site.build import BuildOptions, build
from seminar_site.errors import SiteError

root, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
calls = []
real = incremental.run_forked

def counting(jobs, workers):
    calls.append(len(jobs))
    return real(jobs, workers)

os.cpu_count = lambda: 2
incremental.run_forked = counting
incremental.PARALLEL_RENDER_FROM = 2 if mode == "parallel" else 10**9
workers = None if mode == "parallel" else 1
try:
    build(BuildOptions(root=root, out=out, progress=False, workers=workers))
    error = None
except SiteError as caught:
    error = [str(caught.path), caught.line, caught.message]
print(json.dumps({"forked": calls, "error": error}))
"""


def run_build(root: Path, out: Path, mode: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", BUILD, str(root), str(out), mode],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def many_reports(root: Path, count: int) -> Path:
    write(root / "content/site.yaml", "title: 並列テスト\nlanguage: ja\n")
    for n in range(count):
        folder = root / "content/reports" / f"r{n:02d}"
        write(folder / "report.yaml", REPORT.format(n=n, day=1 + n % 28))
        write(folder / "talk.md", f"## 概要\n\n講演{n}の要旨です。1月{1 + n % 28}日に話した。\n")
    return root


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    reports = report_loading.PARALLEL_FROM + 6  # enough to load in a pool as well
    root = many_reports(tmp_path / "site", reports)
    parallel = run_build(root, tmp_path / "parallel", "parallel")
    assert parallel == {"forked": [reports + 2], "error": None}  # the reports, index, 404
    serial = run_build(root, tmp_path / "serial", "serial")
    assert serial == {"forked": [], "error": None}
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


def test_a_template_error_in_a_worker_keeps_its_location(tmp_path: Path) -> None:
    root = many_reports(tmp_path / "site", 4)
    template = '{% extends "base.html" %}\n{% block main %}\n{{ report.title | nope }}\n'
    write(root / "templates/report.html", template + "{% endblock %}\n")
    result = run_build(root, tmp_path / "out", "parallel")
    assert result["forked"] == [6]
    assert result["error"] == [
        str(root / "templates/report.html"),
        3,
        "template syntax error: No filter named 'nope'.",
    ]
    assert not (tmp_path / "out").exists()


FORKED = """
import json, os
from seminar_site.workers import run_forked

def fail(): raise ValueError("from a child")
def die(): os._exit(3)

out = {"ok": run_forked([lambda n=n: n * n for n in range(7)], 3)}
for name, bad in (("error", fail), ("death", die)):
    jobs = [lambda: 1, bad, lambda: 2]  # the bad job is in a child's share
    try:
        run_forked(jobs, 3)
        out[name] = None
    except Exception as caught:
        out[name] = [type(caught).__name__, str(caught)]
print(json.dumps(out))
"""


def test_forked_jobs_return_in_order_and_failures_reach_the_parent() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FORKED],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"] == [n * n for n in range(7)]
    assert result["error"] == ["ValueError", "from a child"]
    assert result["death"][0] == "RuntimeError" and "worker process failed" in result["death"][1]
