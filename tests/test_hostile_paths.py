"""Hostile paths and URLs in content: every file a report names must stay inside content/.

'..', absolute paths, and symlinks leading outside (to a file, a photo folder, a report
folder) are refused with a located error; a symlink that stays inside content/ is fine.
URL fields refuse javascript:, data: and vbscript:.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, report_yaml, site_yaml
from tests.corpus.cases import JPEG
from tests.test_corpus import run_cli

OUTSIDE = (
    "points outside the content folder "
    "(hint: keep files inside content/ (no '..' or links leading out))"
)


def _errors(root: Path) -> list[str]:
    code, _, stderr = run_cli(root, root / "_site")
    assert code == 2, stderr
    assert not (root / "_site").exists()
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def _with_photo(file: str) -> str:
    return report_yaml().replace(
        "    sessions:", f"    photos:\n      - file: {file}\n        alt: 会場\n    sessions:"
    )


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text("# 秘密\n", encoding="utf-8")
    (folder / "secret.jpg").write_bytes(JPEG)
    return folder


def test_dotdot_out_of_content(make_site: MakeSite, secret: Path) -> None:
    root = make_site({REPORT_PATH: report_yaml(extra="body: ../../../../outside/secret.md\n")})
    assert _errors(root) == [f"error: {REPORT_PATH}:7:1: '../../../../outside/secret.md' {OUTSIDE}"]


@pytest.mark.parametrize("path", ["/etc/passwd", "\\\\server\\share\\a.md", "C:\\Users\\a.md"])
def test_absolute_paths(make_site: MakeSite, path: str) -> None:
    root = make_site({REPORT_PATH: report_yaml(extra=f"body: '{path}'\n")})
    assert _errors(root) == [
        f"error: {REPORT_PATH}:7:7: 'body' must be a path relative to this file's folder, "
        "not absolute"
    ]


def test_symlinked_summary_to_outside(make_site: MakeSite, secret: Path) -> None:
    root = make_site(
        {REPORT_PATH: report_yaml(sessions="      - kind: 講演\n        summary_file: s.md\n")}
    )
    os.symlink(secret / "secret.md", root / REPORT_DIR / "s.md")
    assert _errors(root) == [f"error: {REPORT_PATH}:11:9: 's.md' {OUTSIDE}"]


def test_summary_under_a_symlinked_folder_to_outside(make_site: MakeSite, secret: Path) -> None:
    """A link in the middle of the path (talks/ → outside), not only at its end."""
    root = make_site(
        {
            REPORT_PATH: report_yaml(
                sessions="      - kind: 講演\n        summary_file: talks/secret.md\n"
            )
        }
    )
    os.symlink(secret, root / REPORT_DIR / "talks")
    assert _errors(root) == [f"error: {REPORT_PATH}:11:9: 'talks/secret.md' {OUTSIDE}"]


def test_symlinked_photo_to_outside(make_site: MakeSite, secret: Path) -> None:
    root = make_site({REPORT_PATH: _with_photo("p.jpg")})
    os.symlink(secret / "secret.jpg", root / REPORT_DIR / "p.jpg")
    assert _errors(root) == [f"error: {REPORT_PATH}:10:9: 'p.jpg' {OUTSIDE}"]


def test_symlinked_photo_folder_to_outside(make_site: MakeSite, secret: Path) -> None:
    yaml = report_yaml().replace("    sessions:", "    photos: {folder: pics}\n    sessions:")
    root = make_site({REPORT_PATH: yaml})
    os.symlink(secret, root / REPORT_DIR / "pics")
    assert _errors(root) == [f"error: {REPORT_PATH}:9:14: 'pics' {OUTSIDE}"]


def test_symlinked_image_inside_photo_folder(make_site: MakeSite, secret: Path) -> None:
    yaml = report_yaml().replace("    sessions:", "    photos: {folder: pics}\n    sessions:")
    root = make_site({REPORT_PATH: yaml, f"{REPORT_DIR}/pics/a.jpg": JPEG})
    os.symlink(secret / "secret.jpg", root / REPORT_DIR / "pics" / "b.jpg")
    assert _errors(root) == [f"error: {REPORT_PATH}:9:14: 'pics/b.jpg' {OUTSIDE}"]


def test_social_image_outside(make_site: MakeSite, secret: Path) -> None:
    root = make_site(
        {REPORT_PATH: report_yaml(extra="social_image: ../../../../outside/secret.jpg\n")}
    )
    assert _errors(root) == [
        f"error: {REPORT_PATH}:7:1: '../../../../outside/secret.jpg' {OUTSIDE}"
    ]


def test_symlinked_report_folder_to_outside(make_site: MakeSite, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere).mkdir()
    (elsewhere / "report.yaml").write_text(report_yaml(), encoding="utf-8")
    root = make_site()
    os.symlink(elsewhere, root / "content" / "reports" / "linked")
    assert _errors(root) == [
        "error: content/reports/linked: report folder 'linked' is a link to a place outside "
        "the content folder (hint: copy the report into content/reports/ instead of linking "
        "to it)"
    ]


def test_symlink_loop(make_site: MakeSite) -> None:
    root = make_site(
        {REPORT_PATH: report_yaml(sessions="      - kind: 講演\n        summary_file: loop.md\n")}
    )
    os.symlink("loop.md", root / REPORT_DIR / "loop.md")
    assert _errors(root) == [f"error: {REPORT_PATH}:11:9: 'loop.md' cannot be used as a file path"]


def test_symlink_inside_content_is_fine(make_site: MakeSite) -> None:
    root = make_site(
        {
            REPORT_PATH: report_yaml(sessions="      - kind: 講演\n        summary_file: s.md\n"),
            "content/shared/common.md": "共通の要旨\n",
        }
    )
    os.symlink(root / "content" / "shared" / "common.md", root / REPORT_DIR / "s.md")
    code, _, stderr = run_cli(root, root / "_site")
    assert code == 0, stderr
    assert "共通の要旨" in (root / "_site/reports/r1/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "url"),
    [
        ("site:accessibility_url", "javascript:alert(1)"),
        ("site:base_url", "javascript:alert(1)//"),
        ("report:  url", "data:text/html,<script>alert(1)</script>"),
        ("report:  url", "vbscript:msgbox(1)"),
        ("site:back_link", " JavaScript:alert(1)"),
    ],
)
def test_dangerous_urls_are_refused(make_site: MakeSite, where: str, url: str) -> None:
    target, key = where.split(":", 1)
    if target == "site":
        line = f"{key}: '{url}'\n" if key != "back_link" else f"back_link: {{url: '{url}'}}\n"
        root = make_site({"content/site.yaml": site_yaml(extra=line)})
    else:
        root = make_site({REPORT_PATH: report_yaml(extra=f"{key}: '{url}'\n")})
    errors = _errors(root)
    assert len(errors) == 1
    expected = (
        "'base_url' must be a full address starting with https:// or http://"
        if key == "base_url"  # the site's own address has its own, stricter rule
        else "must be a URL like https://example.jp/"
    )
    assert expected in errors[0]
