"""CLI exit codes (0 ok, 1 internal, 2 content) and located messages, on tiny inline sites.

Subprocesses run this checkout's code (``python -m seminar_site`` and the console entry
``seminar_site.cli:run`` with src on PYTHONPATH), so nothing needs the package installed.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from seminar_site import cli
from tests.conftest import REPO, cli_env

SITE_YAML = "title: テストサイト\nlanguage: ja\n"
REPORT_YAML = """\
title: テスト報告
lead: 1/22に開催しました。
published: 2021-02-24
event:
  name: テストセミナー
  format: online
days:
  - date: 2021-01-22
    sessions:
      - kind: 講演
        title: はじめに
        speakers:
          - name: 山田 太郎
            organisation: テスト市
        summary: 概要です。
"""


def write_site(root: Path, report: str = REPORT_YAML, extra: dict[str, str] | None = None) -> Path:
    files = {"content/site.yaml": SITE_YAML, "content/reports/test/report.yaml": report}
    files.update(extra or {})
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_valid_site_exits_0_and_prints_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_site(tmp_path)
    assert cli.main(["build", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "built 3 pages" in out
    assert (root / "_site" / "reports" / "test" / "index.html").is_file()


def test_three_problems_are_reported_together_with_locations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = (
        REPORT_YAML.replace("title: テスト報告", "titel: テスト報告")  # misspelt key (line 1)
        .replace("published: 2021-02-24", "published: 2021-02-24\nmodified: yesterday")
        .replace("        summary: 概要です。", "        summary_file: talks/missing.md")
    )
    root = write_site(tmp_path, broken)
    assert cli.main(["build", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    report = "content/reports/test/report.yaml"
    assert any(
        line.startswith(f"error: {report}:1:1: unknown key 'titel'")
        and "did you mean 'title'" in line
        for line in lines
    ), err
    assert any(
        line.startswith(f"error: {report}:4:11: 'modified' must be a date") for line in lines
    ), err
    assert any(
        line.startswith(f"error: {report}:") and "summary file 'talks/missing.md' not found" in line
        for line in lines
    ), err
    assert not (root / "_site").exists()
    assert "Traceback" not in err


def test_missing_site_yaml_is_a_content_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["build", "--root", str(tmp_path)]) == 2
    assert "content/site.yaml: site settings not found" in capsys.readouterr().err


def test_internal_error_exits_1_without_traceback_unless_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_site(tmp_path)

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("seminar_site.pipeline.build.build", explode)  # what the CLI calls
    assert cli.main(["build", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "RuntimeError: boom" in err
    assert "Traceback" not in err
    assert cli.main(["build", "--root", str(root), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_module_entry_point_and_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "seminar_site", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("seminar-site ")


CONSOLE_ENTRY = "seminar_site.cli:run"


def test_the_console_command_is_cli_run() -> None:
    """What the tests below call is what ``pip install`` makes the ``seminar-site`` command."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"seminar-site": CONSOLE_ENTRY}


@pytest.mark.parametrize("broken", [False, True])
def test_the_console_command_flushes_its_output_and_keeps_the_exit_code(
    tmp_path: Path, broken: bool
) -> None:
    """``run`` ends the process with os._exit: nothing printed may be lost on the way."""
    root = write_site(
        tmp_path, REPORT_YAML.replace("title: テスト報告", "titel: x") if broken else REPORT_YAML
    )
    module, function = CONSOLE_ENTRY.split(":")
    entry = f"from {module} import {function}; {function}()"  # what the console script runs
    buffered = {k: v for k, v in cli_env().items() if k != "PYTHONUNBUFFERED"}
    result = subprocess.run(
        [sys.executable, "-c", entry, "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env=buffered,  # output to a pipe is then held in a buffer until flushed
        cwd=tmp_path,
    )
    if broken:
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.endswith("seminar-site: 1 error(s); nothing was written\n")
        assert "unknown key 'titel'" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("built 3 pages") and result.stdout.endswith("\n")


def test_a_bad_required_date_does_not_hide_problems_further_down(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = (
        REPORT_YAML.replace("title: テスト報告", "titel: テスト報告")
        .replace("published: 2021-02-24", "published: 24 February")
        .replace("        summary: 概要です。", "        summary_file: talks/missing.md")
    )
    root = write_site(tmp_path, broken)
    assert cli.main(["build", "--root", str(root)]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error: ")]
    report = "content/reports/test/report.yaml"
    assert [line.split(": ", 2)[1] for line in lines] == [
        f"{report}:1:1",
        f"{report}:3:12",
        f"{report}:15:9",
    ]
    assert "unknown key 'titel'" in lines[0]  # and no second "missing 'title'" for the same typo
    assert "'published' must be a date" in lines[1]
    assert "summary file 'talks/missing.md' not found" in lines[2]


@pytest.mark.parametrize("port", ["99999", "-1", "abc"])
def test_an_impossible_port_is_a_usage_error_not_a_crash(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["serve", "--port", port])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --port: '{port}' is not a port: write a number from 1 to 65535" in err
