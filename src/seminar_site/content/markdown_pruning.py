"""Which of Python-Markdown's processors a text can need, so that the rest are left out.

Each block processor and inline pattern tests every block or run of text, and a summary uses
few of them. Leaving a processor out is only a speed trick: a trigger may fire without need
(a false positive only costs time) but must never miss. ``MarkdownRenderer(prune=False)``
keeps every processor; the differential tests compare the two on generated texts. The table
was written for the processors named in ``KNOWN_PROCESSORS``: importing this module fails if
Python-Markdown's core registers others, or lacks some, and building a converter fails if an
extension does, until the table is reviewed.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import markdown
from markdown.extensions import Extension

from seminar_site.content.markdown_lists import MAY_NEST

# The extensions the site's Markdown uses (name, module, class, the processors it adds); all
# but sane_lists are left out of a converter when the text cannot use their syntax, and are
# imported only when a text needs them.
_EXTENSION_TABLE: tuple[tuple[str, str, str, dict[str, frozenset[str]]], ...] = (
    ("tables", "tables", "TableExtension", {"block": frozenset({"table"})}),
    (
        "footnotes",
        "footnotes",
        "FootnoteExtension",
        {
            "block": frozenset({"footnote"}),
            "inline": frozenset({"footnote"}),
            "tree": frozenset({"footnote", "footnote-duplicate"}),
            "post": frozenset({"footnote"}),
        },
    ),
    ("attr_list", "attr_list", "AttrListExtension", {"tree": frozenset({"attr_list"})}),
    ("sane_lists", "sane_lists", "SaneListExtension", {}),  # replaces olist and ulist
    ("def_list", "def_list", "DefListExtension", {"block": frozenset({"defindent", "deflist"})}),
    (
        "fenced_code",
        "fenced_code",
        "FencedCodeExtension",
        {"pre": frozenset({"fenced_code_block"})},
    ),
)
ALL_OPTIONAL = frozenset(name for name, *_ in _EXTENSION_TABLE)


@functools.cache
def extension(name: str) -> type[Extension]:
    """The extension class called ``name``, imported on first use."""
    for known, module, cls, _ in _EXTENSION_TABLE:
        if known == name:
            found: type[Extension] = getattr(
                importlib.import_module(f"markdown.extensions.{module}"), cls
            )
            return found
    raise KeyError(name)


def new_extension(name: str) -> Extension:
    return extension(name)()


# (name, a new instance of it), in the order the converters load them.
EXTENSIONS: tuple[tuple[str, Callable[[], Extension]], ...] = tuple(
    (name, functools.partial(new_extension, name)) for name, *_ in _EXTENSION_TABLE
)

Trigger = Callable[[str], bool]

# The triggers test the text as Python-Markdown's first step (normalize_whitespace) leaves
# it, except that tabs are still tabs: see _as_normalised. What a later step can add is
# handled where it can: our ■ headings become "## " (hashheader's trigger looks for ■ and □),
# and html_block, which runs before every block processor and inline pattern, can do more:
# - it completes character references ("&#169 " becomes "&#169;"), so it runs on any "&";
# - around a block of raw HTML it inserts line breaks ("text  <div>" becomes "text  \n" and
#   the block: a hard break), and raw HTML that follows such a block on its line is moved
#   to the end of the text, joining what stood on either side of it ("!<!-- c -->[" becomes
#   "!["). So in a text with "<", a trigger that looks for characters next to each other or
#   at the start of a line is replaced by one that only asks that each of them occurs (the
#   last column below; None: the trigger holds as it is).
_HARD_BREAK = re.compile(r"[ \t]\n")  # "  \n" once tabs are expanded
_NUMBERED = re.compile(r"\d\.")  # "1. " (any Unicode digit, as Python-Markdown reads it)
_DIGIT = re.compile(r"\d")
# A definition line (": text") may sit inside quotes and list items: "> : text", "- : text".
_DEFINITION_LINE = re.compile(r"^(?:[ \t>]|[-*+][ \t]|\d+\.[ \t])*:[ \t]", re.MULTILINE)


def _spaces(text: str) -> bool:
    return " " in text or "\t" in text


def _indented(text: str) -> bool:
    """Four spaces or a tab, or a line that markdown_lists may indent by four spaces."""
    return "    " in text or "\t" in text or MAY_NEST.search(text) is not None


def _references(text: str) -> bool:
    return "]:" in text


def _references_apart(text: str) -> bool:
    return "]" in text and ":" in text


def _fences(text: str) -> bool:
    """A fence opens a line (``` or ~~~, three or more): asking only for the three marks
    anywhere is cheaper than asking where. fenced_code_block runs before html_block (and the
    site's ■ headings), so nothing but normalize_whitespace changes the text it reads."""
    return "```" in text or "~~~" in text


# (name, may use it, may use it once raw HTML has moved text about)
_OPTIONAL: tuple[tuple[str, Trigger, Trigger | None], ...] = (
    # Cells pasted from a spreadsheet are a table too (content/markdown_tabs.py).
    ("tables", lambda text: "|" in text or "\t" in text, None),
    ("footnotes", lambda text: "[^" in text, lambda text: "[" in text and "^" in text),
    ("attr_list", lambda text: "{" in text, None),
    ("def_list", lambda text: _DEFINITION_LINE.search(text) is not None, lambda t: ":" in t),
    ("fenced_code", _fences, None),
)
# (registry, name, may use it, may use it once raw HTML has moved text about)
_PRUNABLE: tuple[tuple[str, str, Trigger, Trigger | None], ...] = (
    ("pre", "html_block", lambda text: "<" in text or "&" in text, None),
    ("block", "indent", lambda text: _indented(text), _spaces),
    ("block", "code", lambda text: _indented(text), _spaces),
    ("block", "hashheader", lambda text: "#" in text or "■" in text or "□" in text, None),
    ("block", "setextheader", lambda text: "=" in text or "-" in text, None),
    ("block", "hr", lambda text: "-" in text or "*" in text or "_" in text, None),
    (
        "block",
        "olist",
        lambda text: _NUMBERED.search(text) is not None,
        lambda text: "." in text and _DIGIT.search(text) is not None,
    ),
    ("block", "ulist", lambda text: "-" in text or "*" in text or "+" in text, None),
    ("block", "quote", lambda text: ">" in text, None),
    ("block", "reference", _references, _references_apart),
    ("inline", "backtick", lambda text: "`" in text, None),
    # markdown_tabs escapes a "|" in a pasted cell.
    ("inline", "escape", lambda text: "\\" in text or ("\t" in text and "|" in text), None),
    # A reference link ([text][id], [id]) whose id is not defined ("[id]: url") is left as
    # it is: without a definition the reference patterns change nothing.
    ("inline", "reference", _references, _references_apart),
    ("inline", "link", lambda text: "[" in text, None),
    ("inline", "short_reference", _references, _references_apart),
    ("inline", "image_link", lambda text: "![" in text, lambda text: "!" in text),
    ("inline", "image_reference", _references, _references_apart),
    ("inline", "short_image_ref", _references, _references_apart),
    ("inline", "autolink", lambda text: "<" in text, None),
    ("inline", "automail", lambda text: "<" in text, None),
    ("inline", "html", lambda text: "<" in text, None),
    ("inline", "linebreak", lambda text: _HARD_BREAK.search(text) is not None, _spaces),
    ("inline", "entity", lambda text: "&" in text, None),
    ("inline", "em_strong", lambda text: "*" in text or "_" in text, None),
    # The site's own (content/markdown.py), registered before the others are left out.
    ("inline", "strikethrough", lambda text: "~~" in text, lambda text: "~" in text),
)


def _as_normalised(text: str) -> str:
    r"""``text`` with what normalize_whitespace removes or rewrites before any trigger's
    processor runs: STX and ETX go (so "]\x02:" is "]:"), a lone "\r" ends a line."""
    if "\x02" in text or "\x03" in text:
        text = text.replace("\x02", "").replace("\x03", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _columns(
    table: tuple[tuple[str, Trigger, Trigger | None], ...],
) -> tuple[tuple[tuple[str, Trigger], ...], tuple[tuple[str, Trigger], ...]]:
    """A table's (name, trigger) pairs for texts as written, and for texts with "<"."""
    return (
        tuple((name, may_use) for name, may_use, _ in table),
        tuple((name, may_use_moved or may_use) for name, may_use, may_use_moved in table),
    )


_OPTIONAL_AS_WRITTEN, _OPTIONAL_MOVED = _columns(_OPTIONAL)
_PRUNABLE_AS_WRITTEN, _PRUNABLE_MOVED = _columns(
    tuple((f"{registry}:{name}", may, moved) for registry, name, may, moved in _PRUNABLE)
)


def pruning_for(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The optional extensions ``text`` may use, and the "registry:name" of the processors
    it cannot need (registry "pre", "block" or "inline")."""
    text = _as_normalised(text)
    moved = "<" in text  # html_block may have moved text about
    optional = _OPTIONAL_MOVED if moved else _OPTIONAL_AS_WRITTEN
    prunable = _PRUNABLE_MOVED if moved else _PRUNABLE_AS_WRITTEN
    wanted = frozenset(name for name, may_use in optional if may_use(text))
    unused = frozenset(name for name, may_use in prunable if not may_use(text))
    return wanted, unused


# Every processor that Python-Markdown and the extensions above register, by registry. A
# new one may add or consume syntax that a trigger above does not expect; one that is gone
# may have been renamed. Either way the table must be reviewed before it is trusted.
KNOWN_PROCESSORS: Mapping[str, frozenset[str]] = {
    "pre": frozenset({"normalize_whitespace", "html_block", "fenced_code_block"}),
    "block": frozenset(
        {
            "empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist",
            "quote", "reference", "paragraph", "table", "footnote", "defindent", "deflist",
        }
    ),
    "inline": frozenset(
        {
            "backtick", "escape", "reference", "link", "image_link", "image_reference",
            "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html",
            "entity", "em_strong", "footnote",
        }
    ),
    "tree": frozenset(
        {"inline", "prettify", "unescape", "footnote", "footnote-duplicate", "attr_list"}
    ),
    "post": frozenset({"raw_html", "amp_substitute", "footnote"}),
}  # fmt: skip


def registered_processors(md: markdown.Markdown) -> dict[str, frozenset[str]]:
    """The names in each of ``md``'s processor registries."""
    registries: dict[str, markdown.util.Registry[Any]] = {
        "pre": md.preprocessors,
        "block": md.parser.blockprocessors,
        "inline": md.inlinePatterns,
        "tree": md.treeprocessors,
        "post": md.postprocessors,
    }
    # A Registry lists its names only in _priority (name, priority), which it has kept since
    # Python-Markdown 3.0; should that go, this fails loudly at import as well.
    return {
        key: frozenset(item.name for item in registry._priority)  # type: ignore[attr-defined]
        for key, registry in registries.items()
    }


def unreviewed_processors(
    registered: Mapping[str, frozenset[str]],
    known: Mapping[str, frozenset[str]] = KNOWN_PROCESSORS,
) -> list[str]:
    """What differs between ``registered`` and ``known``, as "unknown block processor
    'x'" and "missing inline processor 'y'"; empty when they agree."""
    problems: list[str] = []
    for registry in sorted(set(registered) | set(known)):
        have, expected = registered.get(registry, frozenset()), known.get(registry, frozenset())
        problems += [f"unknown {registry} processor {name!r}" for name in sorted(have - expected)]
        problems += [f"missing {registry} processor {name!r}" for name in sorted(expected - have)]
    return problems


def known_for(extensions: frozenset[str]) -> dict[str, frozenset[str]]:
    """The processors a converter with these extensions registers, when the table holds."""
    added = [table for name, *_, table in _EXTENSION_TABLE if name in extensions]
    dropped = [table for name, *_, table in _EXTENSION_TABLE if name not in extensions]
    return {
        registry: names - frozenset().union(*(d.get(registry, frozenset()) for d in dropped))
        | frozenset().union(*(a.get(registry, frozenset()) for a in added))
        for registry, names in KNOWN_PROCESSORS.items()
    }


def check_processors(md: markdown.Markdown, extensions: frozenset[str] = ALL_OPTIONAL) -> None:
    """Refuse to prune for a Python-Markdown whose processors the table was not written for;
    ``md`` has the ``extensions`` named."""
    problems = unreviewed_processors(registered_processors(md), known_for(extensions))
    if problems:
        raise RuntimeError(
            f"Python-Markdown {markdown.__version__} does not register the processors that "
            "seminar_site/content/markdown_pruning.py was written for ("
            + "; ".join(problems)
            + "): review the pruning table (_PRUNABLE, _OPTIONAL) against the new "
            "processors, then update KNOWN_PROCESSORS"
        )


# The core's processors, checked when this module is imported; each extension's, when the
# first converter that uses it is built (see MarkdownRenderer._converter).
check_processors(markdown.Markdown(), frozenset())
