"""A report's or session's materials: files inside content/ (PDF, PPTX, XLSX, DOCX) read
once at load time for their size, digest, format and (PDF) page count
(content/material_formats.py), or links elsewhere.

The digest is in the model, so a changed file changes the report's version and its page is
rendered again; the file is published under a name that carries the digest
(``materials/slides-3f2a1b9c0d4e.pdf``), like the photo renditions.
"""

from __future__ import annotations

import hashlib
import html
import logging
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from seminar_site.content.material_formats import inspect_material
from seminar_site.content.paths import require_file
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import _
from seminar_site.model import Material
from seminar_site.settings.schema import Checked
from seminar_site.system.stamps import record_read

log = logging.getLogger(__name__)

MATERIALS_DIR = "materials"  # the folder of the published site that holds the files
FORMATS = {".pdf": "pdf", ".pptx": "pptx", ".xlsx": "xlsx", ".docx": "docx"}
MAX_BYTES = 20 * 1024 * 1024  # larger files get a warning (docs/content-format.md)
_VAGUE = frozenset(
    {"こちら", "ここ", "資料", "ファイル", "ダウンロード", "リンク", "here", "click here",
     "file", "download", "link", "pdf", "slides"}
)  # fmt: skip
_CHUNK = 1 << 20


def load_materials(
    items: list[Checked],
    base: Path,
    fence: Path,
    errors: ErrorCollector,
    warnings: list[SiteError],
) -> tuple[Material, ...]:
    """The materials of one list; problems go to ``errors`` (a file that is not the format
    its name says among them), a file too large, one with a password or a PDF without a
    readable page count to ``warnings``."""
    found: list[Material] = []
    for data in items:
        try:
            material = _material(data, base, fence, errors, warnings)
        except SiteError as error:
            errors.add(error)
            continue
        if material is not None:
            found.append(material)
    return tuple(found)


def _material(
    data: Checked, base: Path, fence: Path, errors: ErrorCollector, warnings: list[SiteError]
) -> Material | None:
    label = str(data.get("label", "")).strip()
    if "file" not in data and "url" not in data:
        errors.add(data.error(None, _("a material needs a 'file' or a 'url'")))
        return None
    if _vague(label, str(data.get("file", ""))):
        errors.add(
            data.error(
                "label",
                _("the label '{label}' does not say what the material is", label=label),
                hint=_("name the material, e.g. 'label: 講演資料' or 'label: 配布資料'"),
            )
        )
    if "url" in data:
        return Material(label=label, url=data["url"])
    path = require_file(data, "file", base, fence, _("material file"))
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise data.error(
            "file",
            _("'{path}' is not a PDF, PPTX, XLSX or DOCX file", path=str(data["file"])),
            hint=_("convert it to PDF, or link to it with 'url:'"),
        )
    record_read(path)
    digest, size = _digest(path)
    if size > MAX_BYTES:
        warnings.append(
            data.error(
                "file",
                _(
                    "material '{path}' is {size} MB: readers on phones may not download it",
                    path=str(data["file"]),
                    size=format(size / (1024 * 1024), ".1f"),
                ),
                hint=_(
                    "keep materials under {limit} MB: compress the PDF or split it",
                    limit=MAX_BYTES // (1024 * 1024),
                ),
            )
        )
    found = inspect_material(path, kind, str(data["file"]))
    if found.error is not None:
        raise data.error("file", found.error.message, hint=found.error.hint)
    if found.warning is not None:
        warnings.append(data.error("file", found.warning.message, hint=found.warning.hint))
    return Material(
        label=label,
        source=path,
        kind=kind,
        size=size,
        pages=found.pages,
        digest=digest,
        published=published_path(path, digest),
    )


#: What a Markdown link may point to and have published beside the page: documents, never
#: pages or scripts (served from the site, an .html or .svg file could run in it).
ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".xlsm", ".ppt", ".odt", ".ods",
     ".odp", ".rtf", ".csv", ".txt", ".zip", ".jtd"}
)  # fmt: skip
_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def linked_files(
    htmls: Iterable[str], slug: str, folders: Iterable[Path], fence: Path
) -> tuple[Material, ...]:
    """The files inside ``fence`` (content/) that the report's converted texts ``htmls`` link
    to with a relative address: each published where the page's link leads
    (``reports/<slug>/<address>``), from the first of ``folders`` that has it (the report's
    folder, then the folders of its Markdown files: a link is read from the page, or from
    beside its text). An address that leaves the page's folder, or a file of another type,
    is not published (check says the link leads nowhere)."""
    found: dict[str, Material] = {}
    places = list(dict.fromkeys(folders))
    for text in htmls:
        if 'href="' not in text:
            continue
        for match in _HREF.finditer(text):
            address = html.unescape(match[1]).split("#", 1)[0].split("?", 1)[0]
            if not address or _SCHEME.match(address) or address.startswith(("/", "\\")):
                continue
            relative = posixpath.normpath(unquote(address))
            if relative in found or relative.startswith("../") or relative in (".", ".."):
                continue
            if posixpath.splitext(relative)[1].lower() not in ATTACHMENT_SUFFIXES:
                continue
            material = _linked(relative, slug, places, fence)
            if material is not None:
                found[relative] = material
    return tuple(found.values())


def _linked(relative: str, slug: str, folders: list[Path], fence: Path) -> Material | None:
    for folder in folders:
        candidate = folder / relative
        try:
            if not candidate.is_file() or not candidate.resolve().is_relative_to(fence):
                _watch(candidate, folder)
                continue
        except OSError:
            continue
        record_read(candidate)
        digest, size = _digest(candidate)
        return Material(
            label="",
            source=candidate,
            kind=posixpath.splitext(relative)[1][1:].lower(),
            size=size,
            digest=digest,
            published=f"reports/{slug}/{relative}",
        )
    return None


def _watch(candidate: Path, folder: Path) -> None:
    """Record the folder where a linked file would be (its nearest one that exists), so that
    the report is loaded again once the file is put there."""
    parent = candidate.parent
    while parent != folder and not parent.is_dir() and folder in parent.parents:
        parent = parent.parent
    record_read(parent)


def _vague(label: str, file: str) -> bool:
    plain = unicodedata.normalize("NFKC", label).casefold().strip("「」()（） ")
    name = file.rsplit("/", 1)[-1].casefold()
    return not plain or plain in _VAGUE or plain in (name, name.rsplit(".", 1)[0])


def _digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def published_path(path: Path, digest: str) -> str:
    """``materials/<ascii stem>-<12 hex digits><suffix>``: a new name for new bytes."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-")[:40] or "file"
    return f"{MATERIALS_DIR}/{stem}-{digest[:12]}{path.suffix.lower()}"
