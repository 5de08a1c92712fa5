"""The zip of one report: its page at the top (``SLUG/index.html``, opens from file://), the
theme's assets, the photos and the materials under their own names, every link relative.

The same input gives the same bytes: entries in sorted order, each dated the report's
publication day, with fixed permissions and compression. Names are ones Windows accepts
(no reserved names or characters, short enough to unzip in a deep folder), and Japanese
names are stored as UTF-8 with the flag (bit 11) that tells Explorer so.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from seminar_site.export.load import ExportInput, PageSource

FILES = "files"
MAX_NAME = 80  # characters of one material's file name (Windows: 260 for the whole path)
MAX_PATH = 160  # characters of an entry's path inside the zip: room for the folder it is
# unzipped into (C:\Users\…\Downloads\…) within Windows' 260
STORED = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".pdf", ".zip", ".pptx", ".xlsx",
          ".docx", ".mp4"}  # fmt: skip
RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
FILE_MODE = 0o100644  # a regular file, rw-r--r--


@dataclass(frozen=True)
class ZipSummary:
    entries: int
    size: int
    names: tuple[str, ...]  # every entry, in the zip's order


def zip_tree(export: ExportInput) -> dict[str, PageSource]:
    """The zip's files under ``SLUG/``: the standalone tree, with the report's materials
    under ``files/`` and their own (Windows-safe) names, and the page linking to those."""
    tree = dict(export.pages)
    page = tree["index.html"]
    assert isinstance(page, bytes)
    taken: set[str] = {path.casefold() for path in tree}
    for material in export.report.all_materials():
        if material.source is None or material.published not in tree:
            continue
        path = free_name(f"{FILES}/", windows_name(material.source.name), taken)
        tree[path] = tree.pop(material.published)
        page = page.replace(
            f'"{material.published}"'.encode(), f'"{quote(path)}"'.encode()
        )  # an attribute value: the published name has a digest, it is nowhere else
    tree["index.html"] = page
    folder = windows_name(export.report.slug)
    return {f"{folder}/{path}": source for path, source in sorted(tree.items())}


def write_zip(
    tree: Mapping[str, PageSource], target: Path, date: tuple[int, int, int]
) -> ZipSummary:
    """Write ``tree`` to the zip file ``target``; every entry dated ``date`` (midnight)."""
    stamp = (max(date[0], 1980), date[1], date[2], 0, 0, 0)  # zip dates start in 1980
    names = sorted(tree)
    with zipfile.ZipFile(target, "w") as archive:
        for name in names:
            source = tree[name]
            data = source if isinstance(source, bytes) else source.read_bytes()
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix: the permissions below are read from it
            info.external_attr = FILE_MODE << 16
            suffix = Path(name).suffix.lower()
            info.compress_type = zipfile.ZIP_STORED if suffix in STORED else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return ZipSummary(len(names), target.stat().st_size, tuple(names))


def windows_name(name: str) -> str:
    """``name`` as a file name Windows accepts: NFC (macOS writes decomposed kana), no
    reserved characters, no trailing dot or space, not a device name (CON, NUL.txt …), at
    most MAX_NAME characters with its extension kept."""
    name = _BAD.sub("_", unicodedata.normalize("NFC", name)).rstrip(". ") or "file"
    stem, dot, suffix = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
    if stem.split(".")[0].rstrip(" ").casefold() in RESERVED:
        stem = "_" + stem
    suffix = suffix[:16]
    stem = stem[: MAX_NAME - len(suffix) - len(dot)].rstrip(". ") or "file"
    return f"{stem}{dot}{suffix}"


def is_windows_safe(path: str) -> bool:
    """Whether every part of ``path`` (``/``-separated) is a name Windows accepts, and the
    whole is short enough."""
    parts = path.split("/")
    return len(path) <= MAX_PATH and all(part and windows_name(part) == part for part in parts)


def free_name(folder: str, name: str, taken: set[str]) -> str:
    """``folder + name``, or ``name-2`` …: Windows compares names without case."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, number = folder + name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{folder}{stem}-{number}{dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate
