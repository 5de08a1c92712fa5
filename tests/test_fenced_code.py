"""Fenced code blocks (``` and ~~~) in narratives, summaries and leads: the code is shown as
written, escaped, in <pre tabindex="0"><code class="language-…">; nothing of it becomes a
heading, a date, a link or raw HTML; the sanitiser keeps the block and removes what is
dangerous, with a warning at its place; the CMS fragment keeps its lines as they are."""

from __future__ import annotations

import contextlib
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from seminar_site.cli import main
from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.markdown_dates import DateContext, Noted
from seminar_site.content.markdown_fences import unclosed_fence
from seminar_site.content.markdown_removals import Removal
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, report_yaml
from tests.test_hostile_site import html_problems

CONTEXT = DateContext("ja", 2021)
CODE = (
    "# 1/22 の集計 https://www.example.jp/ 2021年2月24日\n"
    'if a < b and c & d:\n    print("<b>太字</b> &amp; &#169")\n'
    "■ 見出しではない\n<!-- コメント -->\n[^1]: 注ではない\n| a | b |\n"
)


def render(text: str, **options: bool) -> str:
    return MarkdownRenderer(**options).block(text, CONTEXT)


class _Blocks(HTMLParser):
    """Each <pre>: its attributes, its <code>'s attributes and its text as a reader sees it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[dict[str, str | None], dict[str, str | None], str]] = []
        self.inside = False
        self.tags: list[str] = []  # every start tag inside a <pre>
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.blocks.append((dict(attrs), {}, ""))
            self.inside = True
        elif self.inside and tag == "code" and not self.blocks[-1][1]:
            pre, _code, text = self.blocks[-1]
            self.blocks[-1] = (pre, dict(attrs) or {"": None}, text)
        elif self.inside:
            self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            pre, code, text = self.blocks[-1]
            self.blocks[-1] = (pre, code, text + data)


@pytest.mark.parametrize("fence", ["```", "~~~", "````", "~~~~~"])
@pytest.mark.parametrize("trusted", [False, True])
def test_the_code_is_shown_as_written(fence: str, trusted: bool) -> None:
    html = render(
        f"前の段落。\n\n{fence}python\n{CODE}{fence}\n\n後の段落。\n", trusted_html=trusted
    )
    parsed = _Blocks(html)
    ((pre, code, text),) = parsed.blocks
    assert pre == {"tabindex": "0"} and code == {"class": "language-python"}
    assert text == CODE  # every character, as typed: escaped in the HTML, not converted
    assert parsed.tags == []  # no <h2>, <time>, <a>, <b>, footnote or table inside
    assert "<p>前の段落。</p>" in html and "<p>後の段落。</p>" in html
    assert "<h" not in html.replace("<html", "")  # ■ and # lines in code are no headings
    assert "&lt;b&gt;" in html and "&amp;amp;" in html  # escaped once, shown as typed


def test_a_block_without_a_language_and_blank_lines_kept() -> None:
    ((pre, code, text),) = _Blocks(render("~~~\na\n\n\n  b  \n~~~\n")).blocks
    assert pre == {"tabindex": "0"} and code == {"": None}  # <code> with no class
    assert text == "a\n\n\n  b  \n"


def test_a_shorter_or_other_fence_inside_is_code() -> None:
    html = render("````\n```\ninner\n```\n````\n\n~~~\n```\n~~~\n")
    assert [text for _pre, _code, text in _Blocks(html).blocks] == ["```\ninner\n```\n", "```\n"]


def test_what_is_not_a_code_block_stays_as_before() -> None:
    """A fence left open is shown as typed (■ lines after it stay text, as before fences
    were supported, laid out as Japanese lines are: ■ starts a line, a wrapped sentence
    joins); a fence indented in a list item or a quote is inline code."""
    assert render("```python\n■ 見出し\n本文") == "<p>```python<br>\n■ 見出し本文</p>"
    listed = render("- 手順\n\n    ```\n    code\n    ```\n")
    assert "<pre" not in listed and "<code>code</code>" in listed
    quoted = render("> ```\n> code\n> ```\n")
    assert "<pre" not in quoted and "<code>code</code>" in quoted


def test_headings_around_code_are_still_headings() -> None:
    html = render("■ 設定\n\n```\n■ コード\n```\n\n■ 結果\n")
    assert html.count("<h2") == 2 and '<h2 id="設定">' in html and '<h2 id="結果">' in html
    assert _Blocks(html).blocks[0][2] == "■ コード\n"


def test_the_sanitiser_removes_what_is_dangerous_and_says_where() -> None:
    text = (
        "本文\n\n"
        '```{ .python #code1 onclick="alert(1)" style="color:red" }\n<script>x()</script>\n```\n'
        '\n<pre tabindex="5">生の pre</pre>\n'
    )
    noted: Noted = []
    html = MarkdownRenderer().block(text, CONTEXT, 2, "s1-", noted)
    assert html_problems(html) == [] and "<script" not in html
    blocks = _Blocks(html).blocks
    assert blocks[0][0] == {"tabindex": "0", "id": "s1-code1"}
    assert blocks[0][1] == {"class": "language-python"} and blocks[0][2] == "<script>x()</script>\n"
    assert blocks[1][0] == {}  # an author's tabindex other than 0 would change the tab order
    removed = [item for _index, item in noted if isinstance(item, Removal)]
    assert sorted((r.element, r.name, r.written.strip()) for r in removed) == [
        ("code", "onclick", "onclick="),  # found at its place in the text, not in the stash
        ("code", "style", "style="),
        ("pre", "tabindex", '<pre tabindex="5">生の pre</pre>'),
    ]


def test_the_build_warns_at_the_attributes_place(make_site: MakeSite, tmp_path: Path) -> None:
    sessions = "      - kind: 講演\n        title: 一\n        summary_file: talk.md\n"
    talk = '要約。\n\n```{ .sh onclick="alert(1)" }\necho 1\n```\n'
    root = make_site({REPORT_PATH: report_yaml(sessions=sessions), f"{REPORT_DIR}/talk.md": talk})
    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        assert main(["build", "--root", str(root), "--out", str(tmp_path / "out")]) == 0
    assert (
        "warning: content/reports/r1/talk.md:3:10: the attribute 'onclick' of the HTML element "
        "<code> is removed from the published page" in stderr.getvalue()
    )


@pytest.mark.parametrize(
    "text",
    [
        '```"><script>alert(1)</script>\nx\n```',
        "```javascript:alert(1)\nx\n```",
        '```{ #x" onmouseover="alert(1) }\nx\n```',
        '~~~{: .a onfocus="alert(1)" autofocus }\nx\n~~~',
        "```\n</code></pre><img src=x onerror=alert(1)>\n```",
    ],
)
def test_a_language_tag_or_attribute_list_cannot_inject(text: str) -> None:
    html = render(text)
    assert html_problems(html) == [], html
    assert "<script" not in html and "<img" not in html


def test_a_lead_and_summaries_with_code(make_site: MakeSite, tmp_path: Path) -> None:
    sessions = (
        "      - kind: 講演\n        title: 一\n        summary_file: talk.md\n"
        "      - kind: 講演\n        title: 二\n        summary: |\n"
        "          手順です。\n\n          ```yaml\n          title: 1/22\n          ```\n"
    )
    root = make_site(
        {
            REPORT_PATH: report_yaml(sessions=sessions, extra="body: narrative.md\n"),
            f"{REPORT_DIR}/narrative.md": f"## 設定\n\n```python\n{CODE}```\n",
            f"{REPORT_DIR}/talk.md": "要約。\n\n~~~\n<iframe src=x></iframe> 1/22\n~~~\n",
        }
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["check", "--root", str(root), "--explain-rewrites"])
    assert code == 0, stderr.getvalue()
    said = stdout.getvalue() + stderr.getvalue()
    assert "narrative.md" not in said and "talk.md" not in said  # no rewrite, no removal
    assert "1/22" not in said.replace("1月22日", "")  # dates in code are not rewritten
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        assert main(["build", "--root", str(root), "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out/reports/r1/index.html").read_text(encoding="utf-8")
    texts = [text for _pre, _code, text in _Blocks(page).blocks]
    assert texts == [CODE, "<iframe src=x></iframe> 1/22\n", "title: 1/22\n"]
    soup = BeautifulSoup(page, "html.parser")
    languages = [code.get("class") for code in soup.select("pre > code")]
    assert languages == [["language-python"], None, ["language-yaml"]]
    assert soup.select_one(".narrative h2") is not None and len(soup.select(".narrative h2")) == 1


def test_the_cms_fragment_of_a_report_with_code(make_site: MakeSite, tmp_path: Path) -> None:
    from tests.test_export_fragment import export, fragment_html

    root = make_site(
        {
            REPORT_PATH: report_yaml(extra="body: narrative.md\n"),
            f"{REPORT_DIR}/narrative.md": "## 設定\n\n```python\na = 1\n\n\nb = 2  \n```\n",
        }
    )
    export(root, tmp_path / "frag")
    pre = fragment_html(tmp_path / "frag").find("pre")
    assert isinstance(pre, Tag)
    assert str(pre) == "<pre><code>a = 1\n\n\nb = 2  \n</code></pre>"


@pytest.mark.parametrize(
    ("text", "found", "blocks"),
    [
        ("```\na\n```\n", None, 1),
        ("```python\na\n", (0, "```"), 0),
        ("```\na\n```\n\n~~~\nb\n", (11, "~~~"), 1),  # the second block is never closed
        ("````\na\n```\n", (0, "````"), 0),  # a shorter line does not close it
        ("```\na\n```  \n", None, 1),  # spaces after the closing marks
        ("```\na\n\n```python\nb\n```\n", None, 1),  # one block, with ```python inside
        ("x ``` y\n", None, 0),
        ("- ```\n  a\n", None, 0),  # in a list item: inline code, not a fence
    ],
)  # fmt: skip
def test_a_fence_never_closed_is_found(
    text: str, found: tuple[int, str] | None, blocks: int
) -> None:
    """As fenced_code finds its blocks: what it would not make into one, and only that."""
    assert unclosed_fence(text) == found
    assert render(text).count("<pre") == blocks


def test_build_and_check_warn_at_a_fence_never_closed(make_site: MakeSite, tmp_path: Path) -> None:
    sessions = "      - kind: 講演\n        title: 一\n        summary_file: talk.md\n"
    talk = "要約。\n\n```\necho 1\n```\n\n設定の例:\n\n```yaml\ntitle: 例\n"
    root = make_site({REPORT_PATH: report_yaml(sessions=sessions), f"{REPORT_DIR}/talk.md": talk})
    said = (
        "warning: content/reports/r1/talk.md:9:1: the code block opened by '```' has no "
        "closing line: the page shows its lines as text, with the marks (hint: end the block "
        "with a line of '```' alone, at the start of the line)"
    )
    for command in (["build", "--out", str(tmp_path / "out")], ["check"]):
        stderr = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
            assert main([*command, "--root", str(root)]) == 0
        assert said in stderr.getvalue().splitlines(), (command, stderr.getvalue())
