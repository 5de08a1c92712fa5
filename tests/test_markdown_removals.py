"""What the sanitiser takes out of an author's Markdown is named, at its place
(content/markdown_removals.py): nothing disappears from the page without a warning, and no
warning names what the page keeps."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.markdown_dates import DateContext, Noted
from seminar_site.content.markdown_removals import Removal
from tests.test_hostile_site import MARKDOWN_PAYLOADS, TEXT_PAYLOADS

CONTEXT = DateContext("ja", 2021)

PASTED = [  # what authors paste from an older CMS page or an e-mail
    '<p style="color:red">赤字の注意</p>',
    '<font color="red" size="5">重要</font>',
    '<a href="https://example.jp/" target="_blank">市のページ</a>',
    '<iframe width="560" src="https://www.youtube.com/embed/abc"></iframe>',
    "<center><b>中央</b></center>",
    '<table border="1"><tr><td bgcolor="#ff0">セル</td></tr></table>',
    "[資料](file:///C:/Users/soumu/資料.pdf)",
    "![写真](data:image/png;base64,iVBORw0KGgo=)",
    "<!-- 内部メモ: 公開前に確認 -->本文",
]


class _Markup(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: set[str] = set()
        self.attributes: set[tuple[str, str]] = set()
        self.addresses: set[str] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add(tag)
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name in ("href", "src") and value:
                self.addresses.add(value)


def _named(text: str) -> tuple[set[str], set[tuple[str, str]], set[str], str]:
    noted: Noted = []
    html = MarkdownRenderer().block(text, CONTEXT, 2, "", noted)
    removed = [item for _index, item in noted if isinstance(item, Removal)]
    elements = {r.name for r in removed if r.kind == "element"}
    attributes = {(r.element, r.name) for r in removed if r.kind == "attribute"}
    addresses = {r.name for r in removed if r.kind == "address"}
    return elements, attributes, addresses, html


def _gone_and_named(text: str) -> tuple[set[str], set[tuple[str, str]], tuple, _Markup]:
    """What the page loses of ``text`` (elements; attributes of the elements it keeps, but
    not an address named as such), what is named, and the page's markup."""
    before = _Markup(MarkdownRenderer(trusted_html=True).block(text, CONTEXT))
    elements, attributes, addresses, html = _named(text)
    after = _Markup(html)
    kept = before.elements & after.elements
    gone_attributes = {
        (tag, name)
        for tag, name in before.attributes - after.attributes
        if tag in kept and not (name in ("href", "src") and addresses)
    }
    return (
        before.elements - after.elements,
        gone_attributes,
        (elements, attributes, addresses),
        after,
    )


@pytest.mark.parametrize("text", PASTED + MARKDOWN_PAYLOADS)
def test_what_disappears_is_what_is_named(text: str) -> None:
    gone, gone_attributes, (elements, attributes, addresses), after = _gone_and_named(text)
    assert gone == elements  # no element leaves the page without a warning, nor is named in vain
    assert gone_attributes == attributes
    assert not addresses & after.addresses


@pytest.mark.parametrize("text", TEXT_PAYLOADS)
def test_hostile_text_is_never_removed_silently(text: str) -> None:
    """Payloads written to break out of a parser: html.parser and nh3's HTML5 parser may
    disagree on what nests in what, but whatever leaves the page is not left unsaid."""
    gone, gone_attributes, named, after = _gone_and_named(text)
    if gone or gone_attributes:
        assert any(named)
    assert not named[0] & after.elements and not named[2] & after.addresses


def test_pasted_markup_is_named_with_its_kind() -> None:
    elements, attributes, addresses, _html = _named("\n\n".join(PASTED))
    assert elements == {"font", "iframe", "center"}
    assert attributes == {("p", "style"), ("a", "target"), ("table", "border"), ("td", "bgcolor")}
    assert addresses == {"file:///C:/Users/soumu/資料.pdf", "data:image/png;base64,iVBORw0KGgo="}


def test_safe_markup_and_comments_are_not_named() -> None:
    text = (
        "## 見出し {#midashi .lead}\n\n"
        "**強調** [リンク](https://example.jp/a?b=1) <mark>印</mark> <br>"
        "[メール](mailto:info@example.jp) [電話](tel:029-000-0000) [次へ](../other/)\n\n"
        '<span class="note" lang="en">note</span> <!-- メモ -->\n\n'
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n文[^1]\n\n[^1]: 注\n\n"
        "`<script>` はコードとして表示されます。\n"
    )
    assert _named(text)[:3] == (set(), set(), set())


def test_trusted_html_names_nothing() -> None:
    noted: Noted = []
    MarkdownRenderer(trusted_html=True).block("<script>x</script>", CONTEXT, 2, "", noted)
    assert noted == []


def test_texts_converted_together_name_the_same_as_one_by_one() -> None:
    texts = ["概要です。[市のページ](javascript:void(0))", "二つ目。", "![図](data:x)"]
    together: Noted = []
    MarkdownRenderer().blocks(texts, CONTEXT, 4, ["a-", "b-", "c-"], together)
    alone: Noted = []
    for index, text in enumerate(texts):
        mine: Noted = []
        MarkdownRenderer().block(text, CONTEXT, 4, "", mine)
        alone += [(index, item) for _i, item in mine]
    assert together == alone
    assert [(i, r.name) for i, r in together if isinstance(r, Removal)] == [
        (0, "javascript:void(0)"),
        (2, "data:x"),
    ]


def test_the_build_warns_at_the_place(tmp_path: Path) -> None:
    from tests.conftest import REPORT_PATH, minimal_site, report_yaml, write_files
    from tests.test_corpus import run_cli

    talk = "概要です。\n\n<p>本文は<font color=red>赤字</font>です。</p>\n"
    files = {
        **minimal_site(),
        REPORT_PATH: report_yaml(
            sessions="      - kind: 講演\n        title: 基調講演\n        summary_file: talk.md\n"
        ),
        REPORT_PATH.replace("report.yaml", "talk.md"): talk,
    }
    root = write_files(tmp_path / "site", files)
    code, _stdout, stderr = run_cli(root, root / "_site", "en")
    assert code == 0
    assert (
        "warning: content/reports/r1/talk.md:3:7: the HTML element <font> is removed from the "
        "published page" in stderr
    )


def test_table_alignment_is_kept_as_a_class_and_styled() -> None:
    """Python-Markdown aligns a column with an inline style, which the sanitiser would take
    out without a word: it becomes a class, which the theme's stylesheet aligns."""
    text = "| 区分 | 人数 | 備考 |\n|:--|--:|:-:|\n| 会場 | 138 | 満席 |\n"
    elements, attributes, addresses, html = _named(text)
    assert (elements, attributes, addresses) == (set(), set(), set())
    cells = _Cells(html).classes
    aligned = ["align-left", "align-right", "align-center"]
    assert cells == [("th", a) for a in aligned] + [("td", a) for a in aligned]
    css = (Path(__file__).resolve().parents[1] / "static/css/site.css").read_text("utf-8")
    assert ":is(th, td).align-right { text-align: right; }" in css
    assert ":is(th, td).align-center { text-align: center; }" in css


class _Cells(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.classes: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td"):
            self.classes.append((tag, dict(attrs).get("class")))
            assert "style" not in dict(attrs)
