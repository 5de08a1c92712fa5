"""Folders under content/reports/ without a report.yaml: a report file with another name
(report.yml, Report.yaml, report.yaml.txt) is an error at that file, in build, check and
export alike; a folder with nothing like one is a warning that it is not published."""

from __future__ import annotations

from pathlib import Path

import pytest

from seminar_site import cli
from tests.conftest import MakeSite, report_yaml


@pytest.mark.parametrize("name", ["report.yml", "report.yaml.txt", "REPORT.YAML", "report .yaml"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_misnamed_report_file_is_an_error_at_the_file(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], name: str, command: str
) -> None:
    root = make_site({f"content/reports/second/{name}": report_yaml(title="二つ目")})
    assert cli.main([command, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"content/reports/second/{name}: the report folder 'second' has no report.yaml" in err
    assert f"rename '{name}' to report.yaml" in err
    assert not (root / "_site").exists()


def test_export_names_the_misnamed_file_rather_than_saying_there_is_no_report(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = make_site({"content/reports/second/report.yml": report_yaml(title="二つ目")})
    argv = ["export", "second", "--root", str(root), "--format", "zip"]
    code = cli.main([*argv, "--out", str(tmp_path / "out.zip")])
    assert code == 2
    assert "has no report.yaml, only 'report.yml'" in capsys.readouterr().err


def test_a_folder_with_no_report_file_is_a_warning_and_the_site_builds(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site({"content/reports/later/photos/a.txt": "memo"})
    assert cli.main(["build", "--root", str(root)]) == 0
    err = capsys.readouterr().err
    expected = "content/reports/later: the folder 'later' has no report.yaml: it is not published"
    assert expected in err
    assert not (root / "_site" / "reports" / "later").exists()
    assert cli.main(["build", "--root", str(root), "--strict"]) == 2


def test_hidden_and_underscore_folders_are_left_alone(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site({"content/reports/.trash/x.txt": "", "content/reports/_drafts/x.txt": ""})
    assert cli.main(["build", "--root", str(root)]) == 0
    assert "has no report.yaml" not in capsys.readouterr().err


def test_renaming_the_report_file_after_a_build_is_seen_by_the_next_build(
    make_site: MakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    assert cli.main(["build", "--root", str(root)]) == 0
    assert cli.main(["build", "--root", str(root)]) == 0
    folder = root / "content" / "reports" / "r1"
    (folder / "report.yaml").rename(folder / "report.yml")
    capsys.readouterr()
    assert cli.main(["build", "--root", str(root)]) == 2
    assert "only 'report.yml'" in capsys.readouterr().err
