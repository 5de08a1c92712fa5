"""A combined stage for speed: load the reports, and render the pages that need no photos
in the same workers.

The page of a report without photos (``Report.page_photos()`` is empty) needs nothing the
photo stage makes, unless its sharing card is the site's share image: so the worker that
has just loaded such a report renders its page too, with a renderer that has no photos at
all: a page that asked for one would fail, not read a stale one. A text-only site is then
loaded and rendered in one round of workers instead of two. The render stage takes such a
page only when its fingerprint is the one it wants; a test compares a build made this way
with one that renders every page in the render stage.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.parallel import Loaded, ReportEntry, fork_workers, load_entries, load_one
from seminar_site.content.site import (
    ContentRecord,
    LoadedSite,
    assemble,
    counted_pages,
    plan_loading,
)
from seminar_site.errors import SiteError
from seminar_site.render.pages import Renderer
from seminar_site.render.stage import PageKeys, RenderedPage
from seminar_site.settings.config import SiteConfig
from seminar_site.system.workers import run_forked


def load_with_text_pages(
    root: Path,
    config: SiteConfig,
    strict: bool,
    previous: ContentRecord,
    scanned: Mapping[str, list[int] | None] | None,
    renderer: Renderer,
    keys: PageKeys,
    workers: int | None = None,
) -> tuple[LoadedSite, ContentRecord, dict[str, RenderedPage]]:
    """Like ``content.site.load_site``, plus the pages rendered on the way (by page path).

    ``renderer`` must have no photos: only pages that need none are rendered here.
    """
    assert not renderer.inputs.photos, "early pages are rendered without photos"
    loading = plan_loading(root, previous, scanned)
    counted = counted_pages(loading, previous)
    cores = fork_workers(len(loading.stale), workers)
    pages: dict[str, RenderedPage] = {}
    if cores:
        markdown = MarkdownRenderer(config.trusted_html, language=config.language)
        failed: set[str] = set()  # each process's own copy: after a template error there,
        # it renders no more (the render stage renders those pages and reports the error)
        jobs = [
            functools.partial(
                _load_and_render,
                folder,
                root,
                config,
                markdown,
                renderer,
                keys,
                failed,
                counted.get(folder),
            )
            for folder in loading.stale
        ]
        loaded: list[Loaded] = []
        for entry, page in run_forked(jobs, cores):
            loaded.append(entry)
            if page is not None:
                assert isinstance(entry, ReportEntry)
                pages[entry.report.url_path + "index.html"] = page
    else:
        loaded = load_entries(loading.stale, root, config, workers, counted)
    site, record = assemble(root, config, loading, loaded, previous, strict)
    return site, record, pages


def _load_and_render(
    folder: Path,
    root: Path,
    config: SiteConfig,
    markdown: MarkdownRenderer,
    renderer: Renderer,
    keys: PageKeys,
    failed: set[str],
    counted: Mapping[str, int] | None = None,
) -> tuple[Loaded, RenderedPage | None]:
    entry = load_one(folder, root, config, markdown, counted)
    if not isinstance(entry, ReportEntry) or entry.report.page_photos() or failed:
        return entry, None
    if config.social_image and config.base_url:
        return entry, None  # its card is the site's share image, which the photo stage makes
    try:
        html = renderer.report_page(entry.report)
    except SiteError as error:
        failed.add(error.message)
        return entry, None
    return entry, RenderedPage(keys.report(entry.report, entry.version, {}), html)
