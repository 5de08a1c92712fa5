"""Photo records of a report: each listed photo, or every image of a folder with a captions
file, checked (paths inside content/, alt text, consent) and turned into model Photos.

Nothing is left out without a word: images of a day's photo folder that no day lists, a
captions entry that matches no photo, and a captions file that nothing uses are warnings
(issue 12 item 6), each at the line to change.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from seminar_site.content.paths import images_in, require_file, require_folder
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import Message, _
from seminar_site.model import Day, Location, Photo
from seminar_site.settings.config import SiteConfig
from seminar_site.settings.renditions import IMAGE_SUFFIXES
from seminar_site.settings.schema import Checked, check_mapping
from seminar_site.settings.shapes import PHOTO_TEXT
from seminar_site.settings.yamlsource import parse_yaml, position
from seminar_site.system.stamps import record_read

_VAGUE_ALT = {"写真", "画像", "photo", "image", "picture", "img"}
_CAPTIONS_NAMES = ("captions.yaml", "captions.yml")
_SHOWN = 3  # file names a warning lists before "and N more"
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})  # written by Windows, never meant

# A captions entry: its texts, and the line and column of its file name in the captions file.
_Entry = tuple[dict[str, Any], int, int]


class PhotoRecords:
    """Builds a report's photos; errors and warnings go to the report's collectors."""

    def __init__(
        self,
        folder: Path,
        fence: Path,
        config: SiteConfig,
        errors: ErrorCollector,
        warnings: list[SiteError],
    ) -> None:
        self.folder = folder
        self.fence = fence
        self.config = config
        self.errors = errors
        self.warnings = warnings
        self.captions_files: list[Path] = []  # read: the placeholder check reads them too
        self._listed: set[Path] = set()  # photos listed one by one, by any day
        self._whole: set[Path] = set()  # folders published whole ({folder: ...})
        self._lists: list[tuple[Checked, set[Path]]] = []  # a day, its photos' folders

    def photos(self, data: Checked) -> tuple[Photo, ...]:
        photos = data.get("photos")
        if photos is None:
            return ()
        if isinstance(photos, Checked) and "folder" in photos:
            return self._photo_folder(photos)
        found = tuple(photo for item in photos if (photo := self._photo(item)) is not None)
        self._listed |= {photo.source for photo in found}
        self._lists.append((data, {photo.source.parent for photo in found}))
        return found

    def _photo(self, data: Checked, extra: dict[str, Any] | None = None) -> Photo | None:
        try:
            source = require_file(data, "file", self.folder, self.fence, _("photo"))
        except SiteError as error:
            self.errors.add(error)
            return None
        line, col = data.marks.get("file", (data.line, data.col))
        photo = Photo(
            source=source,
            alt=data.get("alt", "").strip(),
            caption=data.get("caption", "").strip(),
            credit=data.get("credit", "").strip(),
            consent=data.get("consent", ""),
            location=Location(data.path, line, col),
        )
        self._check_photo_text(photo, data)
        return photo

    def _check_photo_text(self, photo: Photo, data: Checked) -> None:
        if not photo.alt:
            self.warnings.append(
                data.error(
                    "file",
                    _("photo '{file}' has no alt text", file=data["file"]),
                    hint=_(
                        "add 'alt:' describing what the photo shows (--strict makes this an error)"
                    ),
                )
            )
        elif photo.alt.lower() in _VAGUE_ALT or photo.alt == Path(str(data["file"])).name:
            self.warnings.append(
                data.error(
                    "alt",
                    _("alt text should describe the photo, not just say 写真 or the file name"),
                )
            )
        if self.config.require_consent and not photo.consent:
            self.errors.add(
                data.error(
                    "file",
                    _("photo '{file}' has no 'consent'", file=data["file"]),
                    hint=_("this site requires consent: obtained, blurred or not-identifiable"),
                )
            )

    def _photo_folder(self, data: Checked) -> tuple[Photo, ...]:
        try:
            folder = require_folder(data, "folder", self.folder, self.fence, _("photo folder"))
        except SiteError as error:
            self.errors.add(error)
            return ()
        self._whole.add(folder)
        captions, captions_path = self._captions(data)
        images = images_in(folder)
        if captions_path is not None:
            captions = self._matched(captions, captions_path, images, data)
        photos: list[Photo] = []
        for image in images:
            texts, line, col = captions.get(image.name, ({}, 0, 0))
            if line and captions_path is not None:  # problems of its texts are reported there
                entry = Checked(captions_path, line, col)
            else:
                entry = Checked(data.path, *data.marks.get("folder", (data.line, data.col)))
            entry["file"] = os.path.relpath(image, self.folder)
            entry.update(texts)
            photo = self._photo(entry)
            if photo is not None:
                photos.append(photo)
        if not photos:
            self.warnings.append(
                data.error(
                    "folder", _("photo folder '{folder}' has no images", folder=data["folder"])
                )
            )
        self._not_photos(data, folder, captions_path)
        return tuple(photos)

    def _not_photos(self, data: Checked, folder: Path, captions: Path | None) -> None:
        """A warning naming the files of a folder published whole that are not photos: they
        are not published, and nothing else would say so."""
        others = [
            child.name
            for child in sorted(folder.iterdir(), key=lambda child: child.name)
            if child.suffix.lower() not in IMAGE_SUFFIXES
            and child != captions
            and child.name not in _CAPTIONS_NAMES
            and not child.name.startswith(".")
            and child.name.lower() not in _SYSTEM_FILES
            and child.is_file()
        ]
        if not others:
            return
        message = _(
            "{count} file(s) in '{folder}' are not photos, so they are not published: {names}",
            count=len(others),
            folder=data["folder"],
            names=_few(others),
        )
        hint = _(
            "a photo is a JPEG, PNG, WebP, GIF, BMP, TIFF or HEIC file: save it as one of "
            "those, or move the file out of the folder (a document goes under 'materials:')"
        )
        self.warnings.append(data.error("folder", message, hint))

    def _captions(self, data: Checked) -> tuple[dict[str, _Entry], Path | None]:
        if "captions" not in data:
            return {}, None
        try:
            path = require_file(data, "captions", self.folder, self.fence, _("captions file"))
            node = parse_yaml(path)
        except SiteError as error:
            self.errors.add(error)
            return {}, None
        self.captions_files.append(path)
        found: dict[str, _Entry] = {}
        if not isinstance(node, yaml.MappingNode):
            message = _("captions file must map file names to captions")
            self.errors.add(SiteError(message, path, 1, 1))
            return found, path
        for key_node, value_node in node.value:
            line, col = position(key_node)
            if str(key_node.value) in found:  # the second would silently win
                first = found[str(key_node.value)][1]
                message = _(
                    "'{name}' is written twice in the captions file (first on line {line})",
                    name=str(key_node.value),
                    line=first,
                )
                hint = _("keep one entry, with the alt text and caption together")
                self.errors.add(SiteError(message, path, line, col, hint))
                continue
            if isinstance(value_node, yaml.ScalarNode):
                found[str(key_node.value)] = ({"caption": str(value_node.value)}, line, col)
                continue
            checked = check_mapping(value_node, PHOTO_TEXT, path, self.errors)
            found[str(key_node.value)] = (dict(checked), line, col)
        return found, path

    def _matched(
        self, captions: dict[str, _Entry], path: Path, images: Sequence[Path], data: Checked
    ) -> dict[str, _Entry]:
        """The entries by the name of the photo they are for. An entry whose name differs
        from a photo's only in letter case is used for it (a warning says so: the name is
        still to be corrected); an entry that matches no photo is a warning at its line,
        with the closest name."""
        names = [image.name for image in images]
        matched = {name: entry for name, entry in captions.items() if name in names}
        for name, (texts, line, col) in captions.items():
            if name in matched:
                continue
            hint: Message | None
            same = [n for n in names if n.casefold() == name.casefold() and n not in matched]
            if len(same) == 1:
                matched[same[0]] = (texts, line, col)
                message = _(
                    "captions entry '{name}' differs from the photo '{photo}' only in letter "
                    "case: its texts are used for that photo",
                    name=name,
                    photo=same[0],
                )
                hint = _("write the name exactly as the file is named: {photo}", photo=same[0])
            else:
                message = _(
                    "captions entry '{name}' matches no photo in '{folder}': its texts are "
                    "not used",
                    name=name,
                    folder=data["folder"],
                )
                close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
                hint = (
                    _("did you mean '{name}'?", name=close[0])
                    if close
                    else _("the photos of the folder are: {names}", names=_few(names))
                    if names
                    else None
                )
            self.warnings.append(SiteError(message, path, line, col, hint=hint))
        return matched

    def social_image(self, data: Checked, days: tuple[Day, ...]) -> Photo | None:
        if "social_image" in data:
            try:
                source = require_file(
                    data, "social_image", self.folder, self.fence, _("social image")
                )
            except SiteError as error:
                self.errors.add(error)
                return None
            for day in days:
                for photo in day.photos:
                    if photo.source == source:
                        return photo
            line, col = data.marks["social_image"]
            return Photo(source, data.get("title", ""), "", "", "", Location(data.path, line, col))
        for day in days:
            if day.photos:
                return day.photos[0]
        return None

    def warn_unlisted(self, days: Sequence[Checked], social: Photo | None) -> None:
        """Warnings for photos that are in a day's photo folder but published by no day:
        the folders of the photos a day lists, and ``photos/dayN`` (or ``photos/`` for a
        one-day event) of a day that lists none. Also for a captions file in those folders
        that no ``captions:`` uses (it would change nothing)."""
        used = self._listed | ({social.source} if social is not None else set())
        looked: set[Path] = set()
        for day, folders in self._lists:
            for folder in sorted(folders - self._whole):
                looked.add(folder)
                self._unlisted(day, "photos", folder, used)
        photos_folder = self.folder / "photos"
        if photos_folder.is_dir():
            record_read(photos_folder)  # a day folder added later: load the report again
        for number, day in enumerate(days, start=1):
            if "photos" in day:
                continue
            candidates = [photos_folder / f"day{number}"] + ([photos_folder] * (len(days) == 1))
            for folder in candidates:
                if folder not in looked and folder not in self._whole and folder.is_dir():
                    looked.add(folder)
                    self._unlisted(day, None, folder, used)
        for folder in sorted(looked):
            self._unused_captions(folder)

    def _unlisted(self, day: Checked, key: str | None, folder: Path, used: set[Path]) -> None:
        missing = [image.name for image in images_in(folder) if image not in used]
        if not missing:
            return
        relative = Path(os.path.relpath(folder, self.folder)).as_posix()
        message = _(
            "{count} photo(s) in '{folder}' are listed by no day, so they are not published: "
            "{names}",
            count=len(missing),
            folder=relative,
            names=_few(missing),
        )
        example = f"{relative}/{missing[0]}"
        hint = _(
            "list each under the day's 'photos:' ('- file: {example}' with its 'alt:'), "
            "or publish the whole folder with 'photos: {{folder: {folder}}}'",
            example=example,
            folder=relative,
        )
        self.warnings.append(day.error(key, message, hint))

    def _unused_captions(self, folder: Path) -> None:
        for name in _CAPTIONS_NAMES:
            path = folder / name
            if path.is_file() and path not in self.captions_files:
                relative = Path(os.path.relpath(path, self.folder)).as_posix()
                photos = Path(os.path.relpath(folder, self.folder)).as_posix()
                message = _(
                    "captions file '{file}' is not used: no day takes '{folder}' whole",
                    file=relative,
                    folder=photos,
                )
                hint = _(
                    "use it with 'photos: {{folder: {folder}, captions: {file}}}', or write "
                    "its texts under each photo in report.yaml",
                    folder=photos,
                    file=relative,
                )
                self.warnings.append(SiteError(message, path, 1, 1, hint=hint))


def _few(names: Sequence[str]) -> str | Message:
    """The first few names, then "and N more"."""
    shown = ", ".join(names[:_SHOWN])
    if len(names) <= _SHOWN:
        return shown
    return _("{names} and {count} more", names=shown, count=len(names) - _SHOWN)
