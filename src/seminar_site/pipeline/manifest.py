"""The no-change check: answer a ``build`` with nothing to do from file stamps alone.

The manifest is JSON and this module uses the standard library only: a no-change build is
decided here (inputs stamped, outputs present and as written) before Jinja, Markdown, YAML
or Pillow are imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site import __version__
from seminar_site.i18n import N_
from seminar_site.output.marker import MARKER
from seminar_site.render.theme import default_theme_dir
from seminar_site.system.records import load_json, save_json
from seminar_site.system.stamps import scan

_VERSION = 3
CACHE_DIR = ".seminar-cache"  # in the site root: photo renditions, records, manifests


@dataclass(frozen=True)
class Manifest:
    key: str = ""  # options and version the build used
    inputs: dict[str, list[int] | None] = field(default_factory=dict)
    outputs: dict[str, list[int]] = field(default_factory=dict)  # path → size, mtime, inode
    summary: dict[str, object] = field(default_factory=dict)  # pages, photos, warnings

    @classmethod
    def load(cls, cache_dir: Path, out: Path) -> Manifest:
        data = load_json(manifest_path(cache_dir, out), _VERSION)
        if data is None:
            return cls()
        try:
            return cls(
                str(data["key"]),
                dict(data["inputs"]),
                dict(data["outputs"]),
                dict(data["summary"]),
            )
        except (TypeError, KeyError, ValueError):
            return cls()

    def save(self, cache_dir: Path, out: Path) -> None:
        data = {
            "key": self.key,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "summary": self.summary,
        }
        save_json(manifest_path(cache_dir, out), _VERSION, data, sort_keys=True, ensure_ascii=False)


def forget(cache_dir: Path, out: Path) -> None:
    """Delete the manifest before the output changes, so a crash cannot leave a stale one."""
    manifest_path(cache_dir, out).unlink(missing_ok=True)


def manifest_path(
    cache_dir: Path, out: Path, kind: str = "manifest", suffix: str = ".json"
) -> Path:
    """The record file of one output folder (``kind`` manifest, or state for the record)."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"{kind}-{key}{suffix}"


# The line of a build with nothing to do, saved translated by the build before it.
UNCHANGED = N_(
    "built {pages} pages, {photos} photos (0 processed) into {out} in {seconds} s; nothing changed"
)


def quick_key(
    base_url: str | None, strict: bool, reload_script: str = "", language: str = "en"
) -> str:
    """The options a no-change check compares, with the package version and the language of
    messages (the saved warnings and summary line are in it)."""
    parts = (__version__, base_url, strict, reload_script, language)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


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


def output_stats(out: Path, paths: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in paths:
        try:
            st = os.lstat(out / path)
        except OSError:
            continue
        found[path] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


@dataclass(frozen=True)
class NoChangeCheck:
    """What the no-change check found: the last manifest when nothing changed, and the
    stamps of every input file when it read them (the prefetch of new photos uses them)."""

    manifest: Manifest | None = None
    scanned: dict[str, list[int] | None] | None = None


def check_unchanged(root: Path, out: Path, cache_dir: Path, key: str) -> NoChangeCheck:
    """Whether nothing that can change the output has changed (see :class:`NoChangeCheck`).

    Compares the stamps of every input file (content, templates, static, the theme and this
    package) and checks that every output file is still there as it was written.
    """
    manifest = Manifest.load(cache_dir, out)
    if not manifest.inputs or manifest.key != key:
        return NoChangeCheck()
    if any(value is None for value in manifest.inputs.values()):
        return NoChangeCheck()  # a racy input: it may have changed within the clock tick
    if not (out / MARKER).is_file():
        return NoChangeCheck()
    scanned = scan(input_folders(root))
    if scanned != manifest.inputs:
        return NoChangeCheck(scanned=scanned)
    if output_stats(out, list(manifest.outputs)) != manifest.outputs:
        return NoChangeCheck(scanned=scanned)
    return NoChangeCheck(manifest, scanned)
