"""Incremental builds equal clean builds, byte for byte, after every edit of a scripted series.

Three outputs follow the same edits: `build` as the CLI runs it (record pickled under
.seminar-cache), the preview's in-place writer with its state kept in memory, and a clean
full build into a fresh folder each time, which is the reference.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.meta
import pytest
from PIL import Image

from seminar_site.pipeline.build import BuildOptions, BuildReport, Warm, build
from seminar_site.render.templates import plain_references
from seminar_site.render.theme import default_theme_dir
from seminar_site.system.stamps import RACY_NS
from tests.test_materials import pdf_bytes

SITE_YAML = """\
title: 増分テスト
language: ja
photos:
  widths: [64, 128]
  formats: [jpeg]
"""

REPORT_YAML = """\
title: {title}
lead: 1/22に開催しました。
published: {published}
event:
  name: テストセミナー
  format: online
days:
  - date: {day}
    sessions:
      - kind: 講演
        title: はじめに
        speakers:
          - name: 山田 太郎
            organisation: テスト市
        summary_file: talks/one.md
      - kind: 事例
        title: 事例の紹介
        summary: 事例の概要です。
    photos:
      - file: photos/a.jpg
        alt: 会場の様子
"""


def photo(path: Path, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (160, 120), colour).save(path, quality=80)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def add_report(root: Path, slug: str, title: str, published: str, day: str) -> Path:
    folder = root / "content" / "reports" / slug
    write(folder / "report.yaml", REPORT_YAML.format(title=title, published=published, day=day))
    write(folder / "talks" / "one.md", f"{title}の講演の要旨です。\n")
    photo(folder / "photos" / "a.jpg", (200, 40, 40))
    return folder


def make_site(root: Path) -> Path:
    write(root / "content" / "site.yaml", SITE_YAML)
    add_report(root, "alpha", "アルファ報告", "2021-02-24", "2021-01-22")
    add_report(root, "beta", "ベータ報告", "2022-03-01", "2022-02-10")
    return root


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def assert_same_tree(got: Path, want: Path) -> None:
    names = tree(want)
    assert tree(got) == names
    _match, mismatch, errors = filecmp.cmpfiles(got, want, names, shallow=False)
    assert mismatch == errors == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _ignore(_value: object) -> None:
    return None


def add_text_report(root: Path, slug: str, title: str) -> Path:
    """A report without photos: its page is rendered as soon as it is loaded."""
    folder = root / "content" / "reports" / slug
    text_only = REPORT_YAML.split("    photos:")[0]
    write(
        folder / "report.yaml",
        text_only.format(title=title, published="2023-06-01", day="2023-05-20"),
    )
    write(folder / "talks" / "one.md", f"{title}の要旨です。\n")
    return folder


def edits(root: Path) -> list[tuple[str, Callable[[], None]]]:
    alpha = root / "content/reports/alpha"
    beta = root / "content/reports/beta"
    delta = root / "content/reports/delta"
    theme = default_theme_dir("templates")
    report_template = (theme / "report.html").read_text(encoding="utf-8")
    speakers = (theme / "partials" / "speakers.html").read_text(encoding="utf-8")

    def add_photo() -> None:
        photo(alpha / "photos" / "b.jpg", (40, 160, 40))
        replace_in(
            alpha / "report.yaml",
            "        alt: 会場の様子\n",
            "        alt: 会場の様子\n      - file: photos/b.jpg\n        alt: 登壇者\n",
        )

    def remove_photo() -> None:
        replace_in(alpha / "report.yaml", "      - file: photos/b.jpg\n        alt: 登壇者\n", "")
        (alpha / "photos" / "b.jpg").unlink()

    def delete_summary_file() -> None:
        replace_in(beta / "report.yaml", "summary_file: talks/one.md", "summary: 直接書いた要旨。")
        (beta / "talks" / "one.md").unlink()

    def add_material() -> None:
        (beta / "slides.pdf").write_bytes(pdf_bytes(2))
        replace_in(
            beta / "report.yaml",
            "        summary: 事例の概要です。\n",
            "        summary: 事例の概要です。\n        materials:\n"
            "          - label: 講演資料\n            file: slides.pdf\n",
        )

    return [
        ("text", lambda: write(alpha / "talks/one.md", "書き換えた要旨です。\n\n二段落目。\n")),
        ("yaml", lambda: replace_in(beta / "report.yaml", "事例の紹介", "事例の紹介(改)")),
        ("template override", lambda: write(root / "templates/report.html", report_template)),
        (
            "template edit",
            lambda: write(
                root / "templates/report.html",
                report_template.replace("</article>", "<p>テンプレート追記</p></article>", 1),
            ),
        ),
        (
            "included template",
            lambda: write(
                root / "templates/partials/speakers.html",
                speakers.replace("</p>", "</p><!-- x -->", 1),
            ),
        ),
        ("static add", lambda: write(root / "static/extra.txt", "静的ファイル\n")),
        ("static edit", lambda: write(root / "static/css/site.css", "body { color: red }\n")),
        ("photo add", add_photo),
        ("photo edit", lambda: photo(alpha / "photos" / "a.jpg", (20, 20, 200))),
        ("photo remove", remove_photo),
        ("material add", add_material),
        ("material edit", lambda: (beta / "slides.pdf").write_bytes(pdf_bytes(5))),
        ("setting", lambda: replace_in(root / "content/site.yaml", "増分テスト", "増分テスト2")),
        ("file deletion", delete_summary_file),
        ("static delete", lambda: (root / "static/extra.txt").unlink()),
        (
            "new report",
            lambda: _ignore(add_report(root, "gamma", "ガンマ報告", "2023-05-01", "2023-04-01")),
        ),
        ("text-only report", lambda: _ignore(add_text_report(root, "delta", "デルタ報告"))),
        ("its text", lambda: write(delta / "talks/one.md", "デルタの要旨を直した。\n")),
        (
            "a template it uses",
            lambda: write(
                root / "templates/report.html",
                report_template.replace("</article>", "<p>追記2</p></article>", 1),
            ),
        ),
        ("report removed", lambda: shutil.rmtree(alpha)),
        ("template removed", lambda: (root / "templates/report.html").unlink()),
    ]


def test_incremental_equals_full_after_each_edit(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    cli_out, preview_out = tmp_path / "cli", tmp_path / "preview"
    options = BuildOptions(root=root, out=cli_out, workers=1)
    in_place = BuildOptions(root=root, out=preview_out, workers=1, in_place=True)
    build(options)
    warm: Warm = build(in_place).warm
    for number, (name, edit) in enumerate(edits(root)):
        edit()
        got = build(options)
        warm = build(in_place, warm).warm
        clean = tmp_path / f"clean-{number}"
        build(BuildOptions(root=root, out=clean, workers=1, incremental=False))
        try:
            assert_same_tree(cli_out, clean)
            assert_same_tree(preview_out, clean)
        except AssertionError as error:
            raise AssertionError(f"after edit {number} ({name}): {error}") from None
        assert got.write.swapped, f"edit {number} ({name}) changed nothing"


def settled(root: Path) -> None:
    """Move the files written in the last moments out of the racy window (a file modified
    within 50 ms of its stamp is read again, see system/stamps.py) by dating them back,
    instead of waiting for the clock; each edit still gets its own mtime."""
    now = time.time_ns()
    for path in [p for name in ("content", "templates") for p in (root / name).rglob("*")]:
        st = path.stat()
        if st.st_mtime_ns > now - RACY_NS * 4:
            os.utime(path, ns=(st.st_atime_ns, now - RACY_NS * 4))


def test_one_summary_edit_renders_only_its_page_and_the_index(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, workers=1)
    settled(root)
    build(options)
    beta_page = out / "reports/beta/index.html"
    inode = beta_page.stat().st_ino
    write(root / "content/reports/alpha/talks/one.md", "新しい一文です。\n")
    settled(root)
    report: BuildReport = build(options)
    assert report.rendered == 2  # alpha's page and the index (listing data may change)
    assert report.decoded == 0
    assert "新しい一文です。" in (out / "reports/alpha/index.html").read_text(encoding="utf-8")
    assert beta_page.stat().st_ino == inode  # carried over by a hard link, not rewritten


def test_template_change_renders_the_pages_using_it(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    (root / "templates").mkdir()  # a new templates/ folder changes the search path: full build
    options = BuildOptions(root=root, out=tmp_path / "out", workers=1)
    settled(root)
    build(options)
    theme = default_theme_dir("templates")
    index = (theme / "index.html").read_text(encoding="utf-8")
    write(root / "templates/index.html", index.replace("</h1>", "</h1><!-- site's -->", 1))
    settled(root)
    assert build(options).rendered == 1  # the index only: report pages do not use it
    speakers = (theme / "partials/speakers.html").read_text(encoding="utf-8")
    changed = speakers.replace("</p>", "</p><!-- changed -->", 1)
    write(root / "templates/partials/speakers.html", changed)
    settled(root)
    assert build(options).rendered == 2  # both report pages include it


def test_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, workers=1)
    settled(root)
    build(options)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    inode = out.stat().st_ino
    report = build(options)
    assert not report.write.swapped and report.rendered == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before
    assert out.stat().st_ino == inode


def test_an_output_file_deleted_by_hand_comes_back(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, workers=1)
    build(options)
    wanted = (out / "reports/beta/index.html").read_bytes()
    (out / "reports/beta/index.html").unlink()
    build(options)
    assert (out / "reports/beta/index.html").read_bytes() == wanted


@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_an_output_file_edited_by_hand_is_written_again(tmp_path: Path, how: str) -> None:
    """Published files are carried from build to build by hard links and the spare tree;
    one edited outside seminar-site (in place: same inode; or saved as a new file) must
    not survive the next build, whether its page changed or not."""
    root = make_site(tmp_path / "site")
    out = tmp_path / "out"
    options = BuildOptions(root=root, out=out, workers=1)
    settled(root)
    build(options)
    build(options)  # now there is a spare tree too
    page = out / "reports/beta/index.html"
    photo = next((out / "photos").glob("*.jpg"))
    wanted = {page: page.read_bytes(), photo: photo.read_bytes()}
    for path in wanted:
        if how == "in place":
            with path.open("r+b") as f:
                f.write(b"X")  # same size, same inode
        else:
            path.unlink()
            path.write_bytes(b"edited by hand")
    report = build(options)  # nothing changed in the content
    assert report.write.swapped
    assert {path: path.read_bytes() for path in wanted} == wanted
    assert_same_tree(out, _clean_build(root, tmp_path / "clean"))


def _clean_build(root: Path, out: Path) -> Path:
    build(BuildOptions(root=root, out=out, workers=1, incremental=False))
    return out


@pytest.mark.parametrize("strict", [False, True])
def test_warnings_survive_an_incremental_build(tmp_path: Path, strict: bool) -> None:
    from seminar_site.errors import SiteError

    root = make_site(tmp_path / "site")
    replace_in(root / "content/reports/beta/report.yaml", "        alt: 会場の様子\n", "")
    options = BuildOptions(root=root, out=tmp_path / "out", workers=1)
    first = build(options)
    assert "photo 'photos/a.jpg' has no alt text" in [w.message for w in first.warnings]
    again = build(options)  # beta comes from the record this time
    assert [w.format() for w in again.warnings] == [w.format() for w in first.warnings]
    if strict:
        with pytest.raises(SiteError, match="no alt text"):
            build(BuildOptions(root=root, out=tmp_path / "out", strict=True))


PLAIN = [
    '{%- include "a.html" -%}',
    "{% include 'a.html' ignore missing with context %}",
    '{% import "m.html" as m %}{% from "m.html" import a as b, c without context %}',
    '{%+ extends "base.html" %}{% block x %}{% include\n  "p/a.html"\n%}{% endblock %}',
    "{% if x %}{% include 'a.html' %}{% else %}{% include 'b.html' %}{% endif %}",
]
COMPUTED = [
    "{% include name %}",
    '{% include "a" ~ x %}',
    '{% extends "a.html" if x else "b.html" %}',
    '{% include ["a.html", "b.html"] %}',
    '{% include "a%}b" %}',
    "{# {% include name %} #}",  # in a comment: the parser decides
]


@pytest.mark.parametrize("source", PLAIN)
def test_plain_template_names_are_found_without_parsing(source: str) -> None:
    env = jinja2.Environment()
    parsed = list(jinja2.meta.find_referenced_templates(env.parse(source)))
    assert plain_references(source) == parsed


def test_the_bundled_templates_names_are_found_without_parsing() -> None:
    env = jinja2.Environment()
    folder = default_theme_dir("templates")
    for path in sorted(folder.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        parsed = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        assert plain_references(source) == parsed, path


@pytest.mark.parametrize("source", COMPUTED)
def test_other_template_names_are_left_to_the_parser(source: str) -> None:
    assert plain_references(source) is None


def test_a_name_in_a_comment_only_adds_a_dependency() -> None:
    assert plain_references('{# {% include "old.html" %} #}') == ["old.html"]
