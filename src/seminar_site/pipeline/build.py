"""The orchestrator: load → validate → model → photos → render → write, as stage calls.

Every build is incremental (see incremental.py): unchanged reports are not loaded again,
unchanged photos not looked at, unchanged pages not rendered, and when nothing changed the
output is not touched. ``build`` writes by swapping a whole new tree in (atomic); ``serve``
passes ``in_place=True`` for its private preview folder (see output.update_in_place).
"""

from __future__ import annotations

import logging
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from seminar_site.errors import SiteError
from seminar_site.model import Site
from seminar_site.output.marker import MARKER
from seminar_site.output.tree import (
    Carried,
    FileSource,
    StaleOutput,
    WriteResult,
    check_output_location,
    clean_leftovers,
    update_in_place,
    write_site,
)
from seminar_site.photos.plan import PhotoResult
from seminar_site.photos.stage import cache_files_in_use, prune_cache
from seminar_site.pipeline.incremental import (
    EarlyPage,
    EarlyPages,
    PageKeys,
    Pages,
    State,
    global_key,
    load_site,
    render_changed,
    template_versions,
    update_photos,
)
from seminar_site.pipeline.manifest import (
    CACHE_DIR,
    Manifest,
    input_folders,
    manifest_path,
    output_sizes,
    quick_key,
)
from seminar_site.render.pages import PHOTOS_DIR, Renderer, RenderInputs, make_environment
from seminar_site.render.theme import Assets, build_assets, static_files
from seminar_site.settings.config import SITE_FILE, SiteConfig, load_config
from seminar_site.system.stamps import scan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    strict: bool = False
    workers: int | None = None
    progress: bool | None = None
    reload_script: str = ""
    in_place: bool = False  # serve: update the private preview folder file by file
    write_lock: AbstractContextManager[object] | None = None  # held while writing (serve)
    incremental: bool = True  # False: ignore and keep no record (a clean full build)


@dataclass(frozen=True)
class BuildReport:
    pages: int
    photos: int
    decoded: int
    seconds: float
    write: WriteResult
    warnings: list[SiteError] = field(default_factory=list)
    rendered: int = 0  # pages rendered this time (the others were unchanged)
    state: State | None = None


def build(options: BuildOptions, state: State | None = None) -> BuildReport:
    """Build the site at ``options.root`` into ``options.out``; raise SiteError on user errors.

    ``state`` is the previous build's record (``serve`` keeps it in memory); without it the
    record saved under ``.seminar-cache`` is used, and saved again afterwards.
    """
    started = time.perf_counter()
    # Stamps for the next no-change check, taken before anything is read (not for serve).
    inputs = {} if options.in_place else scan(input_folders(options.root))
    config = _config(options)
    check_output_location(options.out, options.root)
    clean_leftovers(options.out)
    state = _state(options, state)
    assert state.env is not None
    assets = build_assets(static_files(options.root))
    templates = template_versions(state.env, options.root, state)
    keys = PageKeys.of(state, assets, templates, options.reload_script)
    # A page that needs no photos is rendered by the worker that loads its report (one
    # round of workers for a text-only site); the render stage takes it as it is.
    early = EarlyPages(
        Renderer(state.env, RenderInputs(config, assets, {}, options.reload_script)), keys
    )
    site, warnings, early_pages = load_site(
        options.root, config, options.strict, state, inputs or None, early
    )
    photos = update_photos(
        site, config.photos, _cache(options) / "photos", state, options.workers, options.progress
    )
    renderer = Renderer(state.env, RenderInputs(config, assets, photos, options.reload_script))
    pages, result = _render_and_write(
        options, site, assets, photos, state, renderer, keys, early_pages
    )
    prune_cache(_cache(options) / "photos", cache_files_in_use(photos))
    _record(options, state, inputs, pages, warnings)
    return BuildReport(
        pages=len([p for p in pages.files if p.endswith(".html")]),
        photos=len(photos),
        decoded=sum(1 for r in photos.values() if r.decoded),
        seconds=time.perf_counter() - started,
        write=result,
        warnings=warnings,
        rendered=pages.rendered,
        state=state,
    )


def state_path(root: Path, out: Path) -> Path:
    """Where ``build`` keeps the incremental record of the output folder ``out``."""
    return manifest_path(root / CACHE_DIR, out, "state", ".pickle")


def _config(options: BuildOptions) -> SiteConfig:
    config = load_config(options.root)
    return config.with_base_url(options.base_url) if options.base_url is not None else config


def _cache(options: BuildOptions) -> Path:
    return options.root / CACHE_DIR


def _state(options: BuildOptions, state: State | None) -> State:
    """The previous record if it is for these settings, code and output; else an empty one."""
    key = global_key(
        options.root, options.root / SITE_FILE, options.base_url, options.strict, CACHE_DIR
    )
    if not options.incremental:
        state = State()
    elif state is None:
        state = State.load(state_path(options.root, options.out))
        manifest = Manifest.load(_cache(options), options.out)
        if state.digests != manifest.digests or not (options.out / MARKER).is_file():
            state.forget_output()  # the output was changed by another run: trust nothing
    state = state.prepare(key, options.out)
    if state.env is None:
        state.env = make_environment(options.root)
        if not options.in_place:
            cache = _cache(options) / "jinja"
            cache.mkdir(parents=True, exist_ok=True)
            state.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return state


def _render_and_write(
    options: BuildOptions,
    site: Site,
    assets: Assets,
    photos: dict[Path, PhotoResult],
    state: State,
    renderer: Renderer,
    keys: PageKeys,
    early: dict[str, EarlyPage],
) -> tuple[Pages, WriteResult]:
    """Render what changed and write; if a carried file went missing, render everything."""
    for _attempt in range(2):
        pages = render_changed(site, renderer, keys, photos, state, early)
        photo_outputs = photo_files(photos, _cache(options) / "photos", state.digests)
        files = {**pages.files, **assets.files, **photo_outputs}
        manifest_path(_cache(options), options.out).unlink(missing_ok=True)  # no stale record
        try:
            with options.write_lock or nullcontext():
                if options.in_place:
                    result, digests = update_in_place(options.out, files, state.digests)
                else:
                    result, digests = write_site(options.out, files, state.digests)
        except StaleOutput as stale:
            log.debug("rendering everything again: %s", stale)
            state.forget_output()
            continue
        state.pages, state.digests = pages.fingerprints, digests
        return pages, result
    raise SiteError(f"could not update {options.out}: files keep disappearing from it")


def _record(
    options: BuildOptions,
    state: State,
    inputs: dict[str, list[int] | None],
    pages: Pages,
    warnings: list[SiteError],
) -> None:
    """Save what the next build compares against (the CLI's; `serve` keeps it in memory)."""
    if options.in_place:
        return
    state.save(state_path(options.root, options.out))
    manifest = Manifest.load(_cache(options), options.out)
    manifest.digests = state.digests
    manifest.key = quick_key(options.base_url, options.strict, options.reload_script)
    manifest.inputs = inputs
    manifest.outputs = output_sizes(options.out, sorted(state.digests))
    manifest.summary = {
        "pages": len([p for p in pages.files if p.endswith(".html")]),
        "photos": len(state.photos),
        "warnings": [w.format(relative_to=options.root) for w in warnings],
    }
    manifest.save()


def photo_files(
    photos: dict[Path, PhotoResult], cache: Path, written: dict[str, str] | None = None
) -> dict[str, FileSource]:
    """Rendition files to publish (the JSON sidecars stay in the cache); those already in
    the output (``written``: path → digest) are carried over."""
    written = written or {}
    files: dict[str, FileSource] = {}
    for result in photos.values():
        for name in sorted(result.filenames() - {result.sidecar}):
            path, digest = f"{PHOTOS_DIR}/{name}", "file:" + name
            files[path] = Carried(digest) if written.get(path) == digest else cache / name
    return files
