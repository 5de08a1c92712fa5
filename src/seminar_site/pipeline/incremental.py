"""Incremental builds: reuse what an earlier build loaded and rendered while its inputs hold.

What each output depended on is recorded in a :class:`State`:

* a report model ← the files its loading opened and the folders it listed (recorded by
  :func:`seminar_site.system.stamps.recording`, stamps taken before reading) and its photos' names;
* a photo's renditions ← the photo file's stamp (the bytes are hashed by ``photos.py``);
* a page ← its report model, its photos' renditions, the templates it uses (``extends``,
  ``include``, ``import`` followed recursively), the published asset names and the options;
* everything ← the settings, the options, this package's code (:func:`global_key`): any
  change there starts from an empty state, i.e. a full build.

The state is kept in memory by ``serve`` and pickled under ``.seminar-cache`` by ``build``.
A test builds after a series of edits and compares with a clean build byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from seminar_site import __version__
from seminar_site.content.loader import assemble_site, report_dirs
from seminar_site.content.parallel import ReportEntry, errors_from, load_entries
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.model import Report, Site
from seminar_site.output.tree import Carried, FileSource
from seminar_site.photos.plan import PhotoResult
from seminar_site.photos.stage import process_photos
from seminar_site.render.feeds import atom_feed, robots, sitemap
from seminar_site.render.pages import (
    INDEX_TEMPLATE,
    NOT_FOUND_TEMPLATE,
    REPORT_TEMPLATE,
    Renderer,
)
from seminar_site.render.theme import Assets, template_dirs
from seminar_site.settings.config import SiteConfig
from seminar_site.settings.renditions import RenditionSettings
from seminar_site.system.stamps import Stamp, fresh, stamp
from seminar_site.system.workers import can_fork, run_forked

log = logging.getLogger(__name__)

_STATE_VERSION = 2


@dataclass
class PhotoEntry:
    stamp: Stamp | None
    social: bool
    result: PhotoResult


@dataclass
class State:
    """What the last build of one output used; see the module docstring."""

    key: str = ""
    out: str = ""
    reports: dict[str, ReportEntry] = field(default_factory=dict)
    photos: dict[str, PhotoEntry] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)  # name → content digest
    closures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # page template → used
    pages: dict[str, str] = field(default_factory=dict)  # output path → inputs fingerprint
    digests: dict[str, str] = field(default_factory=dict)  # output path → digest written
    env: jinja2.Environment | None = None  # kept by `serve` only, never pickled
    reloaded: set[str] = field(default_factory=set)  # reports loaded again by this build

    def prepare(self, key: str, out: Path) -> State:
        """This state if it was made with the same settings and code, else an empty one;
        page records only survive for the same output folder."""
        if self.key != key:
            return State(key=key, out=str(out.resolve()))
        if self.out != str(out.resolve()):
            self.out, self.pages, self.digests = str(out.resolve()), {}, {}
        return self

    def forget_output(self) -> None:
        self.pages, self.digests = {}, {}

    def __getstate__(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["env"] = None
        return data

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            st = path.stat()
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                return cls()  # only trust a cache this user wrote and nobody else can
            with path.open("rb") as f:
                version, state = pickle.load(f)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError):
            return cls()
        except Exception:  # an old pickle of changed classes: start afresh
            return cls()
        return state if version == _STATE_VERSION and isinstance(state, cls) else cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with temp.open("wb") as f:
            pickle.dump((_STATE_VERSION, self), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(temp, 0o600)
        os.replace(temp, path)


def global_key(root: Path, config_file: Path, *options: object) -> str:
    """Changes when anything that may affect every output changes: a full build then."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, str(root), os.path.abspath(root), *options):
        digest.update(repr(part).encode() + b"\0")
    for path in [config_file, *sorted(Path(__file__).parents[1].rglob("*.py"))]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
        digest.update(b"\0")
    for folder in template_dirs(root):
        digest.update(str(folder.resolve()).encode() + b"\0")
    return digest.hexdigest()


# ------------------------------------------------------------------ reports --
def load_site(
    root: Path,
    config: SiteConfig,
    strict: bool,
    state: State,
    scanned: dict[str, list[int] | None] | None = None,
    early: EarlyPages | None = None,
) -> tuple[Site, list[SiteError], dict[str, EarlyPage]]:
    """Like ``loader.load_site`` but loads only the reports whose files changed (``scanned``:
    this build's stamps of the input files, if it took them); also returns the pages that
    ``early`` rendered as they were loaded (by page path)."""
    errors = ErrorCollector()
    folders = report_dirs(root)
    stale = [
        folder
        for folder in folders
        if (entry := state.reports.get(folder.name)) is None
        or entry.folder != str(folder)
        or not fresh(entry.deps, scanned)
    ]
    state.reloaded = {folder.name for folder in stale}
    loaded = dict(zip(stale, load_entries(stale, root, config, then=early), strict=True))
    entries: dict[str, ReportEntry] = {}
    pages: dict[str, EarlyPage] = {}
    for folder in folders:
        result, page = loaded.get(folder, (state.reports.get(folder.name), None))
        if isinstance(result, list):
            for error in errors_from(result):
                errors.add(error)
            continue
        assert result is not None
        entry = result
        entries[folder.name] = entry
        if page is not None:
            pages[entry.report.url_path + "index.html"] = page
        for warning in entry.warnings:
            (errors.add if strict else errors.warn)(SiteError(*warning))
    state.reports = entries
    reports = [entry.report for entry in entries.values()]
    return assemble_site(root, config, reports, errors), errors.warnings, pages


# ------------------------------------------------------------------ photos --
def photo_sources(site: Site) -> dict[Path, bool]:
    """Every photo to publish → whether it also needs the social card."""
    wanted: dict[Path, bool] = {}
    for report in site.reports:
        social = report.social_image.source if report.social_image else None
        for photo in report.photos:
            wanted[photo.source] = wanted.get(photo.source, False) or photo.source == social
        if social is not None:
            wanted[social] = True
    return wanted


def update_photos(
    site: Site,
    settings: RenditionSettings,
    cache_dir: Path,
    state: State,
    workers: int | None = None,
    progress: bool | None = None,
) -> dict[Path, PhotoResult]:
    """Renditions of every photo; only new or changed photos go to ``process_photos``."""
    wanted = photo_sources(site)
    results: dict[Path, PhotoResult] = {}
    now = time.time_ns()
    # A report taken from the record had its photos' stamps checked already (they are
    # among its dependencies): only the photos of reports loaded again are looked at.
    checked = {
        photo.source
        for report in site.reports
        if report.slug not in state.reloaded
        for photo in (*report.photos, report.social_image)
        if photo is not None
    }
    stamps = {
        path: old.stamp
        if path in checked and (old := state.photos.get(str(path))) is not None
        else stamp(str(path), now)
        for path in wanted
    }
    todo: list[tuple[Path, bool]] = []
    for path, social in wanted.items():
        entry = state.photos.get(str(path))
        usable = entry is not None and entry.stamp is not None and entry.stamp == stamps[path]
        if entry is not None and usable and (entry.social or not social):
            results[path] = entry.result
        else:
            todo.append((path, social))
    if todo:
        results.update(process_photos(todo, settings, cache_dir, workers, progress))
    state.photos = {
        str(path): PhotoEntry(stamps[path], wanted[path], _settled(results[path]))
        for path in wanted
    }
    return {path: results[path] for path in wanted}


# ------------------------------------------------------------------ templates --
class TemplateVersions:
    """A digest per page template covering every template it extends, includes or imports."""

    def __init__(self, digests: dict[str, str], closures: dict[str, tuple[str, ...]]) -> None:
        self.digests = digests
        self.closures = closures

    def of(self, template: str) -> str:
        used = self.closures.get(template, ("*",))
        names = sorted(self.digests) if "*" in used else used
        return _hash([(name, self.digests.get(name)) for name in names])


def template_versions(env: jinja2.Environment, root: Path, state: State) -> TemplateVersions:
    digests: dict[str, str] = {}
    for folder in template_dirs(root):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in digests:
                digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    if digests != state.templates or not state.closures:
        env.cache.clear() if env.cache is not None else None
        state.templates = digests
        state.closures = {
            name: _closure(env, name)
            for name in (REPORT_TEMPLATE, INDEX_TEMPLATE, NOT_FOUND_TEMPLATE)
        }
    return TemplateVersions(digests, state.closures)


def _closure(env: jinja2.Environment, top: str) -> tuple[str, ...]:
    """Names of the templates ``top`` uses, itself included; ("*",) when not knowable."""
    seen: set[str] = set()
    todo = [top]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            assert env.loader is not None
            source, _, _ = env.loader.get_source(env, name)
            references = plain_references(source)
            if references is None:
                references = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except (jinja2.TemplateError, AssertionError):
            return ("*",)  # rendering will report the error
        if None in references:
            return ("*",)  # a computed template name
        todo.extend(ref for ref in references if ref is not None)
    return tuple(sorted(seen))


# A tag that may name another template, and the arguments that name it plainly: one quoted
# name, then only the words Jinja allows after it (ignore missing, as x, import a, b as c,
# with/without context).
_REFERENCE_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b(.*?)[-+]?%\}", re.DOTALL)
_PLAIN_NAME = re.compile(
    r"""\s*(?P<quote>["'])(?P<name>[^"'\\]*)(?P=quote)\s*"""
    r"""(?:ignore\s+missing\s*)?(?:(?:as|import)\s[\w\s,]*)?(?:(?:with|without)\s+context\s*)?"""
)


def plain_references(source: str) -> list[str | None] | None:
    """The templates ``source`` names, found without parsing it (much quicker), or None when
    a name is not a plain string. A tag inside a comment or a raw block is counted too,
    which only adds a template that a page does not really depend on."""
    names: list[str | None] = []
    for tag in _REFERENCE_TAG.finditer(source):
        plain = _PLAIN_NAME.fullmatch(tag.group(1))
        if plain is None:
            return None
        names.append(plain.group("name"))
    return names


# ------------------------------------------------------------------ pages --
@dataclass(frozen=True)
class PageKeys:
    """Fingerprints of the pages' inputs: a page is rendered again when its key changes."""

    common: str  # the settings and code (the state's key), the asset names, the options
    templates: TemplateVersions

    @classmethod
    def of(
        cls, state: State, assets: Assets, templates: TemplateVersions, reload_script: str = ""
    ) -> PageKeys:
        return cls(_hash([state.key, sorted(assets.names.items()), reload_script]), templates)

    def report(self, report: Report, version: str, photos: Mapping[Path, PhotoResult]) -> str:
        used = [_photo_key(photos, p) for p in (*report.photos, report.social_image)]
        return _hash([self.common, self.templates.of(REPORT_TEMPLATE), version, used])


@dataclass(frozen=True)
class EarlyPage:
    fingerprint: str
    html: bytes


class EarlyPages:
    """Renders the page of a report without photos in the worker that has just loaded it
    (see ``load_site``): nothing a later stage makes shows on such a page, and a text-only
    site is then rendered on every core without a second round of workers, which cost about
    as much to start and to fill with the loaded site as the rendering itself."""

    def __init__(self, renderer: Renderer, keys: PageKeys) -> None:
        self.renderer = renderer
        self.keys = keys
        self.failed = False

    def __call__(self, entry: ReportEntry) -> EarlyPage | None:
        report = entry.report
        if self.failed or report.photos or report.social_image is not None:
            return None
        try:
            html = self.renderer.report_page(report)
        except SiteError:
            self.failed = True  # a template error: the render stage reports it, located
            return None
        return EarlyPage(self.keys.report(report, entry.version, {}), html)


@dataclass(frozen=True)
class Pages:
    files: dict[str, FileSource]
    fingerprints: dict[str, str]
    rendered: int


def render_changed(
    site: Site,
    renderer: Renderer,
    keys: PageKeys,
    photos: dict[Path, PhotoResult],
    state: State,
    early: Mapping[str, EarlyPage] | None = None,
) -> Pages:
    """Render the pages whose inputs changed (or take them from ``early`` when rendered for
    the same inputs); the others are carried over unchanged."""
    early = early or {}
    versions = {entry.report.slug: entry.version for entry in state.reports.values()}
    listing = [(r.slug, versions[r.slug], _photo_key(photos, r.social_image)) for r in site.reports]
    templates = keys.templates
    wanted: dict[str, tuple[str, Any]] = {
        "index.html": (
            _hash([keys.common, templates.of(INDEX_TEMPLATE), listing]),
            lambda: renderer.index_page(site),
        ),
        "404.html": (
            _hash([keys.common, templates.of(NOT_FOUND_TEMPLATE)]),
            renderer.not_found_page,
        ),
    }
    for report in site.reports:
        wanted[report.url_path + "index.html"] = (
            keys.report(report, versions[report.slug], photos),
            lambda report=report: renderer.report_page(report),
        )
    files: dict[str, FileSource] = {
        "sitemap.xml": sitemap(site),
        "robots.txt": robots(site),
        "feed.xml": atom_feed(site),
    }
    todo: dict[str, Callable[[], bytes]] = {}
    rendered = 0
    for path, (fingerprint, render) in wanted.items():
        digest = state.digests.get(path)
        page = early.get(path)
        if state.pages.get(path) == fingerprint and digest is not None:
            files[path] = Carried(digest)
        elif page is not None and page.fingerprint == fingerprint:
            files[path] = page.html
            rendered += 1
        else:
            todo[path] = render
    files.update(_render_all(todo, renderer.env))
    fingerprints = {path: fingerprint for path, (fingerprint, _) in wanted.items()}
    return Pages(files, fingerprints, rendered + len(todo))


PARALLEL_RENDER_FROM = 64  # pages to render before forking workers pays for itself


def _render_all(todo: dict[str, Callable[[], bytes]], env: jinja2.Environment) -> dict[str, bytes]:
    """Render ``todo``; many pages on several cores (a cold build of a large site)."""
    cores = os.cpu_count() or 1
    if len(todo) < PARALLEL_RENDER_FROM or cores < 2 or not can_fork():
        return {path: render() for path, render in todo.items()}
    for name in (INDEX_TEMPLATE, REPORT_TEMPLATE, NOT_FOUND_TEMPLATE):
        # Compiled once here and inherited by the workers; an error in a template is
        # reported with its location when a page using it is rendered.
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)
    return dict(zip(todo, run_forked(list(todo.values()), cores), strict=True))


def _settled(result: PhotoResult) -> PhotoResult:
    """As recorded for the next build, which will not have decoded it."""
    return replace(result, decoded=False) if result.decoded else result


def _photo_key(photos: Mapping[Path, PhotoResult], photo: Any) -> tuple[str, str] | None:
    if photo is None or photo.source not in photos:
        return None
    result = photos[photo.source]
    return (result.sidecar, result.social.filename if result.social else "")


def _hash(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()
