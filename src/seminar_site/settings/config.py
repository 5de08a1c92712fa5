"""site.yaml → a frozen, checked SiteConfig (unknown keys refused with a did-you-mean)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import Message, _
from seminar_site.settings.base_url import base_url_problem, check_base_url
from seminar_site.settings.renditions import RenditionSettings
from seminar_site.settings.schema import Checked, check_mapping
from seminar_site.settings.shapes import SITE
from seminar_site.settings.yamlsource import parse_yaml, position

SITE_FILE = Path("content") / "site.yaml"
ALLOWED_FORMATS = ("webp", "jpeg", "avif")
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Contact:
    unit: str
    email: str = ""
    phone: str = ""
    url: str = ""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    language: str = "ja"
    base_url: str = ""
    description: str = ""
    social_image: str = ""  # as written, relative to content/ (content/site_image.py reads it)
    social_image_alt: str = ""
    back_link: Link | None = None
    organiser: Organisation | None = None
    contact: Contact | None = None
    accessibility_url: str = ""
    honorific: str = "氏"
    date_style: str = "western"
    numbered_kinds: tuple[str, ...] = ("事例",)
    utc_offset: str = "+09:00"
    photos: RenditionSettings = field(default_factory=RenditionSettings)
    trusted_html: bool = False
    require_consent: bool = False
    fetch_posters: bool = False  # recordings' posters from the video host (opt-in)

    def with_base_url(self, base_url: str) -> SiteConfig:
        """These settings with the ``--base-url`` option, checked (a SiteError if it is not a
        full http(s) address)."""
        return replace(self, base_url=check_base_url(base_url))


def normalise_base_url(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def misnamed_file(folder: Path, wanted: str) -> str | None:
    """The file of ``folder`` meant as ``wanted`` (site.yaml, report.yaml) under another name:
    any case, .yml, a doubled or added .txt (as Windows Notepad saves it, hiding the .txt),
    spaces around; None when there is none."""
    stem = re.escape(wanted.rsplit(".", 1)[0])
    meant = re.compile(rf"\s*{stem}\s*\.(?:ya?ml)(?:\s*\.(?:ya?ml|txt))*\s*", re.IGNORECASE)
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return None
    return next((name for name in names if name != wanted and meant.fullmatch(name)), None)


def rename_hint(name: str, wanted: str) -> Message:
    return _(
        "rename '{name}' to {wanted} (on Windows, turn on file name extensions in "
        "Explorer's View menu to see a hidden .txt)",
        name=name,
        wanted=wanted,
    )


def load_config(root: Path) -> SiteConfig:
    path = root / SITE_FILE
    if not path.is_file():
        misnamed = misnamed_file(path.parent, path.name)
        if misnamed is not None:
            raise SiteError(
                _(
                    "content/ has no site.yaml, only '{name}': the site settings are not read",
                    name=misnamed,
                ),
                path.parent / misnamed,
                hint=rename_hint(misnamed, path.name),
            )
        raise SiteError(
            _("site settings not found"),
            path,
            hint=_("create content/site.yaml (or run 'seminar-site new DIR' to start a site)"),
        )
    errors = ErrorCollector()
    node = _without_bad_base_url(parse_yaml(path, errors), path, errors)
    checked = check_mapping(node, SITE, path, errors)
    config = _build(checked, errors)
    errors.raise_if_any()
    return config


def _without_bad_base_url(node: yaml.Node, path: Path, errors: ErrorCollector) -> yaml.Node:
    """The document with a ``base_url`` that is not a full http(s) address blanked out, after
    reporting it here with the address to write (rather than as a mere "not a URL")."""
    if not isinstance(node, yaml.MappingNode):
        return node
    pairs = []
    for key, value in node.value:
        problem = None
        if key.value == "base_url" and isinstance(value, yaml.ScalarNode) and value.value:
            problem = base_url_problem(value.value)
        if problem is not None:
            message, example = problem
            line, col = position(value)
            hint = _("write the full address, e.g. {example}", example=example)
            message = _("'base_url' {problem}", problem=message)
            errors.add(SiteError(message, path, line, col, hint=hint))
            value = yaml.ScalarNode(_STR, "", value.start_mark, value.end_mark, style="'")
        pairs.append((key, value))
    return yaml.MappingNode(node.tag, pairs, node.start_mark, node.end_mark, node.flow_style)


def _build(data: Checked, errors: ErrorCollector) -> SiteConfig:
    language = data.get("language", "ja")
    honorific = data.get("honorific", "氏" if language == "ja" else "")
    base_url = data.get("base_url", "")
    utc_offset = data.get("utc_offset", "+09:00")
    if not _valid_offset(utc_offset):
        errors.add(data.error("utc_offset", _("'utc_offset' must look like +09:00")))
    return SiteConfig(
        title=data.get("title", ""),
        language=language,
        base_url=normalise_base_url(base_url),
        description=data.get("description", ""),
        social_image=data.get("social_image", ""),
        social_image_alt=data.get("social_image_alt", ""),
        back_link=_link(data.get("back_link")),
        organiser=_organisation(data.get("organiser")),
        contact=_contact(data.get("contact")),
        accessibility_url=data.get("accessibility_url", ""),
        honorific=honorific,
        date_style=data.get("date_style", "western"),
        numbered_kinds=tuple(data.get("numbered_kinds", ("事例",))),
        utc_offset=utc_offset,
        photos=_photo_settings(data.get("photos"), errors),
        trusted_html=data.get("trusted_html", False),
        require_consent=data.get("require_consent", False),
        fetch_posters=data.get("fetch_posters", False),
    )


def _valid_offset(text: str) -> bool:
    return len(text) == 6 and text[0] in "+-" and text[1:3].isdigit() and text[3] == ":"


def _link(data: dict[str, Any] | None) -> Link | None:
    return Link(data.get("label", ""), data.get("url", "")) if data else None


def _organisation(data: dict[str, Any] | None) -> Organisation | None:
    return Organisation(data.get("name", ""), data.get("url", "")) if data else None


def _contact(data: dict[str, Any] | None) -> Contact | None:
    if not data:
        return None
    return Contact(
        data.get("unit", ""), data.get("email", ""), data.get("phone", ""), data.get("url", "")
    )


def _photo_settings(data: Checked | None, errors: ErrorCollector) -> RenditionSettings:
    defaults = RenditionSettings()
    if not data:
        return defaults
    widths = tuple(sorted(set(data.get("widths", defaults.widths))))
    if not widths or any(not 16 <= width <= 8000 for width in widths):
        message = _("photo widths must be between 16 and 8000 pixels")
        errors.add(data.error("widths", message))
        widths = defaults.widths
    formats = tuple(dict.fromkeys(data.get("formats", defaults.formats)))  # each once
    unknown = [name for name in formats if name not in ALLOWED_FORMATS]
    if unknown:
        message = _("unknown photo format(s): {formats}", formats=", ".join(unknown))
        errors.add(data.error("formats", message, hint=_("use webp, jpeg or avif")))
        formats = defaults.formats
    try:
        return RenditionSettings(
            widths=widths,
            formats=formats,
            jpeg_quality=min(95, data.get("jpeg_quality", defaults.jpeg_quality)),
            webp_quality=min(100, data.get("webp_quality", defaults.webp_quality)),
        )
    except ValueError as exc:  # its text is a message of renditions.py
        errors.add(data.error(None, _("photo settings: {problem}", problem=exc.args[0])))
        return defaults
