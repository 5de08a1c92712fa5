"""Where templates and static files come from: the site's own folders, then the default theme."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.i18n import _

_PACKAGE_THEME = Path(__file__).parents[1] / "theme"
_SOURCE_CHECKOUT = Path(__file__).resolve().parents[3]
HASHED_SUFFIXES = (".css", ".js")
ASSETS_DIR = "assets"


def default_theme_dir(folder: str) -> Path:
    """The built-in theme's ``templates`` or ``static`` folder (wheel or source checkout)."""
    installed = _PACKAGE_THEME / folder
    return installed if installed.is_dir() else _SOURCE_CHECKOUT / folder


def template_dirs(root: Path) -> list[Path]:
    own = root / "templates"
    default = default_theme_dir("templates")
    dirs = [own] if own.is_dir() and own.resolve() != default.resolve() else []
    return [*dirs, default]


def static_files(root: Path) -> dict[str, Path]:
    """Relative name → file, the site's static/ overriding the theme's file by file."""
    found: dict[str, Path] = {}
    for folder in (default_theme_dir("static"), root / "static"):
        if not folder.is_dir():
            continue
        real_folder = folder.resolve()
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            if not path.resolve().is_relative_to(real_folder):
                raise SiteError(
                    _("static file is a link to a file outside the static folder"),
                    path,
                    hint=_("copy the file into static/ instead of linking to it"),
                )
            found[path.relative_to(folder).as_posix()] = path
    return found


@dataclass(frozen=True)
class Assets:
    """Static files as published: name in templates → output path, and output path → bytes."""

    names: dict[str, str]
    files: dict[str, bytes]

    def url(self, name: str) -> str:
        return self.names[name]


def build_assets(sources: dict[str, Path]) -> Assets:
    names: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for name, path in sources.items():
        data = path.read_bytes()
        published = name
        if path.suffix in HASHED_SUFFIXES:
            digest = hashlib.sha256(data).hexdigest()[:10]
            published = f"{name[: -len(path.suffix)]}.{digest}{path.suffix}"
        names[name] = f"{ASSETS_DIR}/{published}"
        files[f"{ASSETS_DIR}/{published}"] = data
    return Assets(names, files)
