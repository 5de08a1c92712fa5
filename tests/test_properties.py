"""Property-based tests: whatever text lands in report.yaml or a Markdown file, the loader
and the Markdown step give a result or a located SiteError, never another exception; and
sanitised Markdown output never holds active content."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocExtension, slugify_unicode

from seminar_site.content.markdown import DateContext, MarkdownRenderer, _can_share
from seminar_site.content.report import load_report
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.settings.config import SiteConfig
from seminar_site.settings.shapes import REPORT
from tests.conftest import report_yaml, write_files
from tests.test_hostile_site import html_problems

SETTINGS = settings(
    max_examples=int(os.environ.get("SEMINAR_SITE_HYPOTHESIS_EXAMPLES", "120")),
    deadline=None,
    # filter_too_much: the summaries' test keeps only texts that can share a conversion (no
    # "<", no fence...), and a run may draw many that cannot before enough that can.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
CONFIG = SiteConfig(title="テスト")
RENDERER = MarkdownRenderer()
TRUSTED = MarkdownRenderer(trusted_html=True)
CONTEXT = DateContext("ja", 2021, (), "western")

KEYS = sorted(
    {"title", "lead", "published", "event", "days", "date", "sessions", "kind", "speakers"}
    | {"name", "format", "summary", "summary_file", "photos", "file", "body", "id", "start"}
    | {field.key for field in REPORT.fields}
)
SPECIAL = "\t\n\r :-[]{}&*!|>'\"%@`#,?<=~\\/.0123456789■あ漢\u3000\ufeff\x00\x85\u2028"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.dates().map(str),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["online", "講演", "2021-02-30", "13:30", "../x.md", "/etc/passwd", "talk.md"]),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=6
        ),
    ),
    max_leaves=30,
)


def _assert_located(error: SiteError) -> None:
    errors = error.errors if isinstance(error, ContentErrors) else [error]
    assert errors
    for one in errors:
        assert one.path is not None, one.format()
        assert one.message


def _load(folder: Path) -> None:
    try:
        report, _warnings = load_report(folder, folder.parents[2], CONFIG, RENDERER)
    except SiteError as error:
        _assert_located(error)
        return
    assert report.title is not None
    for html in (report.lead_html, report.body_html):
        assert html_problems(html) == []


def _site(tmp_path: Path, report: str | bytes, files: dict[str, Any] | None = None) -> Path:
    root = tmp_path / "site"
    write_files(root, {"content/reports/r1/report.yaml": report, **(files or {})})
    return root / "content/reports/r1"


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(SPECIAL + "abcxyz"), max_size=200))
@example(text="title: !!python/object/apply:os.system [ls]")
@example(text="a: &a [*a, *a]\nb: *a\n")
@example(text="0\x850:")  # YAML counts U+0085 as a line break, as the ': ' repair must
@example(text="title: a: b\u2028lead: c: d\n")
def test_any_text_as_report_yaml(tmp_path: Path, text: str) -> None:
    _load(_site(tmp_path, text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_as_report_yaml(tmp_path: Path, data: bytes) -> None:
    _load(_site(tmp_path, data))


@SETTINGS
@given(document=documents)
def test_any_yaml_document_as_report(tmp_path: Path, document: Any) -> None:
    _load(_site(tmp_path, yaml.safe_dump(document, allow_unicode=True)))


@SETTINGS
@given(
    position=st.integers(min_value=0, max_value=400),
    cut=st.integers(min_value=0, max_value=20),
    insert=st.text(alphabet=st.sampled_from(SPECIAL), max_size=6),
)
def test_mutated_valid_report(tmp_path: Path, position: int, cut: int, insert: str) -> None:
    """Near-valid files reach the deeper checks (types, dates, files, Markdown)."""
    valid = report_yaml(
        extra="body: body.md\n",
        sessions="      - kind: 事例\n        id: s1\n        summary_file: talk.md\n"
        "        speakers:\n          - name: 山田\n            role: 課長\n",
    )
    position = min(position, len(valid))
    text = valid[:position] + insert + valid[position + cut :]
    files = {"content/reports/r1/body.md": "## 概要\n\n本文", "content/reports/r1/talk.md": "要旨"}
    _load(_site(tmp_path, text, files))


markdown_text = st.lists(
    st.one_of(
        st.sampled_from(list("#*_`[]()<>!{}:|-=+~^\\/\"'&;\n\t ■1234567890")),
        st.sampled_from(["<script>", "javascript:", "onerror=", "<img ", "](", "{: ", "<svg "]),
        st.sampled_from(
            ["\n\n", "\n    ", "\n> ", "\n- ", "\n1. ", "```", "[^1]", "1/22", "2月5日"]
        ),
        st.characters(codec="utf-8"),
    ),
    max_size=120,
).map("".join)


@SETTINGS
@given(text=markdown_text, base_level=st.integers(min_value=1, max_value=6))
@example(text="*" * 3000, base_level=2)
@example(text="[" * 500, base_level=2)
def test_any_markdown(text: str, base_level: int) -> None:
    converters: list[Callable[[], str]] = [
        lambda: RENDERER.block(text, CONTEXT, base_level=base_level, id_prefix="s1-"),
        lambda: RENDERER.inline(text, CONTEXT),
    ]
    for convert in converters:
        try:
            html = convert()
        except SiteError as error:
            assert error.message and error.path is None  # the loader adds the file
            continue
        assert isinstance(html, str)
        assert html_problems(html) == [], html


@SETTINGS
@given(text=markdown_text)
def test_any_markdown_file_through_the_loader(tmp_path: Path, text: str) -> None:
    report = report_yaml(sessions="      - kind: 講演\n        summary_file: talk.md\n")
    _load(_site(tmp_path, report, {"content/reports/r1/talk.md": text}))


# Every extension and processor kept, whatever the text: the slow path pruning replaces
# (tests/test_markdown_differential.py compares the two on a larger generated corpus).
EVERY_EXTENSION = MarkdownRenderer(prune=False)
extension_syntax = st.lists(
    st.one_of(
        markdown_text,
        st.sampled_from(["| a | b |\n|---|---|\n| 1 | 2 |\n", "x[^n]\n\n[^n]: note\n", "\n"]),
        st.sampled_from(["## h {#id .c}\n", "text\n: definition\n", "\t: tab\n", "a|b", "{"]),
        st.sampled_from(["> ", "- ", "1. ", "    ", "\n\n", "_a_", "*b*", "a  \n", "a\t\n"]),
        st.sampled_from(["&amp;", "`c`", "\\*", "![i](x.png)", "<b>", "<http://a.jp>", "[r]"]),
        st.sampled_from(["[t](http://a.jp)", "[r]: http://a.jp", "\n> : d\n", "- : d\n", "&#9;"]),
        st.sampled_from(["１. 全角\n", "■ 見出し\n", "text\n===\n", "t\n---\n", "***\n", "> q\n"]),
        st.sampled_from(["    code\n", "\tcode\n", "- a\n    - b\n", "1. a\n\n    b\n", "# h\n"]),
        st.sampled_from(["___\n", "+ a\n+ b\n", "_ _ _\n", "\n\n", "<a@b.jp>"]),
        st.sampled_from(["![i][r]", "![r]", "[x][r]", "\n\n[r]: http://a.jp/i.png\n"]),
        st.sampled_from(["<div>d</div>", "\n  <div>d</div>", "&#169", "&copy", "<!-- c -->"]),
        st.sampled_from(["\n```\ncode\n```\n", "\n~~~py\n<b>&</b> 1/22\n~~~\n", "\n```\n"]),
        st.sampled_from(["\n````\n```\n````\n", "\n```{.c #i}\n■ x\n```\n", "~~~"]),
    ),
    max_size=8,
).map("".join)


# Every shortcut's syntax in one text: any trigger that misses its syntax fails this
# example on every run, whatever hypothesis draws besides.
EVERY_SYNTAX = (
    "# h\n\nt\n===\n\nu\n---\n\n- a\n    - b\n+ c\n\n1. d\n\n１. e\n\n> q\n\n    code\n\n"
    "\tcode\n\n***\n\n___\n\n[r]: http://a.jp/i.png\n\n![i][r] ![r] [x][r] [y](http://a.jp) "
    "![z](z.png) `c` \\* &amp; <b>x</b> <http://a.jp> <a@b.jp> *e* _f_ g  \nh\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nx[^1]\n\n[^1]: n\n\n## h {#id}\n\nterm\n: def\n\n"
    "■ 見出し\n\n<div>\nblock\n</div>\n\n- k\n\n    continued\n\nsee [r]\n\n*b**b*&#9;\n\n"
    "```python\nx = 1\n```\n"
)


@SETTINGS
@given(text=extension_syntax)
@example(text=EVERY_SYNTAX)
@example(text="- k\n\n    continued\n")  # without def_list, whose indent processor also does this
@example(text="[x][r] see [r], ![i][r] ![r] [y](http://a.jp) a * b _c_")  # nothing defined
@example(text='本文です。\n  <div class="note">注記</div>')  # html_block adds a hard break
@example(text="著作権 &#169 2021 市役所")  # … and completes a character reference
def test_choosing_extensions_by_text_changes_no_output(text: str) -> None:
    """Leaving out the extensions and processors a text cannot use is only a speed-up."""

    def convert(renderer: MarkdownRenderer) -> str:
        try:
            return renderer.block(text, CONTEXT, base_level=2, id_prefix="s1-")
        except SiteError as error:
            return f"error: {error.format()}"

    assert convert(RENDERER) == convert(EVERY_EXTENSION)


_TOC = markdown.Markdown(
    extensions=[
        "tables",
        "footnotes",
        "attr_list",
        "sane_lists",
        "def_list",
        TocExtension(slugify=slugify_unicode),
    ]
)
_HEADING_ID = re.compile(r'<h[1-6][^>]* id="([^"]*)"')
heading_lines = st.lists(
    st.tuples(
        st.sampled_from(["# ", "## ", "### "]),
        st.lists(
            st.one_of(
                st.sampled_from(
                    ["*a*", "`c`", "<b>b</b>", "&amp;", "&", "  ", "x[^1]", "<!-- c -->"]
                ),
                st.sampled_from(["[l](http://a.jp)", "見出し", "1月22日", "A  B", "{#given}", "_"]),
                st.text(
                    alphabet=st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=5
                ),
            ),
            max_size=5,
        ).map("".join),
    ),
    min_size=1,
    max_size=4,
).map(lambda lines: "\n\n".join(level + text for level, text in lines) + "\n\n[^1]: n\n")


@SETTINGS
@given(text=heading_lines)
def test_heading_ids_are_the_toc_extensions(text: str) -> None:
    """Our heading ids (built without the toc extension's table) are the ones it would give."""
    try:
        ours = TRUSTED.block(text, DateContext("ja", 2021), base_level=1)
    except SiteError:
        return
    _TOC.reset()
    assert _HEADING_ID.findall(ours) == _HEADING_ID.findall(_TOC.convert(text))


@SETTINGS
@given(
    texts=st.lists(
        st.one_of(extension_syntax, markdown_text).filter(_can_share), min_size=2, max_size=5
    ),
    base_level=st.integers(min_value=1, max_value=6),
)
@example(texts=["- a\n- b", "para"], base_level=4)
@example(texts=["> quote", "---\ntext"], base_level=4)
@example(texts=["## a\n\n### b", "# a\n\n#### a"], base_level=4)
@example(texts=["    code", "    more code", "1/22 と 2月5日"], base_level=4)
@example(texts=["t\n", "===\n"], base_level=2)
@example(texts=["```\ncode", "■ 見出し"], base_level=4)  # ■ lines are not headings in a fence
@example(texts=["~~~\ncode", "■ 見出し"], base_level=4)
def test_summaries_converted_together_equal_one_by_one(texts: list[str], base_level: int) -> None:
    """A report's summaries are converted in one pass when they can share it: the result is
    the same, fragment by fragment, as converting each alone."""
    prefixes = [f"s{n}-" for n in range(len(texts))]

    def convert(together: bool) -> list[str] | str:
        try:
            if together:
                return RENDERER.blocks(texts, CONTEXT, base_level, prefixes)
            pairs = zip(texts, prefixes, strict=True)
            return [RENDERER.block(t, CONTEXT, base_level, p) for t, p in pairs]
        except SiteError as error:
            return f"error: {error.format()}"

    assert convert(True) == convert(False)
