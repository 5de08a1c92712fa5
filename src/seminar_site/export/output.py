"""Where an export goes, and how it gets there: made beside its place, then renamed over it.

A reader (or an export cut short) sees the previous file or folder or the new one, never a
half-written one; the sources are never a place to write to (output/location.py's rules).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from seminar_site.errors import OutputError
from seminar_site.i18n import _
from seminar_site.output.location import check_output_location, friendly_error
from seminar_site.output.marker import MARKER

EXPORT_DIR = "_export"
TEMP_PREFIX = ".seminar-export-tmp-"


def default_out(root: Path, slug: str, fmt: str) -> Path:
    """``ROOT/_export/SLUG/`` (fragment), ``ROOT/_export/SLUG.pdf``, ``ROOT/_export/SLUG.zip``."""
    base = root / EXPORT_DIR
    return base / slug if fmt == "fragment" else base / f"{slug}.{fmt}"


def publish(out: Path, root: Path, make: Callable[[Path], None], *, folder: bool) -> None:
    """Call ``make(temp)`` for a temp sibling of ``out``, then rename it over ``out``.

    ``folder``: the temp path is an existing empty folder (else a file path not yet made).
    An existing ``out`` is replaced only when it is a file (for a file) or a folder an export
    wrote (for a folder). On failure the temp is removed and ``out`` is left as it was.
    """
    check_output_location(out, root) if folder else _check_file_location(out, root)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise friendly_error(exc, out) from None
    _remove_leftovers(out)
    temp = out.parent / f"{TEMP_PREFIX}{out.name}-{os.urandom(6).hex()}"
    try:
        if folder:
            temp.mkdir()
            (temp / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        make(temp)
        if folder:
            _swap_folder(temp, out)
        else:
            os.replace(temp, out)
    except OSError as exc:
        _remove(temp)
        raise friendly_error(exc, out) from None
    except BaseException:
        _remove(temp)
        raise


_MARKER_TEXT = "This folder is written by seminar-site export; it is replaced on every export.\n"


def _check_file_location(out: Path, root: Path) -> None:
    """A file may not go into the site's sources (content/, templates/, static/)."""
    out_r = out.resolve()
    root_r = root.resolve()
    for folder in ("content", "templates", "static"):
        if out_r.is_relative_to(root_r / folder):
            raise OutputError(
                _("refusing to write the export inside the {folder} folder ({out})",
                  folder=folder, out=out),
                hint=_("choose a path such as _export/report.zip"),
            )  # fmt: skip
    if out.is_dir():
        raise OutputError(
            _("{out} is a folder: write the name of the file to make", out=out),
            hint=_("for example --out {example}", example=str(out / "report.zip")),
        )


def _swap_folder(temp: Path, out: Path) -> None:
    """Put ``temp`` at ``out``; the previous folder is moved aside first, then removed."""
    if not out.exists():
        temp.rename(out)
        return
    old = out.parent / f"{TEMP_PREFIX}{out.name}-{os.urandom(6).hex()}-old"
    out.rename(old)
    try:
        temp.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(out: Path) -> None:
    """Temp files of an export that was cut short (a crash, a power cut)."""
    prefix = f"{TEMP_PREFIX}{out.name}-"
    for child in out.parent.iterdir():
        if child.name.startswith(prefix):
            if child.name.endswith("-old") and not out.exists():
                child.rename(out)  # cut between the two renames of a swap
            else:
                _remove(child)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
