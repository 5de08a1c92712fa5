"""The spare tree: the site swapped out by one build becomes the next build's tree, changed
file by file. Whatever state the spare is in, the output equals a clean build."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from seminar_site.errors import OutputError
from seminar_site.output import files as output_files
from seminar_site.output import spare as output_spare
from seminar_site.output import tree as output_tree
from seminar_site.pipeline.build import BuildOptions, BuildReport, build
from tests.test_atomic_build import snapshot
from tests.test_exit_codes import write_site
from tests.test_faults import leftovers

SITE_YAML = "content/site.yaml"
LEAD = "content/reports/test/report.yaml"


def _build(root: Path, out: Path) -> BuildReport:
    return build(BuildOptions(root=root, out=out))


def _clean(root: Path, tmp_path: Path) -> dict[str, bytes]:
    reference = tmp_path / "reference"
    build(BuildOptions(root=root, out=reference, incremental=False))
    return snapshot(reference)


def _edit_title(root: Path, title: str) -> None:
    (root / SITE_YAML).write_text(f"title: {title}\n", encoding="utf-8")


def _retitle_report(root: Path, title: str) -> None:
    """An edit of one report (the site's settings, and so the record, stay the same)."""
    path = root / LEAD
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    assert count == 1
    path.write_text(new, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A site built twice (one report edited in between), so that a spare exists."""
    root = write_site(tmp_path / "site")
    out = root / "_site"
    _build(root, out)
    _retitle_report(root, "二度目の報告")
    _build(root, out)
    assert (output_spare.spare_path(out) / "index.html").is_file()
    return root, out


def test_a_one_report_edit_writes_only_what_changed(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out = site
    _build(root, out)  # nothing changed: no write at all
    _retitle_report(root, "直した報告")
    report = _build(root, out)
    # The report page, the index (its title), the feed and the sitemap (dates unchanged)…
    assert 0 < report.write.written <= 4, report.write
    assert report.write.linked > 0
    assert snapshot(out) == _clean(root, tmp_path)
    assert leftovers(out) == []


def test_files_added_to_the_published_site_by_hand_do_not_come_back(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out = site
    (out / "added-by-hand.txt").write_text("x", encoding="utf-8")
    (out / "extra" / "deep").mkdir(parents=True)
    (out / "extra" / "deep" / "file.html").write_text("x", encoding="utf-8")
    for title in ("三度目", "四度目"):  # the hand-edited tree becomes the spare, then the site
        _retitle_report(root, title)
        _build(root, out)
    assert snapshot(out) == _clean(root, tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        "extra file",
        "missing file",
        "changed file",
        "link to the published file",
        "folder in the way",
        "linked folder",
        "spare is a file",
        "spare is a link",
    ],
)
def test_a_damaged_spare_never_reaches_the_site(
    site: tuple[Path, Path], tmp_path: Path, damage: str
) -> None:
    root, out = site
    spare = output_spare.spare_path(out)
    page = "reports/test/index.html"
    css = next(p.relative_to(spare).as_posix() for p in (spare / "assets").rglob("*.css"))
    assert os.path.samefile(spare / css, out / css)  # shared: the spare would keep it
    if damage == "extra file":
        (spare / "reports" / "stray.html").write_text("stray", encoding="utf-8")
    elif damage == "missing file":
        (spare / css).unlink()
    elif damage == "changed file":  # a new inode, as editors save
        (spare / css).unlink()
        (spare / css).write_text("changed", encoding="utf-8")
    elif damage == "link to the published file":
        (spare / css).unlink()
        (spare / css).symlink_to(out / css)
    elif damage == "folder in the way":
        (spare / page).unlink()
        (spare / page).mkdir()
        (spare / page / "x").write_text("x", encoding="utf-8")
    elif damage == "linked folder":
        (spare / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    elif damage == "spare is a file":
        shutil.rmtree(spare)
        spare.write_text("x", encoding="utf-8")
    elif damage == "spare is a link":
        shutil.rmtree(spare)
        spare.symlink_to(out)
    _retitle_report(root, "三度目")
    _build(root, out)
    assert snapshot(out) == _clean(root, tmp_path)
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert leftovers(out) == []
    assert (output_spare.spare_path(out) / "index.html").is_file()  # a good spare again


def test_the_spare_never_changes_a_published_file(site: tuple[Path, Path]) -> None:
    """Unchanged pages are hard links shared by the site and the spare: filling the spare
    must replace files, never write into them."""
    root, out = site
    published = snapshot(out)
    _retitle_report(root, "三度目")  # the spare is filled while this site is live
    real_swap = output_tree._swap
    seen: list[dict[str, bytes]] = []

    def look_before_swapping(new: Path, target: Path) -> bool:
        seen.append(snapshot(out))
        return real_swap(new, target)

    try:
        output_tree._swap = look_before_swapping  # type: ignore[assignment]
        _build(root, out)
    finally:
        output_tree._swap = real_swap  # type: ignore[assignment]
    assert seen == [published]


def test_failure_while_filling_the_spare_keeps_the_site(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root, out = site
    before = snapshot(out)
    _retitle_report(root, "三度目")
    real_write = output_files.write_one
    calls = {"n": 0}

    def full_after_one(target: Path, source: output_files.FileSource, path: str) -> None:
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(28, "No space left on device", str(target))
        real_write(target, source, path)

    monkeypatch.setattr(output_files, "write_one", full_after_one)
    with pytest.raises(OutputError, match="disk is full"):
        _build(root, out)
    monkeypatch.undo()
    assert calls["n"] > 1
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert not output_spare.spare_path(out).exists()  # spent: the next build makes a new tree
    _build(root, out)
    assert snapshot(out) == _clean(root, tmp_path)


def test_a_settings_change_starts_a_new_record_and_still_builds_right(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out = site
    _edit_title(root, "新しいサイト名")  # every page changes; the build record starts afresh
    _build(root, out)
    assert snapshot(out) == _clean(root, tmp_path)
    _retitle_report(root, "その次")
    _build(root, out)
    assert snapshot(out) == _clean(root, tmp_path)


def test_the_site_is_readable_by_others_and_the_spare_is_not(tmp_path: Path) -> None:
    """A web server running as another user must read the site; if the output sits inside a
    published folder, it must not serve the previous site from the spare."""
    previous_umask = os.umask(0o022)
    try:
        root = write_site(tmp_path / "site")
        out = root / "_site"
        _build(root, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o755  # mkdtemp would give 0700
        _retitle_report(root, "二度目の報告")
        _build(root, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o755
        assert stat.S_IMODE(output_spare.spare_path(out).stat().st_mode) == 0o700
        _retitle_report(root, "三度目の報告")
        _build(root, out)  # the spare, taken back, is readable again once published
        assert stat.S_IMODE(out.stat().st_mode) == 0o755
    finally:
        os.umask(previous_umask)
