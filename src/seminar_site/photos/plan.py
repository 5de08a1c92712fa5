"""Photo renditions as plain data: settings, pure size maths, file names and plans.

Cheap to import (no Pillow): a no-change build reads cached results through these types.
The side effects (decoding, encoding, the cache files) live in :mod:`seminar_site.photos.worker`.
"""

from __future__ import annotations

import errno
import hashlib
import math
from dataclasses import dataclass, field, replace
from typing import Any

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.settings.renditions import RenditionSettings

EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "avif": "avif"}
_PREFERENCE = ("avif", "jpeg", "webp")  # on a tie, the format every browser reads best
PHOTOS_DIR = "photos"  # the folder of the published site that holds every rendition
HEIF_SUFFIXES = {".heic", ".heif", ".hif"}
#: The lowest row height of a gallery (static/css/gallery.css --row, on phones), in pixels:
#: a smaller photo cannot fill a row (photos/stage.py warns), and render/gallery.py lays the
#: rows out with it.
SMALLEST_ROW = 120


class PhotoError(SiteError):
    """A photo cannot be used: corrupt, truncated, not an image, or absurdly large."""


def cannot_read(exc: OSError) -> Message:
    """Why a photo file could not be opened, in words a catalog translates: the system's
    wording of the usual causes (``str(exc)`` would show the absolute path)."""
    reasons = {
        errno.ENOENT: _("No such file or directory"),
        errno.EACCES: _("Permission denied"),
        errno.EPERM: _("Operation not permitted"),
        errno.EISDIR: _("Is a directory"),
        errno.ENOTDIR: _("Not a directory"),
        errno.ELOOP: _("Too many levels of symbolic links"),
        errno.ENAMETOOLONG: _("File name too long"),
        errno.EIO: _("Input/output error"),
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or _("input/output error")
    return _("cannot read the photo ({reason})", reason=reason)


@dataclass(frozen=True)
class Rendition:
    format: str  # "webp" | "jpeg" | "avif"
    width: int
    height: int
    filename: str  # base name in the cache, e.g. "3fa9c1d2e4b5-960.webp"


@dataclass(frozen=True)
class PhotoResult:
    source_hash: str
    width: int  # upright source size (orientation applied)
    height: int
    renditions: tuple[Rendition, ...]  # sizes x formats + the JPEG fallback, by (format, width)
    social: Rendition | None  # 1200x630 JPEG card, only when requested
    decoded: bool = False  # True when this call decoded the source (False: served from cache)
    sidecar: str = ""  # name of the JSON record next to the files

    def in_format(self, fmt: str) -> tuple[Rendition, ...]:
        """Renditions of one format, smallest first."""
        return tuple(r for r in self.renditions if r.format == fmt)

    def largest(self, fmt: str = "") -> Rendition:
        """The largest rendition of ``fmt`` (default: of :meth:`responsive`'s format)."""
        return max(self.in_format(fmt) if fmt else self.responsive(), key=lambda r: r.width)

    def responsive(self) -> tuple[Rendition, ...]:
        """The renditions of a format made at every width, WebP when it is one of them."""
        formats = [r.format for r in self.renditions]
        best = max(set(formats), key=lambda f: (formats.count(f), _PREFERENCE.index(f)))
        return self.in_format(best)

    def fallback(self) -> Rendition:
        """The JPEG the ``<img>`` of a ``<picture>`` shows: the middle size of the JPEGs."""
        jpegs = self.in_format("jpeg")
        return jpegs[min(1, len(jpegs) - 1)]

    def published(self) -> dict[str, str]:
        """The files this photo publishes: site path → cache file name. The one rule for
        which cache files reach the site (not the JSON record) and where."""
        return {photo_path(name): name for name in sorted(self.filenames()) if name != self.sidecar}

    def filenames(self) -> set[str]:
        names = {r.filename for r in self.renditions}
        if self.social is not None:
            names.add(self.social.filename)
        if self.sidecar:
            names.add(self.sidecar)
        return names


def photo_path(filename: str) -> str:
    """Where a rendition file is published, relative to the site root."""
    return f"{PHOTOS_DIR}/{filename}"


@dataclass(frozen=True)
class Wants:
    """What the pages need of one photo: its renditions (a gallery, an index card) and the
    social card. The site's share image needs the card alone: only files a page shows are
    made and published."""

    renditions: bool = True
    card: bool = False

    def __or__(self, other: Wants) -> Wants:
        return Wants(self.renditions or other.renditions, self.card or other.card)

    def covers(self, other: Wants) -> bool:
        return self | other == self

    def of(self, result: PhotoResult) -> PhotoResult:
        """``result`` without what is not wanted (a cache record may hold more)."""
        renditions = result.renditions if self.renditions else ()
        social = result.social if self.card else None
        if renditions == result.renditions and social == result.social:
            return result
        return replace(result, renditions=renditions, social=social)


@dataclass(frozen=True)
class PhotoJob:
    source: str  # absolute path of the source photo
    source_hash: str = ""  # content hash (worker.read_source); "" = hash it in the worker
    settings: RenditionSettings = field(default_factory=RenditionSettings)
    want_social: bool = False
    want_renditions: bool = True  # False: the social card alone (the site's share image)

    @classmethod
    def wanting(
        cls, source: str, source_hash: str, settings: RenditionSettings, wants: Wants
    ) -> PhotoJob:
        return cls(source, source_hash, settings, wants.card, wants.renditions or not wants.card)

    @property
    def wants(self) -> Wants:
        return Wants(self.want_renditions, self.want_social)


# ---------------------------------------------------------------- pure maths --
def fit_long_edge(width: int, height: int, size: int) -> tuple[int, int]:
    """The size of a ``width`` x ``height`` image whose long edge is at most ``size``."""
    long_edge = max(width, height)
    if size >= long_edge:
        return width, height
    scale = size / long_edge
    return max(1, round(width * scale)), max(1, round(height * scale))


def rendition_sizes(width: int, height: int, settings: RenditionSettings) -> list[tuple[int, int]]:
    """Distinct rendition sizes for an upright source, largest first (never upscaled)."""
    sizes = {fit_long_edge(width, height, s) for s in settings.widths}
    return sorted(sizes, reverse=True)


def cover_need(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """Smallest size of the whole image from which a centred ``box`` crop needs no upscaling."""
    scale = max(box[0] / width, box[1] / height)
    if scale >= 1:
        return width, height
    return min(width, math.ceil(width * scale)), min(height, math.ceil(height * scale))


def cover_box(width: int, height: int, box: tuple[int, int]) -> tuple[float, float, float, float]:
    """The centred region of a ``width`` x ``height`` image with the aspect ratio of ``box``."""
    aspect = box[0] / box[1]
    if width / height > aspect:
        crop_w = height * aspect
        left = (width - crop_w) / 2
        return left, 0.0, left + crop_w, float(height)
    crop_h = width / aspect
    top = (height - crop_h) / 2
    return 0.0, top, float(width), top + crop_h


def crop_size(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """``box``, or the largest size of its aspect ratio that a small source fills unscaled."""
    left, top, right, bottom = cover_box(width, height, box)
    if right - left >= box[0]:
        return box
    return max(1, min(box[0], int(right - left))), max(1, min(box[1], int(bottom - top)))


def file_stem(source_hash: str, settings: RenditionSettings) -> str:
    """A neutral id for the outputs of one source under one settings fingerprint."""
    text = f"{source_hash}:{settings.fingerprint()}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def sidecar_name(source_hash: str, settings: RenditionSettings) -> str:
    return f"{source_hash[:16]}-{settings.fingerprint()}.json"


def plan(job: PhotoJob, width: int, height: int) -> PhotoResult:
    """Every output (size and name) for an upright ``width`` x ``height`` source; no I/O."""
    s = job.settings
    stem = file_stem(job.source_hash, s)
    renditions = [
        Rendition(fmt, w, h, f"{stem}-{w}.{EXTENSIONS[fmt]}")
        for fmt in s.formats
        for w, h in rendition_sizes(width, height, s)
        if job.want_renditions
    ]
    if s.fallback_width is not None and job.want_renditions:
        w, h = fit_long_edge(width, height, s.fallback_width)
        renditions.append(Rendition("jpeg", w, h, f"{stem}-{w}.jpg"))
    social = None
    if job.want_social:
        sw, sh = s.social_size
        social = Rendition("jpeg", sw, sh, f"{stem}-social.jpg")
    return PhotoResult(
        source_hash=job.source_hash,
        width=width,
        height=height,
        renditions=tuple(sorted(renditions, key=lambda r: (r.format, r.width))),
        social=social,
        sidecar=sidecar_name(job.source_hash, s),
    )


# ------------------------------------------------------------------- cache --
def rendition_from(data: list[Any]) -> Rendition:
    fmt, width, height, filename = data
    return Rendition(str(fmt), int(width), int(height), str(filename))
