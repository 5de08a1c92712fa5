"""The CLI's no-change build answers from the manifest, without the heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from seminar_site.system.stamps import RACY_NS
from tests.conftest import cli_env
from tests.test_incremental import make_site, write

PROBE = """
import sys
from seminar_site import cli
code = cli.main(sys.argv[1:])
heavy = sorted(m for m in ("jinja2", "markdown", "yaml", "PIL") if m in sys.modules)
print("heavy:", ",".join(heavy))
from seminar_site import i18n
print("catalogs:", ",".join(sorted(i18n._catalogs)))
print("rules:", "seminar_site.rules" in sys.modules)
sys.exit(code)
"""


def build(root: Path, *extra: str, language: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, "build", "--root", str(root), *extra],
        env=cli_env(LANGUAGE=language),
        capture_output=True,
        text=True,
        timeout=120,
    )


def age(root: Path) -> None:
    """Move the site's files out of the racy window (a file modified less than RACY_NS before
    a build looks at it is looked at again next time) by dating them a second back, instead of
    waiting for the clock; the next build then records stamps that a later one can trust."""
    past = time.time_ns() - max(RACY_NS, 10**9)
    for path in (root / "content").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))


def test_no_change_build_skips_heavy_imports_and_touches_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    first = build(root)
    assert first.returncode == 0, first.stderr
    assert "jinja2,markdown,yaml" in first.stdout
    age(root)  # the files were just written: out of the racy window
    second = build(root)
    assert second.returncode == 0, second.stderr
    third = build(root)
    assert "nothing changed" in third.stdout and "heavy: \n" in third.stdout, third.stdout
    assert "built 4 pages, 2 photos" in third.stdout


def test_any_input_change_leaves_the_fast_path(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    build(root)
    age(root)
    build(root)
    write(root / "content/reports/alpha/notes.txt", "unrelated but new\n")  # a new file
    result = build(root)
    assert "jinja2,markdown,yaml" in result.stdout  # looked again …
    assert "nothing changed" in result.stdout  # … and found nothing to write
    age(root)
    build(root)
    (root / "_site/index.html").unlink()  # an output removed by hand
    result = build(root)
    assert "jinja2" in result.stdout and (root / "_site/index.html").is_file()
    changed = build(root, "--base-url", "https://example.jp/")  # another option
    assert "jinja2" in changed.stdout and "1 written" not in changed.stdout


def test_warnings_are_repeated_by_a_no_change_build(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    report = root / "content/reports/beta/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("        alt: 会場の様子\n", ""))
    build(root)
    age(root)
    build(root)
    result = build(root)
    assert "heavy: \n" in result.stdout
    assert "no alt text" in result.stderr


def test_a_japanese_no_change_build_reads_no_catalog(tmp_path: Path) -> None:
    """The saved line is already Japanese: no .mo is read, and the text rules (check's) are
    not imported. (argparse itself imports the standard gettext module; no catalog is read.)"""
    root = make_site(tmp_path / "site")
    first = build(root, language="ja")
    assert "catalogs: ja" in first.stdout, first.stdout
    age(root)
    build(root, language="ja")
    third = build(root, language="ja")
    assert "変更はありません" in third.stdout and "heavy: \n" in third.stdout, third.stdout
    assert "catalogs: \n" in third.stdout and "rules: False" in third.stdout


def test_a_new_empty_report_folder_is_warned_about_at_once(tmp_path: Path) -> None:
    """A folder made under content/reports/ and left empty is a change: the build looks
    again and says at once that the folder is not published (not at some later build)."""
    root = make_site(tmp_path / "site")
    build(root)
    age(root)
    build(root)
    assert "heavy: \n" in build(root).stdout  # on the fast path
    (root / "content/reports/gamma").mkdir()
    past = time.time_ns() - max(RACY_NS, 10**9)
    os.utime(root / "content/reports/gamma", ns=(past, past))
    result = build(root)
    assert "jinja2" in result.stdout, result.stdout  # looked again …
    assert "gamma" in result.stderr and "report.yaml" in result.stderr, result.stderr
    assert "nothing changed" in result.stdout  # … and nothing to write
    again = build(root)  # the empty folder is now in the manifest: fast again, still warned
    assert "heavy: \n" in again.stdout and "gamma" in again.stderr, again.stderr
