"""What the last build of one output folder used and wrote, for the next build to compare.

The manifest is JSON and this module uses the standard library only: a no-change build is
decided here (inputs stamped, outputs present) before Jinja, Markdown, YAML or Pillow are
imported. ``digests`` (output path → digest) lets the writer hard-link unchanged files.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site import __version__
from seminar_site.output.marker import MARKER
from seminar_site.render.theme import default_theme_dir
from seminar_site.system.stamps import scan

_VERSION = 2
CACHE_DIR = ".seminar-cache"  # in the site root: photo renditions, state, manifests


@dataclass
class Manifest:
    path: Path
    digests: dict[str, str]
    key: str = ""  # options and version the build used
    inputs: dict[str, list[int] | None] = field(default_factory=dict)
    outputs: dict[str, int] = field(default_factory=dict)  # output path → size
    summary: dict[str, object] = field(default_factory=dict)  # pages, photos, warnings

    @classmethod
    def load(cls, cache_dir: Path, out: Path) -> Manifest:
        path = manifest_path(cache_dir, out)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != _VERSION:
                raise ValueError("old manifest")
            return cls(
                path,
                dict(data["digests"]),
                str(data["key"]),
                dict(data["inputs"]),
                dict(data["outputs"]),
                dict(data["summary"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, {})

    def forget(self) -> None:
        """Delete the record before the output changes, so a crash cannot leave a stale one."""
        self.path.unlink(missing_ok=True)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        data = {
            "version": _VERSION,
            "key": self.key,
            "digests": self.digests,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "summary": self.summary,
        }
        temp.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False), "utf-8")
        os.replace(temp, self.path)


def manifest_path(
    cache_dir: Path, out: Path, kind: str = "manifest", suffix: str = ".json"
) -> Path:
    """The record file of one output folder (``kind`` manifest, or state for incremental.py)."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"{kind}-{key}{suffix}"


def quick_key(base_url: str | None, strict: bool, reload_script: str = "") -> str:
    """The options a no-change check compares, with the package version."""
    parts = (__version__, base_url, strict, reload_script)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def output_sizes(out: Path, paths: list[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path in paths:
        try:
            sizes[path] = os.stat(out / path).st_size
        except OSError:
            sizes[path] = -1
    return sizes


def input_folders(root: Path) -> list[Path]:
    """Every folder whose files can change the output: the site's and the built-in theme's
    templates and static files, the content, and this package's own code."""
    folders = [root / name for name in ("content", "templates", "static")]
    folders += [default_theme_dir("templates"), default_theme_dir("static")]
    folders.append(Path(__file__).parents[1])
    unique: dict[str, Path] = {}
    for folder in folders:
        unique.setdefault(os.path.realpath(folder), folder)
    return list(unique.values())


def up_to_date(root: Path, out: Path, cache_dir: Path, key: str) -> Manifest | None:
    """The last manifest when nothing that can change the output has changed, else None.

    Compares the stamps of every input file (content, templates, static, the theme and this
    package) and checks that every output file is still there with its size.
    """
    manifest = Manifest.load(cache_dir, out)
    if not manifest.inputs or manifest.key != key:
        return None
    if any(value is None for value in manifest.inputs.values()):
        return None  # a racy input: it may have changed within the clock tick
    if not (out / MARKER).is_file():
        return None
    if scan(input_folders(root)) != manifest.inputs:
        return None
    if any(size < 0 for size in manifest.outputs.values()):
        return None
    if output_sizes(out, list(manifest.outputs)) != manifest.outputs:
        return None
    return manifest
