"""What of a Markdown text is prose, with exact positions: code, URLs and markup left out;
its links, images and headings.

Python-Markdown keeps no source positions, so the few constructs the rules need are found
with patterns over the source itself (good enough for prose rules: a construct this misses
is prose a rule may look at, never text that is changed without being reported). Every
function takes the text and the ``start:end`` range of it to read, and returns offsets into
the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Code and markup: never prose. Fences are matched at any indentation (inside YAML block
# scalars every line is indented). Each pattern starts with a literal where it can: the
# regular expression engine then skips to the places where that literal is.
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>")
_DESTINATION = re.compile(
    r"\]\(\s*(?:<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_REFERENCE_DEFINITION = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S[^\n]*", re.M)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'　、。）)\]]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_ATTRIBUTES = re.compile(r"\{[:#.][^}\n]*\}|\[\^[^\]\n]+\]")
_INDENTED = re.compile(r"(?:\A|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*(?:\n|\Z))+)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")

# (pattern, a string the text must contain for the pattern to be worth running)
_ALWAYS = ""
_MARKDOWN_MASKS = (
    (_FENCE, "``"), (_FENCE, "~~"), (_CODE_SPAN, "`"), (_COMMENT, "<!--"), (_TAG, "<"),
    (_DESTINATION, "]("), (_REFERENCE_DEFINITION, "]:"), (_URL, _ALWAYS), (_EMAIL, "@"),
    (_ATTRIBUTES, "{"), (_ATTRIBUTES, "[^"),
)  # fmt: skip
_TEXT_MASKS = ((_URL, _ALWAYS), (_EMAIL, "@"))


def masks(text: str, start: int, end: int, markdown: bool) -> list[tuple[int, int]]:
    """The ranges of ``text[start:end]`` that are not prose, sorted and merged."""
    found: list[tuple[int, int]] = []
    tried: set[re.Pattern[str]] = set()
    for pattern, needed in _MARKDOWN_MASKS if markdown else _TEXT_MASKS:
        if pattern in tried or (needed and text.find(needed, start, end) < 0):
            continue
        tried.add(pattern)
        found += [m.span() for m in pattern.finditer(text, start, end)]
    if markdown and (text.find("\n    ", start, end) >= 0 or text.find("\n\t", start, end) >= 0):
        found += _indented_code(text, start, end)
    found.sort()
    merged: list[tuple[int, int]] = []
    for low, high in found:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def _indented_code(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Indented code blocks (4 spaces after a blank line), except list continuations. In a
    YAML block scalar the block's own indentation is not code: only deeper lines count."""
    if _common_indent(text, start, end):
        return []  # deeper indentation inside an indented YAML block: too rare to guess at
    found = []
    for match in _INDENTED.finditer(text, start, end):
        before = text[start : match.start(1)].rstrip("\n").rsplit("\n", 2)
        previous = next((line for line in reversed(before) if line.strip()), "")
        if not _LIST_ITEM.match(previous) and not previous.startswith((" ", "\t")):
            found.append(match.span(1))
    return found


def _common_indent(text: str, start: int, end: int) -> int:
    lines = [line for line in text[start:end].split("\n") if line.strip()]
    return min((len(line) - len(line.lstrip(" ")) for line in lines), default=0)


@dataclass(frozen=True)
class Link:
    text_start: int
    text_end: int
    destination: str


@dataclass(frozen=True)
class Image:
    alt_start: int
    alt_end: int
    source: str


_INLINE_LINK = re.compile(
    r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_REFERENCE_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\](?:\[([^\[\]\n]*)\])?(?![(:\[])")
_DEFINITION = re.compile(r"^[ \t]*\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)", re.M)
_HTML_LINK = re.compile(r"<[aA]\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"'][^>]*>(.*?)</[aA]\s*>", re.S)
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(\s*<?([^\s()>]*)")
LINK_TRIGGER = re.compile(r"\]\(|\]\[|\]:|<[aA]\s")


def links(text: str, start: int, end: int) -> list[Link]:
    """Inline, reference and HTML links of ``text[start:end]``, with their text's range."""
    found = [
        Link(m.start(1), m.end(1), m.group(2).strip("<>"))
        for m in _INLINE_LINK.finditer(text, start, end)
        if m.start() == 0 or text[m.start() - 1] not in "!\\"
    ]
    if text.find("]:", start, end) >= 0:
        definitions = {
            _label(m.group(1)): m.group(2) for m in _DEFINITION.finditer(text, start, end)
        }
        for m in _REFERENCE_LINK.finditer(text, start, end):
            label = _label(m.group(2) or m.group(1))
            if label in definitions and (m.start() == 0 or text[m.start() - 1] not in "!\\]"):
                found.append(Link(m.start(1), m.end(1), definitions[label]))
    if text.find("<", start, end) >= 0:
        for m in _HTML_LINK.finditer(text, start, end):
            found.append(Link(m.start(2), m.end(2), m.group(1)))
    return found


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def images(text: str, start: int, end: int) -> list[Image]:
    return [Image(m.start(1), m.end(1), m.group(2)) for m in _IMAGE.finditer(text, start, end)]


@dataclass(frozen=True)
class Heading:
    offset: int  # where its marker starts
    level: int  # as written: ## is 2, ■ is 2 (it becomes ##), setext = is 1 and - is 2
    marker: str  # "##", "■", "===" …
    text: str


# Python-Markdown's own rules: '#' at the start of a line (no space needed after it), an
# underline of = or - under a line of text, and ■ lines (content/markdown.py). Each pattern
# starts with a newline (fast to look for); a region's first line is matched without it.
_ATX_LINE = r"([ \t]*)(#{1,6})([^\n]*)"
_SQUARE_LINE = r"([ \t]*)([■□])[ \t]*(\S[^\n]*)"
_ATX = (re.compile("\n" + _ATX_LINE), re.compile(_ATX_LINE))
_SQUARE = (re.compile("\n" + _SQUARE_LINE), re.compile(_SQUARE_LINE))
_UNDERLINE = re.compile(r"\n([ \t]*)(=+|-+)[ ]*(?=\n|\Z)")
HEADING_TRIGGER = re.compile(r"#|■|□|\n[ \t]*(?:=+|-{2,})[ \t]*(?:\r?\n|$)")
_CLOSING = re.compile(r"[ \t]+#*[ \t]*$|#+[ \t]*$")


def _line_matches(
    patterns: tuple[re.Pattern[str], re.Pattern[str]], text: str, start: int, end: int
) -> list[re.Match[str]]:
    after_newline, at_start = patterns
    found = []
    if start == 0 or text[start - 1] == "\n":
        first = at_start.match(text, start, end)
        if first is not None:
            found.append(first)
    return found + list(after_newline.finditer(text, start, end))


def headings(text: str, start: int, end: int, indent: int = 0) -> list[Heading]:
    """The headings of ``text[start:end]`` in order (``indent``: a YAML block's own)."""
    found: list[Heading] = []
    for m in _line_matches(_ATX, text, start, end):
        if len(m.group(1)) == indent:
            title = _CLOSING.sub("", m.group(3)).strip()
            found.append(Heading(m.start(2), len(m.group(2)), m.group(2), title))
    if text.find("■", start, end) >= 0 or text.find("□", start, end) >= 0:
        for m in _line_matches(_SQUARE, text, start, end):
            if len(m.group(1)) >= indent:
                found.append(Heading(m.start(2), 2, m.group(2), m.group(3).rstrip()))
    for m in _UNDERLINE.finditer(text, start, end):
        line_start = max(text.rfind("\n", start, m.start()) + 1, start)
        title = text[line_start : m.start()]
        if len(m.group(1)) != indent or not title.strip() or title.lstrip()[:1] in "#>|":
            continue
        if _LIST_ITEM.match(title) or title.strip().startswith(("```", "~~~")):
            continue
        level = 1 if m.group(2)[0] == "=" else 2
        found.append(Heading(line_start + indent, level, m.group(2)[:3], title.strip()))
    found.sort(key=lambda heading: heading.offset)
    return found
