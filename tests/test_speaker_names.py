"""Speaker mistakes the page would show as written: a speaker listed twice in a session
(「課長 山本 花子 氏、課長 山本 花子 氏」), and an honorific typed into the name when the page
adds one (「山本花子 氏 氏」): warnings at the name, in check and build alike."""

from __future__ import annotations

import contextlib
import io

import pytest

from seminar_site.cli import main
from tests.conftest import REPORT_PATH, SITE_PATH, MakeSite, report_yaml, site_yaml


def speakers(*entries: str) -> str:
    """A session whose speakers are ``entries`` (each a list of 'key: value' lines)."""
    lines = "      - kind: 講演\n        title: 基調講演\n        speakers:\n"
    for entry in entries:
        first, *rest = entry.split("\n")
        lines += f"          - {first}\n" + "".join(f"            {line}\n" for line in rest)
    return lines


def warnings_of(root: object, command: str) -> tuple[int, list[str]]:
    stderr = io.StringIO()
    args = [command, "--root", str(root)] + (["--jobs", "1"] if command == "build" else [])
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(args)
    found = [line for line in stderr.getvalue().splitlines() if "name" in line]
    return code, found


def test_a_speaker_listed_twice_is_a_warning_at_the_second(make_site: MakeSite) -> None:
    entry = "name: 山本 花子\norganisation: テスト市\nrole: 課長"
    report = report_yaml(
        sessions=speakers(entry, "name: 鈴木 一郎", entry.replace(" 花子", "　花子"))
    )
    root = make_site({REPORT_PATH: report})
    expected = [
        "warning: content/reports/r1/report.yaml:17:13: 山本　花子 is listed twice among this "
        "session's speakers (hint: remove this entry: the same name is listed at line 13)"
    ]
    for command in ("check", "build"):
        assert warnings_of(root, command) == (0, expected)


@pytest.mark.parametrize("typed", ["氏", "様", "先生", "さん"])
def test_an_honorific_typed_into_the_name_is_a_warning(make_site: MakeSite, typed: str) -> None:
    root = make_site({REPORT_PATH: report_yaml(sessions=speakers(f"name: 山本花子 {typed}"))})
    hint = (
        "remove '氏' from the name: name: 山本花子"
        if typed == "氏"
        else (
            f"remove '{typed}' from the name: name: 山本花子 (to show '{typed}' instead of '氏', "
            f"write honorific: {typed})"
        )
    )
    expected = [
        f"warning: content/reports/r1/report.yaml:13:13: the name ends with '{typed}', and the "
        f"page adds '氏' after it: it would show 「山本花子 {typed} 氏」 (hint: {hint})"
    ]
    for command in ("check", "build"):
        assert warnings_of(root, command) == (0, expected)


@pytest.mark.parametrize(
    ("site", "entry"),
    [
        ("", "name: 山本花子 氏\nhonorific: ''"),  # the name as it is to be shown
        ("honorific: ''\n", "name: 山本 先生"),
        ("", "name: 氏家 太郎"),  # 氏 inside the name
        ("", "name: 山本 花子\nhonorific: 様"),
    ],
)
def test_a_name_the_page_shows_as_written_is_no_warning(
    make_site: MakeSite, site: str, entry: str
) -> None:
    root = make_site(
        {SITE_PATH: site_yaml(extra=site), REPORT_PATH: report_yaml(sessions=speakers(entry))}
    )
    assert warnings_of(root, "check") == (0, [])


def test_check_fix_removes_the_honorific_typed_into_a_name(make_site: MakeSite) -> None:
    entries = ("name: 山本花子 氏\nrole: 課長", "name: 鈴木 一郎 様", 'name: "佐藤 次郎 さん"')
    report = report_yaml(sessions=speakers(*entries))
    root = make_site({REPORT_PATH: report})
    assert len(warnings_of(root, "check")[1]) == 3
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        assert main(["check", "--root", str(root), "--fix"]) == 0
    text = (root / REPORT_PATH).read_text(encoding="utf-8")
    # A quoted name is left for the author (its span is not the text alone).
    expected = report.replace("山本花子 氏", "山本花子").replace("鈴木 一郎 様", "鈴木 一郎")
    assert text == expected
    assert len(warnings_of(root, "check")[1]) == 1
