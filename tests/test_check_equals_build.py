"""``check`` reports exactly the errors ``build`` reports, on every case of the bad-input corpus
and on good and broken photos.

One code path (issue 12): ``check`` makes build's stage calls without writing, and adds only
lints, which are warnings. So for every case the ``error:`` lines of the two are the same,
and so is the exit code; every warning of ``build`` is among ``check``'s, and with
``--strict`` build's errors are among check's. Run in-process through the real entry point:
``check`` first, on a site never built; then ``build``; for photos ``check`` again, now
answered from the photo cache.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from seminar_site.cli import main
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite
from tests.corpus.cases import CASES, Case
from tests.test_photo_verification import BAD, GOOD, with_photo


def run(*args: str) -> tuple[int, list[str], list[str]]:
    """(exit code, ``error:`` lines, ``warning:`` lines) of one in-process run."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(list(args))
    lines = stderr.getvalue().splitlines()
    assert not [line for line in lines if "Traceback" in line], stderr.getvalue()
    return (
        code,
        sorted(line for line in lines if line.startswith("error: ")),
        sorted(line for line in lines if line.startswith("warning: ")),
    )


def check(root: Path) -> tuple[int, list[str], list[str]]:
    return run("check", "--root", str(root))


def build(root: Path, *options: str) -> tuple[int, list[str], list[str]]:
    return run("build", "--root", str(root), "--out", str(root / "_site"), "--jobs", "1", *options)


def photo_site(kind: str) -> dict[str, str | bytes]:
    """The minimal site with one photo of tests/test_photo_verification.py."""
    name, make = GOOD[kind] if kind in GOOD else BAD[kind][:2]
    return {REPORT_PATH: with_photo(name), f"{REPORT_DIR}/{name}": make()}


#: Photos, good and broken, besides the corpus's (made when the test runs: HEIC may skip).
PHOTO_KINDS = [*GOOD, *BAD]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_check_finds_the_errors_build_finds(case: Case, make_site: MakeSite) -> None:
    compare(make_site(case.files, base=case.base), case.photos)


@pytest.mark.parametrize("kind", PHOTO_KINDS, ids=[f"photo-{kind}" for kind in PHOTO_KINDS])
def test_check_finds_the_photo_errors_build_finds(kind: str, make_site: MakeSite) -> None:
    compare(make_site(photo_site(kind)), photos=int(kind in GOOD))


def compare(root: Path, photos: int) -> None:
    checked = check(root)
    built = build(root)
    assert checked[1] == built[1], "check and build disagree about the errors"
    assert checked[0] == built[0], "check and build disagree about the exit code"
    assert set(built[2]) <= set(checked[2]), "check misses a warning of build"
    if photos and built[0] == 0:
        assert check(root) == checked, "check with the photo cache differs from without"
    if built[2]:  # --strict: build's warnings are errors of both (check's lints too)
        strict_check = run("check", "--strict", "--root", str(root))
        strict_build = build(root, "--strict", "--full")
        assert strict_check[0] == strict_build[0] == 2
        assert set(strict_build[1]) <= set(strict_check[1]) and not strict_check[2]
