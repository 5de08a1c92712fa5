"""A YAML file read as its author meant it, so that one slip does not hide the file's other
problems: the node tree of a repaired text, with the positions of the file as written, and
the one YAML error whose repair is certain enough to go on with, an unquoted ': ' inside a
value (``title: 講演: DXの第一歩``, ``lead: 詳細: https://…``).

The full-width slips' repairs are :func:`seminar_site.settings.slips.repaired`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from seminar_site.errors import SiteError
from seminar_site.i18n import _

#: Characters added to a line of the repaired text: line (1-based) → their indexes there.
Added = dict[int, list[int]]

# "key: value", "- key: value": the value is everything after the key's ": " up to a comment.
_KEY_VALUE = re.compile(r"^((?:[ \t]*-[ \t]+)*[ \t]*)([A-Za-z_][A-Za-z0-9_.\-]*):[ \t]+(.*)$")
_COMMENT = re.compile(r"[ \t]+#.*$")
_MAX_LINES = 50  # values repaired in one file before giving up
# What PyYAML counts as a line break (YAML 1.1): its marks' line numbers count these.
_BREAK = re.compile("(\r\n|[\n\r\x85\u2028\u2029])")


def as_written(node: yaml.Node, added: Added) -> yaml.Node:
    """``node`` (of a repaired text) with each position moved back over the characters
    added before it on its line: the positions of the file as written."""
    stack = [node] if added else []
    while stack:
        current = stack.pop()
        current.start_mark = _as_written(current.start_mark, added)
        current.end_mark = _as_written(current.end_mark, added)
        if isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in current.value for n in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return node


def _as_written(mark: yaml.Mark, added: Added) -> yaml.Mark:
    shift = sum(1 for index in added.get(mark.line + 1, ()) if index < mark.column)
    if not shift:
        return mark
    return yaml.Mark(mark.name, mark.index - shift, mark.line, mark.column - shift, "", 0)


def quote_colon_values(
    text: str, exc: yaml.MarkedYAMLError, path: Path, loader: Any, added: Added | None = None
) -> tuple[yaml.Node, list[SiteError]] | None:
    """(the node tree with each value that holds ': ' quoted, an error at each) when YAML's
    error is such a value and quoting them all makes the file compose; None otherwise (the
    error is another one, or the ': ' is an indentation mistake). ``added``: the characters
    an earlier repair of ``text`` added (its slips), so that positions are the file's."""
    parts = _BREAK.split(text)  # the lines as YAML counts them, each with its break after it
    lines, breaks = parts[0::2], [*parts[1::2], ""]
    added = {line: list(indexes) for line, indexes in (added or {}).items()}
    quoted_lines: set[int] = set()
    found: list[SiteError] = []
    while len(found) < _MAX_LINES:
        mark = exc.problem_mark
        if "mapping values are not allowed" not in (exc.problem or "") or mark is None:
            return None
        number = mark.line + 1
        if number in quoted_lines:
            return None
        quoted = _quoted(lines[mark.line], mark.column)
        if quoted is None:
            return None
        row, key, wrapped, start = quoted
        lines[mark.line] = row
        quoted_lines.add(number)
        before = added.get(number, [])
        col = start + 1 - sum(1 for index in before if index < start)
        added[number] = [i + 1 if i >= start else i for i in before] + [start]
        found.append(_colon_in_value(path, number, col, key, wrapped))
        try:
            node = yaml.compose("".join(map(str.__add__, lines, breaks)), Loader=loader)
        except yaml.MarkedYAMLError as again:
            exc = again
            continue
        except (yaml.YAMLError, RecursionError):
            return None
        return None if node is None else (as_written(node, added), found)
    return None


def _quoted(line: str, column: int) -> tuple[str, str, str, int] | None:
    """(the line with its value quoted, the key, the quoted value, where it starts) when
    the ': ' at ``column`` is inside the value of the line's key."""
    match = _KEY_VALUE.match(line)
    if match is None or column <= match.start(3):
        return None
    comment = _COMMENT.search(match[3])
    value = match[3][: comment.start()] if comment else match[3]
    if not value or value[0] in "\"'[{|>&*!%@`":
        return None
    if '"' in value or "\\" in value:
        wrapped = "'" + value.replace("'", "''") + "'"
    else:
        wrapped = f'"{value}"'
    start = match.start(3)
    return line[:start] + wrapped + match[3][len(value) :], match[2], wrapped, start


def _colon_in_value(path: Path, line: int, col: int, key: str, wrapped: str) -> SiteError:
    fixed = key + ": " + wrapped
    return SiteError(
        _("the value of '{key}' contains ': ', which YAML reads as a new key", key=key),
        path,
        line,
        col,
        hint=_("put the value in quotes: {fixed}", fixed=fixed),
    )
