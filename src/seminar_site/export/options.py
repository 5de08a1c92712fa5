"""The export's own options, checked before anything is read: where the file goes (``--out``)
and the address the fragment's images and files are uploaded to (``--asset-url``).

A name that would make a file nobody can open (a zip named ``.pdf``, a PDF with no
extension, a zip named like the folder it was meant to go into) or an address no browser
can load (a space, ``ftp://``) is refused or put right here, with the name or address to
write in the hint.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

from seminar_site.errors import SiteError
from seminar_site.export.output import default_out
from seminar_site.i18n import _
from seminar_site.settings.base_url import base_url_problem

# What looks like a file type (.pdf, .html, .docx, .7z), not a part of a name ("v1.2").
_FILE_TYPE = re.compile(r"^\.[A-Za-z][A-Za-z0-9]{0,4}$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# Characters a URL's path cannot hold as they are (RFC 3986), and the two that end it.
_NOT_IN_PATH = set('"<>\\^`{|}?#')
ASSET_EXAMPLE = "https://www.city.example.jp/uploads/2021dx/"


def export_out(raw: str | None, root: Path, slug: str, fmt: str) -> Path:
    """Where to write: the default (``ROOT/_export/SLUG.pdf`` …) without ``--out``; in a
    folder that exists (or ``--out`` ending in ``/``), the default name inside it; a name
    without the format's extension gets it; one with another file type's is an error."""
    if raw is None:
        return default_out(root, slug, fmt)
    out = Path(raw)
    if fmt == "fragment":
        return out  # a folder of its own
    right = f".{fmt}"
    if raw.endswith(("/", os.sep)) or out.is_dir():
        return out / f"{slug}{right}"
    if out.suffix.lower() == right:
        return out
    if _FILE_TYPE.match(out.suffix):
        raise SiteError(
            _(
                "--out {out} ends in {suffix}, but --format {format} makes a {right} file",
                out=raw,
                suffix=out.suffix,
                format=fmt,
                right=right,
            ),
            hint=_("write --out {name}", name=str(out.with_suffix(right))),
        )
    return out.with_name(out.name + right)


def asset_url(raw: str) -> str:
    """``--asset-url`` ending in ``/`` (empty stays empty): an http(s) address, or a path
    from the top of the CMS's site (``/uploads/2021dx/``); else a SiteError saying what to
    write. A relative path is refused: pasted into a CMS page it would be read from the
    page's own address, which differs from page to page."""
    if not raw:
        return ""
    if any(char.isspace() for char in raw):
        raise SiteError(
            _("--asset-url '{url}' has a space, which a web address cannot have", url=raw),
            hint=_(
                "write each space as %20 ({example}), or upload the files into a folder whose "
                "name has no space",
                example=_encoded(raw if _SCHEME.match(raw) or raw.startswith("/") else "/" + raw),
            ),
        )
    if _SCHEME.match(raw) or raw.startswith("//"):
        if raw.split(":", 1)[0].lower() not in ("http", "https"):
            raise _not_web(raw)
        problem = base_url_problem(raw)
        if problem is not None:
            message, example = problem
            raise SiteError(
                _("--asset-url '{url}' {problem}", url=raw, problem=message),
                hint=_("write the full address, e.g. {example}", example=example),
            )
    elif not raw.startswith("/"):
        raise SiteError(
            _(
                "--asset-url '{url}' is a relative path: pasted into a CMS page, it would be "
                "read from that page's own address",
                url=raw,
            ),
            hint=_(
                "write the path from the top of the site, --asset-url {path}, or the full "
                "address (https://…)",
                path="/" + raw.lstrip("./").rstrip("/") + "/",
            ),
        )
    else:
        bad = next((char for char in raw if char in _NOT_IN_PATH or not char.isprintable()), "")
        if bad:
            raise SiteError(
                _("--asset-url '{url}' has '{char}', which a folder's address cannot have as "
                  "it is", url=raw, char=bad),
                hint=_("write it as {code}, or upload the files into a folder whose name has "
                       "no '{char}'", code=quote(bad, safe=""), char=bad),
            )  # fmt: skip
    return raw if raw.endswith("/") else raw + "/"


def _not_web(raw: str) -> SiteError:
    return SiteError(
        _(
            "--asset-url '{url}' is not a web address: write an https:// or http:// address, "
            "or a path from the top of the site that starts with /",
            url=raw,
        ),
        hint=_(
            "for example --asset-url {example} or --asset-url /uploads/2021dx/",
            example=ASSET_EXAMPLE,
        ),
    )


def _encoded(raw: str) -> str:
    """``raw`` with its spaces (any kind, 全角 too) as ``%20``, the rest as written."""
    return re.sub(r"\s", "%20", raw)
