"""Bare web addresses in running text become links (content/markdown_links.py), the way mail
and office documents show them, without taking in the Japanese text written right after."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.markdown_dates import DateContext
from seminar_site.content.markdown_links import URL_TEXT, address_end

CONTEXT = DateContext("ja", 2021)


def _links(text: str, prune: bool = True) -> list[tuple[str, str]]:
    html = MarkdownRenderer(prune=prune).block(text, CONTEXT)
    soup = BeautifulSoup(html, "html.parser")
    return [(str(a["href"]), a.get_text()) for a in soup.find_all("a")]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("詳しくは https://www.city.example.jp/dx/ をご覧ください。",
         [("https://www.city.example.jp/dx/", "https://www.city.example.jp/dx/")]),
        ("https://www.example.jp/をご覧ください。",
         [("https://www.example.jp/", "https://www.example.jp/")]),
        ("申込：https://forms.example.jp/a?b=1&c=2（締切 1/20）",
         [("https://forms.example.jp/a?b=1&c=2", "https://forms.example.jp/a?b=1&c=2")]),
        ("See https://example.jp/a_(b). Then www.example.jp, ok.",
         [("https://example.jp/a_(b)", "https://example.jp/a_(b)"),
          ("https://www.example.jp", "www.example.jp")]),
        ("(https://example.jp/x)", [("https://example.jp/x", "https://example.jp/x")]),
        ("**太字 http://b.example.jp/ 中**", [("http://b.example.jp/", "http://b.example.jp/")]),
        ("| 申込 |\n|---|\n| https://t.example.jp/ |",
         [("https://t.example.jp/", "https://t.example.jp/")]),
        ("[市のページ](https://x.example.jp/) と <https://y.example.jp/>",
         [("https://x.example.jp/", "市のページ"), ("https://y.example.jp/", "https://y.example.jp/")]),
        ("[https://x.example.jp/](https://x.example.jp/)",
         [("https://x.example.jp/", "https://x.example.jp/")]),  # no link inside a link
        ("`https://code.example.jp/` とメール info@www.example.jp、https:// だけ", []),
        # raw HTML written in the text: no link inside its <a> or <code>, one after it
        ('詳細は <a href="https://z.example.jp/">https://z.example.jp/</a> へ、https://y.example.jp/',
         [("https://z.example.jp/", "https://z.example.jp/"),
          ("https://y.example.jp/", "https://y.example.jp/")]),
        ('<a href="https://z.example.jp/"><b>https://z.example.jp/</b></a> と <code>https://c.example.jp/</code>',
         [("https://z.example.jp/", "https://z.example.jp/")]),
        ("改行<br/>https://d.example.jp/", [("https://d.example.jp/", "https://d.example.jp/")]),
    ],
)  # fmt: skip
def test_bare_addresses_become_links(text: str, links: list[tuple[str, str]]) -> None:
    assert _links(text) == links
    assert _links(text, prune=False) == links  # the slow path agrees


def test_a_date_inside_an_address_is_left_as_written() -> None:
    html = MarkdownRenderer().block("日付 https://example.jp/2021/1/20/ です 1/20", CONTEXT)
    assert 'href="https://example.jp/2021/1/20/"' in html
    assert html.count("<time") == 1 and "1月20日(水)" in html


@pytest.mark.parametrize(
    ("found", "address"),
    [
        ("https://a.jp/x.", "https://a.jp/x"),
        ("https://a.jp/x),", "https://a.jp/x"),
        ("https://a.jp/wiki/A_(B)", "https://a.jp/wiki/A_(B)"),
        ("https://a.jp/?q=[1]]", "https://a.jp/?q=[1]"),
    ],
)
def test_the_end_of_an_address(found: str, address: str) -> None:
    assert address_end(found) == address


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("詳しくは https://www.city.example.jp/dx/ を", [True]),
        ("www.example.jp と <https://y.example.jp/>", [True, True]),
        ("[https://x.example.jp/](https://x.example.jp/)", [True]),
        ("[x.example.jp](https://x.example.jp/)", [True]),  # no scheme, no final slash
        ("[https://x.example.jp/](https://x.example.jp/){: .wide}", [True]),
        ("[市のページ](https://x.example.jp/)", [False]),
        ("[https://x.example.jp/](https://other.example.jp/)", [False]),
        ("[**https://x.example.jp/**](https://x.example.jp/)", [False]),  # not plain text
        # raw HTML links the author wrote: marked on the sanitised HTML
        ('<a href="https://x.example.jp/">https://x.example.jp/</a>', [True]),
        ("<A HREF=https://x.example.jp class=big>x.example.jp</A>", [True]),
        ('<div><a title="t" href="https://x.example.jp/?a=1&amp;b=2">'
         "x.example.jp/?a=1&amp;b=2</a></div>", [True]),
        ('<a href="https://x.example.jp/">市のページ</a> と '
         '<a href="https://y.example.jp/">https://z.example.jp/</a>', [False, False]),
    ],
)  # fmt: skip
def test_a_link_that_shows_its_address_is_marked(text: str, marked: list[bool]) -> None:
    """The print stylesheet writes an outside link's address after it, except after these."""
    for prune in (True, False):
        soup = BeautifulSoup(MarkdownRenderer(prune=prune).block(text, CONTEXT), "html.parser")
        found = [URL_TEXT in (a.get("class") or []) for a in soup.find_all("a")]
        assert found == marked, (text, prune)
    assert "wide" in str(MarkdownRenderer().block(text, CONTEXT)) or "wide" not in text
