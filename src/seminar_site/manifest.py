"""What the last build wrote (output path → digest), so the next one can reuse unchanged files."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

_VERSION = 1


@dataclass
class Manifest:
    path: Path
    digests: dict[str, str]

    @classmethod
    def load(cls, cache_dir: Path, out: Path) -> Manifest:
        key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        path = cache_dir / f"manifest-{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            digests = data["digests"] if data.get("version") == _VERSION else {}
        except (OSError, ValueError, KeyError, TypeError):
            digests = {}
        return cls(path, digests)

    def save(self, digests: dict[str, str]) -> None:
        self.digests = digests
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(
            json.dumps({"version": _VERSION, "digests": digests}, sort_keys=True), "utf-8"
        )
        os.replace(temp, self.path)
