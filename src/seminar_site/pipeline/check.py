"""`seminar-site check`: what `build` would refuse, and lints, with nothing written.

The errors are build's own: the same stage calls (settings, the site loader, the photos'
verification of :func:`seminar_site.photos.worker.inspect_photo`, the render stage), so that
``check`` and ``build`` cannot disagree (tests/test_check_equals_build.py). What ``check``
adds are lints, which are warnings like build's own: the text rules of
:mod:`seminar_site.rules` (docs/text-rules.md; some findings are softer notes), internal
links of the would-be pages (files and #fragments) that lead nowhere, and reports whose
pages have no sharing card.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from seminar_site.content.rewrites import Rewrite
from seminar_site.content.site import ContentRecord, load_site
from seminar_site.content.site_image import reports_without_share_image
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.model import Site
from seminar_site.photos.plan import PhotoError, PhotoJob, PhotoResult, plan
from seminar_site.photos.stage import (
    photo_sources,
    require_supported_formats,
    small_photo_warnings,
)
from seminar_site.photos.worker import cached_result, inspect_photo, read_source
from seminar_site.pipeline.link_places import BrokenLink, locate
from seminar_site.pipeline.links import page_links
from seminar_site.pipeline.manifest import CACHE_DIR
from seminar_site.pipeline.materials import site_images, site_materials
from seminar_site.pipeline.record import PREVIEW_FOLDER, global_key, load_record, record_path
from seminar_site.render.environment import make_environment
from seminar_site.render.pages import Renderer, RenderInputs
from seminar_site.render.stage import PageKeys, PageRecord, Pages, render_pages
from seminar_site.render.templates import TemplateRecord, template_versions
from seminar_site.render.theme import Assets, build_assets, static_files
from seminar_site.rules.engine import text_findings
from seminar_site.settings.config import SITE_FILE, load_config
from seminar_site.settings.renditions import RenditionSettings


@dataclass(frozen=True)
class CheckReport:
    """``errors``: what build would refuse (with ``strict``, every warning too); ``warnings``:
    build's warnings (missing alt text …) and check's lints. Both sorted by location.
    ``rewrites``: the dates the build shows written out (``--explain-rewrites``).
    ``notes``: the text rules' softer findings (never errors, even with ``strict``)."""

    errors: tuple[SiteError, ...]
    warnings: tuple[SiteError, ...]
    rewrites: tuple[Rewrite, ...] = ()
    notes: tuple[SiteError, ...] = ()


def check(
    root: Path, base_url: str | None = None, strict: bool = False, use_record: bool = True
) -> CheckReport:
    """Every problem build would meet at ``root``: build's stage calls in build's order, so
    that it stops where build stops, and the lints of what was read by then.

    ``use_record``: take the reports that the last ``build`` (into ``_site``, or the preview
    of ``serve``) loaded with the same settings, and whose files are unchanged since, from its
    record (with the warnings and rewrites that loading gave), as that build's next run
    would; read the others.
    tests/test_check_record.py holds that this changes no finding."""
    warnings: list[SiteError] = []
    rewrites: tuple[Rewrite, ...] = ()
    notes: tuple[SiteError, ...] = ()
    try:
        config = load_config(root)
        if base_url is not None:
            config = config.with_base_url(base_url)
        assets = build_assets(static_files(root))
        env = make_environment(root, config, root / CACHE_DIR / "jinja", read_only=True)
        keys = PageKeys.of("check", assets, template_versions(env, root, TemplateRecord()))
        previous = _recorded_content(root, base_url, strict) if use_record else None
        loaded, content = load_site(root, config, strict=strict, previous=previous)
        warnings += loaded.warnings
        rewrites = loaded.rewrites
        findings = text_findings(loaded.site)  # public-sector text rules (seminar_site.rules)
        warnings += findings.warnings
        notes = findings.notes
        photos = verify_photos(loaded.site, config.photos, root / CACHE_DIR / "photos")
        warnings += small_photo_warnings(loaded.site, photos, config.photos)
        warnings += reports_without_share_image(loaded.site)  # a lint: pages still build
        renderer = Renderer(env, RenderInputs(config, assets, photos, "", loaded.site.social_image))
        pages = render_pages(
            loaded.site, renderer, keys, photos, content.versions(), PageRecord(), {}
        )
        published = {m.published for m in site_materials(loaded.site)}  # and posters
        published |= {image.published for image in site_images(loaded.site)}
        warnings += _broken_links(pages, assets, photos, loaded.site, published)
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
        tuple(sorted(rewrites, key=lambda r: (str(r.path), r.line, r.col))),
        notes,
    )


def _recorded_content(root: Path, base_url: str | None, strict: bool) -> ContentRecord:
    """The content slice of the newest record of a build with the same settings and code
    (build's own key): a ``build`` into ``ROOT/_site`` or the preview of ``serve``; else an
    empty one. Read, never written."""
    found = []
    for out in (root / "_site", root / CACHE_DIR / PREVIEW_FOLDER):
        path = record_path(root, out)
        with contextlib.suppress(OSError):
            found.append((path.stat().st_mtime_ns, path))
    if not found:
        return ContentRecord()  # never built: no key to compute (it reads the package)
    key = global_key(root, root / SITE_FILE, base_url, strict, CACHE_DIR)
    for _written, path in sorted(found, reverse=True):
        record = load_record(path)
        if record.key == key:
            return record.content
    return ContentRecord()


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
    for path, wants in sources.items():
        try:
            data, digest = read_source(str(path))
            job = PhotoJob.wanting(str(path), digest, settings, wants)
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
    pages: Pages,
    assets: Assets,
    photos: Mapping[Path, PhotoResult],
    site: Site,
    materials: set[str],
) -> list[SiteError]:
    """Internal links of the would-be HTML pages that lead to no file of the site, said where
    they are written (pipeline/link_places.py)."""
    files = set(pages.files) | set(assets.files) | materials
    for result in photos.values():
        files |= set(result.published())
    html = {path: page for path, page in pages.files.items() if path.endswith(".html")}
    return locate(check_links(html, files, urlsplit(site.config.base_url).path or "/"), site)


def check_links(pages: dict[str, bytes], files: set[str], base_path: str = "/") -> list[BrokenLink]:
    """Links and image sources of ``pages`` that lead to no file (or no #id) of the site.

    ``base_path`` is the site's path on its server (from base_url): ``/x`` links are read
    relative to it.
    """
    parsed = {path: page_links(html) for path, html in pages.items()}
    problems: list[BrokenLink] = []
    for page, links in parsed.items():
        for url in links.urls:
            target, fragment = _resolve(page, url, base_path)
            if target is None:
                continue
            if target not in files and target + "/index.html" in files:
                target += "/index.html"
            if target not in files:
                problems.append(BrokenLink(page, url))
            elif fragment and target in parsed and fragment not in parsed[target].ids:
                problems.append(BrokenLink(page, url, fragment))
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
