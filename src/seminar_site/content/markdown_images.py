"""Images that a report's Markdown texts show (``![会場の様子](hall.jpg)``): each read from the
report's folder (or beside its text), decoded as a photo is, and published as a clean copy
under a content-addressed name beside the page (``reports/<slug>/images/<digest>.jpg``):
turned upright, its metadata (EXIF with the camera's GPS position, XMP, comments) left
behind, a long edge over :data:`MAX_EDGE` pixels made smaller. The page's ``<img>`` gets
that address and the copy's ``width`` and ``height``, so the page does not jump as it loads.

An image that is not there, or that cannot be read as an image, is an error at its place in
the text. The copy is made again from the source, the same bytes, when the build writes it
(:func:`published_image`): the model holds only its digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from seminar_site.content.linked_files import find_in_folders, page_relative
from seminar_site.content.paths import names_hint, near_names
from seminar_site.content.rewrites import TextSource
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import Message, _
from seminar_site.model import Material, Recording, Report
from seminar_site.settings.textfile import read_text

#: The longest edge, in pixels, of an image a text shows: a page column is narrower.
MAX_EDGE = 1600
IMAGES_DIR = "images"  # beside the page: reports/<slug>/images/
#: What an ``<img>`` of a text may show, read with Pillow (the first frame of a GIF).
TEXT_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"})
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_Found = tuple[Material, tuple[int, int]]  # the published copy, its width and height


@dataclass(frozen=True)
class TextImages:
    """The images the texts show (``Material`` with ``kind`` "jpg", "png" or "webp", the
    digest of the published copy), and each text that shows one with its ``<img>`` changed."""

    images: tuple[Material, ...] = ()
    htmls: Mapping[str, str] | None = None


def text_images(
    htmls: Iterable[str],
    slug: str,
    folders: Iterable[Path],
    fence: Path,
    sources: Mapping[str, TextSource],
    errors: ErrorCollector,
    warnings: list[SiteError] | None = None,
) -> TextImages:
    """The images inside ``fence`` (content/) that the converted texts ``htmls`` show with a
    relative address, from the first of ``folders`` that has it (the report's folder, then
    the folders of its Markdown files). An address that leaves the page's folder, or names
    another type of file, is left as it is (check says where a link leads nowhere)."""
    places = list(dict.fromkeys(folders))
    found: dict[str, _Found] = {}
    changed: dict[str, str] = {}
    for text in htmls:
        if "<img" not in text or text in changed:
            continue
        at = sources.get(text, TextSource(places[0]))

        def tag(match: re.Match[str], at: TextSource = at) -> str:
            return _image_tag(match[0], slug, places, fence, at, found, errors, warnings)

        new = _IMG.sub(tag, text)
        if new != text:
            changed[text] = new
    return TextImages(tuple(image for image, _size in found.values()), changed)


def _image_tag(
    tag: str,
    slug: str,
    places: list[Path],
    fence: Path,
    at: TextSource,
    found: dict[str, _Found],
    errors: ErrorCollector,
    warnings: list[SiteError] | None = None,
) -> str:
    src = _SRC.search(tag)
    if src is None:
        return tag
    written = html.unescape(src[1])
    if warnings is not None and _REMOTE.match(written):
        warnings.append(_error(at, written, *_remote(written)))
        return tag
    relative = page_relative(written)
    if relative is None:
        return tag
    if posixpath.splitext(relative)[1].lower() not in TEXT_IMAGE_SUFFIXES:
        return tag
    if relative not in found:
        try:
            found[relative] = _published(relative, slug, places, fence)
        except _Missing as missing:
            errors.add(_error(at, written, missing.message, missing.hint))
            return tag
    image, (width, height) = found[relative]
    name = image.published.rsplit("/", 1)[1]
    new = tag[: src.start(1)] + f"{IMAGES_DIR}/{name}" + tag[src.end(1) :]
    if " width=" not in new and " height=" not in new:
        new = new[:-1].rstrip("/").rstrip() + f' width="{width}" height="{height}">'
    return new


class _Missing(Exception):
    def __init__(self, message: Message, hint: Message | None) -> None:
        super().__init__(str(message))
        self.message = message
        self.hint = hint


def _published(relative: str, slug: str, folders: list[Path], fence: Path) -> _Found:
    candidate = find_in_folders(relative, folders, fence)
    if candidate is not None:
        try:
            data, extension, (width, height) = published_image(candidate)
        except UnreadableImage:
            message = _(
                "the image '{file}' cannot be read: the file is damaged, or is not an image",
                file=relative,
            )
            again = _("save it again as JPEG or PNG, or check that the file is complete")
            raise _Missing(message, again) from None
        digest = hashlib.sha256(data).hexdigest()
        published = f"reports/{slug}/{IMAGES_DIR}/{digest[:16]}.{extension}"
        image = Material("", "", candidate, extension, len(data), None, digest, published)
        return image, (width, height)
    folder = folders[0]
    message = _("the image '{file}' is not in the report's folder", file=relative)
    near = [n for place in folders for n in near_names(place / relative)]
    hint: Message
    if near:
        hint = names_hint(list(dict.fromkeys(near)))
    else:
        hint = _(
            "put '{file}' in the report's folder '{folder}' (beside report.yaml), or check "
            "the file name",
            file=relative,
            folder=_shown_folder(folder, fence),
        )
    raise _Missing(message, hint)


def _remote(address: str) -> tuple[Message, Message]:
    """(message, hint) for an image a text shows from another site: every reader's browser
    asks that site for it (a request the page otherwise never makes), and it goes when the
    other site moves or removes it."""
    message = _(
        "the image '{address}' is shown from another site: each reader's browser asks that "
        "site for it, and the page loses it if the site moves or removes it",
        address=address,
    )
    hint = _(
        "save the image into the report's folder and write ![what it shows](file name), "
        "if its owner allows it"
    )
    return message, hint


def _shown_folder(folder: Path, fence: Path) -> str:
    with contextlib.suppress(ValueError):
        return (Path("content") / folder.relative_to(fence)).as_posix()
    return folder.name


def _error(at: TextSource, written: str, message: Message, hint: Message | None) -> SiteError:
    line, col = at.line, at.col
    if at.path.is_file():
        with contextlib.suppress(SiteError):
            line, col = at.position_of(written, read_text(at.path))
    return SiteError(message, at.path, line, col, hint=hint)


class UnreadableImage(SiteError):
    """Pillow cannot decode the image (said at the image's place in the text by the loader;
    at the file itself if it changes before the build writes its copy)."""


def published_image(source: Path) -> tuple[bytes, str, tuple[int, int]]:
    """The copy of ``source`` that the site publishes, its extension and its size: upright,
    in sRGB, at most :data:`MAX_EDGE` pixels long, the pixels alone (no EXIF, XMP, comments
    or colour profile, as photos: docs/photos.md); JPEG and WebP stay so, every other format
    becomes PNG (a GIF's first frame). The same source always gives the same bytes."""
    from PIL import Image, ImageOps

    try:
        with Image.open(source) as opened:
            opened.load()
            fmt = opened.format or ""
            icc = opened.info.get("icc_profile")
            upright = ImageOps.exif_transpose(opened)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        message = _(
            "the image '{file}' cannot be read: the file is damaged, or is not an image",
            file=source.name,
        )
        raise UnreadableImage(message, source) from exc
    image = _plain(_to_srgb(upright, icc), keep_alpha=fmt != "JPEG")
    if max(image.size) > MAX_EDGE:
        scale = MAX_EDGE / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    clean = Image.frombytes(image.mode, image.size, image.tobytes())  # the pixels alone
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
        extension = "jpg"
    elif fmt == "WEBP":
        clean.save(out, "WEBP", quality=85)
        extension = "webp"
    else:
        clean.save(out, "PNG")
        extension = "png"
    return out.getvalue(), extension, clean.size


def _to_srgb(image: Any, icc: bytes | None) -> Any:
    """``image``'s colours in sRGB, as photos/worker.py makes them (the profile is not kept)."""
    if not icc:
        return image
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in str(ImageCms.getProfileDescription(profile)).lower():
            return image
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") else "RGB"
        converted = ImageCms.profileToProfile(image, profile, srgb, outputMode=mode)
        return converted if converted is not None else image
    except (OSError, ValueError, ImageCms.PyCMSError):
        return image  # an unusable profile: the pixels taken as sRGB, as browsers do


def _plain(image: Any, keep_alpha: bool) -> Any:
    """``image`` in a mode every encoder here writes: RGB or L, RGBA when it has alpha."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if has_alpha and keep_alpha:
        return image.convert("RGBA")
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("1", "I;16", "I") and not has_alpha:
        return image.convert("L")
    return image.convert("RGB")


def with_text_images(
    report: Report,
    folders: Iterable[Path],
    fence: Path,
    sources: Mapping[str, TextSource],
    errors: ErrorCollector,
    warnings: list[SiteError] | None = None,
) -> Report:
    """``report`` with the images its texts show (:func:`text_images`): in ``images``, and
    each ``<img>`` leading to its published copy, with its width and height; an image shown
    from another site is a warning in ``warnings``."""
    texts = report.texts_html()
    found = text_images(texts, report.slug, folders, fence, sources, errors, warnings)
    if not found.images:
        return report
    changed = found.htmls or {}

    def new(text: str) -> str:
        return changed.get(text, text)

    def recording(item: Recording | None) -> Recording | None:
        if item is None or item.transcript_html not in changed:
            return item
        return replace(item, transcript_html=new(item.transcript_html))

    days = tuple(
        replace(
            day,
            sessions=tuple(
                replace(s, summary_html=new(s.summary_html), recording=recording(s.recording))
                for s in day.sessions
            ),
        )
        for day in report.days
    )
    return replace(
        report,
        lead_html=new(report.lead_html),
        body_html=new(report.body_html),
        days=days,
        recording=recording(report.recording),
        images=found.images,
    )
