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


# PyYAML's problems when a value that opened with a bracket or a quote goes on after its
# closing one (``title: [速報] セミナー``, ``title: "DX"セミナー``).
_AFTER_CLOSED = ("expected key", "expected <block end>", "expected '-' indicator")
_CLOSERS = {"[": "]", "{": "}", '"': '"', "'": "'"}


def text_after_closed(text: str, exc: yaml.MarkedYAMLError, path: Path) -> SiteError | None:
    """The error for a value that starts with ``[``, ``{`` or a quote and goes on after the
    one that closes it, with the line to write (the whole value in quotes); None when the
    YAML error is another one."""
    mark = exc.problem_mark
    if mark is None or not any(words in (exc.problem or "") for words in _AFTER_CLOSED):
        return None
    lines = _BREAK.split(text)[0::2]
    match = _KEY_VALUE.match(lines[mark.line]) if mark.line < len(lines) else None
    if match is None or not match[3] or match[3][0] not in _CLOSERS:
        return None
    start = match.start(3)
    if mark.column <= start:
        return None
    comment = _COMMENT.search(match[3])
    value = (match[3][: comment.start()] if comment else match[3]).rstrip()
    opener = value[0]
    wrapped = (
        "'" + value.replace("'", "''") + "'" if '"' in value or "\\" in value else f'"{value}"'
    )
    fixed = f"{match[2]}: {wrapped}"
    message = _(
        "the value of '{key}' starts with {opener}, so YAML reads it only up to the closing "
        "{closer}: the text after it is not allowed",
        key=match[2],
        opener=opener,
        closer=_CLOSERS[opener],
    )
    if opener in "\"'":
        inner = value[1:].replace(opener, "」", 1)
        hint = _(
            "put the whole value in quotes: {fixed} (or write 「」 instead of the quotes: "
            "{key}: 「{inner})",
            fixed=fixed,
            key=match[2],
            inner=inner,
        )
    else:
        hint = _("put the whole value in quotes: {fixed}", fixed=fixed)
    problem = _("YAML syntax error: {problem}", problem=message)
    return SiteError(problem, path, mark.line + 1, start + 1, hint=hint)


_SEPARATORS = {
    "\u2028": _("line separator"),
    "\u2029": _("paragraph separator"),
    "\x85": _("next line"),
}
_SEPARATOR = re.compile("[\u2028\u2029\x85]")


def invisible_break(text: str, exc: yaml.MarkedYAMLError, path: Path) -> SiteError | None:
    """The error for a YAML error that follows an invisible line break (U+2028, U+2029,
    U+0085, pasted from a web page or Word): YAML breaks the line there, so its own line
    numbers are not the editor's. Said at the character, its line counted as editors do."""
    if not _SEPARATOR.search(text):
        return None
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    parts = _BREAK.split(text)
    offset = sum(len(part) for part in parts[: 2 * mark.line]) + mark.column
    index = max((m.start() for m in _SEPARATOR.finditer(text, 0, offset + 1)), default=-1)
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    char = text[index]
    message = _(
        "an invisible character ({code}, {name}) is here: YAML reads it as a line break",
        code="U+" + format(ord(char), "04X"),
        name=_SEPARATORS[char],
    )
    hint = _("delete it (it is invisible: retype the text around this place)")
    return SiteError(_("YAML syntax error: {problem}", problem=message), path, line, col, hint)
