"""The orchestrator: load → validate → model → photos → render → write, as stage calls."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site.config import SiteConfig, load_config
from seminar_site.errors import SiteError
from seminar_site.feeds import atom_feed, robots, sitemap
from seminar_site.images import PhotoResult
from seminar_site.loader import load_site
from seminar_site.manifest import Manifest
from seminar_site.model import Site
from seminar_site.output import (
    FileSource,
    WriteResult,
    check_output_location,
    clean_leftovers,
    write_site,
)
from seminar_site.photos import process_photos
from seminar_site.render import PHOTOS_DIR, Renderer, RenderInputs, make_environment
from seminar_site.theme import Assets, build_assets, static_files

log = logging.getLogger(__name__)

CACHE_DIR = ".seminar-cache"


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    strict: bool = False
    workers: int | None = None
    progress: bool | None = None
    reload_script: str = ""


@dataclass(frozen=True)
class BuildReport:
    pages: int
    photos: int
    decoded: int
    seconds: float
    write: WriteResult
    warnings: list[SiteError] = field(default_factory=list)


def build(options: BuildOptions) -> BuildReport:
    """Build the site at ``options.root`` into ``options.out``; raise SiteError on user errors."""
    started = time.perf_counter()
    config = _config(options)
    check_output_location(options.out, options.root)
    clean_leftovers(options.out)
    site, warnings = load_site(options.root, config, strict=options.strict)
    photos = process_photos(
        photo_sources(site),
        config.photos,
        options.root / CACHE_DIR / "photos",
        workers=options.workers,
        progress=options.progress,
    )
    assets = build_assets(static_files(options.root))
    pages = render_pages(site, assets, photos, options.reload_script)
    files = {**pages, **assets.files, **photo_files(photos, options.root / CACHE_DIR / "photos")}
    manifest = Manifest.load(options.root / CACHE_DIR, options.out)
    result, digests = write_site(options.out, files, manifest.digests)
    manifest.save(digests)
    return BuildReport(
        pages=len([p for p in pages if p.endswith(".html")]),
        photos=len(photos),
        decoded=sum(1 for r in photos.values() if r.decoded),
        seconds=time.perf_counter() - started,
        write=result,
        warnings=warnings,
    )


def _config(options: BuildOptions) -> SiteConfig:
    config = load_config(options.root)
    return config.with_base_url(options.base_url) if options.base_url is not None else config


def photo_sources(site: Site) -> list[tuple[Path, bool]]:
    sources: list[tuple[Path, bool]] = []
    for report in site.reports:
        social = report.social_image.source if report.social_image else None
        sources.extend((photo.source, photo.source == social) for photo in report.photos)
        if social is not None and all(p.source != social for p in report.photos):
            sources.append((social, True))
    return sources


def photo_files(photos: dict[Path, PhotoResult], cache: Path) -> dict[str, FileSource]:
    files: dict[str, FileSource] = {}
    for result in photos.values():
        for name in sorted(result.filenames()):
            files[f"{PHOTOS_DIR}/{name}"] = cache / name
    return files


def render_pages(
    site: Site, assets: Assets, photos: dict[Path, PhotoResult], reload_script: str = ""
) -> dict[str, FileSource]:
    root = site.root
    renderer = Renderer(make_environment(root), RenderInputs(site, assets, photos, reload_script))
    pages: dict[str, FileSource] = {
        "index.html": renderer.index_page(),
        "404.html": renderer.not_found_page(),
        "sitemap.xml": sitemap(site),
        "robots.txt": robots(site),
        "feed.xml": atom_feed(site),
    }
    for report in site.reports:
        pages[report.url_path + "index.html"] = renderer.report_page(report)
    return pages
