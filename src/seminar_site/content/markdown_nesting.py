"""Refuse Markdown that nests so deeply that Python-Markdown would crawl or overflow the
stack, with the line and column of the first place that does."""

from __future__ import annotations

import re

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.settings.textfile import text_position

MAX_INDENT = 256
MAX_DEPTH = 100
# More than MAX_INDENT columns take more than MAX_INDENT / 4 characters (a tab is 4 at most):
# texts without such a run skip the line-by-line check.
_MAY_BE_DEEP = re.compile(rf"^[ \t]{{{MAX_INDENT // 4 + 1},}}", re.MULTILINE)
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]]")
_EMPHASIS_RUN = re.compile(rf"[*_]{{{MAX_DEPTH + 1},}}")


def check_nesting(text: str) -> None:
    """Refuse text whose nesting would make Python-Markdown crawl or overflow the stack:
    deep indentation (nested lists), deep block quotes, long chains of unclosed '['.
    (Each check first asks for what it needs, which a usual text lacks: a tab or a long run
    of spaces, a '>', enough '*' and '_', enough '['.)"""
    may_be_deep = "\t" in text or " " * (MAX_INDENT // 4 + 1) in text
    lines = text.split("\n") if may_be_deep and _MAY_BE_DEEP.search(text) else []
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip(" \t")
        if not stripped:
            continue
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        if indent > MAX_INDENT:
            raise SiteError(
                _(
                    "line is indented by {indent} spaces; the limit is {limit}",
                    indent=indent,
                    limit=MAX_INDENT,
                ),
                None,
                number,
                1,
                hint=_("Markdown lists and code do not need indentation this deep"),
            )
    for match in _QUOTES.finditer(text) if ">" in text else ():
        if match.group().count(">") > MAX_DEPTH:
            row = text_position(text, match.start())[0]
            raise SiteError(
                _("block quotes are nested more than {depth} deep", depth=MAX_DEPTH),
                None,
                row,
                1,
                hint=_("use fewer '>' at the start of the line"),
            )
    emphasis = text.count("*") + text.count("_") > MAX_DEPTH
    for run in _EMPHASIS_RUN.finditer(text) if emphasis else ():
        row, col = text_position(text, run.start())
        raise SiteError(
            _("Markdown nests too deeply to convert (emphasis, lists or quotes)"),
            None,
            row,
            col,
            hint=_("simplify the nesting; escape runs of * or _ with a backslash"),
        )
    depth = 0
    for bracket in _BRACKETS.finditer(text) if text.count("[") > MAX_DEPTH else ():
        index = bracket.start()
        if bracket.group() == "[":
            depth += 1
            if depth > MAX_DEPTH:
                row, col = text_position(text, index)
                raise SiteError(
                    _("more than {depth} '[' are open at once", depth=MAX_DEPTH),
                    None,
                    row,
                    col,
                    hint=_("close the brackets, or escape them as \\["),
                )
        elif depth:
            depth -= 1
