"""Parse YAML into nodes that remember their line and column, refusing hostile documents."""

from __future__ import annotations

from pathlib import Path

import yaml

from seminar_site.errors import ContentErrors, SiteError
from seminar_site.settings.slips import find_slips
from seminar_site.settings.textfile import MB, read_text

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_BYTES = 1 * MB
MAX_NODES = 200_000
MAX_EXPANDED_CHARS = 4 * MB
"""Aliases let a small file stand for a huge document ("billion laughs"): both the number of
values and the characters they hold are counted *as expanded* and capped."""

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


def parse_yaml(path: Path) -> yaml.Node:
    """Compose ``path`` into a node tree (no Python objects yet) or raise a located SiteError
    (ContentErrors when the file has several full-width slips: all are reported at once)."""
    text = read_text(path, limit=MAX_YAML_BYTES)
    if not text.strip():
        raise SiteError(
            "file is empty", path, 1, 1, hint="add the required keys (see docs/content-format.md)"
        )
    slips = find_slips(text, path)
    if slips:
        raise slips[0] if len(slips) == 1 else ContentErrors(slips)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, path, text) from None
    except yaml.YAMLError as exc:
        raise SiteError(f"YAML error: {exc}", path) from None
    except RecursionError:
        raise SiteError("YAML is nested too deeply", path, hint="flatten the structure") from None
    if node is None:
        raise SiteError(
            "file has no content (only comments)",
            path,
            1,
            1,
            hint="add the required keys (see docs/content-format.md)",
        )
    _check_size(node, path)
    return node


def _located(exc: yaml.MarkedYAMLError, path: Path, text: str) -> SiteError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    hint = None
    if _tab_near(text, mark) or "'\\t'" in problem or "tab" in problem.lower():
        problem = "a tab character is not allowed for indentation in YAML"
        hint = "indent with spaces"
    elif "unknown escape character" in problem:
        hint = (
            'in "double quotes" a backslash starts an escape: '
            "use '/' between folders, or 'single quotes'"
        )
    elif exc.context_mark is not None and _opened_by(exc.context or "", problem) is not None:
        hint = _unclosed_hint(text, exc.context_mark, exc.context or "", problem)
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, or the indentation is off"
    elif "could not find expected ':'" in problem:
        hint = (
            "each line must be 'key: value'; check the indentation of this line and the one above"
        )
    elif "did not find expected key" in problem:
        hint = "check the indentation: the keys of one mapping must start in the same column"
    elif "another document" in problem:
        problem = "a file may hold only one YAML document"
        hint = "remove the '---' line and what follows, or merge it into the first part"
    elif "maximum nesting depth" in problem:
        hint = "flatten the structure"
    elif "found duplicate anchor" in problem or "found undefined alias" in problem:
        hint = "check the &anchor / *alias names"
    line, col = _within(text, mark) if mark is not None else (None, None)
    return SiteError(f"YAML syntax error: {problem}", path, line, col, hint=hint)


# What PyYAML was reading when the file ended (or a line broke it), and how it was opened.
_OPENERS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}"), "quoted scalar": ("", "")}


def _opened_by(context: str, problem: str) -> tuple[str, str] | None:
    """The bracket (or, as empty strings, the quote) that ``problem`` says is never closed."""
    for what, pair in _OPENERS.items():
        if what in context and ("expected ','" in problem or "end of stream" in problem):
            return pair
    return None


def _unclosed_hint(text: str, mark: yaml.Mark, context: str, problem: str) -> str:
    """Where the bracket or quote that is never closed was opened, and how to close it."""
    line, col = _within(text, mark)
    opener, closer = _opened_by(context, problem) or ("", "")
    where = f"at line {line}, column {col}"
    if opener:
        return (
            f"the '{opener}' {where} is never closed: close it with '{closer}', "
            "or put the whole value in quotes"
        )
    quote = text.split("\n")[line - 1][col - 1 : col] or '"'
    return f"the quote {quote} {where} is never closed: add the closing {quote}"


def _within(text: str, mark: yaml.Mark) -> tuple[int, int]:
    """The 1-based line and column of ``mark``, never past the end of the file: PyYAML puts
    "end of stream" problems on the line after the last one."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()  # the empty "line" after the final newline is not a line of the file
    if mark.line < len(lines):
        return mark.line + 1, min(mark.column, len(lines[mark.line])) + 1
    last = len(lines) - 1
    return last + 1, len(lines[last]) + 1


def _tab_near(text: str, mark: yaml.Mark | None) -> bool:
    """True when the line of ``mark`` starts its indentation with a tab (PyYAML's C parser
    reports this only as 'found character that cannot start any token')."""
    if mark is None:
        return False
    lines = text.split("\n", mark.line + 1)
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    return "\t" in indent or line[mark.column : mark.column + 1] == "\t"


def _check_size(root: yaml.Node, path: Path) -> None:
    """Refuse alias bombs and foreign tags: walk the nodes as they would be expanded."""
    count = 0
    chars = 0
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, yaml.ScalarNode):
            chars += len(node.value)
        if count > MAX_NODES or chars > MAX_EXPANDED_CHARS:
            mark = node.start_mark
            what = (
                f"{MAX_NODES:,} values"
                if count > MAX_NODES
                else f"{MAX_EXPANDED_CHARS:,} characters"
            )
            raise SiteError(
                f"document expands to more than {what} (an alias bomb?)",
                path,
                mark.line + 1,
                mark.column + 1,
                hint="remove the repeated *aliases",
            )
        if node.tag not in ALLOWED_TAGS:
            raise _tag_error(node, path)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _tag_error(node: yaml.Node, path: Path) -> SiteError:
    line, col = position(node)
    if node.tag == _CORE + "merge":
        return SiteError(
            "YAML merge keys ('<<: *name') are not supported",
            path,
            line,
            col,
            hint="write the keys out, or use *name as a whole value",
        )
    tag = "!!" + node.tag[len(_CORE) :] if node.tag.startswith(_CORE) else node.tag
    return SiteError(
        f"YAML tag '{tag}' is not allowed",
        path,
        line,
        col,
        hint="remove the tag and write a plain value (quote text that starts with '!')",
    )
