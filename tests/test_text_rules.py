"""The public-sector text rules (issue 12 item 7) through ``seminar-site check`` and ``--fix``.

Every case of tests/corpus/text_rules.py is checked in English and Japanese against its exact
stderr in tests/corpus/expected_check/ (``python -m tests.corpus.regen NAME`` rewrites it);
the build side of the same cases is tests/test_corpus.py's. ``check --fix`` runs on a copy of
every case: it fixes exactly the findings that carry a fix, shows each file's diff, keeps a
copy of each file it changes, leaves every other byte as it was, and a second run has
nothing left to fix.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from seminar_site.cli import main
from seminar_site.pipeline.check import check
from seminar_site.rules.findings import Finding
from tests.conftest import REPO, SITE_PATH, MakeSite
from tests.corpus.cases import CASES as ALL_CASES
from tests.corpus.cases import Case
from tests.corpus.text_rules import CASES, MD, SHARE, SHARE_PNG, SITE, talk

EXPECTED_CHECK = Path(__file__).parent / "corpus" / "expected_check"
LANGUAGES = ("en", "ja")


def check_expected_path(case: Case, language: str = "en") -> Path:
    folder = EXPECTED_CHECK if language == "en" else EXPECTED_CHECK / language
    return folder / f"{case.name}.txt"


def run_check(root: Path, language: str = "en", *extra: str) -> tuple[int, str, str]:
    """In-process ``seminar-site check``; (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--lang", language, "check", "--root", str(root), *extra])
    return code, stdout.getvalue(), stderr.getvalue()


def test_the_text_rules_corpus_is_large_and_has_every_expectation() -> None:
    names = [case.name for case in CASES]
    assert len(names) >= 60
    assert len(set(names)) == len(names)
    for language in LANGUAGES:
        folder = check_expected_path(CASES[0], language).parent
        assert {path.stem for path in folder.glob("*.txt")} == set(names), folder


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_reports_the_expected_findings(
    case: Case, language: str, make_site: MakeSite
) -> None:
    root = make_site(case.files, base=case.base)
    code, _stdout, stderr = run_check(root, language)
    assert code == 0, stderr
    expected = check_expected_path(case, language).read_text(encoding="utf-8").splitlines()
    assert stderr.splitlines() == expected
    if case.name.endswith("-ok"):
        assert not _findings(root), "a negative case must give no finding"
    else:
        assert _findings(root), "each case shows at least one finding of a rule"


def _findings(root: Path) -> list[Finding]:
    report = check(root)
    return [item for item in (*report.warnings, *report.notes) if isinstance(item, Finding)]


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".seminar-cache" not in path.parts
    }


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.name for case in ALL_CASES])
def test_fix_changes_exactly_what_it_reported(case: Case, make_site: MakeSite) -> None:
    """On every case of the corpus (those with errors included: there is nothing to fix)."""
    root = make_site(case.files, base=case.base)
    before = _files(root)
    fixable = [finding for finding in _findings(root) if finding.edit is not None]
    code, stdout, stderr = run_check(root, "en", "--fix")
    assert code in (0, 2), stderr
    fixed = [line for line in stderr.splitlines() if line.startswith("fixed: ")]
    assert fixed == [f"fixed: {finding.format(relative_to=root)}" for finding in fixable]
    after = _files(root)
    assert set(after) == set(before)
    changed = {finding.path.relative_to(root).as_posix() for finding in fixable if finding.path}
    for name, data in before.items():
        if name not in changed:
            assert after[name] == data, f"{name} was not reported, yet it changed"
            continue
        assert after[name] == _edited(data, [f for f in fixable if f.path == root / name])
        assert f"--- a/{name}\n+++ b/{name}\n" in stdout
        (backup,) = (root / ".seminar-cache" / "fix-backups").glob(f"*/{name}")
        assert backup.read_bytes() == data
    if not fixable:
        assert "check --fix: nothing to fix" in stdout
        assert not (root / ".seminar-cache").exists()
    again_code, again_stdout, again_stderr = run_check(root, "en", "--fix")
    assert again_code == code
    assert "check --fix: nothing to fix" in again_stdout
    assert "fixed: " not in again_stderr
    assert _files(root) == after
    assert not [finding for finding in _findings(root) if finding.edit is not None]


def _edited(data: bytes, findings: list[Finding]) -> bytes:
    """``data`` with the findings' edits made one by one (from the end, so that offsets hold)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    for finding in sorted(findings, key=lambda f: f.edit.start if f.edit else 0, reverse=True):
        edit = finding.edit
        assert edit is not None and text[edit.start : edit.end] == edit.old
        text = text[: edit.start] + edit.new + text[edit.end :]
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def test_the_bundled_report_gives_no_finding() -> None:
    assert _findings(REPO) == []


def test_check_prints_notes_and_fixable_count_in_both_languages(make_site: MakeSite) -> None:
    case = next(case for case in CASES if case.name == "note-red-text")
    root = make_site({**case.files, MD: "## 申込\n\n赤字の項目は①から入力してください。\n"})
    code, stdout, stderr = run_check(root, "en")
    assert code == 0
    lines = stderr.splitlines()
    assert lines[0].startswith("note: content/reports/r1/talk.md:3:1: '赤字の項目'")
    assert lines[1].startswith("warning: content/reports/r1/talk.md:3:7: machine-dependent")
    assert stdout.splitlines() == [
        "seminar-site check: no errors, 1 warning(s), 1 note(s)",
        "1 of them can be fixed with 'seminar-site check --fix'",
    ]
    code, stdout, stderr = run_check(root, "ja")
    assert stderr.splitlines()[0].startswith("参考: content/reports/r1/talk.md:3:1: 「赤字の項目」")
    assert (
        stdout.splitlines()[-1] == "このうち 1 件は「seminar-site check --fix」で自動的に直せます"
    )


def test_strict_makes_findings_errors_but_not_notes(make_site: MakeSite) -> None:
    root = make_site({SITE_PATH: SITE, SHARE: SHARE_PNG, **talk("## 概要\n\n右の図と①。\n")})
    code, _stdout, stderr = run_check(root, "en", "--strict")
    assert code == 2
    lines = stderr.splitlines()
    assert any(
        line.startswith("error: content/reports/r1/talk.md:3:5: machine-dependent")
        for line in lines
    )
    assert any(line.startswith("note: content/reports/r1/talk.md:3:1: '右の図'") for line in lines)
    assert not any(line.startswith("warning: ") for line in lines)
