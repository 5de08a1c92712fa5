"""Every gallery photo loads a file at least as wide as Chromium draws it (R12).

The justified rows draw a photo alone at the end of a row far wider than one of three, so
each photo's ``sizes`` is worked out from the rows at build time (render/gallery.py). Here
Debian's Chromium picks from the srcset, and the file it chose (``currentSrc``, its width
read from the srcset) must cover the drawn width times the device pixel ratio, unless it is
the largest file there is (a photo is never made larger than it is). The bundled report and
the layout test site's photos of every shape, at a phone's and a laptop's width.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import REPORT_SLUG
from tests.browser.test_layout import SLUG, make_layout_site

# For each gallery image: its drawn width, the width of the file it shows, the widest it has.
CHOSEN_JS = r"""
async () => {
  const imgs = [...document.querySelectorAll(".gallery img")];
  for (const img of imgs) img.loading = "eager";
  await Promise.all(imgs.map((img) => img.decode().catch(() => null)));
  return imgs.map((img) => {
    const source = img.parentElement.querySelector("source");
    const sets = [img.srcset, source ? source.srcset : ""].join(",");
    const widths = new Map();
    for (const part of sets.split(",")) {
      const [url, descriptor] = part.trim().split(/\s+/);
      if (url) widths.set(new URL(url, document.baseURI).href, parseInt(descriptor, 10));
    }
    const candidates = (img.currentSrc.endsWith(".jpg") ? img.srcset : source.srcset)
      .split(",").map((part) => parseInt(part.trim().split(/\s+/)[1], 10));
    return {drawn: img.getBoundingClientRect().width, src: img.currentSrc,
            chosen: widths.get(img.currentSrc) ?? -1, largest: Math.max(...candidates)};
  });
}
"""


@pytest.fixture(scope="module")
def layout_site_url(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    return serve(make_layout_site(tmp_path_factory.mktemp("gallery-sizes"), "ja"))


def chosen_files(browser: Any, url: str, width: int, ratio: int) -> list[dict[str, Any]]:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=ratio
    )
    try:
        page = context.new_page()
        page.goto(url)
        found: list[dict[str, Any]] = page.evaluate(CHOSEN_JS)
        return found
    finally:
        context.close()


@pytest.mark.parametrize("ratio", [1, 2])
@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("which", ["bundled", "layout"])
def test_every_photo_loads_a_file_as_wide_as_it_is_drawn(
    browser, site_url, layout_site_url, which, width, ratio
) -> None:
    if which == "bundled":
        url = f"{site_url}reports/{REPORT_SLUG}/index.html"
    else:
        url = f"{layout_site_url}reports/{SLUG}/index.html"
    photos = chosen_files(browser, url, width, ratio)
    assert len(photos) >= 6
    blurry = [
        p
        for p in photos
        if p["chosen"] < min(p["drawn"] * ratio, p["largest"]) - 0.5 or p["chosen"] < 0
    ]
    assert not blurry, f"at {width} px, DPR {ratio}, these load a narrower file: {blurry}"
