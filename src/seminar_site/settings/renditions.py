"""What to make of every photo: the rendition settings of site.yaml, checked on creation.

Settings, not photo code: the photo stage takes them as a value (and its file names carry
their fingerprint), so changing a size makes new names and prunes the old ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from seminar_site.i18n import _

#: Bump when the pipeline changes its output for the same settings (new names, old files pruned).
PIPELINE_VERSION = 2  # 2: no grid thumbnails; one JPEG fallback unless jpeg is a format
#: Refuse sources above these limits before decoding a single pixel.
MAX_PIXELS = 100_000_000
MAX_SIDE = 30_000

FORMATS = ("webp", "jpeg", "avif")
#: The files read as photos (a day's photo folder lists these; the photo stage's prefetch
#: looks for these). Every one that a report.yaml may list one by one: a GIF's first frame.
IMAGE_SUFFIXES = (
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif"
)  # fmt: skip


@dataclass(frozen=True)
class RenditionSettings:
    """What to make of every photo. Sizes are long-edge bounds ("widths" for landscape photos).

    Sizing by the long edge keeps a portrait photo as light as a landscape one and lets JPEG
    draft decoding apply to both. Sizes at or above the source's long edge collapse into one
    rendition at the source size. Nothing is upscaled except the social card, which must be
    exactly ``social_size`` (og:image declares it).

    ``formats`` are made at every width. Every browser in use reads WebP, so by default JPEG
    is not among them: one JPEG at the middle width (:attr:`fallback_width`) is the ``<img>``
    fallback of the ``<picture>``. Only files a page shows are made (no grid thumbnails).
    """

    widths: tuple[int, ...] = (480, 960, 1600)
    formats: tuple[str, ...] = ("webp",)
    jpeg_quality: int = 82
    webp_quality: int = 80
    #: libwebp's effort, 0-6: 1 encodes a 1600 px photo about 4x faster than libwebp's
    #: default 4 for files 0-4 % larger (measured on make_photos.py's photos); the WebP
    #: encode is most of a photo's cost.
    webp_method: int = 1
    social_size: tuple[int, int] = (1200, 630)
    avif_quality: int = 60
    avif_speed: int = 8

    def __post_init__(self) -> None:
        """A ValueError whose text is a message (site.yaml's loader shows it as it is)."""
        if not self.widths or any(w < 16 or w > MAX_SIDE for w in self.widths):
            message = _("photo widths must be between 16 and {largest}", largest=MAX_SIDE)
            raise ValueError(message)
        unknown = [f for f in self.formats if f not in FORMATS]
        if not self.formats or unknown or len(set(self.formats)) != len(self.formats):
            names = ", ".join(FORMATS)
            raise ValueError(_("photo formats must be some of {names}, each once", names=names))
        for name in ("jpeg_quality", "webp_quality", "avif_quality"):
            if not 1 <= getattr(self, name) <= 100:
                raise ValueError(_("'{key}' must be between 1 and 100", key=name))
        if not 0 <= self.webp_method <= 6:
            raise ValueError(_("'{key}' must be between 0 and 6", key="webp_method"))
        if not 8 <= self.avif_speed <= 10:
            message = _("'avif_speed' must be between 8 and 10 (slower speeds cost minutes)")
            raise ValueError(message)
        box = self.social_size
        if len(box) != 2 or min(box) < 16 or max(box) > 4096:
            message = _("thumbnail and sharing card sizes must be two numbers from 16 to 4096")
            raise ValueError(message)

    @property
    def fallback_width(self) -> int | None:
        """The one width of the JPEG fallback, or None when JPEG is made at every width."""
        if "jpeg" in self.formats:
            return None
        ordered = sorted(self.widths)
        return ordered[min(1, len(ordered) - 1)]

    def fingerprint(self) -> str:
        """A short hash of every setting and the pipeline version; part of every file name."""
        text = json.dumps([PIPELINE_VERSION, asdict(self)], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:8]
