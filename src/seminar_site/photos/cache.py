"""The photo cache's bookkeeping: the hash index and pruning of files no photo uses."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from seminar_site.system.records import load_json, save_json

HASH_INDEX = "hash-index.json"
_INDEX_VERSION = 2  # 2: XXH3-128 content hashes (1: SHA-256)


class HashIndex:
    """``path -> (size, mtime_ns, content hash)`` so that an unchanged file is not read again; and
    ``unshown``: ``path -> (size, mtime_ns)`` of photo files under the reports that no page
    showed at the last build, which the prefetch leaves alone until they change."""

    def __init__(
        self,
        path: Path,
        entries: dict[str, list[object]],
        unshown: dict[str, list[object]] | None = None,
    ) -> None:
        self.path = path
        self.old = entries
        self.new: dict[str, list[object]] = {}
        self.unshown_before = unshown or {}
        self.unshown: dict[str, list[object]] | None = None  # None: as before

    @classmethod
    def load(cls, cache_dir: Path) -> HashIndex:
        path = cache_dir / HASH_INDEX
        data = load_json(path, _INDEX_VERSION) or {}
        entries, unshown = data.get("entries"), data.get("unshown")
        return cls(
            path,
            entries if isinstance(entries, dict) else {},
            unshown if isinstance(unshown, dict) else {},
        )

    def shown_before_key(self, resolved: str, key: Sequence[int]) -> bool:
        """False for a file recorded as shown by no page, unchanged since (``key``: its
        size, mtime_ns, ...)."""
        return self.unshown_before.get(resolved) != [key[0], key[1]]

    def known(self, path: Path, st: os.stat_result) -> str | None:
        """The recorded hash, if the file has the size and mtime recorded with it."""
        return self.known_key(str(path.resolve()), (st.st_size, st.st_mtime_ns))

    def known_key(self, resolved: str, key: Sequence[int]) -> str | None:
        """As :meth:`known`, for a resolved path and its (size, mtime_ns, ...)."""
        old = self.old.get(resolved)
        if isinstance(old, list) and old[:2] == [key[0], key[1]]:
            return str(old[2])
        return None

    def record(self, path: Path, st: os.stat_result, digest: str) -> None:
        self.new[str(path.resolve())] = [st.st_size, st.st_mtime_ns, digest]

    def save(self) -> None:
        """Write the entries of this run, keeping those of other photos that still exist."""
        for key, entry in self.old.items():
            if key not in self.new and os.path.exists(key):
                self.new[key] = entry
        unshown = self.unshown_before if self.unshown is None else self.unshown
        if self.new != self.old or unshown != self.unshown_before:
            data: dict[str, object] = {"entries": self.new}
            if unshown:
                data["unshown"] = unshown
            save_json(self.path, _INDEX_VERSION, data)


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
