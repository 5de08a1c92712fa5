"""A build that fails halfway leaves the previous output byte-identical and no temp folders."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from seminar_site.errors import OutputError, SiteError
from seminar_site.output import files as output_files
from seminar_site.pipeline.build import BuildOptions, build
from tests.test_exit_codes import write_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_failure_while_writing_keeps_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site")
    out = tmp_path / "site" / "_site"
    build(BuildOptions(root=root, out=out))
    before = snapshot(out)
    # A new site title changes every page, so the write has several files to do.
    (root / "content/site.yaml").write_text("title: 新しい名前\n", encoding="utf-8")
    written: list[Path] = []
    real_write = output_files.write_one

    def fail_after_two(target: Path, source: output_files.FileSource, path: str) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device", str(target))
        written.append(target)
        real_write(target, source, path)

    monkeypatch.setattr(output_files, "write_one", fail_after_two)
    with pytest.raises(OutputError, match="disk is full"):
        build(BuildOptions(root=root, out=out))
    assert len(written) == 2  # it really failed halfway
    assert snapshot(out) == before
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".seminar-site-tmp")]
    assert leftovers == []


def test_content_error_writes_nothing(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    out = tmp_path / "site" / "_site"
    build(BuildOptions(root=root, out=out))
    before = snapshot(out)
    (root / "content/reports/test/report.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(SiteError, match="YAML syntax error"):
        build(BuildOptions(root=root, out=out))
    assert snapshot(out) == before


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    first, second = tmp_path / "a", tmp_path / "b"
    build(BuildOptions(root=root, out=first))
    build(BuildOptions(root=root, out=second))
    comparison = filecmp.dircmp(first, second)
    assert comparison.left_only == comparison.right_only == comparison.diff_files == []


def test_refuses_a_foreign_non_empty_output_folder(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"important")
    with pytest.raises(OutputError, match="not created by seminar-site"):
        build(BuildOptions(root=root, out=out))
    assert (out / "thesis.docx").read_bytes() == b"important"


def test_a_corrupt_photo_exits_2_names_the_file_and_keeps_the_previous_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    from seminar_site import cli
    from tests.test_exit_codes import REPORT_YAML

    photos = "    photos:\n" + "".join(
        f"      - file: p{i}.jpg\n        alt: 会場の様子{i}\n" for i in range(3)
    )
    root = write_site(tmp_path / "site", REPORT_YAML + photos)
    folder = root / "content/reports/test"
    for i in range(3):
        Image.new("RGB", (64 + i, 48), (40 * i, 90, 160)).save(folder / f"p{i}.jpg")
    out = root / "_site"
    assert cli.main(["build", "--root", str(root), "--quiet"]) == 0
    before = snapshot(out)
    (folder / "p1.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a JPEG")
    Image.new("RGB", (80, 60), (200, 10, 10)).save(folder / "p2.jpg")  # a good edit too
    capsys.readouterr()
    assert cli.main(["build", "--root", str(root), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "content/reports/test/p1.jpg" in err
    assert "Traceback" not in err
    assert snapshot(out) == before
    # The other photos were still processed: the next good build decodes only the fixed one.
    Image.new("RGB", (70, 50), (0, 0, 0)).save(folder / "p1.jpg")
    report = build(BuildOptions(root=root, out=out))
    assert report.decoded == 1


def test_writer_threads_give_the_same_site_and_fail_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many files are written by a few threads: same bytes as one by one; a full disk in one
    thread keeps the previous site, and every thread has ended when the error arrives."""
    import threading

    root = write_site(tmp_path / "site")
    serial, threaded = tmp_path / "serial", tmp_path / "threaded"
    build(BuildOptions(root=root, out=serial))
    monkeypatch.setattr(output_files, "_THREADS_FROM", 1)
    build(BuildOptions(root=root, out=threaded, incremental=False))
    assert snapshot(threaded) == snapshot(serial)

    before = snapshot(threaded)
    (root / "content/site.yaml").write_text("title: 新しい名前\n", encoding="utf-8")
    lock, calls = threading.Lock(), {"n": 0}
    real_write = output_files.write_one

    def full_after_three(target: Path, source: output_files.FileSource, path: str) -> None:
        with lock:
            calls["n"] += 1
            failing = calls["n"] > 3
        if failing:
            raise OSError(28, "No space left on device", str(target))
        real_write(target, source, path)

    monkeypatch.setattr(output_files, "write_one", full_after_three)
    threads_before = threading.active_count()
    with pytest.raises(OutputError, match="disk is full"):
        build(BuildOptions(root=root, out=threaded))
    assert threading.active_count() == threads_before
    assert calls["n"] > 3
    assert snapshot(threaded) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".seminar-site-tmp")]
    assert leftovers == []
