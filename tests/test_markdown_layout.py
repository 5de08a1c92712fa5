"""How Markdown written by authors who do not know Markdown is laid out and warned about:
Japanese lines kept apart (content/markdown_layout.py), nested lists indented by two or
three spaces (content/markdown_lists.py), table rows with more cells than the header, tables
with full-width pipes, strikethrough, and warnings at the place of what the page removes."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import REPORT_PATH, minimal_site, report_yaml, write_files
from tests.test_corpus import run_cli


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
