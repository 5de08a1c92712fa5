"""Photo records of a report: each listed photo, or every image of a folder with a captions
file, checked (paths inside content/, alt text, consent) and turned into model Photos."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from seminar_site.content.paths import images_in, require_file, require_folder
from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.model import Day, Location, Photo
from seminar_site.settings.config import SiteConfig
from seminar_site.settings.schema import Checked, check_mapping
from seminar_site.settings.shapes import PHOTO_TEXT
from seminar_site.settings.yamlsource import parse_yaml

_VAGUE_ALT = {"写真", "画像", "photo", "image", "picture", "img"}


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

    def photos(self, data: Checked) -> tuple[Photo, ...]:
        photos = data.get("photos")
        if photos is None:
            return ()
        if isinstance(photos, Checked) and "folder" in photos:
            return self._photo_folder(photos)
        return tuple(photo for item in photos if (photo := self._photo(item)) is not None)

    def _photo(self, data: Checked, extra: dict[str, Any] | None = None) -> Photo | None:
        try:
            source = require_file(data, "file", self.folder, self.fence, "photo")
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
                    f"photo '{data['file']}' has no alt text",
                    hint="add 'alt:' describing what the photo shows "
                    "(--strict makes this an error)",
                )
            )
        elif photo.alt.lower() in _VAGUE_ALT or photo.alt == Path(str(data["file"])).name:
            self.warnings.append(
                data.error(
                    "alt", "alt text should describe the photo, not just say 写真 or the file name"
                )
            )
        if self.config.require_consent and not photo.consent:
            self.errors.add(
                data.error(
                    "file",
                    f"photo '{data['file']}' has no 'consent'",
                    hint="this site requires consent: obtained, blurred or not-identifiable",
                )
            )

    def _photo_folder(self, data: Checked) -> tuple[Photo, ...]:
        try:
            folder = require_folder(data, "folder", self.folder, self.fence, "photo folder")
        except SiteError as error:
            self.errors.add(error)
            return ()
        captions = self._captions(data)
        photos: list[Photo] = []
        for image in images_in(folder):
            entry = Checked(data.path, *data.marks.get("folder", (data.line, data.col)))
            entry["file"] = os.path.relpath(image, self.folder)
            entry.update(captions.get(image.name, {}))
            photo = self._photo(entry)
            if photo is not None:
                photos.append(photo)
        if not photos:
            self.warnings.append(
                data.error("folder", f"photo folder '{data['folder']}' has no images")
            )
        return tuple(photos)

    def _captions(self, data: Checked) -> dict[str, dict[str, Any]]:
        if "captions" not in data:
            return {}
        try:
            path = require_file(data, "captions", self.folder, self.fence, "captions file")
        except SiteError as error:
            self.errors.add(error)
            return {}
        try:
            node = parse_yaml(path)
        except SiteError as error:
            self.errors.add(error)
            return {}
        found: dict[str, dict[str, Any]] = {}
        if not isinstance(node, yaml.MappingNode):
            self.errors.add(SiteError("captions file must map file names to captions", path, 1, 1))
            return found
        for key_node, value_node in node.value:
            if isinstance(value_node, yaml.ScalarNode):
                found[str(key_node.value)] = {"caption": str(value_node.value)}
                continue
            checked = check_mapping(value_node, PHOTO_TEXT, path, self.errors)
            found[str(key_node.value)] = dict(checked)
        return found

    def social_image(self, data: Checked, days: tuple[Day, ...]) -> Photo | None:
        if "social_image" in data:
            try:
                source = require_file(data, "social_image", self.folder, self.fence, "social image")
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
