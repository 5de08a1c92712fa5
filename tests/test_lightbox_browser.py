"""The gallery partial + lightbox.js in Debian's Chromium, on a small page built inline.

The keyboard path of R15: Enter on a thumbnail opens the dialog, ArrowRight moves, Esc closes
and focus is back on a thumbnail link; buttons are named and at least 24x24 CSS px.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from PIL import Image

from seminar_site.photos.plan import PhotoJob
from seminar_site.photos.worker import process_photo, read_source
from seminar_site.settings.renditions import RenditionSettings
from tests.chromium import CHROMIUM
from tests.chromium import CHROMIUM_ARGS as ARGS

ROOT = Path(__file__).resolve().parents[1]
COLOURS = [(200, 30, 30), (30, 140, 60), (40, 60, 200)]
SETTINGS = RenditionSettings(widths=(160, 320))


def test_script_is_small() -> None:
    script = (ROOT / "static" / "js" / "lightbox.js").read_bytes()
    assert len(gzip.compress(script, 9)) < 5 * 1024


def render_page(folder: Path, labels: dict[str, str] | None = None) -> Path:
    """A page with one 3-photo gallery, rendered by the real partial; returns its path."""
    cache = folder / "img"
    photos = []
    for i, colour in enumerate(COLOURS):
        src = folder / f"src{i}.jpg"
        Image.new("RGB", (480, 320), colour).save(src)
        digest = read_source(str(src))[1]
        r = process_photo(PhotoJob(str(src), digest, SETTINGS), str(cache))

        def srcset(fmt: str, r: Any = r) -> str:
            return ", ".join(f"img/{x.filename} {x.width}w" for x in r.in_format(fmt))

        big = r.largest("jpeg")
        photos.append(
            {
                "alt": f"会場の様子その{i + 1}",
                "caption": f"キャプション{i + 1}",
                "credit": "市民課" if i == 1 else "",
                "width": big.width,
                "height": big.height,
                "src": f"img/{big.filename}",
                "srcset_jpeg": srcset("jpeg"),
                "srcset_webp": srcset("webp"),
                "srcset_avif": "",
                "large": f"img/{big.filename}",
                "large_width": big.width,
                "large_height": big.height,
            }
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    if labels is not None:
        env.globals["labels"] = labels
    page = env.from_string(
        """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8">
<title>t</title><link rel="stylesheet" href="{{ root }}/static/css/gallery.css"></head>
<body><main><a href="#x" id="before">before</a>{{ gallery(photos, first_eager=True) }}</main>
<script src="{{ root }}/static/js/lightbox.js" defer></script></body></html>""",
        globals={"gallery": env.get_template("partials/gallery.html").module.gallery},  # type: ignore[attr-defined]
    )
    html = page.render(photos=photos, root=ROOT.as_uri(), lang="en" if labels else "ja")
    out = folder / "index.html"
    out.write_text(html, encoding="utf-8")
    return out


def test_markup_without_a_browser(tmp_path: Path) -> None:
    html = render_page(tmp_path).read_text(encoding="utf-8")
    imgs = re.findall(r"<img [^>]*>", html)
    assert len(imgs) == 3 and html.count("<figure") == 3 and html.count("<figcaption>") == 3
    assert 'loading="eager" fetchpriority="high"' in imgs[0]
    assert all('loading="lazy"' in tag and 'decoding="async"' in tag for tag in imgs[1:])
    for tag in imgs:  # width/height are the real size of the file src points to
        src = re.search(r'src="img/([^"]+)"', tag)
        w, h = re.search(r'width="(\d+)" height="(\d+)"', tag).groups()  # type: ignore[union-attr]
        assert src is not None
        with Image.open(tmp_path / "img" / src.group(1)) as im:
            assert im.size == (int(w), int(h))
    assert 'type="image/webp"' in html and 'type="image/avif"' not in html
    assert "写真提供:市民課" in html
    assert 'data-label-prev="前へ"' in html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_page(browser: Any, path: Path, **context: Any) -> tuple[Any, list[str]]:
    page = browser.new_context(**context).new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri())
    return page, problems


def active(page: Any) -> str:
    return str(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))


@pytest.mark.browser
def test_keyboard_round_trip(browser: Any, tmp_path: Path) -> None:
    page, problems = open_page(browser, render_page(tmp_path))
    links = page.locator("a.gallery-link")
    page.focus("#before")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.querySelector('a.gallery-link')")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    assert page.url.endswith("index.html")  # the link did not navigate
    assert dialog.locator(".lightbox-count").inner_text() == "1 / 3"
    image = dialog.locator("img.lightbox-image")
    assert image.get_attribute("src") == links.nth(0).get_attribute("href")
    assert image.get_attribute("alt") == "会場の様子その1"
    for name in ("前へ", "次へ", "閉じる"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, name
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".lightbox-count").inner_text() == "2 / 3"
    assert "キャプション2" in dialog.locator(".lightbox-caption").inner_text()
    assert "2 / 3" in dialog.locator("[aria-live]").inner_text()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps to the last photo
    assert dialog.locator(".lightbox-count").inner_text() == "3 / 3"
    page.keyboard.press("Tab")  # focus stays inside the modal dialog
    assert page.evaluate("document.querySelector('dialog').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate(
        "document.activeElement === document.querySelectorAll('a.gallery-link')[2]"
    ), active(page)
    page.get_by_role("link", name="会場の様子その2").click()
    assert dialog.locator(".lightbox-count").inner_text() == "2 / 3"
    page.get_by_role("button", name="閉じる").click()
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate(
        "document.activeElement === document.querySelectorAll('a.gallery-link')[1]"
    )
    assert problems == []


@pytest.mark.browser
def test_swipe_and_english_labels(browser: Any, tmp_path: Path) -> None:
    labels = {"previous": "Previous", "next": "Next", "close": "Close", "photos": "Photos"}
    page, problems = open_page(browser, render_page(tmp_path, labels), has_touch=True)
    page.locator("a.gallery-link").first.click()
    assert page.get_by_role("button", name="Next").is_visible()
    assert page.get_by_role("dialog", name="Photos").is_visible()
    page.evaluate(
        """() => {
        const d = document.querySelector('dialog');
        const t = (x) => new Touch({identifier: 1, target: d, clientX: x, clientY: 200});
        d.dispatchEvent(new TouchEvent('touchstart', {touches: [t(300)], bubbles: true}));
        d.dispatchEvent(new TouchEvent('touchend', {changedTouches: [t(150)], bubbles: true}));
        }"""
    )
    assert page.locator(".lightbox-count").inner_text() == "2 / 3"
    assert problems == []


@pytest.mark.browser
def test_without_javascript_thumbnails_link_to_the_large_image(browser, tmp_path) -> None:
    page, _ = open_page(browser, render_page(tmp_path), java_script_enabled=False)
    href = page.locator("a.gallery-link").first.get_attribute("href")
    page.locator("a.gallery-link").first.click()
    assert page.url.endswith(href)
