"""Photos dropped on the editor: safe names, images only, inside the report; thumbnails.

A name is made safe (NFC, no folders, no control characters, no leading dot, a known image
suffix), the file is decoded by the photo pipeline's own check (:func:`inspect_photo`, HEIC
included) before it is kept, and it is written inside ``content/reports/SLUG/<day folder>``
only. Thumbnails are renditions made by the real pipeline (:func:`process_photo`) into the
editor's cache. The photos of each day are listed for the form with their thumbnails
(:func:`photos_by_folder`); a photo taken out of the form is moved to the trash by the save
(workspace.py, store.py).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, unquote

import yaml

from seminar_site.editor.store import EDITOR_DIR
from seminar_site.i18n import Message, _
from seminar_site.photos.plan import PhotoError, PhotoJob
from seminar_site.photos.worker import inspect_photo, process_photo
from seminar_site.settings.renditions import IMAGE_SUFFIXES, RenditionSettings

MAX_FILE_BYTES = 40 * 1024 * 1024  # one photo
MAX_REQUEST_BYTES = 100 * 1024 * 1024  # one upload request (several photos; send more in turns)
MAX_FILES = 40  # photos in one request
MAX_NAME = 120
THUMB = RenditionSettings(widths=(320,), formats=("webp",))
_UNSAFE = re.compile(r'[\\/:*?"<>|]')


class Refused(Exception):
    """A photo that is not kept, with a message in our own words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Added:
    file: str  # relative to the report folder, as report.yaml names it
    path: Path


def safe_name(name: str) -> str:
    """``name`` as a file name that is safe everywhere; Refused when nothing usable is left
    or it is not an image's name. Percent escapes are read first: browsers send a name's
    quote and line breaks as %22, %0D and %0A."""
    name = unquote(name)
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise Refused(_("the file name contains control characters: rename the file"))
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("-", base).strip().lstrip(".").strip()
    if len(base) > MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        base = stem[: MAX_NAME - len(suffix) - 1] + dot + suffix
    suffix = posixpath.splitext(base)[1].lower()
    if not base or not posixpath.splitext(base)[0]:
        raise Refused(_("this file has no usable name: rename it, e.g. photo-1.jpg"))
    if suffix not in IMAGE_SUFFIXES:
        kinds = ", ".join(IMAGE_SUFFIXES)
        raise Refused(_("only photos can be added ({kinds})", kinds=kinds))
    return base


def day_folder(report: Path, folder: str) -> Path:
    """The photo folder ``folder`` (relative to the report folder) inside it; Refused if
    it would lead anywhere else."""
    clean = unicodedata.normalize("NFC", folder).replace("\\", "/").rstrip("/")
    parts = clean.split("/") if clean else []  # "/etc" gives an empty first part: refused
    if (
        not parts
        or any(p in ("", ".", "..") or p.startswith(".") for p in parts)
        or any(unicodedata.category(c) in ("Cc", "Cf") for c in clean)
        or _UNSAFE.search(clean.replace("/", ""))
    ):
        raise Refused(_("'{folder}' is not a folder of this report", folder=folder))
    target = report.joinpath(*parts)
    if not target.resolve().is_relative_to(report.resolve()):
        raise Refused(_("'{folder}' is not a folder of this report", folder=folder))
    return target


def keep_upload(report: Path, folder: str, name: str, stream: IO[bytes], size: int) -> Added:
    """Check and write one uploaded photo; Refused with the reason."""
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise Refused(_("the photo is larger than {limit} MB", limit=limit))
    base = safe_name(name)
    target_dir = day_folder(report, folder)
    target_dir.mkdir(parents=True, exist_ok=True)
    stem, suffix = posixpath.splitext(base)
    target, number = target_dir / base, 2
    while target.exists():
        target, number = target_dir / f"{stem}-{number}{suffix}", number + 1
    spool = report.parents[2] / EDITOR_DIR / "tmp"  # ROOT/.seminar-editor/tmp
    spool.mkdir(parents=True, exist_ok=True)
    temp = spool / f"upload-{os.urandom(6).hex()}{suffix}"
    try:
        with temp.open("xb") as out:
            shutil.copyfileobj(stream, out, 1024 * 1024)
        try:
            inspect_photo(str(temp))
        except PhotoError:
            raise Refused(_("this file is not a photo that can be read")) from None
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return Added(target.relative_to(report).as_posix(), target)


def thumbnail(root: Path, photo: Path) -> Path:
    """A small rendition of ``photo`` made by the photo pipeline, in the editor's cache."""
    cache = root / EDITOR_DIR / "thumbs"
    result = process_photo(PhotoJob(str(photo), "", THUMB), str(cache))
    return cache / result.largest("webp").filename


def photo_in(report: Path, relative: str) -> Path | None:
    """The photo ``relative`` of the report folder, if it is one (never outside it)."""
    clean = posixpath.normpath(unicodedata.normalize("NFC", relative))
    if clean.startswith(("..", "/")) or "\\" in relative or "\0" in relative:
        return None
    if any(part.startswith(".") for part in clean.split("/")):
        return None
    path = report / clean
    if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
        return None
    if not path.resolve().is_relative_to(report.resolve()):
        return None
    return path


def in_folder(data: Any, file: str) -> bool:
    """Whether ``file`` is in the folder of a day given as ``photos: {folder: …}``."""
    days = data.get("days") if isinstance(data, dict) else None
    for day in days if isinstance(days, list) else []:
        listed = day.get("photos") if isinstance(day, dict) else None
        if isinstance(listed, dict) and isinstance(listed.get("folder"), str):
            folder = posixpath.normpath(listed["folder"])
            if posixpath.dirname(posixpath.normpath(file)) == folder:
                return True
    return False


def photos_by_folder(slug: str, data: Any, report: Path) -> dict[str, list[dict[str, Any]]]:
    """The photos of each day, by folder: ``{"photos/day1": [{file, thumb_url, alt,
    caption}]}`` (the form edits them in ``days[i].photos``; this adds the thumbnails). A
    day published as ``{folder: …}`` lists that folder's images (their texts are in its
    captions file)."""
    found: dict[str, list[dict[str, Any]]] = {}
    days = data.get("days") if isinstance(data, dict) else None
    for day in days if isinstance(days, list) else []:
        listed = day.get("photos") if isinstance(day, dict) else None
        if isinstance(listed, dict) and isinstance(listed.get("folder"), str):
            folder = listed["folder"]
            path = report / folder
            inside = path.resolve().is_relative_to(report.resolve()) and path.is_dir()
            names = sorted(p.name for p in path.iterdir()) if inside else []
            texts = _captions(report, listed.get("captions")) if inside else {}
            listed = [
                {"file": f"{folder.rstrip('/')}/{name}", **texts.get(name, {})}
                for name in names
                if posixpath.splitext(name)[1].lower() in IMAGE_SUFFIXES
            ]
        for photo in listed if isinstance(listed, list) else []:
            if not isinstance(photo, dict) or not isinstance(photo.get("file"), str):
                continue
            file = photo["file"]
            entry = {
                "file": file,
                "thumb_url": f"/_edit/api/reports/{quote(slug)}/thumbs/{quote(file)}",
                "alt": photo.get("alt"),
                "caption": photo.get("caption"),
            }
            entry.update({k: photo[k] for k in ("credit", "consent") if k in photo})
            found.setdefault(posixpath.dirname(file) or ".", []).append(entry)
    return found


def _captions(report: Path, name: Any) -> dict[str, dict[str, Any]]:
    """The texts of a captions file by photo name (``{file: caption}`` or ``{file: {alt,
    caption, …}}``), for the form that turns a folder into a list of photos."""
    path = report / name if isinstance(name, str) else None
    if path is None or not path.resolve().is_relative_to(report.resolve()):
        return {}
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[str, dict[str, Any]] = {}
    for key, value in data.items() if isinstance(data, dict) else ():
        if isinstance(value, str):
            found[str(key)] = {"caption": value}
        elif isinstance(value, dict):
            keys = ("alt", "caption", "credit", "consent")
            found[str(key)] = {k: str(value[k]) for k in keys if isinstance(value.get(k), str)}
    return found
