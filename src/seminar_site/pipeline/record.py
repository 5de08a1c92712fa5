"""The build record: what the last build of one output used and made, one slice per stage.

Each stage takes its slice of the previous record and returns its slice of the new one:

* ``content``: each report's model ← the files its loading read (stamps taken before
  reading) and its photos;
* ``photos``: each photo's renditions ← the photo file's stamp;
* ``templates``: each template's digest, and the templates each page template uses;
* ``pages``: each page's inputs fingerprint (its report, photos, templates, assets, options);
* ``output``: each published file's digest and the stat it was written with.

Everything depends on the settings, the options and this package's code (``key``): any
change there starts from an empty record, i.e. a full build. ``build`` pickles the record
under ``.seminar-cache``; ``serve`` keeps it in memory. A test builds after a series of
edits and compares with a clean build byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from seminar_site import __version__
from seminar_site.content.site import ContentRecord
from seminar_site.output.tree import OutputRecord
from seminar_site.photos.stage import PhotoRecord
from seminar_site.pipeline.manifest import CACHE_DIR, manifest_path
from seminar_site.render.stage import PageRecord
from seminar_site.render.templates import TemplateRecord
from seminar_site.render.theme import template_dirs
from seminar_site.system.records import load_pickle, save_pickle

_VERSION = 3


@dataclass(frozen=True)
class BuildRecord:
    key: str = ""
    out: str = ""
    content: ContentRecord = field(default_factory=ContentRecord)
    photos: PhotoRecord = field(default_factory=PhotoRecord)
    templates: TemplateRecord = field(default_factory=TemplateRecord)
    pages: PageRecord = field(default_factory=PageRecord)
    output: OutputRecord = field(default_factory=OutputRecord)

    def for_build(self, key: str, out: Path) -> BuildRecord:
        """This record if it was made with the same settings and code, else an empty one;
        the page and output slices only hold for the same output folder."""
        folder = str(out.resolve())
        if self.key != key:
            return BuildRecord(key=key, out=folder)
        if self.out != folder:
            return BuildRecord(key, folder, self.content, self.photos, self.templates)
        return self

    def without_output(self) -> BuildRecord:
        """Trust nothing of the output folder (another run changed it)."""
        return BuildRecord(self.key, self.out, self.content, self.photos, self.templates)


PREVIEW_FOLDER = "serve"  # ROOT/.seminar-cache/serve: the output folder of `serve`'s builds


def record_path(root: Path, out: Path) -> Path:
    """Where ``build`` keeps the record of the output folder ``out``."""
    return manifest_path(root / CACHE_DIR, out, "state", ".pickle")


def load_record(path: Path) -> BuildRecord:
    record = load_pickle(path, _VERSION)
    return record if isinstance(record, BuildRecord) else BuildRecord()


def save_record(path: Path, record: BuildRecord) -> None:
    save_pickle(path, _VERSION, record)


_PACKAGE = Path(__file__).resolve().parents[1]


def global_key(root: Path, config_file: Path, *options: object) -> str:
    """Changes when anything that may affect every output changes: a full build then."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, str(root), os.path.abspath(root), *options):
        digest.update(repr(part).encode() + b"\0")
    for path in [config_file, *sorted(_PACKAGE.rglob("*.py"))]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
        digest.update(b"\0")
    for folder in template_dirs(root):
        digest.update(str(folder.resolve()).encode() + b"\0")
    return digest.hexdigest()
