"""Validation of the form by the real loader, in the words of ``seminar-site check``.

The form's YAML (and its Markdown files) is written into a private copy of the site
(``.seminar-editor/tmp/…``: ``site.yaml`` and the files beside it, such as its share image,
and the one report, other files hard-linked), read
by the loader and the text rules exactly as ``check`` reads them, and each located error is
mapped back to the field it belongs to (``days[0].sessions[2].speakers[1].name``) through
the YAML node tree, with its line and column kept.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from seminar_site.content.site import load_site
from seminar_site.content.site_image import site_image
from seminar_site.content.site_warnings import site_warnings
from seminar_site.editor.forms import field_label
from seminar_site.editor.store import EDITOR_DIR
from seminar_site.editor.wording import AT_MAPPING, in_form_words
from seminar_site.errors import ContentErrors, ErrorCollector, SiteError
from seminar_site.i18n import Message, _, render
from seminar_site.rules.engine import text_findings
from seminar_site.settings.config import load_config
from seminar_site.settings.shapes import REPORT

SITE_FILE = "content/site.yaml"
#: The loader's warning for a photo without alt text (content/photo_records.py): in the
#: editor it is an error for a photo listed in report.yaml (alt text is required before a
#: photo is published), shown beside the photo's ``alt`` field.
NO_ALT = "photo '{file}' has no alt text"
LISTED_PHOTO_ALT = re.compile(r"^days\[\d+\]\.photos\[\d+\]\.alt$")


def report_file(slug: str) -> str:
    return f"content/reports/{slug}/report.yaml"


@dataclass(frozen=True)
class Issue:
    path: str  # field path, '' for the file as a whole
    file: str  # site-relative
    line: int | None
    col: int | None
    message: str
    hint: str | None
    fix: Mapping[str, str] | None = None  # a button of the form that fixes it (wording.py)

    def json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "message": self.message,
            "hint": self.hint,
            "fix": dict(self.fix) if self.fix else None,
        }


def field_paths(text: str) -> list[tuple[tuple[int, int], str]]:
    """(line, col) (1-based) of every key and value node of ``text``, with its field path,
    in document order."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    found: list[tuple[tuple[int, int], str]] = []

    def walk(node: yaml.Node, path: str) -> None:
        found.append(((node.start_mark.line + 1, node.start_mark.column + 1), path))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value)
                inner = f"{path}.{name}" if path else name
                found.append(((key.start_mark.line + 1, key.start_mark.column + 1), inner))
                walk(value, inner)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    if root is not None:
        walk(root, "")
    return sorted(found, key=lambda entry: entry[0])


def path_at(
    index: list[tuple[tuple[int, int], str]],
    line: int | None,
    col: int | None,
    key: str | None = None,
    mapping: bool = False,
) -> str:
    """The field at ``line:col``: the node starting there, else the last one before it.
    ``key``: the key the message is about; a missing key is reported at its mapping (which
    starts where its first key does), so it is the mapping's path plus ``key``.
    ``mapping``: the message is about the mapping starting there, not its first key."""
    if line is None or not index:
        return ""
    spot = (line, col or 1)
    keys = [entry[0] for entry in index]
    at = bisect.bisect_right(keys, spot) - 1
    if at < 0:
        return ""
    exact = [path for place, path in index if place == spot]
    if mapping and exact:
        return exact[0]  # the node itself comes before its keys (field_paths)
    if key and exact:
        named = [path for path in exact if path == key or path.endswith("." + key)]
        if named:
            return named[-1]
        return f"{exact[0]}.{key}" if exact[0] else key
    return exact[-1] if exact else index[at][1]


@contextmanager
def mirror(
    root: Path,
    files: Mapping[str, bytes],
    slug: str | None,
    links: Mapping[str, Path] | None = None,
    leave_out: Collection[str] = (),
) -> Iterator[Path]:
    """A private site: ``site.yaml``, the report ``slug`` (hard links), then ``files``;
    ``links``: more files (site-relative → a file elsewhere, say in the trash);
    ``leave_out``: files of the report not copied (photos the save moves to the trash)."""
    temp = root / EDITOR_DIR / "tmp" / uuid.uuid4().hex
    try:
        content = temp / "content"
        content.mkdir(parents=True)
        for path in _outside_reports(root / "content"):  # site.yaml and the files it names
            _link(path, temp / path.relative_to(root))
        if slug is not None and (root / "content/reports" / slug).is_dir():
            source = root / "content/reports" / slug
            for path in source.rglob("*"):
                inside = path.relative_to(root)
                if inside.as_posix() in leave_out or path.is_symlink():
                    continue
                if path.is_file():
                    _link(path, temp / inside)
        for relative, source in (links or {}).items():
            _link(source, temp / relative)
        for relative, data in files.items():
            target = temp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # a hard link: never write through it
            target.write_bytes(data)
        yield temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _outside_reports(content: Path) -> Iterator[Path]:
    """The files of ``content`` that are not in ``reports/`` (which is not walked: a site may
    have a thousand reports), symbolic links left out."""
    for folder, folders, names in os.walk(content):
        if Path(folder) == content:
            folders[:] = [name for name in folders if name != "reports"]
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def validate(
    root: Path,
    files: Mapping[str, bytes],
    slug: str | None,
    language: str,
    links: Mapping[str, Path] | None = None,
    leave_out: Collection[str] = (),
) -> tuple[list[Issue], list[Issue]]:
    """Errors and warnings of the site with ``files`` (site-relative → bytes) written: the
    settings and the report ``slug`` as build and check read them (``slug`` None: the
    settings alone, as every build reads them first). ``links``, ``leave_out``: see
    :func:`mirror`."""
    with mirror(root, files, slug, links, leave_out) as temp:
        errors: list[SiteError] = []
        warnings: list[SiteError] = []
        try:
            config = load_config(temp)
            if slug is not None:
                loaded, _record = load_site(temp, config, workers=1)
                warnings += loaded.warnings
                warnings += text_findings(loaded.site).warnings
            else:  # the settings' form: what every build says about site.yaml
                warnings += site_warnings(temp, config)
                found = ErrorCollector()
                site_image(temp, config, found)  # its share image: a file that is there
                found.raise_if_any()
        except ContentErrors as found:
            errors = list(found.errors)
        except SiteError as error:
            errors = [error]
        indexes: dict[str, list[tuple[tuple[int, int], str]]] = {}
        form = report_file(slug) if slug is not None else SITE_FILE
        blocking = [_issue(error, temp, files, indexes, language, form) for error in errors]
        noted: list[Issue] = []
        for warning in warnings:
            issue = _issue(warning, temp, files, indexes, language, form)
            if _msgid(warning.message) == NO_ALT and LISTED_PHOTO_ALT.match(issue.path):
                hint = _(
                    "describe in '{label}' what the photo shows: the editor publishes a photo "
                    "only with its alt text (a draft can be saved without it)",
                    label=field_label(REPORT, issue.path, language) or "alt",
                )
                issue = replace(issue, hint=render(hint, language))
                blocking.append(issue)
            else:
                noted.append(issue)
        return blocking, noted


def _msgid(message: str) -> str:
    return message.msgid if isinstance(message, Message) else message


def _issue(
    error: SiteError,
    temp: Path,
    files: Mapping[str, bytes],
    indexes: dict[str, list[tuple[tuple[int, int], str]]],
    language: str,
    form: str,
) -> Issue:
    """``error`` as the editor shows it, in the form's words (wording.py); ``path`` (the
    field) only for an error in ``form``, the YAML file the form edits: the same key of
    another file (site.yaml's ``title``, in a report's form) is not that field's."""
    relative = ""
    if error.path is not None:
        try:
            relative = Path(os.path.abspath(error.path)).relative_to(temp.absolute()).as_posix()
        except ValueError:
            relative = error.path.name
    path = ""
    data = b""
    if relative == form:
        data = files.get(relative) or b""
        if relative not in files and (temp / relative).is_file():
            data = (temp / relative).read_bytes()
        if relative not in indexes:
            indexes[relative] = field_paths(data.decode("utf-8", "replace"))
        params = error.message.params if isinstance(error.message, Message) else {}
        key = params.get("key")
        path = path_at(
            indexes[relative],
            error.line,
            error.col,
            key if isinstance(key, str) else None,
            mapping=_msgid(error.message) in AT_MAPPING,
        )
        if _msgid(error.message) == NO_ALT and path.endswith(".file"):
            path = path[: -len("file")] + "alt"  # beside the field to fill in
    if not (relative == SITE_FILE or relative.startswith("content/reports/")):
        message, hint = error.message, error.hint
        return Issue(
            path, relative, error.line, error.col, render(message, language), _shown(hint, language)
        )
    worded = in_form_words(
        error.message, error.hint, path, relative, language, _values(data), error.line
    )
    if worded.path != path and relative != form:
        worded = replace(worded, path="")
    return Issue(
        worded.path,
        relative,
        error.line,
        error.col,
        render(worded.message, language),
        _shown(worded.hint, language),
        worded.fix,
    )


def _shown(hint: str | None, language: str) -> str | None:
    return render(hint, language) if hint else None


def _values(data: bytes) -> Callable[[str], tuple[bool, Any]]:
    """(found, value) of a field path in the YAML ``data``, read once when first asked."""
    tree: list[Any] = []

    def value_at(path: str) -> tuple[bool, Any]:
        if not tree:
            try:
                tree.append(yaml.safe_load(data.decode("utf-8", "replace")))
            except yaml.YAMLError:
                tree.append(None)
        node = tree[0]
        for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
            if index:
                if not isinstance(node, list) or int(index) >= len(node):
                    return False, None
                node = node[int(index)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return False, None
        return True, node

    return value_at
