"""Materials and recordings (issue 13, items 6 and 7): link text with the real format, page
count and size; content-addressed copies; the click-to-load facade's markup."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfWriter

from seminar_site.content.recordings import video_of
from seminar_site.errors import ContentErrors
from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPORT_DIR, REPORT_PATH, MakeSite, report_yaml

PAGE = "reports/r1/index.html"


def pdf_bytes(pages: int, size: int = 0) -> bytes:
    """A real PDF of ``pages`` blank pages; ``size``: as many bytes exactly (a padding file
    attached to it), for the size a link's text must give."""

    def write(padding: int | None) -> bytes:
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(width=595, height=842)
        if padding is not None:
            writer.add_attachment("padding.bin", b"0" * padding)
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    if not size:
        return write(None)
    padding, data = 0, write(0)
    for _ in range(4):  # the offsets at the end take more digits as the file grows
        if len(data) == size:
            break
        padding += size - len(data)
        data = write(padding)
    assert len(data) == size, (len(data), size)
    return data


#: Each Office format's main part and its content type ([Content_Types].xml).
OFFICE_PARTS = {
    "pptx": ("ppt/presentation.xml", "presentationml.presentation"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet"),
    "docx": ("word/document.xml", "wordprocessingml.document"),
}


def office_bytes(kind: str, size: int = 0) -> bytes:
    """The smallest file of ``kind`` (pptx, xlsx, docx) that Office's package rules accept
    as one: a zip with [Content_Types].xml naming its main part, and the part; ``size``: as
    many bytes exactly (a stored padding part), for the size in the link text."""
    part, family = OFFICE_PARTS[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
        f'officedocument.{family}.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{part}"/></Relationships>'
    )

    def package(padding: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", content_types)
            archive.writestr("_rels/.rels", rels)
            archive.writestr(part, "<x/>")
            if padding >= 0:
                archive.writestr("padding.bin", b"\0" * padding, zipfile.ZIP_STORED)
        return buffer.getvalue()

    if not size:
        return package(-1)
    data = package(size - len(package(0)))
    assert len(data) == size, (len(data), size)
    return data


SESSION = """\
      - kind: 講演
        title: 基調講演
        materials:
          - label: 講演資料
            file: slides.pdf
          - label: 事例集
            file: files/cases.xlsx
          - label: 関連リンク集
            url: https://example.jp/links
        recording:
          url: https://www.youtube.com/watch?v=dQw4w9WgXcQ
          title: 基調講演の録画
          captions: true
          transcript: |
            皆さん、こんにちは。**本日**は<script>alert(1)</script>よろしくお願いします。
"""
REPORT_MEDIA = """\
materials:
  - label: 配布資料
    file: handout.docx
recording:
  url: https://vimeo.com/76979871
  title: 当日の全編
"""


def build_site(root: Path) -> Path:
    out = root / "_site"
    build(BuildOptions(root=root, out=out))
    return out


def media_site(make_site: MakeSite, pages: int = 18) -> Path:
    return make_site(
        {
            REPORT_PATH: report_yaml(sessions=SESSION, extra="") + REPORT_MEDIA,
            f"{REPORT_DIR}/slides.pdf": pdf_bytes(pages),
            f"{REPORT_DIR}/files/cases.xlsx": office_bytes("xlsx", 3000),
            f"{REPORT_DIR}/handout.docx": office_bytes("docx", 2 * 1024 * 1024 + 400_000),
        }
    )


def page_of(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / PAGE).read_text(encoding="utf-8"), "html.parser")


def material_links(soup: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(): str(a["href"]) for a in soup.select(".materials a")}


def test_material_links_say_format_pages_and_size(make_site: MakeSite) -> None:
    root = media_site(make_site)
    out = build_site(root)
    links = material_links(page_of(out))
    pdf = (root / REPORT_DIR / "slides.pdf").stat().st_size
    size = f"{max(1, -(-pdf // 1024))}KB"
    assert links[f"講演資料(PDF形式、18ページ、{size})"].startswith("../../materials/slides-")
    assert "事例集(Excel形式、3KB)" in links
    assert "配布資料(Word形式、2.4MB)" in links
    assert links["関連リンク集"] == "https://example.jp/links"
    for text, href in links.items():
        if href.startswith("../../"):
            published = out / "reports" / "r1" / href
            assert published.resolve().is_file(), text
            assert re.fullmatch(r"[a-z-]+-[0-9a-f]{12}\.(pdf|xlsx|docx)", published.name)
    copied = next(out.glob("materials/slides-*.pdf"))
    assert copied.read_bytes() == (root / REPORT_DIR / "slides.pdf").read_bytes()


def test_english_labels(make_site: MakeSite) -> None:
    root = media_site(make_site, pages=1)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("ja", "en"), encoding="utf-8")
    texts = list(material_links(page_of(build_site(root))))
    assert any(re.fullmatch(r"講演資料 \(PDF, 1 page, \d+ KB\)", text) for text in texts)
    assert "配布資料 (Word, 2.4 MB)" in texts


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("kind", ["pdf", "pptx", "xlsx", "docx"])
def test_labels_satisfy_the_text_rule_on_attachments(kind: str, lang: str) -> None:
    """rules/links.py asks a link to an attachment to give its format and size: the
    generated text does, in the spellings the rule reads."""
    import unicodedata

    from seminar_site.content.material_labels import SIZE
    from seminar_site.model import Material
    from seminar_site.render.media import material_text
    from seminar_site.rules.links import FORMATS

    material = Material("講演資料", source=Path("x"), kind=kind, size=2_400_000, pages=18)
    text = unicodedata.normalize("NFKC", material_text(material, lang)).casefold()
    assert any(spelling in text for spelling in FORMATS[kind][1]), text
    assert SIZE.search(text), text


def _stated_site(make_site: MakeSite, label: str, pages: int = 1, name: str = "site") -> Path:
    session = (
        "      - title: 講演\n        materials:\n"
        f"          - label: {label}\n            file: slides.pdf\n"
    )
    return make_site(
        {REPORT_PATH: report_yaml(sessions=session), f"{REPORT_DIR}/slides.pdf": pdf_bytes(pages)},
        name=name,
    )


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("講演資料（PDF形式、1ページ）", "講演資料（PDF形式、1ページ、{size}）"),
        ("講演資料（PDF）", "講演資料（PDF形式、1ページ、{size}）"),
        ("講演資料 (PDF形式)", "講演資料(PDF形式、1ページ、{size})"),
        ("講演資料（第2部）", "講演資料（第2部）(PDF形式、1ページ、{size})"),
    ],
)
def test_a_label_that_states_the_format_gets_it_once(
    make_site: MakeSite, label: str, text: str
) -> None:
    """The label's own 「（PDF形式、1ページ）」 is replaced by the file's figures, in its
    brackets; a parenthesis that names no format is part of the name."""
    root = _stated_site(make_site, label)
    out = build_site(root)
    size = f"{max(1, -(-(root / REPORT_DIR / 'slides.pdf').stat().st_size // 1024))}KB"
    assert list(material_links(page_of(out))) == [text.format(size=size)]


def test_a_label_that_states_wrong_figures_is_a_warning(make_site: MakeSite) -> None:
    from tests.test_corpus import run_cli
    from tests.test_text_rules import run_check

    root = _stated_site(make_site, "講演資料（PDF形式、3ページ、500KB）", pages=2)
    lines = (root / REPORT_PATH).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "label: 講演資料" in text)
    where = f"{REPORT_PATH}:{line}:13"
    said = (
        f"{where}: ラベルに「（PDF形式、3ページ、500KB）」とありますが、「slides.pdf」は2ページ、"
    )
    code, _stdout, stderr = run_cli(root, root / "_site", "ja")
    assert code == 0
    assert said in stderr
    assert "「label: 講演資料」" in stderr
    code, _stdout, checked = run_check(root, "ja")
    assert said in checked
    right = _stated_site(make_site, "資料（PDF、1ページ）", name="right")
    _code, _stdout, quiet = run_cli(right, right / "_site", "ja")
    assert "ラベルに" not in quiet


def test_a_changed_material_makes_a_new_name_and_page(make_site: MakeSite) -> None:
    root = media_site(make_site)
    out = build_site(root)
    before = material_links(page_of(out))
    (root / REPORT_DIR / "slides.pdf").write_bytes(pdf_bytes(3))
    out = build_site(root)
    after = material_links(page_of(out))
    assert any(text.startswith("講演資料(PDF形式、3ページ、") for text in after)
    assert set(before.values()) != set(after.values())
    assert len(list(out.glob("materials/slides-*.pdf"))) == 1  # the old copy is gone


def test_a_missing_material_is_an_error_at_its_line(make_site: MakeSite) -> None:
    root = make_site({REPORT_PATH: report_yaml(sessions=SESSION)})
    with pytest.raises(ContentErrors) as caught:
        build_site(root)
    found = {(e.path.name if e.path else "", e.line, str(e.message)) for e in caught.value.errors}
    lines = (root / REPORT_PATH).read_text(encoding="utf-8").splitlines()
    slides_line = next(i for i, line in enumerate(lines, 1) if "file: slides.pdf" in line)
    assert ("report.yaml", slides_line, "material file 'slides.pdf' not found") in found


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("label: 講演資料\n            file: ../../../secret.pdf", "points outside the content"),
        ("label: こちら\n            url: https://example.jp/a.pdf", "does not say what"),
        ("label: 講演資料\n            file: notes.txt", "is not a PDF, PPTX, XLSX or DOCX"),
        ("label: 講演資料", "needs a 'file' or a 'url'"),
    ],
)
def test_materials_refused(make_site: MakeSite, item: str, message: str) -> None:
    session = f"      - title: 講演\n        materials:\n          - {item}\n"
    root = make_site({REPORT_PATH: report_yaml(sessions=session), f"{REPORT_DIR}/notes.txt": "x"})
    with pytest.raises(ContentErrors) as caught:
        build_site(root)
    assert any(message in str(e.message) for e in caught.value.errors), caught.value.errors


def test_an_oversize_material_is_a_warning(make_site: MakeSite) -> None:
    from seminar_site.content import materials

    session = "      - title: 講演\n        materials:\n          - label: 講演資料\n"
    session += "            file: big.pptx\n"
    big = office_bytes("pptx", materials.MAX_BYTES + 1)
    root = make_site({REPORT_PATH: report_yaml(sessions=session), f"{REPORT_DIR}/big.pptx": big})
    report = build(BuildOptions(root=root, out=root / "_site"))
    assert any("readers on phones" in str(w.message) for w in report.warnings)


def facade(soup: BeautifulSoup, anchor: str) -> Tag:
    found = soup.find(id=anchor)
    assert isinstance(found, Tag)
    return found


def test_recording_facade_markup(make_site: MakeSite) -> None:
    soup = page_of(build_site(media_site(make_site)))
    figure = facade(soup, "day1-session1-recording")
    box = figure.select_one(".recording-facade")
    assert box is not None
    embed = str(box["data-embed"])
    assert embed.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
    assert "cc_load_policy=1" in embed
    button = figure.select_one("button.recording-play")
    assert button is not None and button.get_text() == "基調講演の録画"
    poster = figure.select_one("img.recording-poster")
    assert poster is not None and str(poster["src"]).startswith("../../assets/img/")
    assert poster["alt"] == "" and poster["width"] and poster["height"]
    # Nothing on the page loads from a video host before the click.
    for tag in soup.find_all(["img", "iframe", "script", "link", "source"]):
        for attribute in ("src", "href", "srcset"):
            value = str(tag.get(attribute, ""))
            assert not re.search(r"youtube|ytimg|vimeo", value), (tag, value)
    details = figure.select_one("details.transcript")
    assert details is not None
    assert details.select_one("strong") is not None and details.find("script") is None
    watch = figure.select_one("a.recording-watch")
    assert watch is not None and watch["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    report_level = facade(soup, "report-recording").select_one(".recording-facade")
    assert report_level is not None
    assert str(report_level["data-embed"]).startswith("https://player.vimeo.com/video/76979871?")
    assert "dnt=1" in str(report_level["data-embed"])
    assert soup.select_one('script[src*="recordings"]') is not None


def test_pages_without_media_have_no_media_files(make_site: MakeSite) -> None:
    soup = page_of(build_site(make_site()))
    assert soup.select_one('script[src*="recordings"]') is None
    assert soup.select_one('link[href*="media"]') is None


@pytest.mark.parametrize(
    ("url", "video"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://vimeo.com/76979871/abc123", ("vimeo", "76979871/abc123")),
        ("https://player.vimeo.com/video/76979871?h=abc123", ("vimeo", "76979871/abc123")),
        ("https://example.jp/video.mp4", None),
        ("https://www.youtube.com/watch?v=short", None),
    ],
)
def test_video_addresses(url: str, video: tuple[str, str] | None) -> None:
    assert video_of(url) == video


def test_a_recording_that_is_not_a_video_is_an_error(make_site: MakeSite) -> None:
    session = "      - title: 講演\n        recording:\n          url: https://example.jp/v\n"
    session += "          title: 録画\n"
    root = make_site({REPORT_PATH: report_yaml(sessions=session)})
    with pytest.raises(ContentErrors) as caught:
        build_site(root)
    assert any("YouTube or Vimeo" in str(e.message) for e in caught.value.errors)


def _fake_host(calls: list[str]) -> object:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (480, 360), (200, 30, 30)).save(picture, "PNG")

    def download(url: str) -> bytes:
        calls.append(url)
        if url.startswith("https://vimeo.com/api/oembed.json"):
            return b'{"thumbnail_url": "https://i.vimeocdn.com/video/1-d_640"}'
        return picture.getvalue()

    return download


def test_posters_fetched_at_build_time_when_asked(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from seminar_site.content import posters

    root = media_site(make_site)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "fetch_posters: true\n", encoding="utf-8")
    calls: list[str] = []
    monkeypatch.setattr(posters, "_download", _fake_host(calls))
    out = root / "_site"
    build(BuildOptions(root=root, out=out, workers=1))
    assert "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg" in calls
    soup = page_of(out)
    img = facade(soup, "day1-session1-recording").select_one("img.recording-poster")
    assert img is not None and str(img["src"]).startswith("../../posters/")
    assert (img["width"], img["height"]) == ("480", "360")
    with Image.open(out / "reports" / "r1" / str(img["src"])) as poster:
        assert poster.size == (480, 360) and not poster.getexif()
    vimeo = facade(soup, "report-recording").select_one("img.recording-poster")
    assert vimeo is not None and str(vimeo["src"]).startswith("../../posters/")
    # Later builds read the cache, not the network.
    calls.clear()
    (root / REPORT_PATH).write_text(
        (root / REPORT_PATH).read_text(encoding="utf-8").replace("基調講演\n", "基調講演2\n", 1),
        encoding="utf-8",
    )
    build(BuildOptions(root=root, out=out, workers=1, incremental=False))
    assert calls == []


def test_an_unreachable_host_leaves_the_placeholder(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seminar_site.content import posters

    def offline(url: str) -> bytes:
        raise OSError("network is unreachable")

    root = media_site(make_site)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "fetch_posters: true\n", encoding="utf-8")
    monkeypatch.setattr(posters, "_download", offline)
    report = build(BuildOptions(root=root, out=root / "_site", workers=1))
    assert sum("could not fetch the poster" in str(w.message) for w in report.warnings) == 2
    img = facade(page_of(root / "_site"), "day1-session1-recording").select_one("img")
    assert img is not None and "assets/img/video-poster" in str(img["src"])


def test_check_knows_the_material_files(make_site: MakeSite) -> None:
    from seminar_site.pipeline.check import check

    report = check(media_site(make_site))
    assert report.errors == ()
    assert not [w for w in report.warnings if "materials/" in str(w.message)], report.warnings


def test_a_published_material_is_a_copy_and_comes_back_when_deleted(make_site: MakeSite) -> None:
    root = media_site(make_site)
    out = build_site(root)
    source = root / REPORT_DIR / "slides.pdf"
    copied = next(out.glob("materials/slides-*.pdf"))
    assert copied.stat().st_ino != source.stat().st_ino  # an edit in _site never reaches content/
    copied.write_bytes(b"edited by hand")
    copied = next(build_site(root).glob("materials/slides-*.pdf"))
    assert copied.read_bytes() == source.read_bytes()
    copied.unlink()
    assert next(build_site(root).glob("materials/slides-*.pdf")).read_bytes() == source.read_bytes()


def one_material(name: str) -> str:
    return report_yaml(
        sessions="      - title: 講演\n        materials:\n          - label: 講演資料\n"
        f"            file: {name}\n"
    )


def test_a_workbook_saved_by_a_spreadsheet_program_is_accepted(make_site: MakeSite) -> None:
    """A real .xlsx (openpyxl's, as Excel lays it out) passes the format check that a file
    which only claims to be one fails (tests/corpus/materials.py)."""
    openpyxl = pytest.importorskip("openpyxl")
    root = make_site({REPORT_PATH: one_material("cases.xlsx")})
    book = openpyxl.Workbook()
    book.active["A1"] = "事例"
    book.save(root / REPORT_DIR / "cases.xlsx")
    report = build(BuildOptions(root=root, out=root / "_site"))
    assert not [w for w in report.warnings if "cases.xlsx" in str(w.message)]
    assert any(
        t.startswith("講演資料(Excel形式、") for t in material_links(page_of(root / "_site"))
    )


def encrypted_pdf(algorithm: str, user_password: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_with_only_a_permissions_password_is_counted(
    make_site: MakeSite, algorithm: str
) -> None:
    """A password that only restricts editing or printing opens for everyone: pages counted,
    no warning. Acrobat's 「セキュリティ」 settings write AES (cryptography does it for pypdf)."""
    data = encrypted_pdf(algorithm)
    root = make_site({REPORT_PATH: one_material("s.pdf"), f"{REPORT_DIR}/s.pdf": data})
    report = build(BuildOptions(root=root, out=root / "_site"))
    assert not [w for w in report.warnings if "s.pdf" in str(w.message)]
    assert any("3ページ" in text for text in material_links(page_of(root / "_site")))


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_pdf_that_asks_for_a_password_is_warned_about(
    make_site: MakeSite, algorithm: str
) -> None:
    """A password needed to open the file: readers cannot read it, which the author is told."""
    data = encrypted_pdf(algorithm, user_password="secret")
    root = make_site({REPORT_PATH: one_material("s.pdf"), f"{REPORT_DIR}/s.pdf": data})
    report = build(BuildOptions(root=root, out=root / "_site"))
    problems = [str(w.message) for w in report.warnings if "s.pdf" in str(w.message)]
    assert problems == [
        "'s.pdf' has a password, so its pages cannot be counted, and readers who do not know "
        "the password cannot open it"
    ], problems
    assert not any("ページ、" in text for text in material_links(page_of(root / "_site")))


def test_an_encryption_pypdf_cannot_open_gets_the_encrypted_warning(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When pypdf cannot decrypt at all (an installation without cryptography, an unknown
    security handler), the link shows no page count and the author is told why."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    def no_aes(self: PdfReader, password: str) -> object:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", no_aes)
    data = encrypted_pdf("AES-256")
    root = make_site({REPORT_PATH: one_material("s.pdf"), f"{REPORT_DIR}/s.pdf": data})
    report = build(BuildOptions(root=root, out=root / "_site"))
    problems = [str(w.message) for w in report.warnings if "s.pdf" in str(w.message)]
    assert problems == ["'s.pdf' is encrypted, so its pages cannot be counted"], problems
    assert not any("ページ、" in text for text in material_links(page_of(root / "_site")))


@pytest.mark.parametrize("data", [b"not a pdf", b"%PDF-1.7\n" + b"\x00garbage" * 40])
def test_pypdf_never_speaks_to_the_author(make_site: MakeSite, data: bytes) -> None:
    """pypdf's log lines ("invalid pdf header", "EOF marker not found") are not printed: the
    problem is said once, in our words, at the material's line."""
    from tests.test_export_fragment import run_cli

    root = make_site({REPORT_PATH: one_material("s.pdf"), f"{REPORT_DIR}/s.pdf": data})
    proc = run_cli("build", "--root", str(root), "--jobs", "1")
    assert "pypdf" not in proc.stderr and "EOF marker" not in proc.stderr, proc.stderr
    lines = (root / REPORT_PATH).read_text(encoding="utf-8").splitlines()
    at = next(number for number, line in enumerate(lines, 1) if "file: s.pdf" in line)
    problems = [line for line in proc.stderr.splitlines() if "s.pdf" in line]
    assert len(problems) == 1 and f"report.yaml:{at}:13: " in problems[0], proc.stderr
    if data.startswith(b"%PDF"):  # read by pypdf: its words are still there for --debug
        debug = run_cli("build", "--root", str(root), "--jobs", "1", "--full", "--debug")
        assert "pypdf: " in debug.stderr, debug.stderr
