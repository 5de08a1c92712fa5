"""The render stage: which pages need rendering, rendering them, and the site's feeds.

A page is rendered again when its inputs fingerprint changes (its report's version, its
photos' renditions, the templates it uses, the asset names, the options); otherwise the
file already published is carried over. The fingerprints are the page slice of the record.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from seminar_site.model import Photo, Report, Site
from seminar_site.photos.plan import PhotoResult
from seminar_site.render.feeds import atom_feed, robots, robots_belongs, sitemap
from seminar_site.render.pages import Renderer
from seminar_site.render.templates import (
    INDEX_TEMPLATE,
    NOT_FOUND_TEMPLATE,
    PAGE_TEMPLATES,
    REPORT_TEMPLATE,
    TemplateRecord,
)
from seminar_site.render.theme import Assets
from seminar_site.system.workers import can_fork, run_forked


@dataclass(frozen=True)
class PageKeys:
    """Fingerprints of the pages' inputs: a page is rendered again when its key changes."""

    common: str  # the settings and code (the record's key), the asset names, the options
    templates: TemplateRecord

    @classmethod
    def of(
        cls, key: str, assets: Assets, templates: TemplateRecord, reload_script: str = ""
    ) -> PageKeys:
        return cls(_hash([key, sorted(assets.names.items()), reload_script]), templates)

    def report(
        self,
        report: Report,
        version: str,
        photos: Mapping[Path, PhotoResult],
        share: Photo | None = None,
    ) -> str:
        """``share``: the site's share image, the card of a report without a photo of its own
        (its path and alt text are site.yaml's, whose change renders every page anyway)."""
        card = report.social_image if report.social_image is not None else share
        used = [_photo_key(photos, p) for p in (*report.photos, card)]
        return _hash([self.common, self.templates.version(REPORT_TEMPLATE), version, used])


@dataclass(frozen=True)
class RenderedPage:
    """A page rendered ahead of the render stage, with the fingerprint it was rendered for."""

    fingerprint: str
    html: bytes


@dataclass(frozen=True)
class Pages:
    files: dict[str, bytes]  # pages rendered now, and the feeds
    carried: dict[str, str]  # unchanged pages: output path → digest of the published file
    fingerprints: dict[str, str]  # the page slice of the new record
    rendered: int

    def paths(self) -> list[str]:
        return sorted({*self.files, *self.carried})


@dataclass(frozen=True)
class PageRecord:
    """The page slice of the build record: output path → inputs fingerprint."""

    fingerprints: Mapping[str, str] = field(default_factory=dict)


def render_pages(
    site: Site,
    renderer: Renderer,
    keys: PageKeys,
    photos: Mapping[Path, PhotoResult],
    versions: Mapping[str, str],
    previous: PageRecord,
    published: Mapping[str, str],
    ready: Mapping[str, RenderedPage] | None = None,
) -> Pages:
    """Render the pages whose inputs changed; carry over the others.

    ``versions``: report slug → model version; ``published``: output path → digest of the
    file the output holds now (a page not there is rendered); ``ready``: pages rendered
    earlier in this build, taken when their fingerprint is the one wanted.
    """
    ready = ready or {}
    listing = [(r.slug, versions[r.slug], _photo_key(photos, r.social_image)) for r in site.reports]
    share = site.social_image
    listing.append(("", "", _photo_key(photos, share)))
    templates = keys.templates
    wanted: dict[str, tuple[str, Callable[[], bytes]]] = {
        "index.html": (
            _hash([keys.common, templates.version(INDEX_TEMPLATE), listing]),
            lambda: renderer.index_page(site),
        ),
        "404.html": (
            _hash([keys.common, templates.version(NOT_FOUND_TEMPLATE)]),
            renderer.not_found_page,
        ),
    }
    for report in site.reports:
        wanted[report.url_path + "index.html"] = (
            keys.report(report, versions[report.slug], photos, share),
            functools.partial(renderer.report_page, report),
        )
    carried: dict[str, str] = {}
    files: dict[str, bytes] = {"sitemap.xml": sitemap(site), "feed.xml": atom_feed(site)}
    if robots_belongs(site.config.base_url):
        files["robots.txt"] = robots(site)
    todo: dict[str, Callable[[], bytes]] = {}
    rendered = 0
    for path, (fingerprint, render) in wanted.items():
        digest = published.get(path)
        page = ready.get(path)
        if previous.fingerprints.get(path) == fingerprint and digest is not None:
            carried[path] = digest
        elif page is not None and page.fingerprint == fingerprint:
            files[path] = page.html
            rendered += 1
        else:
            todo[path] = render
    files.update(_render_all(todo, renderer.env))
    fingerprints = {path: fingerprint for path, (fingerprint, _) in wanted.items()}
    return Pages(files, carried, fingerprints, rendered + len(todo))


PARALLEL_RENDER_FROM = 64  # pages to render before forking workers pays for itself


def _render_all(todo: dict[str, Callable[[], bytes]], env: jinja2.Environment) -> dict[str, bytes]:
    """Render ``todo``; many pages on several cores (a cold build of a large site)."""
    cores = os.cpu_count() or 1
    if len(todo) < PARALLEL_RENDER_FROM or cores < 2 or not can_fork():
        return {path: render() for path, render in todo.items()}
    for name in PAGE_TEMPLATES:
        # Compiled once here and inherited by the workers; an error in a template is
        # reported with its location when a page using it is rendered.
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)
    return dict(zip(todo, run_forked(list(todo.values()), cores), strict=True))


def _photo_key(photos: Mapping[Path, PhotoResult], photo: Photo | None) -> Any:
    if photo is None or photo.source not in photos:
        return None
    result = photos[photo.source]
    return (result.sidecar, result.social.filename if result.social else "")


def _hash(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()
