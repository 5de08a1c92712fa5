"""check's link reading: the fast regular-expression path equals html.parser's reading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.pipeline.links import page_links, page_links_parsed
from tests.conftest import REPO

HOSTILE = [
    b"<a href=\"a.html\">x</a><img src=b.jpg alt='c' id=top>",
    b'<link rel="canonical" href="https://x/"><link rel=stylesheet href="s.css">',
    b'<script>var s = "<a href=\\"no.html\\">";</script><a href="yes.html">',
    b'<script src="app.js" defer></script><style>a[href="z"]{}</style>',
    b'<!-- <a href="commented.html"> --><p id="a&amp;b" hidden>',
    b'<img srcset="a-1.jpg 1x, a-2.jpg 2x" src="a.jpg"><source srcset="b.webp 480w,b2.webp 960w">',
    b'<A HREF="Upper.html" ID="Up">',
    b'<a title="1 > 0" href="gt.html">',
    b"<a href='single.html' data-x=\"q'q\">",
    '<a href="日本語/ページ.html#見出し" id="見出し">'.encode(),
    b'<input disabled value="&lt;x&gt;"><br/><img src="self.jpg"/>',
]


def same(html: bytes) -> None:
    fast, slow = page_links(html), page_links_parsed(html)
    assert (fast.urls, fast.ids) == (slow.urls, slow.ids)


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_markup_is_read_alike(html: bytes) -> None:
    same(html)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "content", root / "content")
    build(BuildOptions(root=root, out=root / "_site"))
    return root / "_site"


def test_every_page_of_the_bundled_site_is_read_alike(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        same(page.read_bytes())
    assert page_links((built_site / "index.html").read_bytes()).urls  # not vacuous
