"""Resolve paths written in content files, refusing any that leave the content folder."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path, PurePosixPath

from seminar_site.i18n import Message, _
from seminar_site.settings.renditions import IMAGE_SUFFIXES
from seminar_site.settings.schema import Checked
from seminar_site.system.stamps import record_read


def _resolve(data: Checked, key: str, base: Path, fence: Path) -> tuple[Path, int | None]:
    """The resolved path and its st_mode (None when missing): one stat for all later checks."""
    relative = str(data[key])
    plain = _down_without_links(base, relative)
    if plain is not None:
        return plain
    try:
        candidate = (base / relative).resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loop, NUL byte, name too long
        raise data.error(key, _("'{path}' cannot be used as a file path", path=relative)) from None
    if not candidate.is_relative_to(fence):
        raise data.error(
            key,
            _("'{path}' points outside the content folder", path=relative),
            hint=_("keep files inside content/ (no '..' or links leading out)"),
        )
    try:
        return candidate, candidate.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return candidate, None
    except (OSError, ValueError):  # name too long, ...
        raise data.error(key, _("'{path}' cannot be used as a file path", path=relative)) from None


def _down_without_links(base: Path, relative: str) -> tuple[Path, int | None] | None:
    """The quick case (most paths): ``relative`` only goes down from ``base`` (no '..', '.',
    empty or absolute part) through no symlink, so ``base / relative`` is already resolved
    and inside ``base``: one lstat per part instead of one per part of the whole path.
    None when ``resolve()`` must decide."""
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts) or "\0" in relative or "\\" in relative:
        return None
    path, mode = str(base), None
    for part in parts:
        path = os.path.join(path, part)
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            return None  # missing or unusable: resolve() words the error
        if stat.S_ISLNK(mode):
            return None
    return Path(path), mode


def require_file(data: Checked, key: str, base: Path, fence: Path, what: str) -> Path:
    """``base / data[key]``, which must be a file inside ``fence``; ``what`` names it in
    messages (a message itself: "photo", "body file")."""
    path, mode = _resolve(data, key, base, fence)
    if mode is not None and stat.S_ISDIR(mode):
        message = _("{what} '{path}' is a folder, not a file", what=what, path=str(data[key]))
        raise data.error(key, message)
    if mode is None or not stat.S_ISREG(mode):
        relative = str(data[key])
        hint = _slash_hint(relative)
        if hint is None and path.parent.is_dir():
            # The folder as the author sees it from the site, never an absolute path.
            folder = path.parent.relative_to(fence.parent).as_posix()
            hint = _(
                "put the file {name} in the folder '{folder}', or check the file name",
                name=path.name,
                folder=folder,
            )
            near = near_names(path)
            if len(near) == 1:
                hint = _did_you_mean(near[0])
            elif near:
                hint = names_hint(near)
        elif hint is None:
            fixed = _corrected_folder(relative, base, folder=False)
            hint = _("there is no folder '{name}' here either", name=path.parent.name)
            if fixed:
                hint = _did_you_mean(fixed)
        raise data.error(key, _("{what} '{path}' not found", what=what, path=relative), hint=hint)
    return path


def require_folder(data: Checked, key: str, base: Path, fence: Path, what: str) -> Path:
    """``base / data[key]``, which must be a folder inside ``fence`` (like require_file)."""
    path, mode = _resolve(data, key, base, fence)
    if mode is not None and not stat.S_ISDIR(mode):
        message = _("{what} '{path}' is a file, not a folder", what=what, path=str(data[key]))
        raise data.error(key, message)
    if mode is None:
        relative = str(data[key])
        hint = _slash_hint(relative)
        if hint is None:
            fixed = _corrected_folder(relative, base, folder=True)
            hint = _did_you_mean(fixed) if fixed else None
        raise data.error(
            key,
            _("{what} '{path}' not found", what=what, path=relative),
            hint=hint
            or _("create the folder {folder} next to {file}", folder=relative, file=data.path.name),
        )
    return path


def _did_you_mean(name: str) -> Message:
    return _("did you mean '{name}'?", name=name)


def _slash_hint(relative: str) -> Message | None:
    """A Windows-style path (photos\\day1) names one odd file here: say to use '/'."""
    if "\\" not in relative:
        return None
    return _("use '/' between folders: {path}", path=relative.replace("\\", "/"))


def _corrected_folder(relative: str, base: Path, folder: bool) -> str | None:
    """``relative`` with each missing folder replaced by the most similar folder that is
    there (``Photos/dya1`` → ``photos/day1``), or None when one has no close match."""
    parts = relative.split("/")
    current = base
    changed = False
    for index, part in enumerate(parts if folder else parts[:-1]):
        if part in ("", "."):
            continue
        if part == "..":
            return None  # leads out of this folder: no guess worth making
        if not (current / part).is_dir():
            record_read(current)
            try:
                names = [child.name for child in current.iterdir() if child.is_dir()]
            except OSError:
                return None
            close = _closest(part, names)
            if close is None:
                return None
            parts[index], changed = close, True
        current = current / parts[index]
    return "/".join(parts) if changed else None


def near_names(path: Path) -> list[str]:
    """The names in ``path``'s folder that ``path``'s name was likely meant to be: the same
    name in another letter case or in full-width letters (ＩＭＧ.JPG), the same name with
    another extension, or (when there is none of those) a close spelling (:func:`_closest`)."""
    if not path.parent.is_dir():
        return []
    record_read(path.parent)
    names = sorted(child.name for child in path.parent.iterdir())
    wanted = _folded(path.name)
    same = [n for n in names if _folded(n) == wanted]
    stem = PurePosixPath(wanted).stem
    same += [n for n in names if n not in same and PurePosixPath(_folded(n)).stem == stem]
    if same:
        return same
    close = _closest(path.name, names)
    return [close] if close else []


def _folded(name: str) -> str:
    """A name as a reader sees it: full-width letters and digits as ASCII, any letter case."""
    return unicodedata.normalize("NFKC", name).casefold()


def names_hint(names: list[str]) -> Message:
    shown = _("'{name}'", name=names[0])
    for name in names[1:5]:
        shown = _("{names}, '{name}'", names=shown, name=name)
    return _("check the file name: the folder has {names}", names=shown)


def _closest(name: str, names: list[str]) -> str | None:
    """The name the author most likely meant: the same name in another letter case
    (IMG_0002.JPG), then the same name with another extension (IMG_0002.png), then a close
    spelling whose numbers are the same: IMG_0003.jpg is another photo, not a typo of
    IMG_0002.jpg."""
    import difflib

    folded = name.casefold()
    for candidate in names:
        if candidate.casefold() == folded:
            return candidate
    stem = PurePosixPath(folded).stem
    for candidate in sorted(names):
        if PurePosixPath(candidate.casefold()).stem == stem:
            return candidate
    numbers = re.findall(r"[0-9]+", name)
    same_numbers = [c for c in names if re.findall(r"[0-9]+", c) == numbers]
    found = difflib.get_close_matches(name, same_numbers, n=1, cutoff=0.6)
    return found[0] if found else None


def images_in(folder: Path) -> list[Path]:
    """Image files of a folder in name order (upper-case extensions accepted)."""
    record_read(folder)
    return sorted(
        (child for child in folder.iterdir() if child.suffix.lower() in IMAGE_SUFFIXES),
        key=lambda child: child.name,
    )
