"""`seminar-site check`: every problem a build would meet or make, with nothing written.

Content errors and warnings (missing alt text …), photos that cannot be read, and internal
links of the would-be output (files and #fragments) are all returned as located problems.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from seminar_site.content.site import load_site
from seminar_site.errors import SiteError
from seminar_site.model import Site
from seminar_site.photos.plan import (
    HEIF_SUFFIXES,
    PhotoError,
    PhotoJob,
    PhotoResult,
    plan,
)
from seminar_site.photos.stage import photo_sources
from seminar_site.photos.worker import cached_result, looks_like_heif, register_heif, upright_size
from seminar_site.pipeline.manifest import CACHE_DIR
from seminar_site.render.environment import make_environment
from seminar_site.render.pages import Renderer, RenderInputs
from seminar_site.render.theme import build_assets, static_files
from seminar_site.settings.config import load_config
from seminar_site.settings.renditions import RenditionSettings

_URL_ATTRIBUTES = {"href", "src"}


def check_site(root: Path, base_url: str | None = None) -> list[SiteError]:
    """All problems found (empty when the site is fine); content errors are raised."""
    config = load_config(root)
    if base_url is not None:
        config = config.with_base_url(base_url)
    loaded, _record = load_site(root, config, strict=False)
    site = loaded.site
    problems: list[SiteError] = list(loaded.warnings)
    problems += full_width_alphanumerics(site)
    photos = _plan_photos(site, config.photos, root / CACHE_DIR / "photos", problems)
    if len(photos) < len(photo_sources(site)):
        return sorted(problems, key=SiteError.sort_key)
    assets = build_assets(static_files(root))
    renderer = Renderer(make_environment(root, config), RenderInputs(config, assets, photos))
    pages = {"index.html": renderer.index_page(site), "404.html": renderer.not_found_page()}
    for report in site.reports:
        pages[report.url_path + "index.html"] = renderer.report_page(report)
    files = set(pages) | set(assets.files) | {"sitemap.xml", "robots.txt", "feed.xml"}
    for result in photos.values():
        files |= set(result.published())
    problems += check_links(pages, files, urlsplit(config.base_url).path or "/")
    return sorted(problems, key=SiteError.sort_key)


_FULL_WIDTH = re.compile(r"[Ａ-Ｚａ-ｚ０-９]+")
_TO_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}


def full_width_alphanumerics(site: Site) -> list[SiteError]:
    """Full-width ASCII letters and digits in content (R29): screen readers and search treat
    them differently from the half-width ones readers expect, e.g. ＤＸ or ２０２１."""
    found: list[SiteError] = []
    for report in site.reports:
        for path in sorted(report.source_dir.rglob("*")):
            if path.suffix.lower() not in (".yaml", ".yml", ".md") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                for match in _FULL_WIDTH.finditer(line):
                    found.append(
                        SiteError(
                            f"full-width letters or digits '{match.group()}'",
                            path,
                            number,
                            match.start() + 1,
                            hint="write them half-width: "
                            + match.group().translate(_TO_HALF_WIDTH),
                        )
                    )
    return found


def _plan_photos(
    site: Site, settings: RenditionSettings, cache: Path, problems: list[SiteError]
) -> dict[Path, PhotoResult]:
    """The renditions each photo would get (from the cache, or planned from its header)."""
    from PIL import Image

    results: dict[Path, PhotoResult] = {}
    for path, social in photo_sources(site).items():
        try:
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            job = PhotoJob(str(path), digest, settings, social)
            cached = cached_result(job, cache)
            if cached is not None:
                results[path] = cached
                continue
            if path.suffix.lower() in HEIF_SUFFIXES or looks_like_heif(data[:12]):
                register_heif()
            with Image.open(path) as im:
                width, height, _orientation = upright_size(im)
                im.verify()
            results[path] = plan(job, width, height)
        except PhotoError as error:
            problems.append(error)
        except Exception as exc:  # Pillow raises many types for broken files
            problems.append(PhotoError(f"cannot read the photo ({exc})", path))
    return results


def check_links(pages: dict[str, bytes], files: set[str], base_path: str = "/") -> list[SiteError]:
    """Links and image sources of ``pages`` that lead to no file (or no #id) of the site.

    ``base_path`` is the site's path on its server (from base_url): ``/x`` links are read
    relative to it.
    """
    parsed = {path: _Links.of(html) for path, html in pages.items()}
    problems: list[SiteError] = []
    for page, links in parsed.items():
        for url in links.urls:
            target, fragment = _resolve(page, url, base_path)
            if target is None:
                continue
            if target not in files and target + "/index.html" in files:
                target += "/index.html"
            if target not in files:
                problems.append(SiteError(f"{page}: link to '{url}' leads to no file of the site"))
            elif fragment and target in parsed and fragment not in parsed[target].ids:
                problems.append(
                    SiteError(f"{page}: link to '{url}': no element with id '{fragment}'")
                )
    return problems


def _resolve(page: str, url: str, base_path: str) -> tuple[str | None, str]:
    """The site path ``url`` points to from ``page``; None for external links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "tel:", "data:")):
        return None, ""
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment
    base = posixpath.dirname(page)
    link = unquote(parts.path)
    if link.startswith("/"):
        if not link.startswith(base_path):
            return f"(outside the site) {url}", fragment
        base, link = "", link[len(base_path) :]
    path = posixpath.normpath(posixpath.join(base, link))
    if path.startswith("../") or path == "..":
        return f"(outside the site) {url}", fragment
    if parts.path.endswith("/"):
        path = posixpath.join(path, "index.html") if path != "." else "index.html"
    return path, fragment


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    @classmethod
    def of(cls, html: bytes) -> _Links:
        parser = cls()
        parser.feed(html.decode("utf-8"))
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in _URL_ATTRIBUTES and not (tag == "link" and _is_hint(attrs)):
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [item.strip().split()[0] for item in value.split(",") if item.strip()]


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    """<link rel=canonical/alternate> point at the public URL, not at a file here."""
    rel = dict(attrs).get("rel") or ""
    return any(word in rel.split() for word in ("canonical", "alternate", "preconnect"))
