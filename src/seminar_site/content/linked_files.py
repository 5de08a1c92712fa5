"""Files that a report's Markdown texts link to (``[講演資料（PDF：1.2MB）](slides.pdf)``): each
published where the page's link leads, and read as a material file is (content/materials.py):
a PDF, PPTX, XLSX or DOCX that is not what its name says is an error, a password or a file
over the size limit a warning, each said at the link's line in the text.

Only a text that links a document inside content/ costs anything here (most have none); the
files are read while the report is loaded, so a report taken unchanged from the build record
reads none of them again.
"""

from __future__ import annotations

import contextlib
import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from seminar_site.content.material_formats import APPS, Problem, inspect_material
from seminar_site.content.materials import file_digest, oversize
from seminar_site.content.rewrites import TextSource
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.model import Material
from seminar_site.settings.textfile import read_text
from seminar_site.system.stamps import record_read

#: What a Markdown link may point to and have published beside the page: documents, never
#: pages or scripts (served from the site, an .html or .svg file could run in it).
ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".xlsm", ".ppt", ".odt", ".ods",
     ".odp", ".rtf", ".csv", ".txt", ".zip", ".jtd"}
)  # fmt: skip
_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def linked_files(
    htmls: Iterable[str],
    slug: str,
    folders: Iterable[Path],
    fence: Path,
    sources: Mapping[str, TextSource],
    errors: ErrorCollector,
    warnings: list[SiteError],
    counted: Mapping[str, int] | None = None,
) -> tuple[Material, ...]:
    """The files inside ``fence`` (content/) that the report's converted texts ``htmls`` link
    to with a relative address: each published where the page's link leads
    (``reports/<slug>/<address>``), from the first of ``folders`` that has it (the report's
    folder, then the folders of its Markdown files: a link is read from the page, or from
    beside its text). An address that leaves the page's folder, or a file of another type,
    is not published (check says the link leads nowhere). ``sources``: where each text that
    has a link is written, so that a file's problems (to ``errors`` and ``warnings``) are said
    at its link (at the report's folder for a text not in it). ``counted``: the page counts
    of PDF files read before (:func:`~seminar_site.content.materials.known_pages`)."""
    found: dict[str, Material] = {}
    places = list(dict.fromkeys(folders))
    for text in htmls:
        if 'href="' not in text:
            continue
        for match in _HREF.finditer(text):
            written = html.unescape(match[1])
            relative = page_relative(written)
            if relative is None or relative in found:
                continue
            if posixpath.splitext(relative)[1].lower() not in ATTACHMENT_SUFFIXES:
                continue
            material = _linked(relative, slug, places, fence)
            if material is not None:
                at = _Link(written, sources.get(text, TextSource(places[0])), relative)
                found[relative] = _checked(material, at, errors, warnings, counted or {})
    return tuple(found.values())


def page_relative(written: str) -> str | None:
    """The file a relative address of a page leads to, below the page's folder
    (``talks/a%20b.pdf#p2`` → ``talks/a b.pdf``); None for an address with a scheme, one
    from the site's root, or one that leaves the folder. For links and a text's images."""
    address = written.split("#", 1)[0].split("?", 1)[0]
    if not address or _SCHEME.match(address) or address.startswith(("/", "\\")):
        return None
    relative = posixpath.normpath(unquote(address))
    if relative.startswith("../") or relative in (".", ".."):
        return None
    return relative


def find_in_folders(relative: str, folders: list[Path], fence: Path) -> Path | None:
    """The first of ``folders`` that holds the file ``relative`` inside ``fence``, recorded
    as read; else None, with each folder where it would be recorded (the report is loaded
    again once the file is put there). For linked files and a text's images alike."""
    for folder in folders:
        candidate = folder / relative
        try:
            if not candidate.is_file() or not candidate.resolve().is_relative_to(fence):
                _watch(candidate, folder)
                continue
        except OSError:
            continue
        record_read(candidate)
        return candidate
    return None


def _linked(relative: str, slug: str, folders: list[Path], fence: Path) -> Material | None:
    candidate = find_in_folders(relative, folders, fence)
    if candidate is None:
        return None
    digest, size = file_digest(candidate)
    return Material(
        label="",
        source=candidate,
        kind=posixpath.splitext(relative)[1][1:].lower(),
        size=size,
        digest=digest,
        published=f"reports/{slug}/{relative}",
    )


@dataclass(frozen=True)
class _Link:
    """Where a linked file's problems are said: at its address in the text's file."""

    written: str  # the address as the page's link has it
    source: TextSource
    shown: str  # the file's name in the messages: the address, decoded

    def error(self, problem: Problem) -> SiteError:
        path = self.source.path
        line, col = self.source.line, self.source.col
        if path.is_file():  # read a moment ago; if not now, say where the text starts
            with contextlib.suppress(SiteError):
                line, col = self.source.position_of(self.written, read_text(path))
        return SiteError(problem.message, path, line, col, hint=problem.hint)


def _checked(
    material: Material,
    link: _Link,
    errors: ErrorCollector,
    warnings: list[SiteError],
    counted: Mapping[str, int],
) -> Material:
    """``material`` with its page count (PDF), after its size and (PDF, PPTX, XLSX, DOCX)
    its format are checked as a material file's are."""
    assert material.source is not None
    too_large = oversize(link.shown, material.size, material.kind)
    if too_large is not None:
        warnings.append(link.error(too_large))
    if material.kind not in APPS:
        return material  # .doc, .csv, .zip …: no reader of their formats here
    if material.kind == "pdf" and material.digest in counted:
        return replace(material, pages=counted[material.digest])  # read before, as it is
    found = inspect_material(material.source, material.kind, link.shown, counted=False)
    if found.error is not None:
        errors.add(link.error(found.error))
    if found.warning is not None:
        warnings.append(link.error(found.warning))
    return replace(material, pages=found.pages) if found.pages is not None else material


def _watch(candidate: Path, folder: Path) -> None:
    """Record the folder where a linked file would be (its nearest one that exists), so that
    the report is loaded again once the file is put there."""
    parent = candidate.parent
    while parent != folder and not parent.is_dir() and folder in parent.parents:
        parent = parent.parent
    record_read(parent)
