"""The one writer of every import: ``content/reports/SLUG/`` from an ImportResult, atomically.

The folder is made in a private folder inside ``content/`` first, read back with the real
report loader (what ``build`` and ``check`` use), and only then moved into place: when
anything is wrong, nothing is written and every problem is reported at once. ``--update``
merges only the programme of an existing report.yaml (yaml_text.updated_text, merge.py),
refuses to lose what the author wrote by hand unless forced, and writes each changed file
atomically; report.yaml's old and new versions go into the editor's history
(editor.store), with the programme the source gave, the base of the next merge.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from seminar_site.content.markdown import MarkdownRenderer
from seminar_site.content.report import REPORT_FILE, load_report
from seminar_site.editor.store import Store, write_durably
from seminar_site.errors import ContentErrors, SiteError
from seminar_site.i18n import _
from seminar_site.imports.import_report import IMPORT_REPORT, import_report_text
from seminar_site.imports.merge import Merge
from seminar_site.imports.result import ImportResult
from seminar_site.imports.yaml_text import days_text, report_text, updated_text
from seminar_site.settings.config import SiteConfig
from seminar_site.settings.textfile import read_text
from seminar_site.system.atomic import write_atomic

SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")  # as `new-report` takes it


@dataclass(frozen=True)
class Written:
    folder: Path
    files: tuple[str, ...]  # folder-relative paths written
    warnings: tuple[SiteError, ...]  # the loader's, on the written report
    kept: tuple[str, ...] = ()  # --update: files of the author's left as they were


def write_import(
    root: Path,
    slug: str,
    result: ImportResult,
    source: Path,
    config: SiteConfig,
    update: bool = False,
    earlier: Iterable[SiteError] = (),
    force: bool = False,
) -> Written:
    """Write the report; ContentErrors (with ``earlier`` ones) and nothing written when the
    slug, the folder or the report read back is wrong, or when ``--update`` would lose what
    the author wrote by hand (unless ``force``)."""
    reports = root / "content" / "reports"
    folder = reports / slug
    errors = list(earlier)
    errors += folder_errors(root, slug, update)
    if errors:
        raise ContentErrors(errors)
    store = Store(root)
    relative = (folder / REPORT_FILE).relative_to(root).as_posix()
    files, kept, merge = _files(folder, result, update, store.last_import(relative), config)
    if merge.lost and not force:
        raise ContentErrors(_loss_errors(merge, folder / REPORT_FILE))
    files[IMPORT_REPORT] = import_report_text(result, source, merge, kept, update)
    staging = root / "content" / f".import-{os.getpid()}-{os.urandom(4).hex()}"
    try:
        staged = staging / slug
        if update:
            shutil.copytree(folder, staged, symlinks=True, copy_function=_link_or_copy)
        else:
            staged.mkdir(parents=True)
        for name, text in files.items():
            _replace(staged / name, text.encode("utf-8"))
        for name, original in result.copies.items():
            target = staged / _safe(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, target)
        warnings = _validated(staged, folder, root, config)
        if update:
            for name in sorted(files, key=lambda r: r == REPORT_FILE):  # report.yaml last
                if name == REPORT_FILE:
                    _save(store, relative, folder / name, (staged / name).read_bytes())
                else:
                    _replace(folder / name, (staged / name).read_bytes())
            for name in result.copies:
                _replace(folder / _safe(name), (staged / _safe(name)).read_bytes())
        else:
            folder.parent.mkdir(parents=True, exist_ok=True)  # a site with no report yet
            os.rename(staged, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    store.remember_import(relative, days_text(result.report.get("days", [])).encode("utf-8"))
    written = (*files, *result.copies)
    return Written(folder, tuple(written), tuple(warnings), tuple(kept))


def _save(store: Store, relative: str, path: Path, data: bytes) -> None:
    """report.yaml written as the editor saves it: the old and the new version kept in its
    history (``.seminar-editor/history/``), where the editor lists and restores them."""
    store.remember(relative, path.read_bytes())
    write_durably(path, data)  # a new file renamed into place: the old one keeps its links
    store.remember(relative, data)


def _loss_errors(merge: Merge, path: Path) -> list[SiteError]:
    hint = _(
        "make the source's date, title, speakers or start time match (a session is looked for "
        "on its own day: one whose date changed is a new one), or add --force to write it "
        "anyway: what is lost is then listed in import-report.md, and the old report.yaml is "
        "kept in .seminar-editor/history/"
    )
    return [
        SiteError(
            _("--update would lose {keys} of {where}: {reason}",
              keys=loss.keys, where=loss.where, reason=loss.reason)
            if loss.earlier else
            _("--update would lose what was written here by hand, {keys} of {where}: {reason}",
              keys=loss.keys, where=loss.where, reason=loss.reason),
            path,
            loss.line,
            loss.col,
            hint=hint,
        )
        for loss in merge.lost
    ]  # fmt: skip


def folder_errors(root: Path, slug: str, update: bool) -> list[SiteError]:
    """Why ``content/reports/SLUG`` cannot be written (empty when it can)."""
    reports = root / "content" / "reports"
    folder = reports / slug
    if not SLUG.match(slug):
        return [
            SiteError(
                _("'{slug}' cannot be used as a report name", slug=slug),
                hint=_("use letters, digits and '-' (up to 80), e.g. 2024-06-dx-seminar"),
            )
        ]
    exists = (folder / REPORT_FILE).is_file()
    if folder.exists() and not update:
        return [
            SiteError(
                _("a report named '{slug}' already exists", slug=slug),
                folder,
                hint=_(
                    "choose another --slug, or add --update to replace only its programme "
                    "(every other key is kept)"
                ),
            )
        ]
    if update and not exists:
        return [
            SiteError(
                _("there is no report named '{slug}' to update", slug=slug),
                folder,
                hint=_("leave out --update to make a new report"),
            )
        ]
    clash = [
        child
        for child in (reports.iterdir() if reports.is_dir() else [])
        if child.name != slug and child.name.casefold() == slug.casefold()
    ]
    if clash:
        return [
            SiteError(
                _("a report named '{other}' differs from '{slug}' only in letter case",
                  other=clash[0].name, slug=slug),
                clash[0],
                hint=_("choose another --slug: their URLs would clash"),
            )
        ]  # fmt: skip
    return []


def _files(
    folder: Path, result: ImportResult, update: bool, base: bytes | None, config: SiteConfig
) -> tuple[dict[str, str], list[str], Merge]:
    """The texts to write, the author's files kept as they are, and what the merge did."""
    if not update:
        files = {REPORT_FILE: report_text(result.report, config.language)}
        files.update({_safe(path): text for path, text in result.files.items()})
        return files, [], Merge()
    existing = read_text(folder / REPORT_FILE)
    recorded = base.decode("utf-8", "replace") if base is not None else None
    text, merge = updated_text(existing, result.report.get("days", []), recorded, result.gives)
    files = {REPORT_FILE: text}
    kept = []
    for path, markdown in result.files.items():
        relative = _safe(path)
        if relative in (REPORT_FILE,):
            continue
        target = folder / relative
        if target.exists() and target.read_text(encoding="utf-8", errors="replace") != markdown:
            kept.append(relative)
        else:
            files[relative] = markdown
    return files, kept, merge


def _safe(relative: str) -> str:
    """A reader's folder-relative path, refused if it could leave the folder."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"unsafe import path {relative!r}")  # a reader's bug, not the user's
    return str(path)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()  # a hard link to the author's file: never write through it
    write_atomic(path, data)


def _validated(staged: Path, folder: Path, root: Path, config: SiteConfig) -> list[SiteError]:
    """The staged report read with the real loader: its warnings, or its errors raised
    (each shown at the final folder's path, where the author will look)."""
    renderer = MarkdownRenderer(config.trusted_html, language=config.language)
    try:
        _report, warnings = load_report(staged, root, config, renderer)
    except ContentErrors as found:
        raise ContentErrors(_moved(found.errors, staged, folder)) from None
    except SiteError as error:
        raise ContentErrors(_moved([error], staged, folder)) from None
    return _moved(warnings, staged, folder)


def _moved(errors: list[SiteError], staged: Path, folder: Path) -> list[SiteError]:
    for error in errors:
        if error.path is not None and error.path.is_relative_to(staged):
            error.path = folder / error.path.relative_to(staged)
    return errors
