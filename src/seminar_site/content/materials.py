"""A report's or session's materials: files inside content/ (PDF, PPTX, XLSX, DOCX) read
once at load time for their size, digest, format and (PDF) page count
(content/material_formats.py), or links elsewhere. The files that Markdown texts link to are
read the same way (content/linked_files.py).

The digest is in the model, so a changed file changes the report's version and its page is
rendered again; the file is published under a name that carries the digest
(``materials/slides-3f2a1b9c0d4e.pdf``), like the photo renditions.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from seminar_site.content.material_formats import Inspection, Problem, inspect_material
from seminar_site.content.material_labels import label_warnings
from seminar_site.content.paths import require_file
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import _
from seminar_site.model import Material, Report
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


def known_pages(report: Report) -> dict[str, int]:
    """The page counts of the report's PDF files (materials and linked files) by digest:
    the next load of the report takes a file with the same content from here instead of
    reading it with pypdf again (importing pypdf alone costs a one-edit build about 0.1 s).
    Only counted files are here, so no warning is skipped: an unreadable one is read again."""
    files = (*report.all_materials(), *report.attachments)
    return {m.digest: m.pages for m in files if m.kind == "pdf" and m.pages is not None}


def load_materials(
    items: list[Checked],
    base: Path,
    fence: Path,
    errors: ErrorCollector,
    warnings: list[SiteError],
    counted: Mapping[str, int] | None = None,
) -> tuple[Material, ...]:
    """The materials of one list; problems go to ``errors`` (a file that is not the format
    its name says among them), a file too large, one with a password or a PDF without a
    readable page count to ``warnings``. ``counted``: :func:`known_pages` of the report's
    last load."""
    found: list[Material] = []
    for data in items:
        try:
            material = _material(data, base, fence, errors, warnings, counted or {})
        except SiteError as error:
            errors.add(error)
            continue
        if material is not None:
            found.append(material)
    return tuple(found)


def _material(
    data: Checked,
    base: Path,
    fence: Path,
    errors: ErrorCollector,
    warnings: list[SiteError],
    counted: Mapping[str, int],
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
    digest, size = file_digest(path)
    too_large = oversize(str(data["file"]), size, kind)
    if too_large is not None:
        warnings.append(data.error("file", too_large.message, hint=too_large.hint))
    if kind == "pdf" and digest in counted:
        found = Inspection(pages=counted[digest])  # the same content was read before
    else:
        found = inspect_material(path, kind, str(data["file"]))
    if found.error is not None:
        raise data.error("file", found.error.message, hint=found.error.hint)
    if found.warning is not None:
        warnings.append(data.error("file", found.warning.message, hint=found.warning.hint))
    material = Material(
        label=label,
        source=path,
        kind=kind,
        size=size,
        pages=found.pages,
        digest=digest,
        published=published_path(path, digest),
    )
    warnings += label_warnings(data, material)
    return material


def _vague(label: str, file: str) -> bool:
    plain = unicodedata.normalize("NFKC", label).casefold().strip("「」()（） ")
    name = file.rsplit("/", 1)[-1].casefold()
    return not plain or plain in _VAGUE or plain in (name, name.rsplit(".", 1)[0])


def oversize(shown: str, size: int, kind: str) -> Problem | None:
    """The warning for a file over MAX_BYTES (``shown``: its name as written), or None."""
    if size <= MAX_BYTES:
        return None
    limit = MAX_BYTES // (1024 * 1024)
    return Problem(
        _(
            "material '{path}' is {size} MB: readers on phones may not download it",
            path=shown,
            size=format(size / (1024 * 1024), ".1f"),
        ),
        _("keep materials under {limit} MB: compress the PDF or split it", limit=limit)
        if kind == "pdf"
        else _(
            "keep materials under {limit} MB: make the file smaller (its pictures, for instance) "
            "or split it",
            limit=limit,
        ),
    )


def file_digest(path: Path) -> tuple[str, int]:
    """The sha256 (hex) and size of the file, read in chunks."""
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
