"""Files that a Markdown text links to (``[講演資料（PDF：18KB）](slides.pdf)``) are published
where the page's link leads, and only documents inside content/: the link works on the report
page and on the index card, and the page is rebuilt when the file appears or changes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.pipeline.check import check
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, report_yaml
from tests.test_materials import pdf_bytes

PAGE = "reports/r1/index.html"
SESSION = """\
      - kind: 講演
        title: 基調講演
        summary_file: talks/keynote.md
"""
TALK = (
    "資料は[講演資料（PDF：1KB）](slides.pdf)と[配布資料（PDF：1KB）](handout.pdf)、"
    "[表（Excel：1KB）](files/%E8%A1%A8.xlsx)です。"
    "[外の資料（PDF：1KB）](../../../outside.pdf)、[ページ](page.html)、[別の報告](../r2/x.pdf)。\n"
)


def _site(make_site: MakeSite) -> Path:
    return make_site(
        {
            REPORT_PATH: report_yaml(
                sessions=SESSION, lead="'[当日の資料（PDF：1KB）](slides.pdf)を公開しました。'"
            ),
            f"{REPORT_DIR}/talks/keynote.md": TALK,
            f"{REPORT_DIR}/slides.pdf": pdf_bytes(2),
            f"{REPORT_DIR}/talks/handout.pdf": pdf_bytes(1),
            f"{REPORT_DIR}/files/表.xlsx": b"PK\x03\x04 not really a workbook",
            f"{REPORT_DIR}/page.html": "<script>alert(1)</script>",
            "outside.pdf": pdf_bytes(1),
        }
    )


def _hrefs(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [str(a["href"]) for a in soup.select(".card-lead a, .summary a, a") if a.get("href")]


def test_linked_documents_are_published_where_the_links_lead(make_site: MakeSite) -> None:
    root = _site(make_site)
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    report_dir = root / REPORT_DIR
    assert (out / "reports/r1/slides.pdf").read_bytes() == (report_dir / "slides.pdf").read_bytes()
    # beside its text (talks/), published where the page's link leads
    handout = (report_dir / "talks/handout.pdf").read_bytes()
    assert (out / "reports/r1/handout.pdf").read_bytes() == handout
    assert (out / "reports/r1/files/表.xlsx").is_file()  # %-encoded in the link
    for never in ("outside.pdf", "reports/outside.pdf", "reports/r1/page.html", "reports/r2"):
        assert not (out / never).exists(), never
    # every relative link of the report page to a document leads to a file of the site
    page = out / PAGE
    for href in _hrefs(page):
        if href.endswith((".pdf", ".xlsx")) and "outside" not in href and "r2" not in href:
            assert (page.parent / unquote(href)).resolve().is_file(), href


def test_the_index_card_links_from_the_top_of_the_site(make_site: MakeSite) -> None:
    root = _site(make_site)
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [str(a["href"]) for a in soup.select(".card-lead a")]
    assert links == ["reports/r1/slides.pdf"]
    assert (out / links[0]).is_file()
    report = BeautifulSoup((out / PAGE).read_text(encoding="utf-8"), "html.parser")
    assert "slides.pdf" in [str(a["href"]) for a in report.select("a")]


def test_check_names_only_the_links_that_lead_nowhere(make_site: MakeSite) -> None:
    root = _site(make_site)
    broken = [w for w in check(root).warnings if "leads to no page or file" in str(w)]
    where = sorted((str(w.path.relative_to(root)), w.line, w.col) for w in broken if w.path)
    talk = f"{REPORT_DIR}/talks/keynote.md"
    text = (root / talk).read_text(encoding="utf-8")
    expected = sorted(
        (talk, 1, text.index(address) + 1)
        for address in ("../../../outside.pdf", "page.html", "../r2/x.pdf")
    )
    assert where == expected


def test_a_file_put_there_later_is_published_by_the_next_build(make_site: MakeSite) -> None:
    root = _site(make_site)
    out = root / "_site"
    later = root / REPORT_DIR / "later.pdf"
    talk = root / REPORT_DIR / "talks/keynote.md"
    talk.write_text(TALK + "\n[追加資料（PDF：1KB）](later.pdf)\n", encoding="utf-8")
    build(BuildOptions(root=root, out=out))
    assert not (out / "reports/r1/later.pdf").exists()
    later.write_bytes(pdf_bytes(3))
    build(BuildOptions(root=root, out=out))
    assert (out / "reports/r1/later.pdf").read_bytes() == later.read_bytes()
    later.write_bytes(pdf_bytes(4))  # changed: published again
    build(BuildOptions(root=root, out=out))
    assert (out / "reports/r1/later.pdf").read_bytes() == later.read_bytes()


def test_a_symbolic_link_out_of_content_is_not_published(make_site: MakeSite) -> None:
    root = _site(make_site)
    (root / REPORT_DIR / "slides.pdf").unlink()
    (root / REPORT_DIR / "slides.pdf").symlink_to(root / "outside.pdf")
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    assert not (out / "reports/r1/slides.pdf").exists()


def test_the_cms_fragment_carries_the_linked_documents(make_site: MakeSite, tmp_path: Path) -> None:
    from tests.test_export_fragment import export, fragment_html

    root = _site(make_site)
    out = tmp_path / "fragment"
    export(root, out)
    links = {str(a["href"]): a.get_text() for a in fragment_html(out).select("a")}
    assert links["files/slides.pdf"] == "講演資料（PDF：1KB）"
    assert links["files/handout.pdf"] == "配布資料（PDF：1KB）"
    report_dir = root / REPORT_DIR
    assert (out / "files/slides.pdf").read_bytes() == (report_dir / "slides.pdf").read_bytes()
    assert (out / "files/handout.pdf").read_bytes() == (
        report_dir / "talks/handout.pdf"
    ).read_bytes()
    assert "files/表.xlsx" in (out / "report.txt").read_text(encoding="utf-8-sig")
    assert not any("outside" in href for href in links)  # left as text, as before
