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

from seminar_site.content import parallel as report_loading
from tests.conftest import SRC
from tests.test_incremental import assert_same_tree, photo, write

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

# "parallel": loads and renders in forked workers (rendering from 2 pages on) on (at least)
# 2 cores, a report without photos rendered by the worker that loaded it, and counts the
# jobs given to each round of workers; "serial": everything in the build's own process,
# and every page rendered by the render stage.
BUILD = """
import json, os, sys
from pathlib import Path
from seminar_site.content import parallel as report_loading
from seminar_site.pipeline import early
from seminar_site.render import stage as render_stage
from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.errors import SiteError

root, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
calls = {"load": [], "render": []}

def counting(stage, real):
    def run(jobs, workers):
        calls[stage].append(len(jobs))
        return real(jobs, workers)
    return run

os.cpu_count = lambda: 2
report_loading.run_forked = counting("load", report_loading.run_forked)
early.run_forked = counting("load", early.run_forked)
render_stage.run_forked = counting("render", render_stage.run_forked)
from seminar_site.pipeline import build as build_stage
compiling = build_stage.compile_templates
compiled = []
def compile_counted(env, record):
    compiled.append(len(env.cache or {}))
    compiling(env, record)
build_stage.compile_templates = compile_counted
if mode.endswith("-cold-templates"):  # no compiling while the photo workers decode
    build_stage.compile_templates = lambda env, record: None
    mode = mode.removesuffix("-cold-templates")
if mode == "parallel":
    render_stage.PARALLEL_RENDER_FROM = 2
else:  # inline loading: no early pages either
    report_loading.PARALLEL_FROM = render_stage.PARALLEL_RENDER_FROM = 10**9
try:
    build(BuildOptions(root=root, out=out))
    error = None
except SiteError as caught:
    error = [str(caught.path), caught.line, caught.message]
print(json.dumps({"forked": calls, "error": error, "compiled": compiled}))
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


PHOTOS = """\
    photos:
      - file: a.jpg
        alt: 会場の様子
"""


def many_reports(root: Path, count: int, with_photos: int = 0) -> Path:
    """``count`` reports, the first ``with_photos`` of them with a photo."""
    write(root / "content/site.yaml", "title: 並列テスト\nlanguage: ja\n")
    for n in range(count):
        folder = root / "content/reports" / f"r{n:02d}"
        report = REPORT.format(n=n, day=1 + n % 28)
        if n < with_photos:
            photo(folder / "a.jpg", (20 * n, 90, 160))
            report += PHOTOS
        write(folder / "report.yaml", report)
        write(folder / "talk.md", f"## 概要\n\n講演{n}の要旨です。1月{1 + n % 28}日に話した。\n")
    return root


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    reports = report_loading.PARALLEL_FROM + 6  # enough to load in forked workers
    root = many_reports(tmp_path / "site", reports, with_photos=3)
    parallel = run_build(root, tmp_path / "parallel", "parallel")
    # Pages without photos come from the loading workers; the render stage's workers get
    # the 3 with photos, the index and the 404 page.
    assert parallel["forked"] == {"load": [reports], "render": [3 + 2]}
    assert parallel["error"] is None
    serial = run_build(root, tmp_path / "serial", "serial")
    assert serial["forked"] == {"load": [], "render": []}
    assert serial["error"] is None
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


def test_a_template_error_in_a_worker_keeps_its_location(tmp_path: Path) -> None:
    root = many_reports(tmp_path / "site", 4)
    template = '{% extends "base.html" %}\n{% block main %}\n{{ report.title | nope }}\n'
    write(root / "templates/report.html", template + "{% endblock %}\n")
    result = run_build(root, tmp_path / "out", "parallel")
    # Rendering as they are loaded failed: the render stage's workers get every page.
    assert result["forked"] == {"load": [], "render": [4 + 2]}
    assert result["error"] == [
        str(root / "templates/report.html"),
        3,
        "template syntax error: No filter named 'nope'.",
    ]
    assert not (tmp_path / "out").exists()


FORKED = """
import json, os, select, time
from seminar_site.system.workers import run_forked

parent = os.getpid()

def new_pipe():
    # A byte for every job a child takes (inherited by the fork); one pipe per batch.
    global took, told, waited
    took, told = os.pipe()
    waited = []

def wait_for(count):
    # Waits on the pipe, with a deadline instead of hanging if the event never comes.
    got, deadline = 0, time.monotonic() + 20
    while got < count:
        ready, _, _ = select.select([took], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return False
        got += len(os.read(took, count - got))
    return True

def in_children(bad):
    # Jobs are shared out as the processes ask for them: this process's first job waits
    # until a child has taken one, so that a child misbehaves (and only a child).
    def job():
        if os.getpid() == parent:
            if not waited:
                waited.append(wait_for(1))
            return 1
        os.write(told, b"x")
        return bad()
    return job

def fail(): raise ValueError("from a child")
def die(): os._exit(3)
def unpicklable(): return lambda: 0

def held_or_quick(n):
    # Job 0 is held until every other job is done: with a shared queue the other process
    # runs them all meanwhile (with fixed shares it would wait for ever: the deadline).
    if n == 0:
        return ("released" if wait_for(39) else "timed out", os.getpid())
    os.write(told, b"x")
    return ("quick", os.getpid())

out = {"ok": run_forked([lambda n=n: n * n for n in range(7)], 3)}
new_pipe()
ran = run_forked([lambda n=n: held_or_quick(n) for n in range(40)], 2)
pids = [pid for _, pid in ran]
out["held job released"] = ran[0][0] == "released"
out["held job ran alone"] = pids.count(pids[0]) == 1
for name, bad in (("error", fail), ("death", die), ("unpicklable", unpicklable)):
    new_pipe()
    try:
        run_forked([in_children(bad) for _ in range(12)], 3)
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
    # A held job holds up no one: the other process ran every other job meanwhile.
    assert result["held job released"] and result["held job ran alone"]
    assert result["error"] == ["ValueError", "from a child"]
    assert result["death"][0] == "RuntimeError" and "worker process failed" in result["death"][1]
    assert result["unpicklable"][0] == "AttributeError" and "pickle" in result["unpicklable"][1]


def test_templates_compiled_while_photos_decode_change_nothing(tmp_path: Path) -> None:
    """The build compiles the templates while its photo workers run (a speed trick of
    pipeline/build.py): the site is the same byte for byte as without it."""
    root = many_reports(tmp_path / "site", 3, with_photos=3)  # 3 photos: the pool runs
    warm = run_build(root, tmp_path / "warm", "serial")
    cold = run_build(root, tmp_path / "cold", "serial-cold-templates")
    assert warm["compiled"] == [0]  # once, with nothing compiled yet
    assert cold["compiled"] == []
    assert warm["error"] is cold["error"] is None
    assert_same_tree(tmp_path / "warm", tmp_path / "cold")


def test_a_template_error_met_while_photos_decode_is_reported_by_the_render_stage(
    tmp_path: Path,
) -> None:
    root = many_reports(tmp_path / "site", 3, with_photos=3)
    template = '{% extends "base.html" %}\n{% block main %}\n{{ report.title | nope }}\n'
    write(root / "templates/report.html", template + "{% endblock %}\n")
    warm = run_build(root, tmp_path / "warm", "serial")
    cold = run_build(root, tmp_path / "cold", "serial-cold-templates")
    assert (
        warm["error"]
        == cold["error"]
        == [
            str(root / "templates/report.html"),
            3,
            "template syntax error: No filter named 'nope'.",
        ]
    )
