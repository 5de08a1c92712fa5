"""`check` takes unchanged reports from the last build's record: a speed trick that must
change no finding (differential: every mistake of issue 12, checked with and without it)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

import seminar_site.content.site as site_stage
from seminar_site.cli import main
from seminar_site.errors import SiteError
from seminar_site.pipeline.check import CheckReport, check
from tests.mistakes import MISTAKES, REPORT, YAML, replace, site_copy


def build(root: Path, *extra: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["build", "--root", str(root), "--quiet", "--jobs", "1", *extra])


def shown(report: CheckReport, root: Path) -> list[list[str]]:
    def lines(found: Sequence[SiteError]) -> list[str]:
        return [error.format(relative_to=root) for error in found]

    rewrites = [f"{r.path}:{r.line}:{r.col} {r.before} → {r.after}" for r in report.rewrites]
    return [lines(report.errors), lines(report.warnings), lines(report.notes), rewrites]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many report folders each load read (the others came from the record)."""
    counts: list[int] = []
    real = site_stage.load_entries

    def counting(folders, *args, **kwargs):  # type: ignore[no-untyped-def]
        counts.append(len(folders))
        return real(folders, *args, **kwargs)

    monkeypatch.setattr(site_stage, "load_entries", counting)
    return counts


def test_an_unchanged_site_is_not_read_again(tmp_path: Path, loads: list[int]) -> None:
    root = site_copy(tmp_path)
    assert build(root) == 0
    loads.clear()
    fast = check(root)
    assert loads == [0]
    assert shown(fast, root) == shown(check(root, use_record=False), root)
    assert loads[-1] == 2  # both bundled reports, read again


def test_only_the_edited_report_is_read_again(tmp_path: Path, loads: list[int]) -> None:
    root = site_copy(tmp_path)
    assert build(root) == 0
    replace(YAML, "applications: ", "applications：")(root)  # an error in the edited report
    loads.clear()
    fast = check(root)
    assert loads == [1]
    assert fast.errors
    assert shown(fast, root) == shown(check(root, use_record=False), root)


@pytest.mark.parametrize(
    "options",
    [("--base-url", "https://www.example.jp/other/"), ("--strict",)],
    ids=["base-url", "strict"],
)
def test_a_build_with_other_settings_is_not_trusted(
    tmp_path: Path, loads: list[int], options: tuple[str, ...]
) -> None:
    root = site_copy(tmp_path)
    build(root, *options)
    loads.clear()
    check(root)  # default settings: that build's record is for other ones
    assert loads == [2]


def test_a_report_changed_after_the_build_gives_its_new_warnings(tmp_path: Path) -> None:
    root = site_copy(tmp_path)
    assert build(root) == 0
    before = shown(check(root), root)
    talk = root / REPORT / "talks" / "day1-keynote.md"
    talk.write_text(talk.read_text(encoding="utf-8") + "\n詳しくは[こちら](#nowhere)\n")
    after = check(root)
    assert shown(after, root) == shown(check(root, use_record=False), root)
    assert shown(after, root) != before


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_every_mistake_is_reported_alike_with_and_without_the_record(
    tmp_path: Path, mistake: object
) -> None:
    from tests.mistakes import Mistake

    assert isinstance(mistake, Mistake)
    root = site_copy(tmp_path)
    build(root)  # the author built the site once, then made the mistake
    mistake.edit(root)
    strict = "--strict" in mistake.extra
    fast, slow = check(root, strict=strict), check(root, strict=strict, use_record=False)
    assert shown(fast, root) == shown(slow, root)


def test_the_preview_of_serve_counts_as_a_build(tmp_path: Path, loads: list[int]) -> None:
    """An author who previews with `serve` and then runs `check`: the preview's record."""
    from seminar_site.dev.preview import preview_folder
    from seminar_site.pipeline.build import BuildOptions
    from seminar_site.pipeline.build import build as build_site

    root = site_copy(tmp_path)
    build_site(BuildOptions(root=root, out=preview_folder(root), workers=1))
    loads.clear()
    fast = check(root)
    assert loads == [0]
    assert shown(fast, root) == shown(check(root, use_record=False), root)
