"""The preview's update: only the changed files of its private folder, each atomically."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from seminar_site.output.files import (
    FileSource,
    check_carried,
    digest_of,
    write_one,
)
from seminar_site.output.location import friendly_error
from seminar_site.output.marker import MARKER, MARKER_TEXT
from seminar_site.output.tree import OutputRecord, WriteResult
from seminar_site.system.atomic import replace_atomically


def update_in_place(
    out: Path, files: Mapping[str, FileSource], previous: OutputRecord | None = None
) -> tuple[WriteResult, OutputRecord]:
    """Write only the changed files of ``out``, each atomically, and delete the gone ones.

    For the preview server only: its folder has one reader, the server, which holds a lock
    while this runs, so it never sees a half-updated site; a full swap would hard-link
    thousands of unchanged photos on every keystroke-save.
    """
    old = previous.digests if previous is not None else {}
    digests = {path: digest_of(source) for path, source in files.items()}
    check_carried(files, old)
    written = removed = 0
    try:
        if not (out / MARKER).is_file():
            out.mkdir(parents=True, exist_ok=True)
            (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        for path in sorted(files):
            if old.get(path) == digests[path]:
                continue  # our private folder: what we wrote is still there
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(target, functools.partial(_write, source=files[path], path=path))
            written += 1
        for path in sorted(set(old) - set(files)):
            (out / path).unlink(missing_ok=True)
            _remove_empty_parents(out, (out / path).parent)
            removed += 1
    except OSError as exc:
        raise friendly_error(exc, out) from None
    result = WriteResult(written, len(files) - written, removed, swapped=bool(written or removed))
    return result, OutputRecord(digests)


def _write(temp: Path, source: FileSource, path: str) -> None:
    write_one(temp, source, path)


def _remove_empty_parents(out: Path, folder: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
