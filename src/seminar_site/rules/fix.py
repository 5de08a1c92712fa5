"""``check --fix``: apply the mechanical fixes of findings, and nothing else.

Each fix replaces the exact characters its finding reported (``Edit``), so a file keeps its
comments, quoting and line ends byte for byte. Before a file is replaced (atomically), a copy
goes to ``<backups>/<timestamp>/<path in the site>``. A fix that would change what a YAML
file means (``title: １２３`` would become the number 123) is left undone: the file is
composed again after each edit and must keep its shape and the type of every value.
"""

from __future__ import annotations

import difflib
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from seminar_site.errors import Fixable
from seminar_site.rules.findings import BOM, SourceText
from seminar_site.system.atomic import write_atomic

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FixResult:
    fixed: tuple[Fixable, ...]  # the findings whose fix was applied
    left: tuple[Fixable, ...]  # fixable findings left as they are (see ``fix_findings``)
    diffs: tuple[str, ...]  # a unified diff of each changed file
    backup: Path | None  # where the originals are, if a file was changed


def fix_findings(root: Path, findings: Iterable[Fixable], backups: Path) -> FixResult:
    """Apply the edits of ``findings`` (those that have one). An edit is left undone when its
    file changed since it was checked, when it overlaps another, or when it would change
    what a YAML file means."""
    by_file: dict[Path, list[Fixable]] = {}
    for finding in findings:
        if finding.edit is not None and finding.path is not None:
            by_file.setdefault(finding.path, []).append(finding)
    fixed: list[Fixable] = []
    left: list[Fixable] = []
    diffs: list[str] = []
    folder: Path | None = None
    for path in sorted(by_file):
        source = SourceText.read(path)
        if source is None:
            left += by_file[path]
            continue
        text, done, undone = _apply(source, by_file[path])
        left += undone
        if not done:
            continue
        folder = folder or _backup_folder(backups)
        relative = _relative(path, root)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        mode = path.stat().st_mode & 0o7777
        write_atomic(path, ((BOM if source.bom else "") + text).encode("utf-8"), mode, durable=True)
        fixed += done
        diffs.append(unified_diff(source.text, text, relative.as_posix()))
    return FixResult(tuple(fixed), tuple(left), tuple(diffs), folder)


def _apply(
    source: SourceText, findings: Sequence[Fixable]
) -> tuple[str, list[Fixable], list[Fixable]]:
    """The new text, the findings applied and those left undone."""
    text = source.text
    is_yaml = source.path.suffix.lower() in _YAML_SUFFIXES
    shape = yaml_shape(text) if is_yaml else None
    done: list[Fixable] = []
    undone: list[Fixable] = []
    shift = 0  # edits are applied in order of position: later offsets move by this much
    last_end = -1
    for finding in sorted(findings, key=lambda f: (f.edit.start, f.edit.end) if f.edit else (0, 0)):
        edit = finding.edit
        assert edit is not None
        if edit.start < last_end or source.text[edit.start : edit.end] != edit.old:
            undone.append(finding)
            continue
        start, end = edit.start + shift, edit.end + shift
        candidate = text[:start] + edit.new + text[end:]
        if shape is not None and yaml_shape(candidate) != shape:
            undone.append(finding)
            continue
        text = candidate
        shift += len(edit.new) - (edit.end - edit.start)
        last_end = edit.end
        done.append(finding)
    return text, done, undone


def yaml_shape(text: str) -> object:
    """What a YAML text means, apart from the text of its string values: the structure,
    every key, and the type of every value. None when it does not compose."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    return _nodeyaml_shape(node)


def _nodeyaml_shape(node: yaml.Node | None) -> object:
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag)
    if isinstance(node, yaml.SequenceNode):
        return ("list", node.tag, tuple(_nodeyaml_shape(item) for item in node.value))
    return (
        "map",
        node.tag,
        tuple((key.tag, key.value, _nodeyaml_shape(value)) for key, value in node.value),
    )


def _backup_folder(backups: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = backups / stamp
    number = 1
    while folder.exists():
        number += 1
        folder = backups / f"{stamp}-{number}"
    folder.mkdir(parents=True)
    return folder


def _relative(path: Path, root: Path) -> Path:
    absolute, base = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return absolute.relative_to(base) if absolute.is_relative_to(base) else Path(path.name)


def unified_diff(before: str, after: str, name: str) -> str:
    """``diff -u`` of two texts (a missing newline at the end marked as diff marks it)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line.removesuffix("\n").removesuffix("\r") + "\n")
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
