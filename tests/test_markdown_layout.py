"""How Markdown written by authors who do not know Markdown is laid out and warned about:
Japanese lines kept apart (content/markdown_layout.py), nested lists indented by two or
three spaces (content/markdown_lists.py), table rows with more cells than the header, tables
with full-width pipes, strikethrough, and warnings at the place of what the page removes."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seminar_site.cli import main
from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.markdown_dates import DateContext, Noted
from seminar_site.content.markdown_removals import Removal
from tests.conftest import REPORT_PATH, minimal_site, report_yaml, write_files
from tests.test_corpus import run_cli

CONTEXT = DateContext("ja", 2021)


def build(tmp_path: Path, talk: str, lead: str | None = None) -> tuple[int, str, BeautifulSoup]:
    """A site whose one talk's summary is ``talk`` (in talk.md): exit code, stderr, page."""
    files = {
        **minimal_site(),
        REPORT_PATH: report_yaml(
            sessions="      - kind: 講演\n        title: 基調講演\n        summary_file: talk.md\n",
            **({"lead": lead} if lead is not None else {}),
        ),
        REPORT_PATH.replace("report.yaml", "talk.md"): talk,
    }
    root = write_files(tmp_path / "site", files)
    code, _stdout, stderr = run_cli(root, root / "_site", "en")
    page = root / "_site" / "reports" / "r1" / "index.html"
    html = page.read_text("utf-8") if page.exists() else ""
    return code, stderr, BeautifulSoup(html, "html.parser")


def test_removals_inside_a_raw_paragraph_are_warned_at_their_line(tmp_path: Path) -> None:
    talk = (
        "一行目です。\n\n"
        '<p style="color:red">申込は<span style="font-size:20pt">締切</span>ました。</p>\n'
    )
    code, stderr, _page = build(tmp_path, talk)
    assert code == 0
    assert "talk.md:3:4: the attribute 'style' of the HTML element <p>" in stderr
    assert "talk.md:3:31: the attribute 'style' of the HTML element <span>" in stderr
    assert "talk.md:1:1:" not in stderr


def test_an_address_typed_with_escaped_backslashes_is_warned_at_its_line(
    tmp_path: Path,
) -> None:
    talk = "一行目\n\n" * 4 + "[資料E](C:\\\\Users\\\\tanaka\\\\資料.pdf)\n"
    code, stderr, _page = build(tmp_path, talk)
    assert code == 0
    assert "talk.md:9:7: the address 'C:\\Users\\tanaka\\資料.pdf' is removed" in stderr


def render(text: str, **options: bool) -> str:
    return MarkdownRenderer(**options).block(text, CONTEXT)


def slips(text: str) -> list[Removal]:
    noted: Noted = []
    MarkdownRenderer().block(text, CONTEXT, 2, "", noted)
    return [item for _index, item in noted if isinstance(item, Removal)]


@pytest.mark.parametrize(
    "first, second",
    [
        ("・項目1", "・項目2"),
        ("①　最初", "②　次"),
        ("1) 番号", "2) 番号"),
        ("（1）一つ目", "（2）二つ目"),
        ("(1) 一つ目", "(2) 二つ目"),
        ("１）全角", "２）全角"),
        ("●黒丸", "●黒丸2"),
        ("○白丸", "◆菱形"),
        ("※注意", "※注意2"),
    ],
)
def test_a_line_that_starts_with_an_item_mark_stays_on_its_own_line(
    first: str, second: str
) -> None:
    html = render(f"見出しの文です。\n{first}\n{second}\n")
    paragraph = BeautifulSoup(html, "html.parser").p
    assert paragraph is not None and len(paragraph.find_all("br")) == 2
    lines = [line.strip() for line in paragraph.get_text("\n").split("\n") if line.strip()]
    assert lines == ["見出しの文です。", first, second]  # the marks as written
    assert render(f"{first}\n{second}\n", prune=False) == render(f"{first}\n{second}\n")


def test_a_wrapped_japanese_sentence_joins_with_no_space() -> None:
    assert render("まちづくりに\nついて話しました。\n") == "<p>まちづくりについて話しました。</p>"
    assert render("**市民**\nとの協働") == "<p><strong>市民</strong>との協働</p>"
    assert render("English\nwords\n") == "<p>English\nwords</p>"  # a space, as before
    assert render("DXの\nDX") == "<p>DXの\nDX</p>"
    assert render("行末で  \n改行") == "<p>行末で<br>\n改行</p>"  # a hard break stays
    code = render("```\nまちづくりに\nついて\n```\n")
    assert "まちづくりに\nついて" in code  # code is shown as typed


def test_cells_pasted_from_a_spreadsheet_are_a_table() -> None:
    html = render("区分\t人数\n会場\t80\nオンライン\t40\n")
    table = BeautifulSoup(html, "html.parser")
    assert [th.get_text() for th in table.find_all("th")] == ["区分", "人数"]
    assert [td.get_text() for td in table.find_all("td")] == ["会場", "80", "オンライン", "40"]
    assert render("区分\t人数\n会場\t80\n", prune=False) == render("区分\t人数\n会場\t80\n")
    assert slips("区分\t人数\n会場\t80\n") == []


def test_tabbed_lines_under_a_title_line_are_warned(tmp_path: Path) -> None:
    code, stderr, _page = build(tmp_path, "参加者\n区分\t人数\n会場\t80\n")
    assert code == 0
    assert "talk.md:2:1: these lines are separated by tabs" in stderr
    assert "put a blank line before and after the tab-separated lines" in stderr


@pytest.mark.parametrize(
    "written, four",
    [
        ("- 項目A\n  - 入れ子A\n- 項目B\n", "- 項目A\n    - 入れ子A\n- 項目B\n"),
        ("1. 一つ目\n2. 二つ目\n   - 入れ子\n", "1. 一つ目\n2. 二つ目\n    - 入れ子\n"),
        ("- A\n  - B\n    - C\n- D\n", "- A\n    - B\n        - C\n- D\n"),
        ("1. A\n   1. B\n   2. C\n2. D\n", "1. A\n    1. B\n    2. C\n2. D\n"),
        ("- A\n\n  続き\n", "- A\n\n    続き\n"),
    ],
)
def test_lists_nested_by_two_or_three_spaces_nest(written: str, four: str) -> None:
    assert render(written) == render(four) == render(written, prune=False)
    assert "<li>" in render(written) and " - " not in render(written)


def test_lists_nested_by_four_spaces_are_as_before() -> None:
    assert render("- A\n    - B\n        - C\n").count("<ul>") == 3
    assert render("- A\n- B\n\n本文\n").endswith("<p>本文</p>")


def test_a_row_with_more_cells_than_the_header_is_warned(tmp_path: Path) -> None:
    talk = "表です。\n\n| 区分 | 人数 |\n|---|---|\n| 会場 | 80 | 備考 |\n| 配信 | 40 |\n"
    code, stderr, page = build(tmp_path, talk)
    assert code == 0
    assert (
        "talk.md:5:13: this table row has 3 cells but the header row has 2: the page leaves "
        "out '備考' and any cell after it (hint: add a column to the header row" in stderr
    )
    assert page.find("table") is not None
    stdout = io.StringIO()
    with contextlib.redirect_stderr(stdout):
        assert main(["--lang", "en", "check", "--root", str(tmp_path / "site")]) == 0
    assert "talk.md:5:13: this table row has 3 cells" in stdout.getvalue()
    assert slips("| a | b |\n|---|---|\n| 1 | 2 |\n| x \\| y | 3 |\n") == []  # escaped |


def test_a_table_of_full_width_pipes_is_warned(tmp_path: Path) -> None:
    talk = "本文。\n\n｜ 区分 ｜ 人数 ｜\n｜---｜---｜\n｜ 会場 ｜ 80 ｜\n"
    code, stderr, _page = build(tmp_path, talk)
    assert code == 0
    assert "talk.md:3:1: this table is typed with full-width '｜'" in stderr
    assert "half-width '|'" in stderr


def test_strikethrough_is_kept(tmp_path: Path) -> None:
    assert render("~~取消~~しました") == "<p><del>取消</del>しました</p>"
    assert render("~~~\ncode\n~~~\n").startswith("<pre")  # a fence, not a strikethrough
    assert render("a ~~ b ~~ c") == "<p>a ~~ b ~~ c</p>"
    code, stderr, page = build(tmp_path, "定員は~~50名~~80名です。\n")
    assert code == 0 and "removed" not in stderr
    deleted = page.find("del")
    assert deleted is not None and deleted.get_text() == "50名"


def test_a_folded_lead_joins_japanese_lines_with_no_space(tmp_path: Path) -> None:
    lead = ">-\n  市民協働セミナーの\n  報告です。English\n  words."
    code, _stderr, page = build(tmp_path, "概要。\n", lead=lead)
    assert code == 0
    shown = page.find(class_="lead")
    assert shown is not None
    assert "市民協働セミナーの報告です。English words." in shown.get_text()


def test_the_cms_fragment_keeps_a_strikethrough() -> None:
    from seminar_site.export.clean import clean

    html = clean("<p>定員は<del>50名</del>80名です。</p>")
    assert html.strip() == "<p>定員は<del>50名</del>80名です。</p>"
