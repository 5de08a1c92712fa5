"""Parse YAML into nodes that remember their line and column, refusing hostile documents."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from seminar_site.errors import ContentErrors, ErrorCollector, SiteError
from seminar_site.i18n import Message, _
from seminar_site.settings.folded import join_folded_japanese
from seminar_site.settings.slips import find_slips, repaired
from seminar_site.settings.textfile import MB, read_text
from seminar_site.settings.yaml_comments import cut_off_comments
from seminar_site.settings.yaml_repairs import (
    as_written,
    invisible_break,
    quote_colon_values,
    text_after_closed,
)

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


def parse_yaml(
    path: Path,
    errors: ErrorCollector | None = None,
    free_keys: bool = False,
    warnings: list[SiteError] | None = None,
) -> yaml.Node:
    """Compose ``path`` into a node tree (no Python objects yet) or raise a located SiteError
    (ContentErrors when the file has several full-width slips: all are reported at once);
    ``free_keys``: keys are the author's words (a mapping file's headers), for that scan.

    With ``errors``, a file whose slips each have one repair (：→ ': ' and the like), or
    whose values hold an unquoted ': ' (``title: 講演: DXの第一歩``), is read as repaired,
    those problems added to ``errors``: the caller goes on to check the values, and the
    author gets every problem of the file in one run, not one more after each fix.
    ``warnings``: gets the text values a `` #`` cut short (settings/yaml_comments.py)."""
    text = read_text(path, limit=MAX_YAML_BYTES)
    node = _parse(text, path, errors, free_keys)
    if warnings is not None:
        warnings += cut_off_comments(node, text, path)
    return node


def _parse(text: str, path: Path, errors: ErrorCollector | None, free_keys: bool) -> yaml.Node:
    add_keys = _("add the required keys (see docs/content-format.md)")
    if not text.strip():
        raise SiteError(_("file is empty"), path, 1, 1, hint=add_keys)
    slips = find_slips(text, path, free_keys)
    if slips:
        repair = repaired(text, slips) if errors is not None else None
        node, more = _after_slips(repair, path) if repair is not None else (None, [])
        if node is None or errors is None:  # (a repair is made only when errors is given)
            raise slips[0] if len(slips) == 1 else ContentErrors(slips)
        for error in sorted([*slips, *more], key=lambda e: (e.line or 0, e.col or 0)):
            errors.add(error)
        _check_size(node, path)
        join_folded_japanese(node, repair[0] if repair is not None else text)
        return node
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        quoted = quote_colon_values(text, exc, path, _Loader)
        if quoted is None:
            raise _located(exc, path, text) from None
        node, found = quoted
        if errors is None:
            raise found[0] if len(found) == 1 else ContentErrors(found) from None
        for error in found:
            errors.add(error)
    except yaml.YAMLError as exc:  # a ReaderError: a character YAML refuses
        raise _unreadable(exc, path, text) from None
    except RecursionError:
        raise SiteError(_("YAML is nested too deeply"), path, hint=_flatten) from None
    if node is None:
        raise SiteError(_("file has no content (only comments)"), path, 1, 1, hint=add_keys)
    _check_size(node, path)
    join_folded_japanese(node, text)
    return node


def _after_slips(
    repair: tuple[str, dict[int, list[int]]], path: Path
) -> tuple[yaml.Node | None, list[SiteError]]:
    """The node tree of a text whose slips were repaired, with the values holding ': '
    quoted too when that is what still stops it (and their errors)."""
    fixed, added = repair
    try:
        node = yaml.compose(fixed, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        quoted = quote_colon_values(fixed, exc, path, _Loader, added)
        return quoted if quoted is not None else (None, [])
    except (yaml.YAMLError, RecursionError):
        return None, []
    return (as_written(node, added) if node is not None else None), []


def _located(exc: yaml.MarkedYAMLError, path: Path, text: str) -> SiteError:
    """PyYAML's problem said in our own words (its text is never shown), with a hint."""
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    problem = exc.problem or ""
    said: tuple[Message, Message | None] | None
    invisible = invisible_break(text, exc, path)  # first: YAML's line numbers are off
    tab = _tab_near(text, mark)
    run_on = None if tab or invisible else _run_on_quote(text, exc.problem_mark, problem)
    if run_on is not None:
        return run_on.error(path, text)
    known = invisible or (None if tab else text_after_closed(text, exc, path))
    if known is not None:
        return known
    if tab or "'\\t'" in problem or "tab" in problem.lower():
        said = _("a tab character is not allowed for indentation in YAML"), _indent_with_spaces
    elif exc.context_mark is not None and _opened_by(context, problem) is not None:
        said = _unclosed(text, exc.context_mark, context, problem)
    else:
        words = f"{problem} | {context}".lower()
        said = next((said for part, said in _PROBLEMS if part in words), None)
    message, hint = said or (_("this is not valid YAML"), _check_lines)
    line, col = _within(text, mark) if mark is not None else (None, None)
    return SiteError(_("YAML syntax error: {problem}", problem=message), path, line, col, hint)


_flatten = _("flatten the structure")
_quote_it = _("put the value in quotes")
_indent_with_spaces = _("indent with spaces")
_plain_value = _("remove the tag and write a plain value (quote text that starts with '!')")
_check_lines = _("check this line and the one above (indentation, quotes, brackets)")
_check_indent = _("check the indentation of this line and the one above")
_check_names = _("check the &anchor / *alias names")
_next_line = _("start the text on the next line")
_no_name = _("a '&' or '*' that starts a value must be followed by a name")
_bad_escape = _('this backslash is not a valid escape in "double quotes"')
_escape_hint = _(
    "in \"double quotes\" a backslash starts an escape: use '/' between folders, or 'single quotes'"
)

# Words of PyYAML's problem and context (C and Python parsers, lower case), first match
# first, and what we say instead: its own text is English jargon and never shown.
_PROBLEMS: tuple[tuple[str, tuple[Message, Message | None]], ...] = (
    (
        "another document",
        (
            _("a file may hold only one YAML document"),
            _("remove the '---' line and what follows, or merge it into the first part"),
        ),
    ),
    ("maximum nesting depth", (_("values are nested too deeply"), _flatten)),
    ("directive", (_("a line may not start with '%'"), _quote_it)),
    ("tag", (_("this YAML tag ('!') is not allowed"), _plain_value)),
    ("escape", (_bad_escape, _escape_hint)),
    ("hexdecimal", (_bad_escape, _escape_hint)),
    (
        "mapping values are not allowed",
        (
            _("a ': ' is not allowed here"),
            _("a value containing ': ' must be quoted, or the indentation is off"),
        ),
    ),
    (
        "expected ':'",
        (
            _("a ':' after a key was expected"),
            _(
                "each line must be 'key: value'; check the indentation of this line "
                "and the one above"
            ),
        ),
    ),
    (
        "expected key",
        (
            _("a key was expected here"),
            _("check the indentation: the keys of one mapping must start in the same column"),
        ),
    ),
    ("expected '-' indicator", (_("a list item ('- ') was expected here"), _check_indent)),
    ("block sequence entries", (_("a list item ('- ') is not allowed here"), _check_indent)),
    ("mapping keys are not allowed", (_("a key is not allowed here"), _check_indent)),
    ("undefined alias", (_("this *alias has no &anchor of that name"), _check_names)),
    ("duplicate anchor", (_("the same &anchor name is used twice"), _check_names)),
    ("scanning an anchor", (_no_name, _quote_it)),
    ("scanning an alias", (_no_name, _quote_it)),
    ("block scalar", (_("nothing may follow '|' or '>' on its line"), _next_line)),
    ("cannot start any token", (_("a value cannot start with this character"), _quote_it)),
    ("expected node content", (_("a value was expected here"), _quote_it)),
    ("comment or line break", (_("nothing may follow here on this line"), _check_lines)),
    ("document", (_("a line '---' or '...' is not allowed here"), _check_lines)),
    ("end of stream", (_("the file ends in the middle of a value"), _check_lines)),
)


# What PyYAML was reading when the file ended (or a line broke it), and how it was opened.
_OPENERS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}"), "quoted scalar": ("", "")}


def _opened_by(context: str, problem: str) -> tuple[str, str] | None:
    """The bracket (or, as empty strings, the quote) that ``problem`` says is never closed."""
    for what, pair in _OPENERS.items():
        if what in context and ("expected ','" in problem or "end of stream" in problem):
            return pair
    return None


def _unclosed(text: str, mark: yaml.Mark, context: str, problem: str) -> tuple[Message, Message]:
    """What was expected, and where the bracket or quote that is never closed was opened."""
    line, col = _within(text, mark)
    opener, closer = _opened_by(context, problem) or ("", "")
    if opener:
        hint = _(
            "the '{opener}' at line {line}, column {col} is never closed: "
            "close it with '{closer}', or put the whole value in quotes",
            opener=opener,
            line=line,
            col=col,
            closer=closer,
        )
        return _("a ',' or the closing '{closer}' was expected here", closer=closer), hint
    quote = text.split("\n")[line - 1][col - 1 : col] or '"'
    hint = _(
        "the quote {quote} at line {line}, column {col} is never closed: add the closing {quote}",
        quote=quote,
        line=line,
        col=col,
    )
    return _("the file ends before the closing quote"), hint


# PyYAML's problems at the first line that stops parsing once a quote left open has been
# closed by the next quote of the file (the one that opens a later value).
_AFTER_RUN_ON = (
    "expected key",
    "expected ':'",
    "mapping values are not allowed",
    "expected '-' indicator",
    "expected <block end>",
    "comment or line break",
)


@dataclass(frozen=True)
class RunOnQuote:
    """A quoted value that starts on one line and is closed on a later one, where the parse
    then fails: nearly always a closing quote left out, the value having swallowed the lines
    up to the next quote. The error is put where the fix goes: the opening quote."""

    quote: str
    start: yaml.Mark
    end: yaml.Mark  # just after the quote that closed it

    def error(self, path: Path, text: str) -> SiteError:
        line, col = _within(text, self.start)
        end_line, end_col = _within(text, self.end)
        message = _(
            "the quote {quote} is not closed on its line: the value runs on to the {quote} "
            "at line {end_line}, column {end_col}",
            quote=self.quote,
            end_line=end_line,
            end_col=max(end_col - 1, 1),
        )
        hint = _("add the closing {quote} at the end of the value on this line", quote=self.quote)
        problem = _("YAML syntax error: {problem}", problem=message)
        return SiteError(problem, path, line, col, hint)


def _run_on_quote(text: str, mark: yaml.Mark | None, problem: str) -> RunOnQuote | None:
    """The quoted value just before ``mark`` (where PyYAML stopped), if it spans lines and
    was closed on the line of ``mark``; None otherwise. Scans the text again, which only an
    error pays for."""
    if mark is None or not any(words in problem for words in _AFTER_RUN_ON):
        return None
    stop, last = (mark.line, mark.column), None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) >= stop:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass  # a later scanning error: the tokens up to it are enough
    if last is None or last.style not in ('"', "'"):
        return None
    start, end = last.start_mark, last.end_mark
    if start.line == end.line or end.line != mark.line:
        return None
    return RunOnQuote(last.style, start, end)


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
            message = (
                _(
                    "document expands to more than {count} values (an alias bomb?)",
                    count=format(MAX_NODES, ","),
                )
                if count > MAX_NODES
                else _(
                    "document expands to more than {count} characters (an alias bomb?)",
                    count=format(MAX_EXPANDED_CHARS, ","),
                )
            )
            raise SiteError(
                message,
                path,
                mark.line + 1,
                mark.column + 1,
                hint=_("remove the repeated *aliases"),
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
            _("YAML merge keys ('<<: *name') are not supported"),
            path,
            line,
            col,
            hint=_("write the keys out, or use *name as a whole value"),
        )
    tag = "!!" + node.tag[len(_CORE) :] if node.tag.startswith(_CORE) else node.tag
    return SiteError(_("YAML tag '{tag}' is not allowed", tag=tag), path, line, col, _plain_value)


def _unreadable(exc: yaml.YAMLError, path: Path, text: str) -> SiteError:
    """A character the YAML reader refuses (a control character), at its line and column."""
    code = getattr(exc, "character", None)
    index = text.find(chr(code)) if isinstance(code, int) and 0 <= code < 0x110000 else -1
    if index < 0:
        return SiteError(_("this is not valid YAML"), path, hint=_check_lines)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return SiteError(
        _("a control character ({code}) is not allowed in YAML", code="U+" + format(code, "04X")),
        path,
        line,
        col,
        hint=_("delete it (it is invisible: retype the text around this place)"),
    )
