"""The parallel stages of a large build (report loading, page rendering in forked workers)
give the same site, byte for byte, as the serial ones, and report errors the same way."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from seminar_site import incremental, report_loading
from seminar_site.build import BuildOptions, build
from seminar_site.errors import SiteError
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


def many_reports(root: Path, count: int) -> Path:
    write(root / "content/site.yaml", "title: 並列テスト\nlanguage: ja\n")
    for n in range(count):
        folder = root / "content/reports" / f"r{n:02d}"
        write(folder / "report.yaml", REPORT.format(n=n, day=1 + n % 28))
        write(folder / "talk.md", f"## 概要\n\n講演{n}の要旨です。1月{1 + n % 28}日に話した。\n")
    return root


@pytest.fixture
def forked_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Render in forked workers from 2 pages on, on (at least) 2 cores; count the forks."""
    calls: list[int] = []
    real = incremental.run_forked

    def counting(jobs: Sequence[Callable[[], Any]], workers: int, chunk: int = 16) -> list[Any]:
        calls.append(len(jobs))
        return real(jobs, workers, chunk=3)

    monkeypatch.setattr(incremental, "PARALLEL_RENDER_FROM", 2)
    monkeypatch.setattr(incremental, "run_forked", counting)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    return calls


def test_parallel_build_equals_serial_build(
    tmp_path: Path, forked_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_reports(tmp_path / "site", report_loading.PARALLEL_FROM + 6)
    build(BuildOptions(root=root, out=tmp_path / "parallel", progress=False))
    assert forked_calls == [report_loading.PARALLEL_FROM + 6 + 2]  # reports, index, 404

    monkeypatch.setattr(incremental, "PARALLEL_RENDER_FROM", 10**9)
    serial = BuildOptions(root=root, out=tmp_path / "serial", workers=1, incremental=False)
    build(serial)
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


def test_a_template_error_in_a_worker_keeps_its_location(
    tmp_path: Path, forked_calls: list[int]
) -> None:
    root = many_reports(tmp_path / "site", 4)
    template = '{% extends "base.html" %}\n{% block main %}\n{{ report.title | nope }}\n'
    template += "{% endblock %}\n"
    write(root / "templates/report.html", template)
    with pytest.raises(SiteError) as caught:
        build(BuildOptions(root=root, out=tmp_path / "out", progress=False))
    assert forked_calls, "the pages were not rendered in workers"
    error = caught.value
    assert (error.path, error.line) == (root / "templates/report.html", 3)
    assert "No filter named 'nope'" in error.message
    assert not (tmp_path / "out").exists()
