"""The rendition set pages use and the gallery's justified rows, checked on the built HTML.

Only files a page shows are made: WebP at every width plus one JPEG fallback; the row layout
of each photo follows its real shape; a photo smaller than the smallest width is shown at its
own size and warned about (the browser measurements are in tests/browser/test_layout.py).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from seminar_site import i18n
from seminar_site.errors import ContentErrors
from seminar_site.photos.plan import PhotoJob, plan
from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.render.gallery import (
    BANDS,
    WIDEST,
    _widest_by_scan,
    _widest_in,
    drawn_widths,
    gallery_sizes,
    row_layout,
)
from seminar_site.settings.renditions import RenditionSettings
from tests.conftest import REPORT_DIR, REPORT_PATH, report_yaml, site_yaml

SIZES = {
    "wide.jpg": (1600, 1200),
    "tall.jpg": (900, 1200),
    "pano.jpg": (4800, 600),
    "tiny.jpg": (120, 68),
}


SESSION = "      - kind: 講演\n        title: 基調講演\n"


def jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def photos_yaml(names: list[str]) -> str:
    return "    photos:\n" + "".join(
        f"      - file: {name}\n        alt: 会場で講演を聞く参加者 {n}\n"
        for n, name in enumerate(names)
    )


@pytest.fixture
def built(make_site, tmp_path: Path):
    root = make_site(
        {  # with a base_url, so that the page shows the social card (og:image is absolute)
            "content/site.yaml": site_yaml(extra="base_url: https://example.jp/\n"),
            REPORT_PATH: report_yaml(sessions=SESSION + photos_yaml(list(SIZES))),
            **{f"{REPORT_DIR}/{name}": jpeg(size) for name, size in SIZES.items()},
        }
    )
    out = tmp_path / "out"
    report = build(BuildOptions(root=root, out=out, workers=1))
    page = BeautifulSoup((out / "reports/r1/index.html").read_text("utf-8"), "html.parser")
    return root, out, report, page


def test_plan_makes_webp_at_every_width_and_one_jpeg() -> None:
    job = PhotoJob("/p.jpg", "a" * 64, RenditionSettings())
    result = plan(job, 4032, 3024)
    assert [r.width for r in result.in_format("webp")] == [480, 960, 1600]
    assert [r.width for r in result.in_format("jpeg")] == [960]
    assert result.fallback().width == 960 and result.largest().format == "webp"
    both = plan(
        PhotoJob("/p.jpg", "a" * 64, RenditionSettings(formats=("webp", "jpeg"))), 4032, 3024
    )
    assert [r.width for r in both.in_format("jpeg")] == [480, 960, 1600]
    assert both.largest().format == "webp"


def test_every_published_photo_file_is_used_by_a_page(built) -> None:
    _root, out, _report, _page = built
    used: set[str] = set()
    for html in out.rglob("*.html"):
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(["img", "source", "a", "meta"]):
            assert isinstance(tag, Tag)
            values = [tag.get("src"), tag.get("href"), tag.get("content"), tag.get("srcset")]
            for value in values:
                for item in str(value or "").split(","):
                    if "photos/" in item:
                        used.add(item.split()[0].split("photos/")[-1].split("?")[0])
    made = {p.name for p in (out / "photos").iterdir()}
    assert made == used


def test_each_photo_sits_in_the_rows_with_its_own_shape(built) -> None:
    _root, _out, _report, page = built
    figures = page.select(".gallery .gallery-item")
    assert len(figures) == len(SIZES)
    for figure, (name, (width, height)) in zip(figures, SIZES.items(), strict=True):
        style = str(figure["style"])
        ratio = float(style.split("--ratio:")[1].split(";")[0])
        assert ratio == pytest.approx(min(width / height, WIDEST), rel=1e-3), name
        img = figure.find("img")
        assert isinstance(img, Tag)
        assert "webp" not in str(img["src"]) and str(img["src"]).endswith(".jpg")
        assert ("gallery-wide" in figure["class"]) == (width / height > WIDEST)
        largest = min(width, 1600) if width >= height else round(width * min(1600, height) / height)
        limit = int(style.split("--max:")[1].split("px")[0])
        assert limit <= largest  # never shown larger than its largest file
        link = figure.find("a")
        assert isinstance(link, Tag) and str(link["href"]).endswith(".webp")
    tiny = figures[-1]
    assert "--max: 120px" in str(tiny["style"])


def test_row_layout_caps_a_panorama_and_keeps_a_small_photo_small() -> None:
    pano = row_layout(1600, 200)
    assert pano["cropped"] and float(pano["ratio"]) == WIDEST and pano["max_width"] == 600
    tiny = row_layout(120, 68)
    assert not tiny["cropped"] and tiny["max_width"] == 120


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_small_photo_is_warned_about_in_both_languages(built, language) -> None:
    _root, _out, report, _page = built
    (warning,) = [w for w in report.warnings if "120x68" in w.message]
    assert warning.line > 0 and str(warning.path).endswith("report.yaml")
    text = i18n.render(warning.message, language)
    assert ("pixels" in text) if language == "en" else ("ピクセル" in text)


def test_strict_refuses_a_small_photo(make_site, tmp_path: Path) -> None:
    root = make_site(
        {
            "content/site.yaml": site_yaml(),
            REPORT_PATH: report_yaml(sessions=SESSION + photos_yaml(["tiny.jpg"])),
            f"{REPORT_DIR}/tiny.jpg": jpeg((120, 68)),
        }
    )
    with pytest.raises(ContentErrors):
        build(BuildOptions(root=root, out=tmp_path / "out", workers=1, strict=True))


def test_without_a_base_url_no_social_card_is_made(make_site, tmp_path: Path) -> None:
    """og:image must be absolute: without a base_url no page shows the card."""
    root = make_site(
        {
            "content/site.yaml": site_yaml(),
            REPORT_PATH: report_yaml(sessions=SESSION + photos_yaml(["wide.jpg"])),
            f"{REPORT_DIR}/wide.jpg": jpeg((1600, 1200)),
        }
    )
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, workers=1))
    names = sorted(p.name.split("-", 1)[1] for p in (out / "photos").iterdir())
    assert names == ["1600.webp", "480.webp", "960.jpg", "960.webp"]


def test_sizes_follow_the_rows_a_photo_is_drawn_in() -> None:
    """Two 4:3 photos share a row of the 640 px column and the third is alone on the next,
    drawn 2.5 times the row height (600 px): its sizes says so, theirs say 317 px (the
    browser's own measurements are tests/browser/test_gallery_sizes.py)."""
    shapes = [(4 / 3, 1208)] * 3
    assert [round(w) for w in drawn_widths(shapes, 1366)] == [317, 317, 600]
    assert [round(w) for w in drawn_widths(shapes, 390)] == [176, 176, 358]
    first, _, last = gallery_sizes(shapes)
    assert first.startswith("(min-width: 640px) 317px,")
    assert last.startswith("(min-width: 640px) 600px,")
    assert last.endswith("min(327px, calc(100vw - 2rem))")
    small = gallery_sizes([(4 / 3, 200)])[0]  # never wider than the file
    assert all(int(px) <= 200 for px in re.findall(r"(\d+)px\)?(?:,|$)", small)), small


@settings(max_examples=300, deadline=None)
@given(
    shapes=st.lists(
        st.tuples(
            st.floats(min_value=0.2, max_value=WIDEST, allow_nan=False),
            st.integers(min_value=40, max_value=6000),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_widest_widths_of_a_band_are_the_full_scans(
    shapes: list[tuple[float, int]],
) -> None:
    """The breakpoints-only layout (the speed trick) gives, band by band, what laying out
    every viewport gives."""
    edges = [*BANDS[1:], BANDS[-1] + 1]
    for low, high in zip(BANDS, edges, strict=True):
        assert _widest_in(shapes, low, high) == _widest_by_scan(shapes, low, high), (low, high)
