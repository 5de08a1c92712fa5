"""The text rules' parts: the character table, dates at the era boundaries, prose masks,
headings, link texts, attachment sizes; and the speed tricks against their slow paths (the
report.yaml paths read without composing, the forked run of many reports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from seminar_site.content.site import load_site
from seminar_site.rules import engine
from seminar_site.rules.characters import MACHINE_DEPENDENT
from seminar_site.rules.dates import date_findings
from seminar_site.rules.findings import Context, SourceText
from seminar_site.rules.links import attachment_text, is_vague, link_findings
from seminar_site.rules.markdown_text import headings, masks
from seminar_site.rules.sources import listed_paths, markdown_prose, yaml_prose
from seminar_site.settings.config import load_config
from seminar_site.settings.shapes import REPORT
from tests.conftest import REPO, REPORT_PATH, MakeSite, cli_env, report_yaml
from tests.corpus.cases import CASES


@pytest.mark.parametrize(
    ("char", "written"),
    [
        ("①", "(1)"), ("⑳", "(20)"), ("㉑", "(21)"), ("❶", "(1)"), ("⑴", "(1)"), ("⒈", "1."),
        ("Ⅲ", "III"), ("ⅻ", "xii"), ("㈱", "株式会社"), ("㈲", "有限会社"), ("㈹", "(代)"),
        ("㊤", "(上)"), ("㍻", "平成"), ("㋿", "令和"), ("㍿", "株式会社"), ("㌔", "キロ"),
        ("㌢", "センチ"), ("㎏", "kg"), ("㎡", "平方メートル"), ("№", "No."), ("℡", "TEL"),
    ],
)  # fmt: skip
def test_machine_dependent_characters_are_written_out(char: str, written: str) -> None:
    assert MACHINE_DEPENDENT[char][0] == written


def test_ordinary_characters_are_not_machine_dependent() -> None:
    assert not set("あア漢字ＡＢ（）「」・ー々〆髙﨑") & set(MACHINE_DEPENDENT)


def _dates(text: str, year: int | None = 2021) -> list[str]:
    prose = markdown_prose(SourceText(Path("talk.md"), text))
    return [str(finding.message) for finding in date_findings(prose, year)]


@pytest.mark.parametrize(
    "text",
    [
        "令和元年5月1日", "平成31年4月30日", "平成元年1月8日", "昭和64年1月7日", "2020年2月29日",
        "12月31日", "2月28日", "令和3年", "平成31年", "1月22日(金)", "2021年(令和3年)2月24日",
    ],
)  # fmt: skip
def test_real_dates_pass(text: str) -> None:
    assert _dates(text) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("令和元年4月30日", "令和 began on 2019-05-01"),
        ("平成元年1月7日", "平成 began on 1989-01-08"),
        ("平成31年5月1日", "平成 ended on 2019-04-30"),
        ("平成32年", "平成 ended on 2019-04-30"),
        ("令和0年", "there is no year 0 of 令和"),
        ("2019年2月29日", "February 2019 has 28 days"),
        ("4月31日", "month 4 has 30 days"),
        ("13月1日", "there is no month 13"),
        ("2月29日", "February 2021 has 28 days"),
    ],
)
def test_impossible_dates_say_why(text: str, problem: str) -> None:
    (message,) = _dates(text)
    assert problem in message


def test_a_month_and_day_alone_is_read_in_a_leap_year_without_the_events_year() -> None:
    assert _dates("2月29日", year=None) == []
    assert _dates("2月29日", year=2024) == []


def test_masks_leave_out_code_urls_and_markup() -> None:
    text = (
        "本文 `コード` と [リンク](https://example.jp/①) と <span class='x'>文</span>\n\n"
        "```\nフェンス\n```\n"
    )
    hidden = [text[low:high] for low, high in masks(text, 0, len(text), markdown=True)]
    assert "`コード`" in hidden
    assert any(part.startswith("](https://example.jp/①)") for part in hidden)
    assert "<span class='x'>" in hidden and "</span>" in hidden
    assert any("フェンス" in part for part in hidden)
    assert "リンク" not in "".join(hidden) and "本文" not in "".join(hidden)


@pytest.mark.parametrize(
    "block",
    [
        "```\nｶﾀｶﾅ①\n```", "~~~\nｶﾀｶﾅ①\n~~~", "```python\nｶﾀｶﾅ①\n```", "```{.sh #c}\nｶﾀｶﾅ①\n```",
        "````\n```\nｶﾀｶﾅ①\n```\n````", "~~~\n```\nｶﾀｶﾅ①\n~~~", "  ```\n  ｶﾀｶﾅ①\n  ```",
    ],
)  # fmt: skip
def test_masks_leave_out_every_fenced_block_as_inline_code(block: str) -> None:
    """The rules read a fenced block as they read `inline code`: not at all."""
    text = f"前の段落 `ｶﾀｶﾅ①`。\n\n{block}\n\n後の段落。\n"
    spans = masks(text, 0, len(text), markdown=True)
    hidden = "".join(text[low:high] for low, high in spans)
    assert hidden.count("ｶﾀｶﾅ①") == 2 and "段落" not in hidden
    fence = text.index(block)
    assert any(low <= fence and fence + len(block) <= high for low, high in spans)


def test_headings_as_python_markdown_reads_them() -> None:
    text = "#見出し\n\n■四角\n\n題\n===\n\n    ## 字下げ\n\n- 項目\n---\n"
    found = [(h.level, h.marker, h.text) for h in headings(text, 0, len(text))]
    assert found == [(1, "#", "見出し"), (2, "■", "四角"), (1, "===", "題")]


VAGUE = ["こちら", "ここ", "ここをクリック", "詳細はこちら", "詳しくはこちらをご覧ください"]


@pytest.mark.parametrize("text", [*VAGUE, "click here", "Here", "read more", "リンク"])
def test_vague_link_texts(text: str) -> None:
    assert is_vague(text)


@pytest.mark.parametrize(
    "text", ["申込フォーム", "セミナーの詳細はこちら", "報告書（PDF：1MB）", "here is the agenda"]
)
def test_link_texts_that_say_where_they_go(text: str) -> None:
    assert not is_vague(text)


@pytest.mark.parametrize(
    ("size", "language", "text"),
    [
        (100, "ja", "（PDF：1KB）"),
        (60_000, "ja", "（PDF：59KB）"),
        (1_258_291, "ja", "（PDF：1.2MB）"),
        (60_000, "en", " (PDF, 59 KB)"),
    ],
)
def test_attachment_text(size: int, language: str, text: str) -> None:
    assert attachment_text("PDF", size, language) == text


@pytest.mark.parametrize(
    ("written", "size", "fixed"),
    [
        ("（PDF：1.2MB）", 1_250_000, None),  # as check writes it
        ("（PDF：1.3MB）", 1_250_000, None),  # 1,000-byte megabytes
        ("（PDF、約1MB）", 1_300_000, None),  # rounded to whole MB
        ("（PDF：1,250KB）", 1_250_000, None),
        ("（ＰＤＦ：１．２ＭＢ）", 1_250_000, None),  # full-width
        ("（PDF：350KB）", 1_250_000, "（PDF：1.2MB）"),
        ("（PDF：2.4MB）", 1_250_000, "（PDF：1.2MB）"),
        ("（PDF：1MB）", 1_900_000, "（PDF：1.8MB）"),
        ("（PDF：59KB）", 1_250_000, "（PDF：1.2MB）"),
        ("（ＰＤＦ：３５０ＫＢ）", 1_250_000, "（ＰＤＦ：1.2MB）"),
        ("（PDF：1.2㎆）", 60_000, ""),  # reported at the link: NFKC moved the offsets
    ],
)  # fmt: skip
def test_a_stated_size_is_compared_with_the_files(
    tmp_path: Path, written: str, size: int, fixed: str | None
) -> None:
    """Within the rounding of the figure and 10 % it agrees; else a warning whose fix writes
    the file's size in place of the one written."""
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (size - 9))
    text = f"[講演資料{written}](slides.pdf)\n"
    source = SourceText(tmp_path / "talk.md", text)
    found = list(link_findings(markdown_prose(source), Context(tmp_path, "ja", tmp_path)))
    if fixed is None:
        assert found == []
        return
    (finding,) = found
    assert finding.rule == "attachment"
    assert "'slides.pdf' is" in str(finding.message)
    if not fixed:
        assert finding.edit is None and (finding.line, finding.col) == (1, 2)
        return
    assert finding.edit is not None
    edit = finding.edit
    assert text[: edit.start] + edit.new + text[edit.end :] == f"[講演資料{fixed}](slides.pdf)\n"


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("（PDF、3ページ、1KB）", None),
        ("（PDF、全18ページ、1KB）", "（PDF、全3ページ、1KB）"),
        ("（PDF、１８頁、1KB）", "（PDF、3頁、1KB）"),
        ("(PDF, 18 pages, 1 KB)", "(PDF, 3 pages, 1 KB)"),
        ("（PDF：1KB）p.18", None),  # a page of the file, not its count
    ],
)  # fmt: skip
def test_a_stated_page_count_is_compared_with_the_pdfs(
    tmp_path: Path, written: str, fixed: str | None
) -> None:
    from tests.test_materials import pdf_bytes

    (tmp_path / "slides.pdf").write_bytes(pdf_bytes(3))
    text = f"[講演資料{written}](slides.pdf)\n"
    source = SourceText(tmp_path / "talk.md", text)
    found = list(link_findings(markdown_prose(source), Context(tmp_path, "ja", tmp_path)))
    if fixed is None:
        assert found == []
        return
    (finding,) = found
    assert "'slides.pdf' has 3" in str(finding.message) and finding.edit is not None
    edit = finding.edit
    assert text[: edit.start] + edit.new + text[edit.end :] == f"[講演資料{fixed}](slides.pdf)\n"


def _report_texts() -> list[tuple[str, str]]:
    texts = [(case.name, case.files[REPORT_PATH]) for case in CASES if REPORT_PATH in case.files]
    bundled = REPO / "content" / "reports" / "2021-withcorona-dx" / "report.yaml"
    texts.append(("bundled", bundled.read_text(encoding="utf-8")))
    return [(name, text) for name, text in texts if isinstance(text, str)]


@pytest.mark.parametrize(("name", "text"), _report_texts(), ids=lambda value: str(value)[:40])
def test_paths_read_without_composing_are_the_composed_ones(name: str, text: str) -> None:
    quick = listed_paths(text)
    if quick is None:
        return  # composed: nothing to compare
    prose = yaml_prose(SourceText(Path("report.yaml"), text), REPORT).ready()
    keys = ("body", "summary_file", "captions")
    assert quick == [(key, scalar.value) for key, scalar in prose.paths if key in keys]


def test_the_forked_run_finds_what_the_inline_run_finds(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"content/reports/r{n:02d}/report.yaml": report_yaml(
            title=f"第{n}回 ①ｾﾐﾅｰ", lead=f"案内は[こちら](https://example.jp/{n}/)、2月30日に。"
        )
        for n in range(30)
    }
    root = make_site(files)
    loaded, _record = load_site(root, load_config(root))
    forked = engine.text_findings(loaded.site)
    monkeypatch.setattr(engine, "PARALLEL_FROM", 10**9)
    inline = engine.text_findings(loaded.site)

    def shown(found: engine.Findings) -> list[str]:
        return [finding.format() for finding in (*found.warnings, *found.notes)]

    assert len(forked.warnings) == 30 * 4  # ①, ｾﾐﾅｰ, こちら and 2月30日 in each report
    assert shown(forked) == shown(inline)
    assert [f.edit for f in forked.warnings] == [f.edit for f in inline.warnings]


def test_the_bundled_site_loads_and_gives_no_finding() -> None:
    loaded, _record = load_site(REPO, load_config(REPO))
    found = engine.text_findings(loaded.site)
    assert (found.warnings, found.notes) == ((), ())


def test_the_build_and_the_preview_never_import_the_rules() -> None:
    code = (
        "import sys, seminar_site.cli, seminar_site.pipeline.build, seminar_site.dev.preview\n"
        "print('seminar_site.rules' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=True
    )
    assert result.stdout.strip() == "False"
