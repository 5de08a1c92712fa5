"""Every case of the bad-input corpus (tests/corpus/) through the real CLI entry point.

For each case, in English and in Japanese: the exact stderr of ``seminar-site build``
(tests/corpus/expected/<name>.txt and expected/ja/<name>.txt), exit code 2 when there are
errors (0 otherwise), no traceback, no output folder and no temp folder left behind on
failure. A few cases also run as a real subprocess, the way a user runs the tool. How long
each case takes is bench/corpus_timing.py's business, not a test's.
Regenerate the expected files with ``python -m tests.corpus.regen`` and read the diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from seminar_site.cli import main
from seminar_site.i18n import _, render
from tests.conftest import MakeSite, cli_env
from tests.corpus.cases import CASES, Case

EXPECTED = Path(__file__).parent / "corpus" / "expected"
LANGUAGES = ("en", "ja")


def expected_path(case: Case, language: str = "en") -> Path:
    folder = EXPECTED if language == "en" else EXPECTED / language
    return folder / f"{case.name}.txt"


def expected_lines(case: Case, language: str = "en") -> list[str]:
    return expected_path(case, language).read_text(encoding="utf-8").splitlines()


def run_cli(root: Path, out: Path, language: str = "en") -> tuple[int, str, str]:
    """In-process run of the real entry point; returns (exit code, stdout, stderr)."""
    import contextlib
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["--lang", language, "build", "--root", str(root), "--out", str(out), "--jobs", "1"]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(argv)
    return code, stdout.getvalue(), stderr.getvalue()


def test_corpus_is_large_and_every_case_has_its_expectation() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 60
    for language in LANGUAGES:
        folder = expected_path(CASES[0], language).parent
        files = {path.stem for path in folder.glob("*.txt")}
        assert files == set(names), f"{folder} out of step: {sorted(files ^ set(names))}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, language: str, make_site: MakeSite) -> None:
    root = make_site(case.files, base=case.base)
    out = root / "_site"
    code, stdout, stderr = run_cli(root, out, language)
    expected = expected_lines(case, language)
    prefix = render(_("error: {problem}", problem=""), language)
    errors = [line for line in expected if line.startswith(prefix)]
    lines = stderr.splitlines()
    assert "Traceback" not in stderr
    if errors:
        assert code == 2, stderr
        summary = _("seminar-site: {count} error(s); nothing was written", count=len(errors))
        assert lines == [*expected, render(summary, language)]
        assert not out.exists(), "a failed build must not create the output folder"
        assert not [p.name for p in root.iterdir() if p.name.startswith(".seminar-site-tmp")]
        return
    assert code == 0, stderr
    assert lines == expected
    page = (out / "reports" / "r1" / "index.html").read_text(encoding="utf-8")
    for text in case.page_contains:
        assert text in page
    counted = f" {case.photos} photos" if language == "en" else f"写真 {case.photos} 枚"
    assert counted in stdout


def test_acceptance_one_run_reports_all_three_problems(make_site: MakeSite) -> None:
    """issue 2: misspelt key + wrong type + missing summary file -> exit 2, three locations."""
    case = next(case for case in CASES if case.name == "acceptance-three-problems")
    root = make_site(case.files)
    code, _, stderr = run_cli(root, root / "_site")
    located = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert code == 2
    assert [line.split(": ", 2)[1] for line in located] == [
        "content/reports/r1/report.yaml:7:1",
        "content/reports/r1/report.yaml:12:16",
        "content/reports/r1/report.yaml:13:9",
    ]


def test_all_reports_problems_are_reported_together(make_site: MakeSite) -> None:
    """Errors of two reports and of a Markdown file come out of one run, in file order."""
    broken = dict(next(case for case in CASES if case.name == "acceptance-three-problems").files)
    broken["content/reports/r2/report.yaml"] = "title: [\n"
    root = make_site(broken)
    code, _, stderr = run_cli(root, root / "_site")
    assert code == 2
    assert [line.startswith("error: ") for line in stderr.splitlines()].count(True) == 4
    assert "content/reports/r2/report.yaml:1:9: YAML syntax error" in stderr


SUBPROCESS_CASES = ["acceptance-three-problems", "shift-jis-report", "yaml-billion-laughs"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_case_as_a_real_process(name: str, make_site: MakeSite) -> None:
    case = next(case for case in CASES if case.name == name)
    root = make_site(case.files, base=case.base)
    proc = subprocess.run(
        [sys.executable, "-m", "seminar_site", "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[:-1] == expected_lines(case)
    assert not (root / "_site").exists()


@pytest.mark.parametrize("name", ["yaml-billion-laughs", "yaml-scalar-alias-bomb"])
def test_alias_bomb_memory_is_bounded(name: str, make_site: MakeSite) -> None:
    """An alias bomb is refused by a process that stays small (it was never expanded).

    The peak is the process's own (VmHWM of /proc/self/status), not ru_maxrss: Linux carries
    ru_maxrss over from the parent through fork and exec, so it would report the size of
    the pytest process that started it."""
    case = next(case for case in CASES if case.name == name)
    root = make_site(case.files)
    code = (
        "import re, sys\n"
        "from seminar_site.cli import main\n"
        f"status = main(['build', '--root', {str(root)!r}])\n"
        "status_text = open('/proc/self/status', encoding='ascii').read()\n"
        "print(re.search(r'VmHWM:\\s*(\\d+) kB', status_text).group(1))\n"
        "sys.exit(status)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(),
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[:-1] == expected_lines(case)
    assert not (root / "_site").exists()
    peak_kib = int(proc.stdout.split()[-1])
    assert peak_kib < 150 * 1024, f"peak RSS {peak_kib // 1024} MB"
