"""Files that a Markdown text links to (``[講演資料（PDF：18KB）](slides.pdf)``) are published
where the page's link leads, and only documents inside content/: the link works on the report
page and on the index card, and the page is rebuilt when the file appears or changes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.pipeline.check import check
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, report_yaml
from tests.test_corpus import run_cli
from tests.test_incremental import settled
from tests.test_materials import office_bytes, pdf_bytes
from tests.test_text_rules import run_check

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
            f"{REPORT_DIR}/files/表.xlsx": office_bytes("xlsx"),
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


# ---------------------------------------------------------------- the format check of linked files
def _linking(make_site: MakeSite, data: bytes, name: str = "slides.pdf", **more: str) -> Path:
    """The minimal site whose talk summary (talks/keynote.md) links ``name`` (in the
    report's folder) on its third line."""
    text = f"## 資料\n\n当日の[講演資料（PDF：1KB）]({name})です。\n"
    return make_site(
        {
            REPORT_PATH: report_yaml(sessions=SESSION),
            f"{REPORT_DIR}/talks/keynote.md": text,
            f"{REPORT_DIR}/{name}": data,
            **more,
        }
    )


def _at(root: Path, relative: str, address: str) -> str:
    """``path:line:col`` of the first ``(address)`` in the file, as messages give it."""
    text = (root / relative).read_text(encoding="utf-8")
    index = text.index(f"({address})") + 1
    line = text.count("\n", 0, index) + 1
    return f"{relative}:{line}:{index - text.rfind(chr(10), 0, index)}"


def test_a_linked_file_that_is_not_its_format_stops_build_and_check(make_site: MakeSite) -> None:
    root = _linking(make_site, "<!DOCTYPE html>\n<html lang=ja><title>ログイン</title>".encode())
    where = _at(root, f"{REPORT_DIR}/talks/keynote.md", "slides.pdf")
    expected = (
        f"エラー: {where}: 「slides.pdf」は名前が「.pdf」ですが、中身は PDF のファイルでは"
        "ありません（中身は Web ページ（HTML）です。"
    )
    built = run_cli(root, root / "_site", "ja")
    checked = run_check(root, "ja")
    for code, _stdout, stderr in (built, checked):
        assert code == 2, stderr
        errors = [line for line in stderr.splitlines() if line.startswith("エラー: ")]
        assert len(errors) == 1 and errors[0].startswith(expected), stderr
        assert "Traceback" not in stderr
    assert not (root / "_site").exists()


OLD_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # an old .doc, renamed .docx
LINKS = {
    "lead": (REPORT_PATH, {"lead": "'[当日の資料（Word：1KB）](files/a.docx)を公開しました。'"}),
    "summary": (
        REPORT_PATH,
        {"sessions": SESSION.replace("summary_file: talks/keynote.md", "summary: |")
         + "          ## 資料\n\n          [配布資料（Word：1KB）](files/a.docx)\n"},
    ),
    "body": (f"{REPORT_DIR}/narrative.md", {"extra": ""}),
}  # fmt: skip


@pytest.mark.parametrize("text", LINKS)
def test_the_error_is_said_at_the_link_in_its_text(make_site: MakeSite, text: str) -> None:
    """A lead and an inline summary are located in report.yaml, a body in its file."""
    file, options = LINKS[text]
    yaml = report_yaml(**{"sessions": SESSION, **options})
    if text == "body":
        yaml += "body: narrative.md\n"
    root = make_site(
        {
            REPORT_PATH: yaml,
            f"{REPORT_DIR}/talks/keynote.md": "## 概要\n\n基調講演です。\n",
            f"{REPORT_DIR}/narrative.md": "## 報告\n\n[配布資料（Word：1KB）](files/a.docx)\n",
            f"{REPORT_DIR}/files/a.docx": OLD_DOC,
        }
    )
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 2, stderr
    where = _at(root, file, "files/a.docx")
    assert f"エラー: {where}: 「files/a.docx」は名前が「.docx」ですが" in stderr, stderr


def test_a_linked_pdf_with_a_password_is_published_with_a_warning(make_site: MakeSite) -> None:
    from tests.corpus.materials import locked_pdf  # (the corpus imports its modules late)

    root = _linking(make_site, locked_pdf())
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 0, stderr
    where = _at(root, f"{REPORT_DIR}/talks/keynote.md", "slides.pdf")
    warning = f"警告: {where}: 「slides.pdf」はパスワードがかかっています。"
    assert warning in stderr and "ページ数" not in stderr, stderr  # its link is the author's
    published = (root / "_site/reports/r1/slides.pdf").read_bytes()
    assert published == (root / REPORT_DIR / "slides.pdf").read_bytes()
    strict = run_check(root, "ja", "--strict")
    assert strict[0] == 2 and warning.replace("警告", "エラー") in strict[2], strict[2]


def test_a_linked_file_over_the_limit_is_a_warning(make_site: MakeSite) -> None:
    from seminar_site.content.materials import MAX_BYTES

    root = _linking(make_site, b"PK\x05\x06" + b"\0" * MAX_BYTES, name="records.zip")
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 0, stderr
    where = _at(root, f"{REPORT_DIR}/talks/keynote.md", "records.zip")
    assert f"警告: {where}: 資料ファイル「records.zip」は 20.0 MB あります。" in stderr, stderr
    assert "ファイルを小さくする" in stderr and "PDF を圧縮" not in stderr, stderr


def test_linked_files_are_read_only_when_their_report_is(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with nothing changed takes the report from the build record: no linked file
    is read again; nor is any file read for a text whose links lead to the web."""
    from seminar_site.content import linked_files

    read: list[str] = []
    inspect = linked_files.inspect_material

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        read.append(path.name)
        return inspect(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(linked_files, "inspect_material", counted)
    root = _linking(make_site, pdf_bytes(2))
    out = root / "_site"
    settled(root)
    build(BuildOptions(root=root, out=out))
    assert read == ["slides.pdf"]
    build(BuildOptions(root=root, out=out))
    assert read == ["slides.pdf"]
    (root / REPORT_DIR / "slides.pdf").write_bytes(pdf_bytes(3))  # changed: read again
    build(BuildOptions(root=root, out=out))
    assert read == ["slides.pdf", "slides.pdf"]
    web = root / REPORT_DIR / "talks/keynote.md"
    web.write_text("[協議会のページ](https://example.jp/)と[手引き](https://example.jp/a.pdf)\n")
    build(BuildOptions(root=root, out=out))
    assert "https://example.jp/a.pdf" in (out / PAGE).read_text(encoding="utf-8")
    assert read == ["slides.pdf", "slides.pdf"]
