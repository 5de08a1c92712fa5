"""Chromium, driven by Playwright, printing one local page to PDF with nothing from outside.

The engine of the PDF export (docs/export.md says why Chromium): Debian's chromium (or the
one ``SEMINAR_SITE_CHROMIUM`` names), never a browser Playwright downloads. Every request
that is not a local file is refused, so a PDF is made offline and shows only what the
report's own folder holds.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seminar_site.errors import SiteError
from seminar_site.i18n import _

log = logging.getLogger(__name__)

CHROMIUM_ENV = "SEMINAR_SITE_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
# Headless, possibly as root in a container, never talking to Google's services.
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]
_TIMEOUT_MS = 120_000

# Lazy photos load now; then wait for every image and web font.
_SETTLE = """async () => {
    const images = Array.from(document.images);
    for (const image of images) image.loading = 'eager';
    await Promise.all(images.map(image => image.complete ? null : new Promise(done => {
        image.addEventListener('load', done, {once: true});
        image.addEventListener('error', done, {once: true});
    })));
    await document.fonts.ready;
    return images.filter(image => !image.naturalWidth).map(image => image.src);
}"""


@dataclass(frozen=True)
class PrintJob:
    """What to print: a local page, the CSS added to it once it has loaded (a function: the
    fonts it names may still be in the making), its language."""

    page: Path
    css: Callable[[], str]
    locale: str = "ja-JP"


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    blocked: tuple[str, ...]  # outside addresses the page asked for (not loaded)
    broken_images: tuple[str, ...]  # images that did not load


def chromium_path() -> Path:
    """The Chromium to run: ``SEMINAR_SITE_CHROMIUM``, else the first one on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise SiteError(
            _("SEMINAR_SITE_CHROMIUM names no Chromium program that can be run"),
            hint=_(
                "set SEMINAR_SITE_CHROMIUM to the chromium program (for example "
                "/usr/bin/chromium), or remove it to use the chromium on PATH"
            ),
        )
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise SiteError(
        _("the PDF export needs Chromium, which was not found"),
        hint=_(
            "install it (Debian: 'apt-get install chromium') or set SEMINAR_SITE_CHROMIUM "
            "to the chromium program"
        ),
    )


def check_engine() -> Path:
    """The Chromium to run, once Playwright is known to be there: a missing piece is an
    error before any work is done."""
    executable = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise SiteError(
            _("the PDF export needs the Python package playwright"),
            hint=_("install seminar-site with its PDF extra: pip install 'seminar-site[pdf]'"),
        ) from exc
    return executable


def print_pdf(job: PrintJob, executable: Path) -> Printed:
    """Load ``job.page`` in Chromium, offline, and print it to an A4 PDF with bookmarks
    (one per heading) and tags."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(executable), args=_ARGS)
            try:
                return _print(browser, job)
            finally:
                browser.close()
    except Error as exc:
        log.debug("chromium failed: %s", exc)
        raise SiteError(
            _("Chromium stopped before the PDF was made"),
            hint=_(
                "check that the chromium program starts ('chromium --version'); run again "
                "with --debug to see its own message"
            ),
        ) from exc


def _print(browser: Any, job: PrintJob) -> Printed:
    context = browser.new_context(locale=job.locale, service_workers="block")
    blocked: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort("blockedbyclient")

    try:
        context.set_default_timeout(_TIMEOUT_MS)
        context.route("**/*", route)
        page = context.new_page()
        page.goto(job.page.resolve().as_uri(), wait_until="load")
        page.add_style_tag(content=job.css())
        page.emulate_media(media="print")
        broken = page.evaluate(_SETTLE)
        pdf = page.pdf(
            format="A4",
            prefer_css_page_size=True,
            print_background=True,
            outline=True,
            tagged=True,
        )
    finally:
        context.close()
    if blocked:
        log.info("not loaded (the PDF is made offline): %s", ", ".join(blocked))
    return Printed(pdf, tuple(blocked), tuple(broken))
