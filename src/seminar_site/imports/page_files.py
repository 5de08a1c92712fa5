"""The images and file links of a saved page: photos and materials of the new report.

A file beside the saved page (``<img src="img/p1.jpg">``, ``<a href="doc/slides.pdf">``) is
copied into the report folder when the writer can copy files; one that is not there (an
address on the old site, a file not saved with the page) goes into the import report with its
alt text or label and its source, so that the report written stays valid.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from seminar_site.i18n import _
from seminar_site.imports.page_lines import Line
from seminar_site.imports.result import Leftover

_PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".avif")
_MATERIAL_SUFFIXES = (".pdf", ".pptx", ".xlsx", ".docx")
# 「資料（PDF：1.2MB）」: the format and size are added again by the page.
_SIZE_NOTE = re.compile(
    r"[\s\u3000]*[（(\[［][^（）()]*(?:PDF|pdf|KB|MB|kb|mb|ページ|Word|Excel|PowerPoint)[^（）()]*"
    r"[）)\]］][\s\u3000]*$"
)
_BAD_LABELS = ("こちら", "ここ", "資料", "リンク", "ダウンロード", "PDF")


def material_suffix(href: str) -> str:
    return PurePosixPath(urlsplit(href).path).suffix.lower()


def is_material_link(href: str) -> bool:
    return material_suffix(href) in _MATERIAL_SUFFIXES


def _where(line: Line) -> str:
    return _("line {line}", line=line.where)


class FileLinks:
    """Photos and materials, with the files to copy (folder-relative name → source file)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.made: set[int] = set()  # indices of the link lines that became materials
        self.copies: dict[str, Path] = {}

    def _local(self, src: str) -> Path | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        candidate = self.base / unquote(parts.path)
        return candidate if candidate.is_file() else None

    def _claim(self, folder: str, source: Path) -> str:
        name = f"{folder}/{source.name}"
        stem, suffix, n = source.stem, source.suffix, 1
        while name in self.copies and self.copies[name] != source:
            n += 1
            name = f"{folder}/{stem}-{n}{suffix}"
        self.copies[name] = source
        return name

    def photos(
        self, day: int, indices: list[int], lines: list[Line], notes: list[Leftover]
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for index in indices:
            line = lines[index]
            source = self._local(line.src)
            shown = f"alt「{line.alt}」 src {line.src}"
            if source is None or source.suffix.lower() not in _PHOTO_SUFFIXES:
                notes.append(
                    Leftover(_where(line), shown, _("image file not found beside the page"))
                )
                continue
            photo: dict[str, Any] = {"file": self._claim(f"photos/day{day}", source)}
            if line.alt:
                photo["alt"] = line.alt
            if line.caption:
                photo["caption"] = line.caption
            found.append(photo)
        return found

    def materials(
        self, indices: list[int], lines: list[Line], notes: list[Leftover]
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for index in indices:
            line = lines[index]
            label = _SIZE_NOTE.sub("", line.text).strip()
            shown = f"「{line.text}」 {line.src}"
            if not label or label in _BAD_LABELS or label == PurePosixPath(line.src).name:
                notes.append(
                    Leftover(
                        _where(line),
                        shown,
                        _("link text does not say what the file is: add it by hand"),
                    )
                )
                continue
            parts = urlsplit(line.src)
            if parts.scheme in ("http", "https"):
                found.append({"label": label, "url": line.src})
                self.made.add(index)
                continue
            source = self._local(line.src)
            if source is None:
                notes.append(
                    Leftover(_where(line), shown, _("linked file not found beside the page"))
                )
            else:
                found.append({"label": label, "file": self._claim("materials", source)})
                self.made.add(index)
        return found
