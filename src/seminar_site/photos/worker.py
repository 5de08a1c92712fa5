"""The one function with side effects per photo: decode once, resize in a cascade, encode
(the cascade and the encoders are :mod:`seminar_site.photos.encode`).

:func:`process_photo` takes only picklable data (a :class:`~seminar_site.photos.plan.PhotoJob`
and the cache folder), so :mod:`seminar_site.photos.stage` can run it in a process pool. Pillow is
imported lazily inside the functions that decode or encode, so that importing this module
(and a no-change build) never pays for it. :func:`open_photo` is the one verification of a
photo: the worker decodes inside it, and ``check`` reads the pixels in it (:func:`inspect_photo`).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import warnings
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seminar_site.i18n import Message, _
from seminar_site.photos.encode import encode_all, resize
from seminar_site.photos.memory import keep_freed_memory
from seminar_site.photos.plan import (
    HEIF_SUFFIXES,
    PhotoError,
    PhotoJob,
    PhotoResult,
    cannot_read,
    cover_need,
    plan,
    rendition_from,
    sidecar_name,
)
from seminar_site.settings.renditions import MAX_PIXELS, MAX_SIDE, RenditionSettings
from seminar_site.system.atomic import write_atomic
from seminar_site.system.stamps import Stamp

if TYPE_CHECKING:
    from PIL import Image


#: Sources up to this size are read into memory once, for both the hash and the decoder. A
#: larger one is hashed in blocks through one buffer and decoded from the file, then checked
#: unchanged (its stamp before the hash and after the decode): held whole, make_photos.py's
#: 72 MB PNG costs a worker 30 ms of page faults more (memory it never used before).
READ_WHOLE_LIMIT = 16 * 1024 * 1024
_BLOCK = 1 << 20


_HINT = _("re-export the photo as JPEG or PNG, or remove it from the report")
_NOT_AN_IMAGE = _("use a JPEG, PNG, WebP or HEIC photo, or remove it from the report")
_TRUNCATED = _("copy it again from the camera or the original, or re-export it")


# ------------------------------------------------------------------ pixels --
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_TRANSPOSE_NAMES = {  # EXIF orientation -> the Image.Transpose that makes it upright
    2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE",
    6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90",
}  # fmt: skip


def cached_result(job: PhotoJob, cache_dir: str | Path) -> PhotoResult | None:
    """The result recorded by an earlier run, if its sidecar and every file still exist."""
    cache = Path(cache_dir)
    name = sidecar_name(job.source_hash, job.settings)
    try:
        data = json.loads((cache / name).read_text(encoding="utf-8"))
        result = PhotoResult(
            source_hash=data["source_hash"],
            width=int(data["width"]),
            height=int(data["height"]),
            renditions=tuple(rendition_from(r) for r in data["renditions"]),
            social=rendition_from(data["social"]) if data["social"] else None,
            sidecar=name,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if result.source_hash != job.source_hash or (job.want_social and result.social is None):
        return None
    if job.want_renditions and not result.renditions:  # a share image's card alone
        return None
    result = job.wants.of(result)
    if not all((cache / f).is_file() for f in result.filenames()):
        return None
    return result


def _write_sidecar(cache: Path, result: PhotoResult) -> None:
    data = {
        "source_hash": result.source_hash,
        "width": result.width,
        "height": result.height,
        "renditions": [list(asdict(r).values()) for r in result.renditions],
        "social": list(asdict(result.social).values()) if result.social else None,
    }
    write_atomic(cache / result.sidecar, json.dumps(data, indent=1).encode())


def start_photo_worker() -> None:
    """A photo pool worker's first step: :func:`keep_freed_memory`, and Pillow's decoders
    imported (a prefetch forks the workers before site.yaml is read, and they do this
    meanwhile)."""
    keep_freed_memory()
    import xxhash  # noqa: F401  (read_source's hash)
    from PIL import Image

    Image.preinit()  # the JPEG and PNG decoders, as the first Image.open() would


def worker_ready() -> bool:
    """A job that does nothing: submitted first, it makes the pool fork its workers."""
    return True


# ------------------------------------------------------------------ worker --
def process_photo(job: PhotoJob, cache_dir: str) -> PhotoResult:
    """Make every output of one photo in ``cache_dir`` (or reuse them) and describe them.

    Raises :class:`PhotoError` naming the file when it cannot be decoded or is too large.
    """
    data: bytes | None = None
    stamp: Stamp | None = None
    if not job.source_hash:  # hash here, in the pool, reading the file only once
        data, digest, stamp = _read_and_stamp(job.source)
        job = replace(job, source_hash=digest)
    cached = cached_result(job, cache_dir)
    if cached is not None:
        return cached
    cache = Path(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    outputs, result = _render(job, data)
    if data is None and stamp is not None and _stamp_of(job.source) != stamp:
        raise PhotoError(  # hashed and decoded from two reads: they must be of one content
            _("the photo changed while it was being read"),
            job.source,
            hint=_("build again once the photo has been copied or saved completely"),
        )
    for filename, data in outputs.items():
        write_atomic(cache / filename, data)
    _write_sidecar(cache, result)
    return result


def run_job(job: PhotoJob, cache_dir: str) -> PhotoResult | PhotoError:
    """Pool entry point: a user error comes back as a value, to be collected with the rest."""
    try:
        return process_photo(job, cache_dir)
    except PhotoError as error:
        return error


def read_source(path: str) -> tuple[bytes | None, str]:
    """(the file's bytes, or None when over :data:`READ_WHOLE_LIMIT`, and its content hash).

    The hash is XXH3-128 (python-xxhash): it names the cache files and the published ones,
    so it must tell different contents apart, and nothing here needs a cryptographic hash
    (an author's photos, not an attacker's). It reads 8 GB/s where SHA-256 reads 1.3 (on
    make_photos.py's 24 photos, 160 MB: 20 ms instead of 120 ms of a cold build's CPU)."""
    data, digest, _stamp = _read_and_stamp(path)
    return data, digest


def _read_and_stamp(path: str) -> tuple[bytes | None, str, Stamp]:
    """:func:`read_source`, with the file's (size, mtime_ns, inode) when it was opened."""
    import xxhash

    try:
        with open(path, "rb", buffering=0) as f:
            st = os.fstat(f.fileno())
            stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
            if st.st_size <= READ_WHOLE_LIMIT:
                data = f.readall()
                return data, xxhash.xxh3_128_hexdigest(data), stamp
            digest, block = xxhash.xxh3_128(), bytearray(_BLOCK)
            view = memoryview(block)
            while count := f.readinto(block):
                digest.update(view[:count])
            return None, digest.hexdigest(), stamp
    except OSError as exc:
        raise PhotoError(cannot_read(exc), path) from None


def _stamp_of(path: str) -> Stamp | None:
    """The file's stamp now, racy or not (``system.stamps.stamp`` gives None for a file
    written this instant: a photo just copied would be refused)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _render(job: PhotoJob, data: bytes | None = None) -> tuple[dict[str, bytes], PhotoResult]:
    with open_photo(job.source, data) as (im, width, height, orientation):
        result = plan(job, width, height)
        working = decode(im, _decode_need(result, job.settings), orientation)
    outputs = encode_all(working, result, job.settings)
    return outputs, replace(result, decoded=True)


# ------------------------------------------------------------ verification --
def inspect_photo(path: str, data: bytes | None = None) -> tuple[int, int]:
    """The upright size of a photo that build accepts, every pixel read (at the smallest
    scale JPEG decodes to); PhotoError otherwise. ``check``'s verification: the worker's
    :func:`open_photo` and pixel read, without making renditions."""
    with open_photo(path, data) as (im, width, height, _orientation):
        load_pixels(im, (1, 1))
    return width, height


@contextlib.contextmanager
def open_photo(path: str, data: bytes | None = None) -> Iterator[tuple[Image.Image, int, int, int]]:
    """(image, upright width, height, EXIF orientation) of the photo at ``path`` (``data``:
    its bytes, if read already), its size within the limits. Whatever fails, here or in the
    block that reads the pixels, is a PhotoError in words at ``path``, never Pillow's text."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            head = data[:12] if data is not None else _head(path)
            if Path(path).suffix.lower() in HEIF_SUFFIXES or looks_like_heif(head):
                register_heif()
            with Image.open(io.BytesIO(data) if data is not None else path) as im:
                width, height, orientation = upright_size(im)
                _check_dimensions(path, width, height)
                yield im, width, height, orientation
    except PhotoError:
        raise
    except Image.DecompressionBombError:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
        raise _too_large(path, _("over {limit} megapixels", limit=limit)) from None
    except MemoryError:
        raise PhotoError(_("not enough memory to decode this photo"), path) from None
    except ImportError:
        hint = _("install pillow-heif (pip install pillow-heif), or convert the photo to JPEG")
        raise PhotoError(_("HEIC support is missing"), path, hint=hint) from None
    except Exception as exc:  # Pillow raises many types for broken files
        message, hint = _describe(exc)
        raise PhotoError(message, path, hint=hint) from None


def load_pixels(im: Image.Image, stored: tuple[int, int]) -> None:
    """Read every pixel of the file, at the smallest scale of at least ``stored`` that JPEG
    decodes to directly: where a truncated or damaged file fails."""
    if im.format in ("JPEG", "MPO") and stored != im.size:
        im.draft("RGB", stored)  # libjpeg DCT scaling: decodes at 1/2, 1/4 or 1/8 directly
    im.load()


def _describe(exc: Exception) -> tuple[Message, Message]:
    """(message, hint) for a file Pillow refused: the kind of problem, not Pillow's words."""
    from PIL import UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):
        return _("the file is not an image (or not a format seminar-site reads)"), _NOT_AN_IMAGE
    text = str(exc).lower()
    if isinstance(exc, EOFError) or any(w in text for w in ("truncated", "premature", "end of")):
        return _("the photo is truncated (the file ends early)"), _TRUNCATED
    return _("the photo is damaged and cannot be decoded"), _HINT


def _check_dimensions(path: str, width: int, height: int) -> None:
    size = {"width": width, "height": height}
    if width < 1 or height < 1:
        raise PhotoError(_("the image has no pixels ({width}x{height})", **size), path, hint=_HINT)
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        megapixels = format(width * height / 1e6, ".0f")
        detail = _("{width}x{height} = {megapixels} megapixels", **size, megapixels=megapixels)
        raise _too_large(path, detail)


def _too_large(path: str, detail: Message) -> PhotoError:
    message = _(
        "the photo is too large to process safely ({detail}); the limit is "
        "{megapixels} megapixels and {side} pixels a side",
        detail=detail,
        megapixels=MAX_PIXELS // 1_000_000,
        side=MAX_SIDE,
    )
    hint = _("possibly a decompression bomb; otherwise reduce the photo before adding it")
    return PhotoError(message, path, hint=hint)


def _decode_need(result: PhotoResult, settings: RenditionSettings) -> tuple[int, int]:
    """The smallest upright size from which every output can be made without upscaling."""
    w, h = result.width, result.height
    needs = [(r.width, r.height) for r in result.renditions]
    if result.social is not None:
        needs.append(cover_need(w, h, settings.social_size))
    return max(needs, key=lambda n: n[0] * n[1])


def _head(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read(12)


def looks_like_heif(head: bytes) -> bool:
    """True for the first bytes of an ISO-BMFF file with a HEIF brand, whatever its extension."""
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


def register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF (idempotent; only paid for when a HEIF photo appears)."""
    import pillow_heif

    pillow_heif.register_heif_opener()


def upright_size(im: Image.Image) -> tuple[int, int, int]:
    """(width, height, EXIF orientation) of the photo as it should be seen."""
    try:
        orientation = int(im.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block must not stop the photo
        orientation = 1
    if orientation not in _TRANSPOSE_NAMES:
        orientation = 1
    width, height = im.size
    return (height, width, orientation) if orientation >= 5 else (width, height, orientation)


def decode(im: Image.Image, need: tuple[int, int], orientation: int) -> Image.Image:
    """Decode once, as small as allowed: upright, sRGB, RGB or RGBA, exactly ``need`` in size."""
    from PIL import Image

    icc = im.info.get("icc_profile")
    stored = (need[1], need[0]) if orientation >= 5 else need
    load_pixels(im, stored)  # the one full read: where a broken file fails
    img = _to_8bit(im)
    if img.size != stored:
        img = resize(img, stored, reducing_gap=2.0)  # as Image.thumbnail() does
    if orientation != 1:
        img = img.transpose(getattr(Image.Transpose, _TRANSPOSE_NAMES[orientation]))
    img = _to_srgb(img, icc)
    img.info = {}  # nothing of the source's metadata may reach an output
    return img


def _to_8bit(im: Image.Image) -> Image.Image:
    """RGB, RGBA, CMYK or L with 8 bits a channel; alpha kept only when it is used."""
    mode = im.mode
    if mode in ("RGB", "CMYK", "L"):
        return im  # read by load_pixels
    if mode.startswith("I") or mode == "F":
        wide = im.convert("I")
        top = wide.getextrema()[1]
        scale = 1.0 if isinstance(top, (int, float)) and top <= 255 else 255 / 65535
        return wide.point(lambda v: v * scale).convert("L")
    if mode == "1":
        return im.convert("L")
    if mode in ("P", "PA"):
        img = im.convert("RGBA" if im.has_transparency_data else "RGB")
    elif mode == "RGBA":
        img = im  # read by load_pixels: no copy (a 12 MP photo's is 48 MB)
    elif mode in ("LA", "La", "RGBa"):
        img = im.convert("RGBA")
    else:  # YCbCr, LAB, HSV, RGBX, ...
        return im.convert("RGB")
    if img.mode == "RGBA" and img.getchannel("A").getextrema()[0] == 255:
        return img.convert("RGB")
    return img


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        from PIL import ImageCms

        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            described = str(ImageCms.getProfileDescription(profile)).lower()
            if img.mode not in ("RGB", "RGBA") or "srgb" not in described:
                out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
                converted = ImageCms.profileToProfile(img, profile, _srgb(), outputMode=out_mode)
                if converted is not None:
                    return converted
        except (OSError, ValueError, ImageCms.PyCMSError):
            pass  # an unusable profile: treat the pixels as sRGB, as browsers do
    if img.mode not in ("RGB", "RGBA"):
        return img.convert("RGB")
    return img


@functools.cache
def _srgb() -> Any:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
