"""The photo pipeline: upright, sRGB, metadata-free, never upscaled, refusing broken files."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from PIL.ExifTags import GPS, IFD, Base

from seminar_site.errors import SiteError
from seminar_site.photos.plan import (
    EXTENSIONS,
    PhotoError,
    PhotoJob,
    PhotoResult,
    fit_long_edge,
    plan,
    rendition_sizes,
)
from seminar_site.photos.worker import process_photo, read_source
from seminar_site.settings.renditions import RenditionSettings

SMALL = RenditionSettings(widths=(32, 64, 200), formats=("webp", "jpeg"), social_size=(120, 63))
RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def run(path: Path, cache: Path, settings: RenditionSettings = SMALL, social: bool = False):
    digest = read_source(str(path))[1]
    return process_photo(PhotoJob(str(path), digest, settings, social), str(cache))


def outputs(result: PhotoResult) -> list:
    return list(result.renditions) + ([result.social] if result.social else [])


def opened(cache: Path, filename: str) -> Image.Image:
    im = Image.open(io.BytesIO((cache / filename).read_bytes()))
    im.load()
    return im


def halves(size: tuple[int, int], left=RED, right=BLUE, mode: str = "RGB") -> Image.Image:
    im = Image.new(mode, size, left)
    im.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return im


def near(a, b, tol: int = 40) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=False))


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "Apple"
    exif[Base.Orientation] = orientation
    exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = "2024:06:01 09:00:00"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (48.0, 12.0, 30.5)
    return exif


# ------------------------------------------------------------ size maths --
def test_sizes_follow_the_long_edge_and_never_upscale() -> None:
    assert fit_long_edge(4032, 3024, 1600) == (1600, 1200)
    assert fit_long_edge(3024, 4032, 1600) == (1200, 1600)
    assert fit_long_edge(300, 200, 480) == (300, 200)
    assert rendition_sizes(300, 200, RenditionSettings()) == [(300, 200)]
    assert rendition_sizes(1000, 500, RenditionSettings()) == [(1000, 500), (960, 480), (480, 240)]


def test_names_change_with_settings_and_content() -> None:
    job = PhotoJob("/photos/IMG_0001.jpg", "a" * 64, RenditionSettings())
    renditions = plan(job, 4032, 3024).renditions
    names = {r.filename for r in renditions}
    other = PhotoJob(job.source, "a" * 64, RenditionSettings(jpeg_quality=70))
    edited = PhotoJob(job.source, "b" * 64, RenditionSettings())
    assert names.isdisjoint(r.filename for r in plan(other, 4032, 3024).renditions)
    assert names.isdisjoint(r.filename for r in plan(edited, 4032, 3024).renditions)
    # WebP at every width and the one JPEG fallback, at the middle width: what pages show
    assert sorted(names) == sorted(
        f"{next(iter(names)).split('-')[0]}-{n}"
        for n in ("1600.webp", "480.webp", "960.jpg", "960.webp")
    )
    # "<12 hex>-<width>.<ext>": one neutral stem, neither the photo's name nor its hash.
    stems = set()
    for r in renditions:
        match = re.fullmatch(r"([0-9a-f]{12})-(\d+)\.(webp|jpg)", r.filename)
        assert match, r.filename
        assert (int(match[2]), match[3]) == (r.width, EXTENSIONS[r.format])
        stems.add(match[1])
    assert len(stems) == 1 and stems != {job.source_hash[:12]}


def test_the_content_hash_reads_a_large_file_in_blocks_to_the_same_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XXH3-128 of the bytes, whether the file is held whole (and handed to the decoder)
    or, over READ_WHOLE_LIMIT, read in blocks; one changed byte is another hash."""
    import xxhash

    from seminar_site.photos import worker

    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 20_000  # 5 MB: several 1 MB blocks
    path.write_bytes(data)
    whole, digest = read_source(str(path))
    assert whole == data and digest == xxhash.xxh3_128(data).hexdigest() and len(digest) == 32
    monkeypatch.setattr(worker, "READ_WHOLE_LIMIT", 1 << 20)
    assert read_source(str(path)) == (None, digest)
    path.write_bytes(data[:-1] + b"\x00")
    assert read_source(str(path))[1] != digest


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="formats"):
        RenditionSettings(formats=("gif",))
    with pytest.raises(ValueError, match="widths"):
        RenditionSettings(widths=())
    with pytest.raises(ValueError, match="avif_speed"):
        RenditionSettings(avif_speed=4)


# --------------------------------------------------------------- pixels --
def test_orientation_6_comes_out_portrait_and_upright(tmp_path: Path) -> None:
    # Stored landscape 80x60: red left, blue right. Orientation 6 = rotate 90° clockwise to view,
    # so the viewer sees a 60x80 portrait with red on top.
    src = tmp_path / "IMG_0001.jpg"
    halves((80, 60)).save(src, "JPEG", quality=95, exif=phone_exif(6))
    result = run(src, tmp_path / "cache")
    assert (result.width, result.height) == (60, 80)
    for r in result.renditions:
        im = opened(tmp_path / "cache", r.filename)
        assert im.height > im.width, r
        assert (im.width, im.height) == (r.width, r.height)
        assert near(im.convert("RGB").getpixel((im.width // 2, 2)), RED)
        assert near(im.convert("RGB").getpixel((im.width // 2, im.height - 3)), BLUE)


def test_no_output_carries_metadata(tmp_path: Path) -> None:
    src = tmp_path / "gps.jpg"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    halves((90, 60)).save(
        src, "JPEG", exif=phone_exif(1), icc_profile=srgb, comment=b"secret", xmp=xmp
    )
    with Image.open(src) as check:  # the source really has all of it
        assert check.getexif() and "xmp" in check.info and "comment" in check.info
    cache = tmp_path / "cache"
    result = run(src, cache, social=True)
    for r in outputs(result):
        im = opened(cache, r.filename)
        assert not im.getexif(), r.filename
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "dpi"):
            assert key not in im.info, (r.filename, key)
        raw = (cache / r.filename).read_bytes()
        for marker in (b"Exif\x00", b"xmpmeta", b"secret", b"Apple", b"EXIF", b"XMP "):
            assert marker not in raw, (r.filename, marker)


def test_outputs_are_progressive_jpeg_and_webp(tmp_path: Path) -> None:
    src = tmp_path / "a.jpg"
    halves((300, 200)).save(src)
    cache = tmp_path / "cache"
    result = run(src, cache)
    assert {r.format for r in result.renditions} == {"webp", "jpeg"}
    for r in result.renditions:
        im = opened(cache, r.filename)
        assert im.format == {"jpeg": "JPEG", "webp": "WEBP"}[r.format]
        if r.format == "jpeg":
            assert im.info.get("progressive") or im.info.get("progression")


def test_cmyk_becomes_rgb(tmp_path: Path) -> None:
    src = tmp_path / "print.jpg"
    Image.new("CMYK", (100, 80), (255, 0, 0, 0)).save(src)  # pure cyan
    cache = tmp_path / "cache"
    for r in run(src, cache).renditions:
        im = opened(cache, r.filename)
        assert im.mode == "RGB"
        assert near(im.getpixel((10, 10)), (0, 255, 255), 50)


def test_alpha_is_kept_in_webp_and_flattened_on_white_in_jpeg(tmp_path: Path) -> None:
    src = tmp_path / "cutout.png"
    im = Image.new("RGBA", (120, 80), (255, 0, 0, 255))
    im.paste((0, 0, 0, 0), (60, 0, 120, 80))  # right half transparent
    im.save(src)
    cache = tmp_path / "cache"
    result = run(src, cache)
    for r in result.renditions:
        out = opened(cache, r.filename)
        right = out.getpixel((out.width - 2, out.height // 2))
        left = out.getpixel((2, out.height // 2))
        if r.format == "webp":
            assert out.mode == "RGBA" and right[3] == 0 and left[3] == 255
            assert near(left[:3], RED)
        else:
            assert out.mode == "RGB" and near(right, WHITE, 8) and near(left, RED)


def test_opaque_alpha_is_dropped(tmp_path: Path) -> None:
    src = tmp_path / "opaque.png"
    Image.new("RGBA", (50, 40), (0, 128, 0, 255)).save(src)
    cache = tmp_path / "cache"
    assert {opened(cache, r.filename).mode for r in run(src, cache).renditions} == {"RGB"}


def png16_rgb(path: Path, size: tuple[int, int], rgb16: tuple[int, int, int]) -> None:
    """A 48-bit RGB PNG (Pillow cannot write one itself)."""
    w, h = size
    row = b"\x00" + struct.pack(">3H", *rgb16) * w

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("rgb48.png", lambda p: png16_rgb(p, (64, 48), (65535, 32896, 0)), (255, 128, 0)),
        ("grey16.png", lambda p: Image.new("I;16", (64, 48), 65535).save(p), WHITE),
        ("grey.jpg", lambda p: Image.new("L", (64, 48), 0).save(p), (0, 0, 0)),
        ("palette.gif", lambda p: Image.new("RGB", (64, 48), BLUE).convert("P").save(p), BLUE),
        ("la.png", lambda p: Image.new("LA", (64, 48), (255, 255)).save(p), WHITE),
        ("bilevel.tiff", lambda p: Image.new("1", (64, 48), 1).save(p), WHITE),
        ("photo.webp", lambda p: Image.new("RGB", (64, 48), RED).save(p), RED),
    ],
)
def test_unusual_modes_become_8bit_rgb(tmp_path: Path, name, make, expected) -> None:
    src = tmp_path / name
    make(src)
    cache = tmp_path / "cache"
    for r in run(src, cache).renditions:
        im = opened(cache, r.filename)
        assert im.mode == "RGB", (name, im.mode)
        assert near(im.getpixel((5, 5)), expected, 12), (name, im.getpixel((5, 5)))


def test_heic_is_read(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    src = tmp_path / "IMG_0042.HEIC"
    heif = pillow_heif.from_pillow(halves((96, 64)))
    heif.save(str(src), quality=90)
    cache = tmp_path / "cache"
    result = run(src, cache)
    assert (result.width, result.height) == (96, 64)
    for r in result.renditions:
        im = opened(cache, r.filename)
        assert im.mode == "RGB" and near(im.getpixel((2, im.height // 2)), RED, 50)
        assert not im.getexif()


def test_srgb_profile_is_not_embedded_and_bad_profile_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for name, icc in (("good.jpg", srgb), ("bad.jpg", b"not a profile at all" * 10)):
        src = tmp_path / name
        Image.new("RGB", (60, 40), (10, 200, 30)).save(src, icc_profile=icc)
        for r in run(src, cache).renditions:
            im = opened(cache, r.filename)
            assert "icc_profile" not in im.info
            assert near(im.getpixel((5, 5)), (10, 200, 30), 12)


def test_no_output_is_wider_than_its_source(tmp_path: Path) -> None:
    src = tmp_path / "small.jpg"
    halves((50, 30)).save(src)
    cache = tmp_path / "cache"
    result = run(src, cache, settings=RenditionSettings(), social=True)
    assert [(r.width, r.height) for r in result.in_format("jpeg")] == [(50, 30)]
    assert [(r.width, r.height) for r in result.in_format("webp")] == [(50, 30)]
    for r in result.renditions:
        im = opened(cache, r.filename)
        assert im.width <= 50 and im.height <= 30 and im.size == (r.width, r.height)
    assert result.social is not None  # og:image must be exactly its declared size
    assert opened(cache, result.social.filename).size == (1200, 630)


def test_social_card_is_cover_cropped(tmp_path: Path) -> None:
    src = tmp_path / "wide.jpg"
    halves((800, 200)).save(src, quality=95)
    cache = tmp_path / "cache"
    result = run(src, cache, social=True)
    assert result.social is not None and result.social.format == "jpeg"
    card = opened(cache, result.social.filename)
    assert card.size == (120, 63) and card.format == "JPEG"
    assert near(card.getpixel((3, 30)), RED) and near(card.getpixel((116, 30)), BLUE)


# --------------------------------------------------------------- refusals --
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.jpg", b"these are meeting notes, not a photo\n" * 20, "not an image"),
        ("empty.png", b"", "not an image"),
    ],
)
def test_non_images_are_refused_with_the_file_named(tmp_path, name, content, words) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(SiteError, match=words) as info:
        run(src, tmp_path / "cache")
    assert info.value.path == src
    assert str(src) in str(info.value)


def test_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "cut.jpg"
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buf, "JPEG", quality=95)
    src.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(PhotoError, match="truncated") as info:
        run(src, tmp_path / "cache")
    assert info.value.path == src
    assert not list((tmp_path / "cache").glob("*.json"))


def png_header_only(path: Path, width: int, height: int) -> None:
    """A tiny PNG that claims a huge size: the shape of a decompression bomb."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)


@pytest.mark.parametrize("size", [(12_000, 10_000), (40_000, 100), (20_000, 20_000)])
def test_decompression_bombs_and_absurd_sizes_are_refused(tmp_path: Path, size) -> None:
    src = tmp_path / "bomb.png"
    png_header_only(src, *size)
    with pytest.raises(PhotoError, match="too large") as info:
        run(src, tmp_path / "cache")
    assert info.value.path == src and "megapixels" in info.value.message


# ------------------------------------------------------------------ cache --
def test_second_run_reuses_files_without_decoding(tmp_path: Path) -> None:
    src = tmp_path / "a.jpg"
    halves((300, 200)).save(src)
    cache = tmp_path / "cache"
    first = run(src, cache)
    again = run(src, cache)
    assert first.decoded and not again.decoded
    assert again.renditions == first.renditions
    (cache / first.renditions[0].filename).unlink()  # a lost file is made again
    assert run(src, cache).decoded
    assert run(src, cache, social=True).decoded  # a newly wanted card needs a decode
    assert not run(src, cache, social=True).decoded


def test_heic_orientation_is_applied_once(tmp_path: Path) -> None:
    pytest.importorskip("pillow_heif")
    from seminar_site.photos.worker import register_heif

    register_heif()
    src = tmp_path / "rotated.heic"
    halves((96, 64)).save(src, exif=phone_exif(6).tobytes(), quality=90)
    cache = tmp_path / "cache"
    result = run(src, cache)
    assert (result.width, result.height) == (64, 96)
    im = opened(cache, result.largest("jpeg").filename)
    assert near(im.getpixel((im.width // 2, 2)), RED, 60)
    assert near(im.getpixel((im.width // 2, im.height - 3)), BLUE, 60)
    assert not im.getexif()


def test_jpeg_is_decoded_reduced_in_draft_mode(tmp_path: Path, monkeypatch) -> None:
    from PIL import JpegImagePlugin

    sizes: list[tuple[tuple[int, int], tuple[int, int]]] = []
    real = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):  # type: ignore[no-untyped-def]
        answer = real(self, mode, size)
        sizes.append((size, self.size))
        return answer

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    src = tmp_path / "big.jpg"
    halves((1600, 1200)).save(src, exif=phone_exif(6))
    settings = RenditionSettings(widths=(150, 300))
    result = run(src, tmp_path / "cache", settings)
    assert (result.width, result.height) == (1200, 1600)
    # largest output 225x300 upright = 300x225 as stored; libjpeg decodes at 1/4 = 400x300
    assert sizes == [((300, 225), (400, 300))]
