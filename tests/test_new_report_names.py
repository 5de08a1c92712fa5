"""new-report refuses what the next check would refuse (a name that differs from a report's
only in letter case; a name starting with '-', which argparse took for an option) and gives
the date to write; the skeleton's comments are in the site's language; a misnamed site.yaml
gets the rename hint report.yml gets; and ``--out`` names the site folder it would hold by
its absolute path."""

from __future__ import annotations

import contextlib
import io
import os
from datetime import date
from pathlib import Path

import pytest

from seminar_site.cli import main
from seminar_site.dev.scaffold import new_report, new_site
from seminar_site.errors import SiteError
from tests.conftest import MakeSite


def run(*args: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse's usage errors
            code = int(exit.code or 0)
    return code, stderr.getvalue()


def names(folder: Path) -> list[str]:
    return sorted(child.name for child in (folder / "content" / "reports").iterdir())


def test_a_name_that_differs_only_in_case_is_refused_at_creation(tmp_path: Path) -> None:
    new_site(tmp_path)
    new_report(tmp_path, "dx-2025")
    code, stderr = run("new-report", "--root", str(tmp_path), "DX-2025")
    assert code == 2
    assert (
        "report folders 'dx-2025' and 'DX-2025' differ only in letter case: their URLs clash "
        "(hint: choose another name for the new report, or add to 'dx-2025')"
    ) in stderr
    assert names(tmp_path) == ["dx-2025", "sample-seminar"]
    assert run("check", "--root", str(tmp_path))[0] == 0


@pytest.mark.parametrize(
    "argv",
    [["-dx"], ["--title", "T", "-dx"], ["-dx", "--date", "2025-06-03"], ["--title=T", "--x"]],
)
def test_a_name_starting_with_a_dash_is_said_to_be_one(tmp_path: Path, argv: list[str]) -> None:
    new_site(tmp_path)
    code, stderr = run("new-report", "--root", str(tmp_path), *argv)
    slug = next(
        word
        for word in argv
        if word.startswith("-") and word not in ("--title", "--date") and "=" not in word
    )
    assert code == 2
    assert f"a report name cannot start with '-': '{slug}'; start it with a letter or" in stderr
    assert "the following arguments are required" not in stderr
    assert names(tmp_path) == ["sample-seminar"]


def test_a_name_after_double_dash_that_starts_with_a_dash_is_refused(tmp_path: Path) -> None:
    new_site(tmp_path)
    with pytest.raises(SiteError) as raised:
        new_report(tmp_path, "-dx")
    assert raised.value.format() == (
        "a report name cannot start with '-': '-dx' "
        "(hint: start it with a letter or a digit, e.g. dx)"
    )


@pytest.mark.parametrize(("written", "month_day"), [("6/3", (6, 3)), ("6月3日", (6, 3))])
def test_a_date_without_its_year_gets_the_full_date(
    tmp_path: Path, written: str, month_day: tuple[int, int]
) -> None:
    new_site(tmp_path)
    with pytest.raises(SiteError) as raised:
        new_report(tmp_path, "r2", date=written)
    meant = date(date.today().year, *month_day).isoformat()
    assert raised.value.hint is not None
    assert str(raised.value.hint) == f"write the year, month and day: --date {meant}"


def test_the_skeleton_comments_are_in_the_site_s_language(tmp_path: Path) -> None:
    new_site(tmp_path)
    new_report(tmp_path, "r2")
    site = (tmp_path / "content" / "site.yaml").read_text(encoding="utf-8")
    report = (tmp_path / "content" / "reports" / "r2" / "report.yaml").read_text(encoding="utf-8")
    assert "各項目の説明は seminar-site の docs/content-format.md" in site
    assert "各項目の説明は seminar-site の docs/content-format.md" in report
    comments = [line for line in (site + report).splitlines() if line.startswith("# ")]
    assert not [line for line in comments if "Every key" in line or "Set your" in line]
    english = tmp_path / "en"
    new_site(english)
    settings = english / "content" / "site.yaml"
    settings.write_text(site.replace("language: ja", "language: en"), encoding="utf-8")
    new_report(english, "r2")
    text = (english / "content" / "reports" / "r2" / "report.yaml").read_text(encoding="utf-8")
    assert "# One report. Every key is explained in docs/content-format.md" in text


@pytest.mark.parametrize("name", ["site.yml", "site.yaml.txt", "Site.YML"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_misnamed_site_yaml_gets_the_rename_hint(
    make_site: MakeSite, name: str, command: str
) -> None:
    root = make_site()
    (root / "content" / "site.yaml").rename(root / "content" / name)
    code, stderr = run(command, "--root", str(root))
    assert code == 2
    assert (
        f"content/{name}: content/ has no site.yaml, only '{name}': the site settings are not "
        f"read (hint: rename '{name}' to site.yaml (on Windows, turn on file name extensions"
    ) in stderr


def test_out_names_the_site_folder_it_holds_by_its_absolute_path(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site()
    monkeypatch.chdir(root)
    code, stderr = run("build", "--out", str(root.parent))
    assert code == 2
    assert (
        f"refusing to write the site into {root.parent}: it contains the site folder "
        f"({root.resolve()})"
    ) in stderr
    assert os.listdir(root.parent) == [root.name]
