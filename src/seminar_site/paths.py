"""Resolve paths written in content files, refusing any that leave the content folder."""

from __future__ import annotations

from pathlib import Path

from seminar_site.schema import Checked

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif")


def resolve_inside(data: Checked, key: str, base: Path, fence: Path) -> Path:
    """``base / data[key]`` resolved (symlinks followed); it must stay inside ``fence``."""
    relative = str(data[key])
    candidate = (base / relative).resolve()
    try:
        candidate.relative_to(fence.resolve())
    except ValueError:
        raise data.error(
            key,
            f"'{relative}' points outside the content folder",
            hint="keep files inside content/ (no '..' or links leading out)",
        ) from None
    return candidate


def require_file(data: Checked, key: str, base: Path, fence: Path, what: str) -> Path:
    path = resolve_inside(data, key, base, fence)
    if not path.is_file():
        hint = f"create {path.name} in {path.parent}" if path.parent.is_dir() else None
        if path.parent.is_dir():
            close = _similar_name(path)
            if close:
                hint = f"did you mean '{close}'?"
        raise data.error(key, f"{what} '{data[key]}' not found", hint=hint)
    return path


def _similar_name(path: Path) -> str | None:
    import difflib

    names = [child.name for child in path.parent.iterdir()]
    found = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {name.lower(): name for name in names}
    return lowered.get(path.name.lower())


def images_in(folder: Path) -> list[Path]:
    """Image files of a folder in name order (upper-case extensions accepted)."""
    return sorted(
        (child for child in folder.iterdir() if child.suffix.lower() in IMAGE_SUFFIXES),
        key=lambda child: child.name,
    )
