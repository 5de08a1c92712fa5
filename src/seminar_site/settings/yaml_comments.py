"""Text cut off by a ``#``: in YAML, `` #`` after a plain value starts a comment, so
``title: 第3回 #DX セミナー`` is the title 「第3回」 and the rest is silently dropped.

Genuine comments are left alone: only a comment on the line of a plain (unquoted) text value
counts, and only when the ``#`` is followed at once by a character that is not a space or
another ``#`` (a hashtag, 「#2会議室」), which is how text is written and comments are not.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from seminar_site.errors import Edit, Fixable, SiteError
from seminar_site.i18n import _

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
# Text that may hold such a comment: a file without one is never walked.
SUSPECT = re.compile(r"[ \t]#[^\s#]")
_AFTER = re.compile(r"[ \t]+(#[^\s#].*?)[ \t]*$")
_KEY = re.compile(r"^((?:[ \t]*-[ \t]+)*[ \t]*)([A-Za-z_][A-Za-z0-9_.\-]*):[ \t]")


def cut_off_comments(node: yaml.Node, text: str, path: Path) -> list[SiteError]:
    """A warning at each comment that cut a plain text value short, in file order."""
    if not SUSPECT.search(text):
        return []
    lines = text.split("\n")
    found: list[SiteError] = []
    stack: list[tuple[yaml.Node, str | None]] = [(node, None)]
    while stack:
        current, key = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value in current.value:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                stack.append((value, name))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, None) for item in current.value)
        elif isinstance(current, yaml.ScalarNode):
            warning = _cut_off(current, key, lines, path)
            if warning is not None:
                found.append(warning)
    return sorted(found, key=lambda e: (e.line or 0, e.col or 0))


def _cut_off(
    node: yaml.ScalarNode, key: str | None, lines: list[str], path: Path
) -> SiteError | None:
    if node.style or node.tag not in (_STR, _NULL):  # plain: None (or "" from the C parser)
        return None
    if node.tag == _NULL and node.value:  # "~", "null": a value written as nothing
        return None
    end = node.end_mark
    if end.line >= len(lines):
        return None
    row = lines[end.line]
    comment = _AFTER.match(row, end.column)
    if comment is None:
        return None
    message = _(
        "the text from '#' on is read as a comment and is not shown on the page: 「{text}」",
        text=comment[1],
    )
    col = comment.start(1) + 1
    quoted = _quoted(row, node, key, comment.end(1))
    if quoted is None:
        hint = _("put the whole value in quotes")
        return SiteError(message, path, end.line + 1, col, hint=hint)
    start, value, wrapped = quoted
    fixed = (row[:start] + wrapped).strip()
    hint = _("put the whole value in quotes: {fixed}", fixed=fixed)
    offset = sum(len(line) + 1 for line in lines[: end.line]) + start
    edit = Edit(offset, offset + len(value), value, wrapped)  # for check --fix
    return Fixable(message, path, end.line + 1, col, hint=hint, edit=edit)


def _quoted(
    row: str, node: yaml.ScalarNode, key: str | None, stop: int
) -> tuple[int, str, str] | None:
    """(where the value starts, the value with its comment, both in quotes) for a value on
    one line after its key or list dash (``title: "第3回 #DX セミナー"``), else None."""
    if node.start_mark.line != node.end_mark.line:
        return None
    start = node.start_mark.column
    value = row[start:stop]
    blank = len(value) - len(value.lstrip(" \t"))  # an empty value starts before the '#'
    start, value = start + blank, value[blank:]
    if key is not None:
        match = _KEY.match(row)
        if match is None or match[2] != key or start < match.end():
            return None
    double = '"' in value or "\\" in value
    wrapped = "'" + value.replace("'", "''") + "'" if double else f'"{value}"'
    return start, value, wrapped
