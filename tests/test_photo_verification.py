"""Photos are verified once, by ``photos.worker.open_photo``, for ``check`` and ``build`` alike.

A site that has never been built (no cache) is checked by reading every photo's pixels; a
broken photo gets the same located message from ``check`` as from ``build``, in words: never
Pillow's text, never an absolute path (issue 12).
"""

from __future__ import annotations

import contextlib
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from seminar_site.cli import main
from seminar_site.photos.plan import PhotoError, PhotoJob
from seminar_site.photos.worker import inspect_photo, process_photo
from tests.conftest import REPORT_DIR, REPORT_PATH, SITE_PATH, MakeSite, report_yaml, site_yaml

PILLOW_WORDS = ("cannot identify", "image file is truncated", "bytes not processed", "broken")


def with_photo(name: str) -> str:
    """The minimal report with one photo (with alt text: no warning) on its day."""
    return report_yaml().replace(
        "    sessions:",
        f"    photos:\n      - file: {name}\n        alt: 会場の様子\n    sessions:",
    )


def run(*args: str) -> tuple[int, str, str]:
    """The real entry point, in-process: (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(list(args))
    return code, stdout.getvalue(), stderr.getvalue()


def check(root: Path) -> tuple[int, str, str]:
    return run("check", "--root", str(root))


def build(root: Path) -> tuple[int, str, str]:
    return run("build", "--root", str(root), "--out", str(root / "_site"), "--jobs", "1")


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def noise(mode: str = "RGB", size: tuple[int, int] = (400, 300)) -> Image.Image:
    img = Image.effect_noise(size, 60).convert(mode)
    if mode == "RGBA":
        img.putalpha(Image.linear_gradient("L").resize(size))  # alpha really used
    return img


def encoded(img: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **options)
    return buffer.getvalue()


def heic() -> bytes:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    try:
        return encoded(noise(), "HEIF", quality=80)
    except Exception as exc:  # a libheif without an HEVC encoder
        pytest.skip(f"this pillow-heif cannot encode HEIC: {type(exc).__name__}")


GOOD: dict[str, tuple[str, Callable[[], bytes]]] = {
    "png-rgb": ("photo.png", lambda: encoded(noise("RGB"), "PNG")),
    "png-rgba": ("photo.png", lambda: encoded(noise("RGBA"), "PNG")),
    "webp": ("photo.webp", lambda: encoded(noise(), "WEBP", quality=80)),
    "heic": ("IMG_0001.HEIC", heic),
    "jpeg": ("photo.jpg", lambda: encoded(noise(), "JPEG", quality=90)),
}


# A site with its public address: no warning about a missing base_url.
PUBLISHED = {SITE_PATH: site_yaml(extra="base_url: https://reports.example.jp/\n")}


@pytest.mark.parametrize("kind", GOOD)
def test_a_never_built_site_with_a_good_photo_passes_check(kind: str, make_site: MakeSite) -> None:
    name, make = GOOD[kind]
    root = make_site({REPORT_PATH: with_photo(name), f"{REPORT_DIR}/{name}": make(), **PUBLISHED})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    code, stdout, stderr = check(root)
    assert (code, stderr) == (0, ""), stderr
    assert "seminar-site check: no" in stdout
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written
    assert build(root)[0] == 0


def truncated_jpeg() -> bytes:
    data = encoded(noise(), "JPEG", quality=95)
    return data[: len(data) * 60 // 100]


def truncated_png() -> bytes:
    data = encoded(noise(), "PNG")
    return data[: len(data) * 60 // 100]


BAD: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "truncated-jpeg": ("cut.jpg", truncated_jpeg, "the photo is truncated (the file ends early)"),
    "truncated-png": ("cut.png", truncated_png, "the photo is truncated (the file ends early)"),
    "text-as-jpeg": (
        "notes.jpg",
        lambda: "会議のメモ: 写真ではありません\n".encode() * 20,
        "the file is not an image",
    ),
    "empty-jpeg": ("empty.jpg", lambda: b"", "the file is not an image"),
}


@pytest.mark.parametrize("kind", BAD)
def test_a_broken_photo_fails_check_as_it_fails_build(kind: str, make_site: MakeSite) -> None:
    name, make, words = BAD[kind]
    root = make_site({REPORT_PATH: with_photo(name), f"{REPORT_DIR}/{name}": make()})
    check_code, _, check_stderr = check(root)
    build_code, _, build_stderr = build(root)
    assert (check_code, build_code) == (2, 2)
    assert errors(check_stderr) == errors(build_stderr)
    [line] = errors(check_stderr)
    assert line.startswith(f"error: {REPORT_DIR}/{name}: {words}"), line
    assert "(hint: " in line
    for stderr in (check_stderr, build_stderr):
        assert str(root) not in stderr and str(root.resolve()) not in stderr
        assert not [w for w in PILLOW_WORDS if w in stderr.lower()], stderr
        assert "Traceback" not in stderr
    assert not (root / "_site").exists()


def test_check_uses_the_cache_after_a_build(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A photo build has made renditions of is not decoded again by check."""
    root = make_site(
        {REPORT_PATH: with_photo("a.png"), f"{REPORT_DIR}/a.png": GOOD["png-rgb"][1](), **PUBLISHED}
    )
    assert build(root)[0] == 0

    def refuse(path: str, data: bytes | None = None) -> tuple[int, int]:
        raise AssertionError(f"{path} decoded again")

    monkeypatch.setattr("seminar_site.pipeline.check.inspect_photo", refuse)
    code, _, stderr = check(root)
    assert (code, stderr) == (0, "")


# ------------------------------------------- the one verification, two callers --
def exif_rotated_jpeg() -> bytes:
    img = noise(size=(300, 200))
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90°: upright it is 200 x 300
    return encoded(img, "JPEG", quality=90, exif=exif.tobytes())


def png_bomb() -> bytes:
    """A tiny PNG that claims 120 megapixels: the shape of a decompression bomb."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 12_000, 10_000, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.mark.parametrize(
    "make",
    [exif_rotated_jpeg, truncated_jpeg, truncated_png, png_bomb, lambda: b"GIF89a" + b"\0" * 9],
    ids=["exif-rotated", "truncated-jpeg", "truncated-png", "bomb", "broken-gif"],
)
def test_inspect_photo_agrees_with_the_worker(make: Callable[[], bytes], tmp_path: Path) -> None:
    """check's inspect_photo and build's process_photo: the same size, or the same error."""
    source = tmp_path / "photo.bin"
    source.write_bytes(make())
    try:
        size = inspect_photo(str(source))
    except PhotoError as error:
        with pytest.raises(PhotoError) as built:
            process_photo(PhotoJob(str(source)), str(tmp_path / "cache"))
        assert built.value.format() == error.format()
        assert error.path == source and error.hint
        assert str(tmp_path) not in error.message
    else:
        result = process_photo(PhotoJob(str(source)), str(tmp_path / "cache"))
        assert size == (result.width, result.height)
