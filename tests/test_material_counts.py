"""A report loaded again takes the page counts of its unchanged PDF files from its last load
(content/materials.py ``known_pages``), instead of reading them with pypdf again: the pages
are the same as a clean build's, a changed file is read again, and a file that was warned
about is read (and warned about) again."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seminar_site.content import linked_files, materials
from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, cli_env, report_yaml
from tests.test_materials import encrypted_pdf, material_links, page_of, pdf_bytes

SESSIONS = (
    "      - title: 講演\n"
    "        summary: 当日の[配布資料（PDF）](handout.pdf)です。\n"
    "        materials:\n"
    "          - label: 講演資料\n"
    "            file: slides.pdf\n"
)


def pdf_site(make_site: MakeSite) -> Path:
    return make_site(
        {
            REPORT_PATH: report_yaml(sessions=SESSIONS),
            f"{REPORT_DIR}/slides.pdf": pdf_bytes(3),
            f"{REPORT_DIR}/handout.pdf": pdf_bytes(2),
        }
    )


def edit_report(root: Path, old: str = "テスト報告", new: str = "テスト報告（改）") -> None:
    path = root / REPORT_PATH
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files each loader module reads with inspect_material, from now on."""
    read: list[str] = []

    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        def inspect(path: Path, *args: Any, **kwargs: Any) -> Any:
            read.append(path.name)
            return original(path, *args, **kwargs)

        return inspect

    for module in (materials, linked_files):
        monkeypatch.setattr(module, "inspect_material", wrap(module.inspect_material))
    return read


def test_an_edited_report_reads_no_unchanged_pdf_and_shows_the_same_pages(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = pdf_site(make_site)
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    read = counting(monkeypatch)
    edit_report(root)
    build(BuildOptions(root=root, out=out))
    assert read == []  # the report was loaded again (its title changed) …
    page = page_of(out)
    assert page.h1 is not None and "テスト報告（改）" in page.h1.get_text()
    links = material_links(page)
    assert any(text.startswith("講演資料(PDF形式、3ページ、") for text in links), links
    clean = build(
        BuildOptions(root=root, out=root / "_clean", incremental=False)
    )  # … as a clean one
    assert (out / "reports/r1/index.html").read_bytes() == (
        root / "_clean/reports/r1/index.html"
    ).read_bytes()
    assert not [w for w in clean.warnings if ".pdf" in str(w.message)]


def test_a_changed_pdf_is_read_again(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    root = pdf_site(make_site)
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    read = counting(monkeypatch)
    (root / REPORT_DIR / "slides.pdf").write_bytes(pdf_bytes(5))
    build(BuildOptions(root=root, out=out))
    assert read == ["slides.pdf"]
    assert any("5ページ" in text for text in material_links(page_of(out)))


def test_a_pdf_that_was_warned_about_is_read_and_warned_about_again(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = pdf_site(make_site)
    (root / REPORT_DIR / "slides.pdf").write_bytes(encrypted_pdf("RC4-128", "secret"))
    out = root / "_site"
    first = build(BuildOptions(root=root, out=out))
    read = counting(monkeypatch)
    edit_report(root)
    second = build(BuildOptions(root=root, out=out))
    assert read == ["slides.pdf"]  # the handout, counted, is not read

    def warned(result: Any) -> list[str]:
        return [str(w.message) for w in result.warnings if "slides.pdf" in str(w.message)]

    assert warned(first) == warned(second) and len(warned(second)) == 1


PROBE = """
import sys
from seminar_site import cli
code = cli.main(sys.argv[1:])
print("pypdf:", "pypdf" in sys.modules)
sys.exit(code)
"""


def test_a_one_edit_build_of_a_report_with_pdfs_does_not_import_pypdf(
    make_site: MakeSite,
) -> None:
    root = pdf_site(make_site)

    def run() -> str:
        proc = subprocess.run(
            [sys.executable, "-c", PROBE, "build", "--root", str(root), "--jobs", "1"],
            env=cli_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "pypdf: True" in run()
    edit_report(root)
    past = time.time_ns() - 10**9  # out of the racy window: the build trusts the stamps
    os.utime(root / REPORT_PATH, ns=(past, past))
    assert "pypdf: False" in run()
