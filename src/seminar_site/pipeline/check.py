"""`seminar-site check`: what `build` would refuse, and lints, with nothing written.

The errors are build's own: the same stage calls (settings, the site loader, the photos'
verification of :func:`seminar_site.photos.worker.inspect_photo`, the render stage), so that
``check`` and ``build`` cannot disagree (tests/test_check_equals_build.py). What ``check``
adds are lints, which are warnings like build's own: full-width letters and digits, and
internal links of the would-be pages (files and #fragments) that lead nowhere.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from seminar_site.content.site import load_site
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.model import Site
from seminar_site.photos.plan import PhotoError, PhotoJob, PhotoResult, plan
from seminar_site.photos.stage import photo_sources, require_supported_formats
from seminar_site.photos.worker import cached_result, inspect_photo, read_source
from seminar_site.pipeline.manifest import CACHE_DIR
from seminar_site.render.environment import make_environment
from seminar_site.render.pages import Renderer, RenderInputs
from seminar_site.render.stage import PageKeys, PageRecord, Pages, render_pages
from seminar_site.render.templates import TemplateRecord, template_versions
from seminar_site.render.theme import Assets, build_assets, static_files
from seminar_site.settings.config import SiteConfig, load_config
from seminar_site.settings.renditions import RenditionSettings

_URL_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True)
class CheckReport:
    """``errors``: what build would refuse (with ``strict``, every warning too); ``warnings``:
    build's warnings (missing alt text …) and check's lints. Both sorted by location."""

    errors: tuple[SiteError, ...]
    warnings: tuple[SiteError, ...]


def check(root: Path, base_url: str | None = None, strict: bool = False) -> CheckReport:
    """Every problem build would meet at ``root``: build's stage calls in build's order, so
    that it stops where build stops, and the lints of what was read by then."""
    warnings: list[SiteError] = []
    try:
        config = load_config(root)
        if base_url is not None:
            config = config.with_base_url(base_url)
        assets = build_assets(static_files(root))
        env = make_environment(root, config)
        keys = PageKeys.of("check", assets, template_versions(env, root, TemplateRecord()))
        loaded, content = load_site(root, config, strict=strict)
        warnings += loaded.warnings
        warnings += full_width_alphanumerics(loaded.site)
        photos = verify_photos(loaded.site, config.photos, root / CACHE_DIR / "photos")
        renderer = Renderer(env, RenderInputs(config, assets, photos))
        pages = render_pages(
            loaded.site, renderer, keys, photos, content.versions(), PageRecord(), {}
        )
        warnings += _broken_links(pages, assets, photos, config)
        errors: list[SiteError] = []
    except ContentErrors as found:
        errors = list(found.errors)
    except SiteError as error:
        errors = [error]
    if strict:
        errors, warnings = errors + warnings, []
    return CheckReport(
        tuple(sorted(errors, key=SiteError.sort_key)),
        tuple(sorted(warnings, key=SiteError.sort_key)),
    )


def verify_photos(site: Site, settings: RenditionSettings, cache: Path) -> dict[Path, PhotoResult]:
    """The renditions each photo would get: the cache's record when it has one (build would
    not decode that photo either), otherwise planned after :func:`inspect_photo`, the
    verification build's worker makes. ContentErrors with every photo build would refuse,
    each at the photo's path, as build reports it."""
    sources = photo_sources(site)
    if sources:
        require_supported_formats(settings)
    results: dict[Path, PhotoResult] = {}
    errors: list[SiteError] = []
    for path, social in sources.items():
        try:
            data, digest = read_source(str(path))
            job = PhotoJob(str(path), digest, settings, social)
            cached = cached_result(job, cache)
            if cached is None:
                cached = plan(job, *inspect_photo(str(path), data))
            results[path] = cached
        except PhotoError as error:
            errors.append(error)
    if errors:
        raise ContentErrors(errors)
    return results


def _broken_links(
    pages: Pages, assets: Assets, photos: Mapping[Path, PhotoResult], config: SiteConfig
) -> list[SiteError]:
    """Internal links of the would-be HTML pages that lead to no file of the site."""
    files = set(pages.files) | set(assets.files)
    for result in photos.values():
        files |= set(result.published())
    html = {path: page for path, page in pages.files.items() if path.endswith(".html")}
    return check_links(html, files, urlsplit(config.base_url).path or "/")


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
