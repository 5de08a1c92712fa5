"""``build``: the stage calls that turn a site's content/ into its published folder.

Every build is incremental: each stage gets its slice of the previous build record and
returns its slice of the new one (pipeline/record.py), so unchanged reports are not loaded
again, unchanged photos not looked at, unchanged pages not rendered, and when nothing
changed the output is not touched. ``build`` swaps a whole new tree in (atomic); ``serve``
passes ``in_place=True`` for its private preview folder.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from seminar_site import i18n
from seminar_site.content.site import LoadedSite
from seminar_site.errors import ContentErrors, SiteError, warning_line
from seminar_site.i18n import _, render, translate
from seminar_site.output.files import Carried, FileSource, StaleOutput, stat_of
from seminar_site.output.in_place import update_in_place
from seminar_site.output.location import check_output_location, clean_leftovers
from seminar_site.output.marker import MARKER
from seminar_site.output.tree import OutputRecord, WriteResult, write_site
from seminar_site.photos.cache import prune_cache
from seminar_site.photos.plan import PhotoResult, Wants
from seminar_site.photos.prefetch import Prefetch
from seminar_site.photos.stage import (
    cache_files_in_use,
    photo_sources,
    process_photos,
    small_photo_warnings,
    update_photos,
)
from seminar_site.pipeline.early import load_with_text_pages
from seminar_site.pipeline.manifest import (
    CACHE_DIR,
    UNCHANGED,
    Manifest,
    forget,
    input_folders,
    quick_key,
)
from seminar_site.pipeline.materials import material_files
from seminar_site.pipeline.record import (
    BuildRecord,
    global_key,
    load_record,
    record_path,
    save_record,
)
from seminar_site.render.environment import make_environment
from seminar_site.render.pages import Renderer, RenderInputs
from seminar_site.render.stage import PageKeys, PageRecord, Pages, RenderedPage, render_pages
from seminar_site.render.templates import compile_templates, template_versions
from seminar_site.render.theme import Assets, build_assets, static_files
from seminar_site.settings.config import SITE_FILE, SiteConfig, load_config
from seminar_site.system.report import NULL, Reporter
from seminar_site.system.stamps import scan


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    strict: bool = False
    workers: int | None = None
    reload_script: str = ""
    in_place: bool = False  # serve: update the private preview folder file by file
    write_lock: AbstractContextManager[object] | None = None  # held while writing (serve)
    incremental: bool = True  # False: ignore and keep no record (a clean full build)
    prefetch: Prefetch | None = None  # photo workers the CLI started before the imports


@dataclass(frozen=True)
class Warm:
    """What ``serve`` keeps between builds: the record, and the Jinja environment made for
    it (its compiled templates)."""

    record: BuildRecord = field(default_factory=BuildRecord)
    env: jinja2.Environment | None = None


@dataclass(frozen=True)
class BuildReport:
    pages: int
    photos: int
    decoded: int
    seconds: float
    write: WriteResult
    warnings: tuple[SiteError, ...] = ()
    rendered: int = 0  # pages rendered this time (the others were unchanged)
    warm: Warm = field(default_factory=Warm)


def build(
    options: BuildOptions, warm: Warm | None = None, reporter: Reporter = NULL
) -> BuildReport:
    """Build the site at ``options.root`` into ``options.out``; raise SiteError on user errors.

    ``warm``: the previous build's record and environment (``serve`` keeps them); without
    it the record saved under ``.seminar-cache`` is used, and saved again afterwards.
    """
    started = time.perf_counter()
    inputs = {} if options.in_place else scan(input_folders(options.root))  # before reading
    config = _config(options)
    check_output_location(options.out, options.root)
    clean_leftovers(options.out)
    record, env = _previous(options, config, warm)
    assets = build_assets(static_files(options.root))
    templates = template_versions(env, options.root, record.templates)
    keys = PageKeys.of(record.key, assets, templates, options.reload_script)
    # While prefetched photos decode, the workers have the cores (and a pool's thread runs:
    # no fork), so the reports are loaded here.
    loaders = 1 if options.prefetch is not None else None
    with reporter.stage("load"):
        loaded, content, early = load_with_text_pages(
            options.root, config, options.strict, record.content, inputs,
            Renderer(env, RenderInputs(config, assets, {}, options.reload_script)), keys,
            loaders,
        )  # fmt: skip
    photos, photo_record = update_photos(
        loaded.site, config.photos, _cache(options) / "photos", record.photos,
        loaded.reloaded, options.workers, reporter,
        meanwhile=lambda: compile_templates(env, templates),  # while the workers decode
        prefetch=options.prefetch,
    )  # fmt: skip
    loaded = _with_photo_warnings(loaded, photos, config, options.strict)
    share = loaded.site.social_image
    renderer = Renderer(env, RenderInputs(config, assets, photos, options.reload_script, share))
    pages, written, output = _render_and_publish(
        options, loaded, renderer, keys, content.versions(), record, assets, early, reporter
    )
    prune_cache(_cache(options) / "photos", cache_files_in_use(photos))
    new = BuildRecord(
        record.key, record.out, content, photo_record, templates,
        PageRecord(pages.fingerprints), output,
    )  # fmt: skip
    _save(options, new, inputs, loaded)
    return BuildReport(
        pages=len(pages.fingerprints),
        photos=len(photos),
        decoded=sum(1 for r in photos.values() if r.decoded),
        seconds=time.perf_counter() - started,
        write=written,
        warnings=loaded.warnings,
        rendered=pages.rendered,
        warm=Warm(new, env),
    )


def _with_photo_warnings(
    loaded: LoadedSite, photos: dict[Path, PhotoResult], config: SiteConfig, strict: bool
) -> LoadedSite:
    """The loader's warnings and the photo stage's (photos too small to fill a row)."""
    found = small_photo_warnings(loaded.site, photos, config.photos)
    if found and strict:
        raise ContentErrors(found)
    return replace(loaded, warnings=(*loaded.warnings, *found)) if found else loaded


def _config(options: BuildOptions) -> SiteConfig:
    config = load_config(options.root)
    return config.with_base_url(options.base_url) if options.base_url is not None else config


def _cache(options: BuildOptions) -> Path:
    return options.root / CACHE_DIR


def _previous(
    options: BuildOptions, config: SiteConfig, warm: Warm | None
) -> tuple[BuildRecord, jinja2.Environment]:
    """The previous record if it is for these settings, code and output (else an empty
    one), and the Jinja environment to render with."""
    key = global_key(
        options.root, options.root / SITE_FILE, options.base_url, options.strict, CACHE_DIR
    )
    if not options.incremental:
        record = BuildRecord()
    elif warm is not None:
        record = warm.record
    else:
        record = load_record(record_path(options.root, options.out))
        manifest = Manifest.load(_cache(options), options.out)
        as_recorded = {path: list(stat) for path, stat in record.output.stats.items()}
        if manifest.outputs != as_recorded or not (options.out / MARKER).is_file():
            record = record.without_output()  # another run changed the output: trust none
    record = record.for_build(key, options.out)
    if warm is not None and warm.env is not None and warm.record.key == key:
        return record, warm.env
    cache = None if options.in_place else _cache(options) / "jinja"
    return record, make_environment(options.root, config, cache)


def _render_and_publish(
    options: BuildOptions,
    loaded: LoadedSite,
    renderer: Renderer,
    keys: PageKeys,
    versions: dict[str, str],
    record: BuildRecord,
    assets: Assets,
    early: dict[str, RenderedPage],
    reporter: Reporter,
) -> tuple[Pages, WriteResult, OutputRecord]:
    """Render what changed and write it. A carried file that is not in the output as it was
    written (removed, or edited by hand) is rendered or copied again."""
    published = dict(record.output.digests)
    photos = renderer.inputs.photos
    for _attempt in range(3):
        with reporter.stage("render"):
            pages = render_pages(
                loaded.site, renderer, keys, photos, versions, record.pages, published, early
            )
        files: dict[str, FileSource] = {
            **pages.files,
            **{path: Carried(digest) for path, digest in pages.carried.items()},
            **assets.files,
            **photo_files(photos, _cache(options) / "photos", published),
            **material_files(loaded.site, published),
        }
        previous = OutputRecord(published, record.output.stats)
        forget(_cache(options), options.out)  # no stale manifest if this is cut short
        try:
            with reporter.stage("write"), options.write_lock or nullcontext():
                if options.in_place:
                    written, output = update_in_place(options.out, files, previous)
                else:
                    written, output = write_site(options.out, files, previous)
        except StaleOutput as stale:
            published = {p: d for p, d in published.items() if p not in stale.paths}
            _remake_edited_renditions(options, loaded, renderer, stale.paths)
            continue
        return pages, written, output
    raise SiteError(_("could not update {out}: files keep changing in it", out=options.out))


def _remake_edited_renditions(
    options: BuildOptions, loaded: LoadedSite, renderer: Renderer, stale: list[str]
) -> None:
    """A published rendition is the photo cache's file (a hard link): one edited in place in
    the output was edited in the cache too. Such cache files are removed and made again."""
    cache = _cache(options) / "photos"
    sources = {
        path: source
        for source, result in renderer.inputs.photos.items()
        for path in result.published()
    }
    edited: dict[Path, Wants] = {}
    wanted = photo_sources(loaded.site)
    for path in stale:
        source = sources.get(path)
        cached = cache / path.rpartition("/")[2]
        if source is not None and stat_of(cached) == stat_of(options.out / path):
            cached.unlink()  # one file: the output's copy is the cache's
            edited[source] = wanted.get(source, Wants())
    if edited:
        process_photos(list(edited.items()), renderer.config.photos, cache, options.workers)


def _save(
    options: BuildOptions,
    record: BuildRecord,
    inputs: dict[str, list[int] | None],
    loaded: LoadedSite,
) -> None:
    """Save what the next build compares against (the CLI's; ``serve`` keeps it in memory)."""
    if options.in_place:
        return
    save_record(record_path(options.root, options.out), record)
    Manifest(
        key=quick_key(options.base_url, options.strict, options.reload_script, i18n.current()),
        inputs=inputs,
        outputs={path: list(stat) for path, stat in record.output.stats.items()},
        summary={
            "pages": len(record.pages.fingerprints),
            "photos": len(record.photos.photos),
            "warnings": [render(warning_line(w, options.root)) for w in loaded.warnings],
            "unchanged": translate(UNCHANGED),  # the no-change build's line, without gettext
        },
    ).save(_cache(options), options.out)


def photo_files(
    photos: Mapping[Path, PhotoResult], cache: Path, published: Mapping[str, str]
) -> dict[str, FileSource]:
    """Rendition files to publish; those already in the output (``published``: path →
    digest) are carried over."""
    files: dict[str, FileSource] = {}
    for result in photos.values():
        for path, name in result.published().items():
            digest = "file:" + name
            files[path] = Carried(digest) if published.get(path) == digest else cache / name
    return files
