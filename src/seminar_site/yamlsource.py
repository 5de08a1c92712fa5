"""Parse YAML into nodes that remember their line and column, refusing hostile documents."""

from __future__ import annotations

from pathlib import Path

import yaml

from seminar_site.errors import SiteError
from seminar_site.textfile import read_text

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_NODES = 200_000


def parse_yaml(path: Path) -> yaml.Node:
    """Compose ``path`` into a node tree (no Python objects yet) or raise a located SiteError."""
    text = read_text(path)
    if not text.strip():
        raise SiteError(
            "file is empty", path, 1, 1, hint="add the required keys (see docs/content-format.md)"
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, path) from None
    except yaml.YAMLError as exc:
        raise SiteError(f"YAML error: {exc}", path) from None
    if node is None:
        raise SiteError("file has no content", path, 1, 1)
    _check_size(node, path)
    return node


def _located(exc: yaml.MarkedYAMLError, path: Path) -> SiteError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    hint = None
    if "'\\t'" in problem or "\\t" in problem or "tab" in problem.lower():
        problem = "a tab character is not allowed for indentation in YAML"
        hint = "indent with spaces"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' must be quoted, or the indentation is off"
    elif "could not find expected ':'" in problem:
        hint = (
            "each line must be 'key: value'; check the indentation of this line and the one above"
        )
    elif "found duplicate anchor" in problem or "found undefined alias" in problem:
        hint = "check the &anchor / *alias names"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return SiteError(f"YAML syntax error: {problem}", path, line, col, hint=hint)


def _check_size(root: yaml.Node, path: Path) -> None:
    """Refuse alias bombs: count nodes as they would be expanded, stopping early."""
    count = 0
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            mark = node.start_mark
            raise SiteError(
                f"document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                path,
                mark.line + 1,
                mark.column + 1,
                hint="remove the repeated *aliases",
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
