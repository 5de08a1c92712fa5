#!/usr/bin/env python3
"""Full-page screenshots of the bundled site's pages at phone and desktop widths.

Builds the site of this checkout (or --site DIR, already built) into a temporary folder,
opens each page from file:// in Debian's chromium through Playwright (no download: the
browser is ``$SEMINAR_SITE_CHROMIUM`` or /usr/bin/chromium), waits for the fonts and every
image, and saves ``<page>-<width>.jpg`` into --out (default docs/images/). JPEG, so that a
long phone page stays a few hundred KB.

  .venv/bin/python tools/screenshots.py [--out DIR] [--width 390 --width 1366] [PAGE ...]

PAGE is a path of the built site, e.g. reports/2025-dx-symposium/index.html (default: that
report).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("SEMINAR_SITE_CHROMIUM", "/usr/bin/chromium"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["reports/2025-dx-symposium/index.html"])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    parser.add_argument("--width", type=int, action="append", dest="widths")
    parser.add_argument("--site", type=Path, default=None, help="a built site (default: build)")
    args = parser.parse_args()
    widths = args.widths or [390, 1366]
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            command = [sys.executable, "-m", "seminar_site", "build", "--root", str(REPO)]
            subprocess.run([*command, "--out", str(site), "--quiet"], check=True)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM))
            for page_path in args.pages:
                for width in widths:
                    shot = _shoot(browser, site / page_path, width)
                    name = Path(page_path).parent.name or "index"
                    target = args.out / f"{name}-{width}.jpg"
                    target.write_bytes(shot)
                    shown = (
                        target.relative_to(Path.cwd())
                        if target.is_relative_to(Path.cwd())
                        else target
                    )
                    print(f"{shown}: {len(shot) // 1024} KB")
            browser.close()


def _shoot(browser: object, page_file: Path, width: int) -> bytes:
    phone = width < 800
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 844 if phone else 768},
        device_scale_factor=1,
        locale="ja-JP",
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    page.evaluate(  # lazy images: bring each into view so that it loads
        """async () => {
          for (const img of document.images) { img.loading = "eager"; }
          await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
        }"""
    )
    shot: bytes = page.screenshot(full_page=True, type="jpeg", quality=70)
    context.close()
    return shot


if __name__ == "__main__":
    main()
