"""Rendition files from one decoded photo: the resize cascade, the social card's crop, the
encoders.

Called by :mod:`seminar_site.photos.worker` once a photo is decoded (upright, sRGB); Pillow
is imported inside the functions, so importing this module costs nothing.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from seminar_site.photos.plan import PhotoResult, cover_box
from seminar_site.settings.renditions import RenditionSettings

if TYPE_CHECKING:
    from PIL import Image


def resize(
    img: Image.Image,
    size: tuple[int, int],
    box: tuple[float, float, float, float] | None = None,
    reducing_gap: float | None = None,
) -> Image.Image:
    """Bicubic, premultiplied when there is alpha (``box``: the region of ``img`` to use)."""
    from PIL import Image

    # What Image.thumbnail() uses; Lanczos is slower for no visible gain.
    bicubic = Image.Resampling.BICUBIC
    if img.mode == "RGBA":  # premultiply, or transparent pixels bleed dark fringes
        out = img.convert("RGBa").resize(size, bicubic, box, reducing_gap)
        return out.convert("RGBA")
    return img.resize(size, bicubic, box, reducing_gap)


def encode_all(
    working: Image.Image, result: PhotoResult, settings: RenditionSettings
) -> dict[str, bytes]:
    """Every output file of ``result``: a cascade, each size made from the next larger one."""
    produced = [working]
    outputs: dict[str, bytes] = {}
    for size in sorted({(r.width, r.height) for r in result.renditions}, reverse=True):
        source = min(
            (p for p in produced if p.width >= size[0] and p.height >= size[1]),
            key=lambda p: p.width,
        )
        img = source if source.size == size else resize(source, size)
        produced.append(img)
        for r in result.renditions:
            if (r.width, r.height) == size:
                outputs[r.filename] = _encode(img, r.format, settings)
    if result.social is not None:
        r = result.social
        box = (r.width, r.height)
        source = _cover_source(produced, box)
        img = resize(source, box, cover_box(source.width, source.height, box))
        outputs[r.filename] = _encode(img, r.format, settings)
    return outputs


def _cover_source(produced: list[Image.Image], box: tuple[int, int]) -> Image.Image:
    """The smallest image whose centred crop is at least ``box`` (or the largest one)."""
    fits = []
    for p in produced:
        left, top, right, bottom = cover_box(p.width, p.height, box)
        if right - left >= box[0] and bottom - top >= box[1]:
            fits.append(p)
    return min(fits, key=lambda p: p.width) if fits else max(produced, key=lambda p: p.width)


def _encode(img: Image.Image, fmt: str, settings: RenditionSettings) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    if fmt == "jpeg":
        if img.mode == "RGBA":  # JPEG has no alpha: flatten on white
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        img.save(
            buf,
            "JPEG",
            quality=settings.jpeg_quality,
            optimize=True,
            progressive=True,
            subsampling="4:2:0",
        )
    elif fmt == "webp":
        img.save(buf, "WEBP", quality=settings.webp_quality, method=settings.webp_method)
    else:
        img.save(buf, "AVIF", quality=settings.avif_quality, speed=settings.avif_speed)
    return buf.getvalue()


def avif_supported() -> bool:
    from PIL import features

    return bool(features.check("avif"))
