"""Where a site may be written, and what an interrupted build left there."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from seminar_site.errors import OutputError
from seminar_site.output.marker import MARKER, TEMP_PREFIX


def check_output_location(out: Path, root: Path) -> None:
    """Refuse outputs that would overwrite the site's sources, a home folder or the file system."""
    out_r = out.resolve()
    root_r = root.resolve()
    forbidden = {
        root_r: "the site root",
        (root_r / "content"): "the content folder",
        (root_r / "templates"): "the templates folder",
        (root_r / "static"): "the static folder",
        Path.home().resolve(): "your home folder",
        Path(out_r.anchor): "the file system root",
    }
    if out_r in forbidden:
        raise OutputError(
            f"refusing to write the site into {forbidden[out_r]} ({out_r})",
            hint="choose an output folder such as _site",
        )
    for protected in (root_r, root_r / "content"):
        if protected.is_relative_to(out_r):
            raise OutputError(
                f"refusing to write the site into {out_r}: it contains {protected}",
                hint="choose an output folder inside the site, such as _site",
            )
    if out_r.is_relative_to(root_r / "content"):
        raise OutputError(
            f"refusing to write the site inside the content folder ({out_r})",
            hint="choose an output folder such as _site",
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"output path {out} exists and is not a folder")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            f"output folder {out} was not created by seminar-site and is not empty",
            hint="remove it yourself, or choose another --out folder",
        )


def clean_leftovers(out: Path) -> None:
    """Remove temp trees left by an interrupted build (and restore a half-finished swap)."""
    parent = out.parent
    if not parent.is_dir():
        return
    prefix = TEMP_PREFIX + out.name + "-"
    for child in parent.iterdir():
        if child.name.startswith(prefix):
            if not out.exists() and (child / MARKER).is_file() and child.name.endswith("-old"):
                child.rename(out)  # a fallback swap was cut between its two renames
                continue
            shutil.rmtree(child, ignore_errors=True)


def friendly_error(exc: OSError, out: Path) -> OutputError:
    reasons = {
        errno.ENOSPC: ("the disk is full", "free some space and build again"),
        errno.EDQUOT: ("the disk quota is exceeded", "free some space and build again"),
        errno.EACCES: ("permission denied", "check that you may write to the output's folder"),
        errno.EPERM: ("permission denied", "check that you may write to the output's folder"),
        errno.EROFS: ("the file system is read-only", "choose another --out folder"),
        errno.EEXIST: ("a file is in the way of the output folder", "choose another --out"),
        errno.ENOTDIR: ("a file is in the way of the output folder", "choose another --out"),
    }
    reason, hint = reasons.get(
        exc.errno or 0, (exc.strerror or str(exc), "check the output folder")
    )
    return OutputError(
        f"could not write the site to {out}: {reason}; the previous site was kept",
        exc.filename or out,
        hint=hint,
    )
