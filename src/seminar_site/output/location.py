"""Where a site may be written, and what an interrupted build left there."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from seminar_site.errors import OutputError
from seminar_site.i18n import _
from seminar_site.output.marker import MARKER, TEMP_PREFIX


def check_output_location(out: Path, root: Path) -> None:
    """Refuse outputs that would overwrite the site's sources, a home folder or the file system."""
    out_r = out.resolve()
    root_r = root.resolve()
    forbidden = {
        root_r: _("the site root"),
        (root_r / "content"): _("the content folder"),
        (root_r / "templates"): _("the templates folder"),
        (root_r / "static"): _("the static folder"),
        Path.home().resolve(): _("your home folder"),
        Path(out_r.anchor): _("the file system root"),
    }
    if out_r in forbidden:
        raise OutputError(
            _("refusing to write the site into {place} ({out})", place=forbidden[out_r], out=out),
            hint=_("choose an output folder such as _site"),
        )
    for protected, what in (
        (root_r, _("the site folder")),
        (root_r / "content", _("the content folder")),
    ):
        if protected.is_relative_to(out_r):
            raise OutputError(
                _(
                    "refusing to write the site into {out}: it contains {what} ({protected})",
                    out=out,  # as the user typed it
                    what=what,
                    protected=protected,  # absolute: the root as typed may be '.'
                ),
                hint=_("choose an output folder inside the site, such as _site"),
            )
    if out_r.is_relative_to(root_r / "content"):
        raise OutputError(
            _("refusing to write the site inside the content folder ({out})", out=out),
            hint=_("choose an output folder such as _site"),
        )
    if out.exists() and not out.is_dir():
        raise OutputError(_("output path {out} exists and is not a folder", out=out))
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            _("output folder {out} was not created by seminar-site and is not empty", out=out),
            hint=_("remove it yourself, or choose another --out folder"),
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
    """The user's words for a failed write (never the system's own text)."""
    full = (_("the disk is full"), _("free some space and build again"))
    denied = (_("permission denied"), _("check that you may write to the output's folder"))
    in_the_way = (_("a file is in the way of the output folder"), _("choose another --out"))
    reasons = {
        errno.ENOSPC: full,
        errno.EDQUOT: (_("the disk quota is exceeded"), full[1]),
        errno.EACCES: denied,
        errno.EPERM: denied,
        errno.EROFS: (_("the file system is read-only"), _("choose another --out folder")),
        errno.EEXIST: in_the_way,
        errno.ENOTDIR: in_the_way,
        errno.EIO: (_("the disk could not be read or written"), _("check the disk")),
        errno.ENAMETOOLONG: (
            _("a path is too long for the file system"),
            _("choose a shorter --out folder"),
        ),
    }
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    reason, hint = reasons.get(
        exc.errno or 0,
        (_("the system reported error {code}", code=code), _("check the output folder")),
    )
    return OutputError(
        _(
            "could not write the site to {out}: {reason}; the previous site was kept",
            out=out,
            reason=reason,
        ),
        exc.filename or out,
        hint=hint,
    )
