"""One report, read as ``build`` reads it, for every export format.

The same stage calls as build and check (settings, the loader, the photo stage with its
cache, the render stage's Renderer), limited to the one report: another report's errors do
not stop its export. What it returns is plain data: the model, the renditions and the
report as a standalone page tree (every link relative, nothing outside it), which the zip
writes as is and the PDF prints.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from seminar_site.content.markdown_images import published_image
from seminar_site.content.parallel import load_entries
from seminar_site.content.site import ContentRecord, Loading, assemble, report_dirs
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.i18n import _
from seminar_site.model import REPORTS_DIR, Report, Site
from seminar_site.photos.plan import PhotoResult
from seminar_site.photos.stage import PhotoRecord, small_photo_warnings, update_photos
from seminar_site.pipeline.manifest import CACHE_DIR
from seminar_site.pipeline.materials import site_images, site_materials
from seminar_site.render.environment import make_environment
from seminar_site.render.feeds import atom_feed
from seminar_site.render.pages import Renderer, RenderInputs
from seminar_site.render.theme import build_assets, static_files
from seminar_site.settings.config import SiteConfig, load_config

PageSource = bytes | Path  # rendered bytes, or a file to copy


@dataclass(frozen=True)
class ExportInput:
    """What every export format starts from (docs/export.md)."""

    root: Path
    config: SiteConfig
    site: Site  # the site with this one report
    report: Report
    photos: Mapping[Path, PhotoResult]  # the renditions of this report's photos
    photo_cache: Path  # where their files are
    pages: Mapping[str, PageSource]  # the standalone tree: the page, the files it refers to
    warnings: tuple[SiteError, ...]
    page: str = "index.html"  # where the report page is in ``pages``


def load_export(
    root: Path,
    slug: str,
    *,
    base_url: str | None = None,
    strict: bool = False,
    workers: int | None = None,
    in_place: bool = False,
) -> ExportInput:
    """The report ``slug`` of the site at ``root``; SiteError/ContentErrors as build's.

    ``in_place``: the page where the site has it (``reports/SLUG/index.html``, its links as
    the site's), for the PDF, whose links become the site's public addresses
    (export/links.py); else at the top of its tree (``index.html``), for the zip."""
    config = load_config(root)
    if base_url is not None:
        config = config.with_base_url(base_url)
    folder = _report_folder(root, slug)
    loading = Loading((folder,), (folder,))
    loaded = load_entries(loading.stale, root, config, workers)
    result, _record = assemble(root, config, loading, loaded, ContentRecord(), strict)
    site = result.site
    report = site.reports[0]
    cache = root / CACHE_DIR / "photos"
    photos, _photo_record = update_photos(
        site, config.photos, cache, PhotoRecord(), frozenset(), workers
    )
    small = small_photo_warnings(site, photos, config.photos)
    if small and strict:
        raise ContentErrors(small)
    page = report.url_path + "index.html" if in_place else "index.html"
    pages = _page_tree(root, config, site, report, photos, cache, page)
    warnings = (*result.warnings, *small)
    return ExportInput(root, config, site, report, photos, cache, pages, warnings, page)


def _report_folder(root: Path, slug: str) -> Path:
    folders = {folder.name: folder for folder in report_dirs(root)}
    if slug in folders:
        return folders[slug]
    known = ", ".join(sorted(folders)) or "-"
    where = "content/" + REPORTS_DIR
    raise SiteError(
        _("there is no report '{slug}' in {folder}", slug=slug, folder=where),
        root / "content" / REPORTS_DIR,
        hint=_("write the name of a report's folder; the reports are: {known}", known=known),
    )


def _page_tree(
    root: Path,
    config: SiteConfig,
    site: Site,
    report: Report,
    photos: Mapping[Path, PhotoResult],
    cache: Path,
    page: str,
) -> dict[str, PageSource]:
    """The report page at ``page`` in its own tree, with the files it refers to."""
    assets = build_assets(static_files(root))
    env = make_environment(root, config)
    renderer = Renderer(env, RenderInputs(config, assets, photos, share_image=site.social_image))
    tree: dict[str, PageSource] = dict(assets.files)
    for result in photos.values():
        for path, name in result.published().items():
            tree[path] = cache / name
    for material in site_materials(site):
        if material.source is not None:
            tree[material.published] = material.source
    for image in site_images(site):
        assert image.source is not None
        tree[image.published] = published_image(image.source)[0]
    tree["feed.xml"] = atom_feed(site)
    # Alone, the page has no list of reports beside it: its 「ホーム」 and 「レポート一覧」
    # lead to the published site, or are left out without base_url (never to itself).
    tree[page] = renderer.report_page(report, page_path=page, home=config.base_url)
    return dict(sorted(tree.items()))


def write_tree(folder: Path, pages: Mapping[str, PageSource]) -> None:
    """Write ``pages`` into ``folder`` (which exists): for a format that needs real files."""
    for path, source in pages.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
        os.chmod(target, 0o644)
