"""The links of the PDF export (export/links.py): the site's public addresses under
base_url, or no address at all; never the temporary folder it is printed from. The PDF
itself is checked in tests/browser/test_export_pdf.py."""

from __future__ import annotations

from bs4 import BeautifulSoup

from seminar_site.export.links import public_address, public_links

PAGE = "reports/r1/index.html"
BASE = "https://reports.example.jp/seminars/"
HTML = (
    '<p><a href="../../materials/slides-3f2a1b9c0d4e.pdf">講演資料</a>'
    "<a class='gallery-link' href='../../photos/ab12-1600.webp'>"
    '<img src="../../photos/ab12-960.jpg" alt=""></a>'
    '<a href="handout.pdf?v=1&amp;x=2#p3" data-note="a > b">配布資料</a>'
    '<a href="#day1">当日</a><a href="https://example.jp/dx">関連ページ</a>'
    '<a href="mailto:info@example.jp">メール</a><a href="file:///tmp/x.pdf">x</a>'
    '<a href="javascript:alert(1)">y</a><a>no address</a></p>'
)


def hrefs(page: str) -> dict[str, str | None]:
    soup = BeautifulSoup(page, "html.parser")
    return {a.get_text() or str(a.img and "photo"): a.get("href") for a in soup.find_all("a")}


def test_relative_links_become_the_public_addresses_under_base_url() -> None:
    found = hrefs(public_links(HTML, PAGE, BASE))
    assert found == {
        "講演資料": BASE + "materials/slides-3f2a1b9c0d4e.pdf",
        "photo": BASE + "photos/ab12-1600.webp",
        "配布資料": BASE + "reports/r1/handout.pdf?v=1&x=2#p3",
        "当日": "#day1",
        "関連ページ": "https://example.jp/dx",
        "メール": "mailto:info@example.jp",
        "x": None,
        "y": None,
        "no address": None,
    }


def test_without_base_url_a_relative_link_keeps_only_its_text() -> None:
    page = public_links(HTML, PAGE, "")
    found = hrefs(page)
    assert found["講演資料"] is None and found["photo"] is None and found["配布資料"] is None
    assert found["関連ページ"] == "https://example.jp/dx" and found["当日"] == "#day1"
    assert "file:" not in page and "../../materials" not in page
    assert '<img src="../../photos/ab12-960.jpg"' in page  # what the PDF loads stays local
    assert 'data-note="a > b"' in page  # the rest of the tag as it was


def test_public_address() -> None:
    assert public_address("../../index.html", BASE + PAGE) == BASE + "index.html"
    assert public_address("index.html", BASE + PAGE) == BASE + "reports/r1/index.html"
    assert public_address("FILE:///etc/passwd", BASE + PAGE) is None
    assert public_address("tel:0312345678", "") == "tel:0312345678"
    assert public_address("slides.pdf", "") is None
