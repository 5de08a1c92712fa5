"""Values YAML reads otherwise than they were meant: text cut off by a ``#``, a value that
goes on after its closing bracket or quote, an invisible line break; and the hints that
give the value to write (13:30 for 1:30pm, 2025-11-20 for 20251120, 120 for 120.0)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from seminar_site.cli import main
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.settings.schema import check_mapping
from seminar_site.settings.shapes import REPORT
from seminar_site.settings.yamlsource import parse_yaml
from tests.conftest import REPORT_PATH, SITE_PATH, MakeSite, report_yaml, site_yaml


def run(*args: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(list(args))
    return code, stderr.getvalue()


def comment_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "read as a comment" in line]


def test_text_cut_off_by_a_hash_is_a_warning_in_check_and_build(make_site: MakeSite) -> None:
    report = report_yaml(title="第3回 #DX セミナー", extra="  venue: 市民会館 #2会議室\n")
    report = report.replace(
        "lead: 1月22日に開催したセミナーの報告です。",
        "lead: 1月22日に開催\n  しました。 #テスト市",
    )
    root = make_site({REPORT_PATH: report, SITE_PATH: site_yaml(extra="description: 報告 #市\n")})
    expected = [
        "warning: content/reports/r1/report.yaml:1:12: the text from '#' on is read as a "
        "comment and is not shown on the page: 「#DX セミナー」 "
        '(hint: put the whole value in quotes: title: "第3回 #DX セミナー")',
        "warning: content/reports/r1/report.yaml:3:9: the text from '#' on is read as a "
        "comment and is not shown on the page: 「#テスト市」 (hint: put the whole value in quotes)",
        "warning: content/reports/r1/report.yaml:8:15: the text from '#' on is read as a "
        "comment and is not shown on the page: 「#2会議室」 "
        '(hint: put the whole value in quotes: venue: "市民会館 #2会議室")',
        "warning: content/site.yaml:3:17: the text from '#' on is read as a comment and is not "
        "shown on the page: 「#市」 "
        '(hint: put the whole value in quotes: description: "報告 #市")',
    ]
    code, check = run("check", "--root", str(root))
    assert code == 0
    assert comment_warnings(check) == expected
    code, build = run("build", "--root", str(root), "--jobs", "1")
    assert code == 0
    assert comment_warnings(build) == expected
    html = (root / "_site" / "reports" / "r1" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>第3回</h1>", html)  # as YAML reads it: the warning says why


@pytest.mark.parametrize(
    "line",
    [
        "venue: 市民会館 # 2階",  # a comment: a space after '#'
        "venue: 市民会館 ## memo",
        "venue: 市民会館#2会議室",  # no space before '#': the text has it
        'venue: "市民会館 #2会議室"',
        "participants: 120 #人",  # not text: its own error if any, no cut-off text
        "# venue: #2会議室",
    ],
)
def test_a_genuine_comment_is_no_warning(tmp_path: Path, line: str) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(f"title: T\n{line}\n", encoding="utf-8")
    found: list[SiteError] = []
    parse_yaml(path, warnings=found)
    assert found == []


def test_an_empty_value_before_a_hashtag_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("title: T\nvenue: #2会議室\n", encoding="utf-8")
    found: list[SiteError] = []
    parse_yaml(path, warnings=found)
    assert [(e.line, e.col, e.hint) for e in found] == [
        (2, 8, 'put the whole value in quotes: venue: "#2会議室"')
    ]


def test_the_scaffold_writes_no_cut_off_comment(tmp_path: Path) -> None:
    root = tmp_path / "site"
    assert run("new", str(root))[0] == 0
    assert run("new-report", "--root", str(root), "second")[0] == 0
    code, stderr = run("check", "--root", str(root))
    assert code == 0
    assert comment_warnings(stderr) == []


def yaml_error(tmp_path: Path, text: str) -> tuple[int | None, int | None, str, str | None]:
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteError) as raised:
        parse_yaml(path)
    error = raised.value
    return error.line, error.col, error.message, error.hint


@pytest.mark.parametrize(
    ("value", "opener", "closer", "hint"),
    [
        ("[速報] セミナー", "[", "]", 'put the whole value in quotes: title: "[速報] セミナー"'),
        ("{速報} セミナー", "{", "}", 'put the whole value in quotes: title: "{速報} セミナー"'),
        (
            '"DX"セミナー',
            '"',
            '"',
            "put the whole value in quotes: title: '\"DX\"セミナー' "
            "(or write 「」 instead of the quotes: title: 「DX」セミナー)",
        ),
        (
            "'DX'セミナー",
            "'",
            "'",
            "put the whole value in quotes: title: \"'DX'セミナー\" "
            "(or write 「」 instead of the quotes: title: 「DX」セミナー)",
        ),
    ],
)
def test_a_value_that_goes_on_after_its_closing_bracket_or_quote(
    tmp_path: Path, value: str, opener: str, closer: str, hint: str
) -> None:
    message = (
        f"YAML syntax error: the value of 'title' starts with {opener}, so YAML reads it only "
        f"up to the closing {closer}: the text after it is not allowed"
    )
    assert yaml_error(tmp_path, f"lead: x\ntitle: {value}\n") == (2, 8, message, hint)


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u2028", "line separator"), ("\u2029", "paragraph separator"), ("\x85", "next line")],
)
def test_an_invisible_line_break_is_named_at_its_line(tmp_path: Path, char: str, name: str) -> None:
    text = f"title: T\nevent:\n  name: x\n  venue: 市民会館{char} format: online\n"
    code = "U+" + format(ord(char), "04X")
    assert yaml_error(tmp_path, text) == (
        4,
        14,
        f"YAML syntax error: an invisible character ({code}, {name}) is here: "
        "YAML reads it as a line break",
        "delete it (it is invisible: retype the text around this place)",
    )


def report_errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "report.yaml"
    path.write_text(text, encoding="utf-8")
    errors = ErrorCollector()
    check_mapping(parse_yaml(path), REPORT, path, errors)
    return [f"{e.message} (hint: {e.hint})" for e in errors.errors]


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("1:30pm", "write 13:30"),
        ("1:30 PM", "write 13:30"),
        ("10am", "write 10:00"),
        ("13:30:00", "write 13:30"),
        ("13.30", "write 13:30"),
        ("13:3", "write 13:30 or 13:03"),
        ("25:00", "hours go up to 23: write a time from 0:00 to 23:59"),
    ],
)
def test_a_time_hint_gives_the_time_to_write(tmp_path: Path, value: str, hint: str) -> None:
    sessions = f"      - kind: 講演\n        title: 基調講演\n        start: {value}\n"
    assert report_errors(tmp_path, report_yaml(sessions=sessions)) == [
        f"'start' must be a time like 13:30 (hint: {hint})"
    ]


def test_a_date_written_as_eight_digits_gets_the_iso_date(tmp_path: Path) -> None:
    assert report_errors(tmp_path, report_yaml(published="20251120")) == [
        "'published' must be a date like 2021-02-24 (hint: write 2025-11-20)"
    ]


@pytest.mark.parametrize(("value", "hint"), [("120.0", "write 120"), ("120.00", "write 120")])
def test_a_whole_number_written_with_a_fraction(tmp_path: Path, value: str, hint: str) -> None:
    text = report_yaml(extra=f"  participants: {value}\n")
    assert report_errors(tmp_path, text) == [
        f"'participants' must be a whole number (hint: {hint})"
    ]


def test_check_fix_quotes_a_value_cut_off_by_a_hash(make_site: MakeSite) -> None:
    report = report_yaml(title="第3回 #DX セミナー", extra="  venue: 市民会館 #2会議室\n")
    root = make_site({REPORT_PATH: report, SITE_PATH: site_yaml(extra="description: 報告 #市\n")})
    assert run("check", "--root", str(root), "--fix")[0] == 0
    text = (root / REPORT_PATH).read_text(encoding="utf-8")
    fixed = report.replace("第3回 #DX セミナー", '"第3回 #DX セミナー"')
    assert text == fixed.replace("市民会館 #2会議室", '"市民会館 #2会議室"')
    site = (root / SITE_PATH).read_text(encoding="utf-8")
    assert site.endswith('description: "報告 #市"\n')
    code, stderr = run("check", "--root", str(root))
    assert code == 0 and comment_warnings(stderr) == []
