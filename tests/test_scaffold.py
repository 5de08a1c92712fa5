"""`new`, `new-report` and `check`, run as a user would (subprocesses in a temp folder)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from seminar_site.dev.scaffold import new_report, new_site
from seminar_site.errors import SiteError

SRC = Path(__file__).resolve().parents[1] / "src"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "seminar_site", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_new_site_builds_as_is(tmp_path: Path) -> None:
    created = run("new", "x", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    site = tmp_path / "x"
    built = run("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "built 3 pages" in built.stdout  # index, report, 404
    page = (site / "_site/reports/sample-seminar/index.html").read_text(encoding="utf-8")
    assert page.count('class="session"') == 2  # one day, two sessions
    assert "基調講演のタイトル" in page and "事例発表のタイトル" in page
    checked = run("check", cwd=site)  # its placeholders and the missing base_url: warnings
    assert checked.returncode == 0 and "error" not in checked.stderr, checked.stderr
    assert "'基調講演のタイトル' is placeholder text" in checked.stderr


def test_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("new", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert files(tmp_path / "x") == {"notes.txt"}


def test_new_report_adds_a_skeleton_that_builds(tmp_path: Path) -> None:
    new_site(tmp_path, title="題: コロン入り")
    result = run("new-report", "2024-06-dx", "--title", "DX: 次の一歩", "--date", "2024-06-30",
                 cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content/reports/2024-06-dx/report.yaml").is_file()
    built = run("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "_site/reports/2024-06-dx/index.html").read_text(encoding="utf-8")
    assert "DX: 次の一歩" in page and 'datetime="2024-06-30"' in page


@pytest.mark.parametrize("written", ["2024/6/30", "2024年6月30日", "令和6年6月30日"])
def test_new_report_reads_the_date_as_the_editor_s_form_does(tmp_path: Path, written: str) -> None:
    new_site(tmp_path)
    new_report(tmp_path, "r2", date=written)
    text = (tmp_path / "content/reports/r2/report.yaml").read_text(encoding="utf-8")
    assert "published: 2024-06-30" in text and "- date: 2024-06-30" in text


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2025/02/30", "'--date' is not a real date: 2025/02/30 (2025-02 has only 28 days)"),
        ("そのうち", "--date 'そのうち' is not a date like 2024-06-30"),
    ],
)
def test_new_report_refuses_a_date_that_is_not_one(
    tmp_path: Path, written: str, message: str
) -> None:
    new_site(tmp_path)
    before = files(tmp_path)
    with pytest.raises(SiteError) as raised:
        new_report(tmp_path, "r2", date=written)
    today = date.today().isoformat()
    assert raised.value.format() == message + (
        " (hint: check the date, and write it as YYYY-MM-DD)"
        if "real" in message
        else f" (hint: write the year, month and day: --date {today})"
    )
    assert files(tmp_path) == before


@pytest.mark.parametrize("slug", ["../evil", "a/b", ".hidden", "", "空白 あり", "x" * 81])
def test_new_report_refuses_bad_slugs(tmp_path: Path, slug: str) -> None:
    new_site(tmp_path)
    before = files(tmp_path)
    with pytest.raises(SiteError, match="cannot be used as a report name"):
        new_report(tmp_path, slug)
    assert files(tmp_path) == before


def test_new_report_refuses_an_existing_slug_and_outside_a_site(tmp_path: Path) -> None:
    new_site(tmp_path / "site")
    result = run("new-report", "sample-seminar", cwd=tmp_path / "site")
    assert result.returncode == 2 and "already exists" in result.stderr
    elsewhere = run("new-report", "x", cwd=tmp_path)
    assert elsewhere.returncode == 2 and "not a seminar-site site" in elsewhere.stderr


def test_check_reports_problems_writes_nothing_and_exits_2(tmp_path: Path) -> None:
    new_site(tmp_path)
    talk = tmp_path / "content/reports/sample-seminar/talks/day1-keynote.md"
    talk.write_text("[資料](../nowhere/) と [節](#no-such-id)\n", encoding="utf-8")
    report = tmp_path / "content/reports/sample-seminar/report.yaml"
    photos = tmp_path / "content/reports/sample-seminar/photos"
    photos.mkdir()
    from PIL import Image

    Image.new("RGB", (64, 48), (10, 20, 30)).save(photos / "a.jpg")
    text = report.read_text(encoding="utf-8").replace(
        "    # photos:", "    photos:\n      - file: photos/a.jpg\n    # photos:"
    )
    report.write_text(text, encoding="utf-8")
    before = files(tmp_path)
    result = run("check", cwd=tmp_path)  # lints and build's warnings: printed, not failed
    assert result.returncode == 0, result.stderr
    assert "error: " not in result.stderr
    talk_md = "content/reports/sample-seminar/talks/day1-keynote.md"
    assert f"{talk_md}:1:6: the link to '../nowhere/' leads to no page or file" in result.stderr
    assert (
        f"{talk_md}:1:25: the link to '#no-such-id' leads to no part of the page "
        "with the id 'no-such-id'"
    ) in result.stderr
    assert "report.yaml:29:" in result.stderr and "no alt text" in result.stderr
    strict = run("check", "--strict", cwd=tmp_path)  # stops where build --strict stops
    assert strict.returncode == 2
    assert "error: content/reports/sample-seminar/report.yaml:29:" in strict.stderr
    assert files(tmp_path) == before  # nothing written: no _site, no cache


def test_check_content_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    new_site(tmp_path)
    report = tmp_path / "content/reports/sample-seminar/report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "  - date: [\n", encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "report.yaml:" in result.stderr and "Traceback" not in result.stderr


def test_check_points_at_full_width_letters_and_digits(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("new", str(site), cwd=tmp_path).returncode == 0
    talk = next((site / "content" / "reports").glob("*/talks/*.md"))
    talk.write_text("自治体ＤＸの事例を２０２１年に紹介。\n", encoding="utf-8")
    result = run("check", cwd=site)  # (--strict: the scaffold's placeholders stop it earlier)
    relative = talk.relative_to(site).as_posix()
    assert f"{relative}:1:4: full-width letters or digits 'ＤＸ'" in result.stderr
    assert "(hint: write them half-width: DX)" in result.stderr
    assert f"{relative}:1:10: full-width letters or digits '２０２１'" in result.stderr
