"""What to make of every photo: the rendition settings of site.yaml, checked on creation.

Settings, not photo code: the photo stage takes them as a value (and its file names carry
their fingerprint), so changing a size makes new names and prunes the old ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

#: Bump when the pipeline changes its output for the same settings (new names, old files pruned).
PIPELINE_VERSION = 1
#: Refuse sources above these limits before decoding a single pixel.
MAX_PIXELS = 100_000_000
MAX_SIDE = 30_000

FORMATS = ("webp", "jpeg", "avif")


@dataclass(frozen=True)
class RenditionSettings:
    """What to make of every photo. Sizes are long-edge bounds ("widths" for landscape photos).

    Sizing by the long edge keeps a portrait photo as light as a landscape one and lets JPEG
    draft decoding apply to both. Sizes at or above the source's long edge collapse into one
    rendition at the source size. Nothing is upscaled except the social card, which must be
    exactly ``social_size`` (og:image declares it); a thumbnail of a small source is smaller.
    """

    widths: tuple[int, ...] = (480, 960, 1600)
    formats: tuple[str, ...] = ("webp", "jpeg")
    jpeg_quality: int = 82
    webp_quality: int = 80
    thumb_size: tuple[int, int] = (400, 300)
    thumb_formats: tuple[str, ...] = ("webp", "jpeg")
    social_size: tuple[int, int] = (1200, 630)
    avif_quality: int = 60
    avif_speed: int = 8

    def __post_init__(self) -> None:
        if not self.widths or any(w < 16 or w > MAX_SIDE for w in self.widths):
            raise ValueError(f"photo widths must be between 16 and {MAX_SIDE}: {self.widths}")
        for formats in (self.formats, self.thumb_formats):
            unknown = [f for f in formats if f not in FORMATS]
            if not formats or unknown or len(set(formats)) != len(formats):
                raise ValueError(f"photo formats must be some of {', '.join(FORMATS)}: {formats}")
        for name in ("jpeg_quality", "webp_quality", "avif_quality"):
            if not 1 <= getattr(self, name) <= 100:
                raise ValueError(f"{name} must be between 1 and 100")
        if not 8 <= self.avif_speed <= 10:
            raise ValueError("avif_speed must be between 8 and 10 (slower speeds cost minutes)")
        for box in (self.thumb_size, self.social_size):
            if len(box) != 2 or min(box) < 16 or max(box) > 4096:
                raise ValueError(f"thumbnail/social sizes must be two numbers 16..4096: {box}")

    def fingerprint(self) -> str:
        """A short hash of every setting and the pipeline version; part of every file name."""
        text = json.dumps([PIPELINE_VERSION, asdict(self)], sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:8]
