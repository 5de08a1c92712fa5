"""The photo cache's bookkeeping: the hash index and pruning of files no photo uses."""

from __future__ import annotations

import os
from pathlib import Path

from seminar_site.system.records import load_json, save_json

HASH_INDEX = "hash-index.json"
_INDEX_VERSION = 1


class HashIndex:
    """``path -> (size, mtime_ns, sha256)`` so that an unchanged file is not read again."""

    def __init__(self, path: Path, entries: dict[str, list[object]]) -> None:
        self.path = path
        self.old = entries
        self.new: dict[str, list[object]] = {}

    @classmethod
    def load(cls, cache_dir: Path) -> HashIndex:
        path = cache_dir / HASH_INDEX
        data = load_json(path, _INDEX_VERSION) or {}
        entries = data.get("entries")
        return cls(path, entries if isinstance(entries, dict) else {})

    def known(self, path: Path, st: os.stat_result) -> str | None:
        """The recorded hash, if the file has the size and mtime recorded with it."""
        old = self.old.get(str(path.resolve()))
        if isinstance(old, list) and old[:2] == [st.st_size, st.st_mtime_ns]:
            return str(old[2])
        return None

    def record(self, path: Path, st: os.stat_result, digest: str) -> None:
        self.new[str(path.resolve())] = [st.st_size, st.st_mtime_ns, digest]

    def save(self) -> None:
        """Write the entries of this run, keeping those of other photos that still exist."""
        for key, entry in self.old.items():
            if key not in self.new and os.path.exists(key):
                self.new[key] = entry
        if self.new != self.old:
            save_json(self.path, _INDEX_VERSION, {"entries": self.new})


def prune_cache(cache_dir: Path, keep: set[str]) -> list[str]:
    """Delete cache files not in ``keep`` (outputs of removed or edited photos); return them."""
    removed = []
    try:
        entries = list(os.scandir(cache_dir))
    except FileNotFoundError:
        return []
    for entry in entries:
        if entry.is_file(follow_symlinks=False) and entry.name not in keep:
            os.unlink(entry.path)
            removed.append(entry.name)
    return sorted(removed)
