"""Where the editor writes: the author's files (atomic, fsync'd), their history, drafts, trash.

Everything stays inside the site: ``ROOT/.seminar-editor/`` holds ``history/`` (the last
:data:`KEEP` versions of each file saved), ``drafts/`` (saved while invalid; never read by
the build, which only reads ``content/``, ``templates/`` and ``static/``) and ``trash/``
(removed photos: moved there, never deleted); ``seminar-site import`` keeps its history there
too, and ``imports/`` (what it last read for each report.yaml, for ``--update``'s merge).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from seminar_site.system.atomic import write_atomic

EDITOR_DIR = ".seminar-editor"
KEEP = 50
TEMP_SUFFIX = ".seminar-edit.tmp"


def version_of(data: bytes) -> str:
    """The version the form loaded: the sha256 of the file's bytes ('' for no file)."""
    return hashlib.sha256(data).hexdigest() if data else ""


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""


def write_durably(path: Path, data: bytes) -> None:
    """Atomic and flushed to disk (system.atomic): a crash at any moment leaves the old file
    or the new one, never a mix; an existing file keeps its mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    write_atomic(path, data, mode, durable=True, suffix=TEMP_SUFFIX)


def remove_stale_temps(root: Path) -> int:
    """Temp files left by a save that was killed half-way (their target is intact), in
    ``content/`` and in the editor's own folder (history, drafts)."""
    count = 0
    for folder in (root / "content", root / EDITOR_DIR):
        for temp in folder.rglob(f".*{TEMP_SUFFIX}"):
            temp.unlink(missing_ok=True)
            count += 1
    return count


@dataclass(frozen=True)
class Saved:
    id: str
    saved: float  # seconds since the epoch
    size: int


class Store:
    """The editor's own folder of one site."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.base = root / EDITOR_DIR

    def _folder(self, kind: str, relative: str) -> Path:
        return self.base / kind / relative.replace("/", "%2F")

    def history(self, relative: str) -> list[Saved]:
        """The kept versions of ``relative`` (a site-relative POSIX path), newest first."""
        folder = self._folder("history", relative)
        if not folder.is_dir():
            return []
        found = []
        for entry in folder.iterdir():
            if entry.name.startswith(".") or not entry.is_file():
                continue
            stamp = int(entry.name.split("-", 1)[0]) if entry.name[:1].isdigit() else 0
            found.append(Saved(entry.name, stamp / 1e9, entry.stat().st_size))
        return sorted(found, key=lambda saved: saved.id, reverse=True)

    def remember(self, relative: str, data: bytes) -> None:
        """Keep ``data`` as the newest version of ``relative`` (unless it already is)."""
        if not data:
            return
        kept = self.history(relative)
        digest = version_of(data)
        if kept and kept[0].id.endswith(digest[:16]):
            return
        folder = self._folder("history", relative)
        write_durably(folder / f"{time.time_ns():020d}-{digest[:16]}", data)
        for old in self.history(relative)[KEEP:]:
            (folder / old.id).unlink(missing_ok=True)

    def version(self, relative: str, saved_id: str) -> bytes | None:
        if "/" in saved_id or saved_id.startswith(".") or not saved_id:
            return None
        path = self._folder("history", relative) / saved_id
        return path.read_bytes() if path.is_file() else None

    def remember_import(self, relative: str, data: bytes) -> None:
        """Keep what ``seminar-site import`` read from its source for ``relative`` (the
        programme as the source gave it): the base the next ``import --update`` merges with,
        to tell what the author changed by hand."""
        write_durably(self._folder("imports", relative), data)

    def last_import(self, relative: str) -> bytes | None:
        path = self._folder("imports", relative)
        return path.read_bytes() if path.is_file() else None

    def save(self, relative: str, data: bytes, keep_draft: bool = False) -> str:
        """Write ``data`` over the site file ``relative``, keeping the old and new versions;
        its draft is done with, unless ``keep_draft``."""
        target = self.root / relative
        self.remember(relative, read_bytes(target))
        write_durably(target, data)
        self.remember(relative, data)
        if not keep_draft:
            self.draft_done(relative)
        return version_of(data)

    def save_draft(self, relative: str, data: bytes) -> Path:
        path = self._folder("drafts", relative)
        write_durably(path, data)
        return path

    def draft(self, relative: str) -> bytes | None:
        path = self._folder("drafts", relative)
        return path.read_bytes() if path.is_file() else None

    def draft_saved(self, relative: str) -> float | None:
        """When the draft of ``relative`` was saved (seconds since the epoch), if there is one."""
        path = self._folder("drafts", relative)
        return path.stat().st_mtime if path.is_file() else None

    def draft_done(self, relative: str) -> None:
        self._folder("drafts", relative).unlink(missing_ok=True)

    def trashed(self, relative: str) -> Path | None:
        """The newest copy of the site file ``relative`` in the trash (None if none)."""
        folder = self.base / "trash"
        stamps = sorted(folder.iterdir(), reverse=True) if folder.is_dir() else []
        return next((s / relative for s in stamps if (s / relative).is_file()), None)

    def trash(self, path: Path) -> Path:
        """Move ``path`` (inside the site) into the trash; the new place."""
        relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        target = self.base / "trash" / f"{time.time_ns():020d}" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        return target
