"""Corpus cases of material files that are not what their names say (an error at the
material's ``file:`` line, with what the file is instead and how to make it right), or that
have a password (a warning); pypdf's own log lines never reach the author's terminal. The
same for a document that a Markdown text links to, said at the link's address."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfWriter

from tests.conftest import REPORT_DIR, report_yaml
from tests.corpus.cases import JPEG, Case, R
from tests.test_materials import office_bytes, pdf_bytes

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, .xls, .ppt


def _with(name: str) -> str:
    """The minimal report with one material, ``name`` in the report's folder."""
    return report_yaml(
        sessions="      - kind: 講演\n        title: パネル討論\n        materials:\n"
        f"          - label: パネル討論の資料\n            file: {name}\n"
    )


def locked_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("一覧.csv", "市,人数\n")
    return buffer.getvalue()


def _case(name: str, file: str, data: bytes, *page: str) -> Case:
    return Case(name, {R: _with(file), f"{REPORT_DIR}/{file}": data}, page_contains=page)


_TALK = "      - kind: 講演\n        title: パネル討論\n        summary_file: talks/panel.md\n"


def _linked(name: str, file: str, data: bytes, *page: str) -> Case:
    """The minimal report whose talk summary (talks/panel.md) links ``file``, there."""
    text = f"## 資料\n\n当日の資料です。\n[パネル討論の資料]({file})\n"
    files = {R: report_yaml(sessions=_TALK), f"{REPORT_DIR}/talks/panel.md": text}
    return Case(name, {**files, f"{REPORT_DIR}/talks/{file}": data}, page_contains=page)


CASES: list[Case] = [
    _case("material-pdf-is-text", "materials/panel-slides.pdf", b"not a pdf"),
    _case("material-pdf-is-empty", "panel-slides.pdf", b""),
    _case(
        "material-pdf-is-a-login-page",
        "panel-slides.pdf",
        "<!DOCTYPE html>\n<html lang=ja><title>ログイン</title></html>\n".encode(),
    ),
    _case("material-pdf-is-a-photo", "panel-slides.pdf", JPEG),
    _case("material-pdf-is-a-workbook", "panel-slides.pdf", office_bytes("xlsx")),
    _case("material-docx-is-an-old-doc", "panel.docx", OLE + b"\0" * 504),
    _case("material-pptx-is-a-workbook", "panel.pptx", office_bytes("xlsx")),
    _case("material-pptx-is-a-pdf", "panel.pptx", pdf_bytes(1)),
    _case("material-xlsx-is-a-plain-zip", "panel.xlsx", _plain_zip()),
    _case("material-pdf-damaged", "panel-slides.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 40),
    _case(
        "material-pdf-with-password",
        "panel-slides.pdf",
        locked_pdf(),
        "パネル討論の資料(PDF形式、1KB)",
    ),
    _case(
        "material-xlsx-with-password",
        "panel.xlsx",
        OLE + b"\0" * 120 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 300,
        "パネル討論の資料(Excel形式、1KB)",
    ),
    _case(
        "material-docx-good", "panel.docx", office_bytes("docx"), "パネル討論の資料(Word形式、1KB)"
    ),
    # ---------------------------------------------------------------- linked from a text
    _linked("linked-pdf-is-a-login-page", "panel.pdf", b"<!DOCTYPE html>\n<html></html>\n"),
    _linked("linked-pptx-is-a-pdf", "panel.pptx", pdf_bytes(1)),
    _linked("linked-xlsx-is-a-plain-zip", "panel.xlsx", _plain_zip()),
    _linked("linked-pdf-damaged", "panel.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 40),
    _linked("linked-pdf-with-password", "panel.pdf", locked_pdf(), 'href="panel.pdf"'),
    _linked("linked-docx-good", "panel.docx", office_bytes("docx"), 'href="panel.docx"'),
    Case(
        "linked-docx-in-lead-is-an-old-doc",
        {
            R: report_yaml(
                lead="'[当日の配布資料（Word：1KB）](files/panel.docx)を公開しました。'"
            ),
            f"{REPORT_DIR}/files/panel.docx": OLE + b"\0" * 504,
        },
    ),
]
