"""The configured Markdown converter: extensions, ■ headings, <time> dates, sanitising.

Used by the loader for narrative bodies, talk summaries and leads. Output is an HTML
fragment that is safe to insert into a page (unless the site says its authors are trusted).
"""

from __future__ import annotations

import datetime as dt
import html as html_module
import importlib
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.toc import (
    remove_fnrefs,
    render_inner_html,
    slugify_unicode,
    strip_tags,
    unique,
)
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from seminar_site.content.dates import find_dates, format_date, format_month_day, iso_date
from seminar_site.errors import SiteError

_SQUARE_HEADING = re.compile(r"^[ \t]*[■□][ \t]*(?=\S)", re.MULTILINE)
_NO_DATES_IN = {"code", "pre", "a", "time", "script", "style"}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
    "u", "ul", "wbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Built once: nh3.clean() converts the allow-lists on every call (half its time here).
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


@dataclass(frozen=True)
class DateContext:
    """What the date finder needs to turn 1/22 into <time datetime="2021-01-22">."""

    language: str
    default_year: int
    known: tuple[dt.date, ...] = ()
    style: str = "western"


class _SquareHeadings(Preprocessor):
    """A paragraph line starting with ■ (as pasted from older pages) becomes a heading."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "■" not in text and "□" not in text:
            return lines
        out: list[str] = []
        in_fence = False
        for line in lines:
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            if not in_fence and _SQUARE_HEADING.match(line):
                out.extend(["", "## " + _SQUARE_HEADING.sub("", line, count=1), ""])
            else:
                out.append(line)
        return out


_MAY_HAVE_DATES = re.compile(r"[0-9０-９]|元年")


_HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


_BLANK_FIRST_LINE = re.compile(r"[ \t]+(?:\n|$)")


def _can_share(text: str) -> bool:
    """Whether ``text`` converts the same between two others as alone (see ``blocks``)."""
    if any(mark in text for mark in ("<", "]:", "```", "~~~", _BREAK)):
        return False
    return text.strip() != "" and not _BLANK_FIRST_LINE.match(text)


# Fragments converted together (see MarkdownRenderer.blocks) are joined with this paragraph
# between them: letters only, so no Markdown syntax and no date can touch it.
_BREAK = "SeminarSiteFragmentBreak"
_BREAK_HTML = f"<p>{_BREAK}</p>"


def _fragments(root: etree.Element) -> list[list[etree.Element]]:
    """The top-level elements of each fragment (one list unless fragments were joined)."""
    groups: list[list[etree.Element]] = [[]]
    for child in root:
        if child.tag == "p" and child.text == _BREAK and len(child) == 0:
            groups.append([])
        else:
            groups[-1].append(child)
    return groups


def _headings(group: list[etree.Element]) -> list[etree.Element]:
    return [el for top in group for el in top.iter() if el.tag in _HEADING_TAGS]


class _HeadingLevels(Treeprocessor):
    """Map each fragment's heading levels onto base, base+1, … with no gaps."""

    base = 2

    def run(self, root: etree.Element) -> None:
        for group in _fragments(root):
            headings = _headings(group)
            levels = sorted({int(el.tag[1]) for el in headings})
            mapping = {level: min(6, self.base + index) for index, level in enumerate(levels)}
            for element in headings:
                element.tag = f"h{mapping[int(element.tag[1])]}"


class _HeadingIds(Treeprocessor):
    """Give each heading the id the toc extension would (its text, slugified, made unique
    with _1, _2 … within its fragment; an id set with {#...} is kept), without building a
    table of contents: the toc extension's list costs more than the ids themselves."""

    def run(self, root: etree.Element) -> None:
        for group in _fragments(root):
            self._ids(group)

    def _ids(self, group: list[etree.Element]) -> None:
        headings = _headings(group)
        if not headings:
            return
        used = {el.attrib["id"] for top in group for el in top.iter() if "id" in el.attrib}
        counters: dict[str, int] = {}
        for element in headings:
            if "id" not in element.attrib:
                text = element.text or ""
                if len(element) == 0 and "\x02" not in text:  # plain text: no need to serialise
                    name = text
                else:
                    name = html_module.unescape(
                        strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                    )
                slug = slugify_unicode(name, "-")
                element.attrib["id"] = unique(slug, used, counters)


class _TimeElements(Treeprocessor):
    """Wrap dates found in text in <time datetime>, written the page's way (R7)."""

    context: DateContext | None = None

    def run(self, root: etree.Element) -> None:
        if self.context is not None:
            self._walk(root, self.context)

    def _walk(self, element: etree.Element, context: DateContext) -> None:
        may_have_dates = _MAY_HAVE_DATES.search  # most runs of text have no digit at all
        for child in list(element):
            if child.tag not in _NO_DATES_IN and (child.text or len(child)):
                self._walk(child, context)
            tail = child.tail
            if tail and may_have_dates(tail):
                child.tail = self._split(element, child, tail, context)
        text = element.text
        if text and element.tag not in _NO_DATES_IN and may_have_dates(text):
            element.text = self._split(element, None, text, context)

    def _split(
        self,
        parent: etree.Element,
        after: etree.Element | None,
        text: str,
        context: DateContext,
    ) -> str:
        found = find_dates(text, context.default_year, context.known)
        if not found:
            return text
        index = list(parent).index(after) + 1 if after is not None else 0
        head = text[: found[0][0]]
        for number, (_start, end, date, kind) in enumerate(found):
            time = etree.Element("time", {"datetime": iso_date(date)})
            time.text = (
                format_date(date, context.language, context.style)
                if kind == "full"
                else format_month_day(date, context.language)
            )
            following = found[number + 1][0] if number + 1 < len(found) else len(text)
            time.tail = text[end:following]
            parent.insert(index + number, time)
        return head


# The optional extensions, and a quick test that a text may use each one's syntax
# (a superset: a false positive only costs time; tabs are still tabs at this point).
def _extension(module: str, name: str) -> Callable[[], Extension]:
    """Imported when a text first needs it: most sites' summaries need none of them."""

    def make() -> Extension:
        extension: Extension = getattr(importlib.import_module(module), name)()
        return extension

    return make


_EXTENSIONS: tuple[tuple[str, Callable[[], Extension]], ...] = (
    ("tables", _extension("markdown.extensions.tables", "TableExtension")),
    ("footnotes", _extension("markdown.extensions.footnotes", "FootnoteExtension")),
    ("attr_list", _extension("markdown.extensions.attr_list", "AttrListExtension")),
    ("sane_lists", SaneListExtension),  # always on
    ("def_list", _extension("markdown.extensions.def_list", "DefListExtension")),
)
ALL_OPTIONAL = frozenset(name for name, _ in _EXTENSIONS)
# A definition line (": text") may sit inside quotes and list items: "> : text", "- : text".
_DEFINITION_LINE = re.compile(r"^(?:[ \t>]|[-*+][ \t]|[0-9]+\.[ \t])*:[ \t]", re.MULTILINE)
_OPTIONAL: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("tables", lambda text: "|" in text),
    ("footnotes", lambda text: "[^" in text),
    ("attr_list", lambda text: "{" in text),
    ("def_list", lambda text: _DEFINITION_LINE.search(text) is not None),
)
# Likewise for Python-Markdown's own processors, which test every block or run of text:
# (registry, name, a character or pattern its match needs in the source text). Nothing
# before them adds any of these, except our ■ headings, which become "## ".
_HARD_BREAK = re.compile(r"[ \t][\r\n]")  # "  \n" once tabs and line ends are normalised
_NUMBERED = re.compile(r"\d\.")  # "1. " (any Unicode digit, as Python-Markdown reads it)
_PRUNABLE: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("pre", "html_block", lambda text: "<" in text),
    ("block", "indent", lambda text: "    " in text or "\t" in text),
    ("block", "code", lambda text: "    " in text or "\t" in text),
    ("block", "hashheader", lambda text: "#" in text or "■" in text or "□" in text),
    ("block", "setextheader", lambda text: "=" in text or "-" in text),
    ("block", "hr", lambda text: "-" in text or "*" in text or "_" in text),
    ("block", "olist", lambda text: _NUMBERED.search(text) is not None),
    ("block", "ulist", lambda text: "-" in text or "*" in text or "+" in text),
    ("block", "quote", lambda text: ">" in text),
    ("block", "reference", lambda text: "]:" in text),
    ("inline", "backtick", lambda text: "`" in text),
    ("inline", "escape", lambda text: "\\" in text),
    # A reference link ([text][id], [id]) whose id is not defined ("[id]: url") is left as
    # it is: without a definition the reference patterns change nothing.
    ("inline", "reference", lambda text: "[" in text and "]:" in text),
    ("inline", "link", lambda text: "[" in text),
    ("inline", "short_reference", lambda text: "[" in text and "]:" in text),
    ("inline", "image_link", lambda text: "![" in text),
    ("inline", "image_reference", lambda text: "![" in text and "]:" in text),
    ("inline", "short_image_ref", lambda text: "![" in text and "]:" in text),
    ("inline", "autolink", lambda text: "<" in text),
    ("inline", "automail", lambda text: "<" in text),
    ("inline", "html", lambda text: "<" in text),
    ("inline", "linebreak", lambda text: _HARD_BREAK.search(text) is not None),
    ("inline", "entity", lambda text: "&" in text),
    ("inline", "em_strong", lambda text: "*" in text or "_" in text),
)
_MAX_CONVERTERS = 64


class MarkdownRenderer:
    """One reusable converter; each call says which heading level the fragment starts at."""

    def __init__(self, trusted_html: bool = False) -> None:
        self.trusted_html = trusted_html
        self._levels = _HeadingLevels()
        self._times = _TimeElements()
        self._converters: dict[tuple[frozenset[str], frozenset[str]], markdown.Markdown] = {}

    def _converter_for(self, text: str) -> markdown.Markdown:
        """A converter with only the optional extensions and inline patterns whose syntax
        ``text`` can contain: each one tests every block or run of text, and a typical
        summary uses few of them (40 % less time for one)."""
        wanted = frozenset(name for name, may_use in _OPTIONAL if may_use(text))
        unused = frozenset(
            f"{registry}:{name}" for registry, name, may_use in _PRUNABLE if not may_use(text)
        )
        md = self._converters.get((wanted, unused))
        if md is None:
            if len(self._converters) >= _MAX_CONVERTERS:
                self._converters.clear()
            md = self._converters[wanted, unused] = self._converter(wanted, unused)
        return md

    def _converter(
        self, optional: frozenset[str], unused: frozenset[str] = frozenset()
    ) -> markdown.Markdown:
        """``unused``: "registry:name" of the processors to leave out (see _PRUNABLE)."""
        extensions = [make() for name, make in _EXTENSIONS if name in optional | {"sane_lists"}]
        md = markdown.Markdown(extensions=extensions, output_format="html")
        registries: dict[str, markdown.util.Registry[Any]] = {
            "pre": md.preprocessors,
            "block": md.parser.blockprocessors,
            "inline": md.inlinePatterns,
        }
        for entry in unused:
            registry, _, name = entry.partition(":")
            registries[registry].deregister(name)
        md.preprocessors.register(_SquareHeadings(md), "square_headings", 27)
        md.treeprocessors.register(self._levels, "heading_levels", 31)
        md.treeprocessors.register(_HeadingIds(md), "heading_ids", 5)  # where toc runs
        md.treeprocessors.register(self._times, "time_elements", 1)
        return md

    def blocks(
        self,
        texts: Sequence[str],
        context: DateContext,
        base_level: int,
        id_prefixes: Sequence[str],
    ) -> list[str]:
        """``block`` for each of ``texts``, in one conversion when they can share one (a
        report's talk summaries: 20 % less time than one by one). They cannot when one holds
        what reaches across fragments: raw HTML (an unclosed block swallows what follows),
        reference or footnote definitions ("]:"), code fences (■ headings track them), or a
        blank first line; those are converted one by one. A SiteError names no fragment:
        convert one by one to locate it.
        """
        one_by_one = zip(texts, id_prefixes, strict=True)
        if len(texts) < 2 or not all(map(_can_share, texts)):
            return [self.block(text, context, base_level, prefix) for text, prefix in one_by_one]
        for text in texts:
            check_nesting(text)
        joined = f"\n\n{_BREAK}\n\n".join(texts)
        pieces = self._convert(joined, context, base_level).split(_BREAK_HTML)
        if len(pieces) != len(texts):  # cannot happen; never guess which piece is whose
            return [self.block(text, context, base_level, prefix) for text, prefix in one_by_one]
        return [
            self._clean(_prefix_ids(html.strip(), prefix) if prefix else html.strip())
            for html, prefix in zip(pieces, id_prefixes, strict=True)
        ]

    def block(
        self, text: str, context: DateContext, base_level: int = 2, id_prefix: str = ""
    ) -> str:
        """``text`` as an HTML fragment; a SiteError (line/col inside ``text``, no path) when
        it nests too deeply for Python-Markdown to convert in reasonable time."""
        check_nesting(text)
        html = self._convert(text, context, base_level)
        if id_prefix:
            html = _prefix_ids(html, id_prefix)
        return self._clean(html)

    def _convert(self, text: str, context: DateContext, base_level: int) -> str:
        self._levels.base = base_level
        # Most fragments contain no date at all: then the tree is not walked.
        self._times.context = context if _MAY_HAVE_DATES.search(text) else None
        md = self._converter_for(text)
        md.reset()
        try:
            html = md.convert(text)
        except RecursionError:
            md.reset()
            raise SiteError(
                "Markdown nests too deeply to convert (emphasis, lists or quotes)",
                hint="simplify the nesting; escape runs of * or _ with a backslash",
            ) from None
        return html

    def inline(self, text: str, context: DateContext) -> str:
        html = self.block(text, context)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html

    def _clean(self, html: str) -> str:
        if self.trusted_html:
            return html
        return _CLEANER.clean(html)


MAX_INDENT = 256
MAX_DEPTH = 100
# More than MAX_INDENT columns take more than MAX_INDENT / 4 characters (a tab is 4 at most):
# texts without such a run skip the line-by-line check.
_MAY_BE_DEEP = re.compile(rf"^[ \t]{{{MAX_INDENT // 4 + 1},}}", re.MULTILINE)
_QUOTES = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_BRACKETS = re.compile(r"[\[\]]")
_EMPHASIS_RUN = re.compile(rf"[*_]{{{MAX_DEPTH + 1},}}")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


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
                f"line is indented by {indent} spaces; the limit is {MAX_INDENT}",
                None,
                number,
                1,
                hint="Markdown lists and code do not need indentation this deep",
            )
    for match in _QUOTES.finditer(text) if ">" in text else ():
        if match.group().count(">") > MAX_DEPTH:
            row, _ = _position(text, match.start())
            raise SiteError(
                f"block quotes are nested more than {MAX_DEPTH} deep",
                None,
                row,
                1,
                hint="use fewer '>' at the start of the line",
            )
    emphasis = text.count("*") + text.count("_") > MAX_DEPTH
    for run in _EMPHASIS_RUN.finditer(text) if emphasis else ():
        row, col = _position(text, run.start())
        raise SiteError(
            "Markdown nests too deeply to convert (emphasis, lists or quotes)",
            None,
            row,
            col,
            hint="simplify the nesting; escape runs of * or _ with a backslash",
        )
    depth = 0
    for bracket in _BRACKETS.finditer(text) if text.count("[") > MAX_DEPTH else ():
        index = bracket.start()
        if bracket.group() == "[":
            depth += 1
            if depth > MAX_DEPTH:
                row, col = _position(text, index)
                raise SiteError(
                    f"more than {MAX_DEPTH} '[' are open at once",
                    None,
                    row,
                    col,
                    hint="close the brackets, or escape them as \\[",
                )
        elif depth:
            depth -= 1


_ID_ATTR = re.compile(r'(\s(?:id|href)=")(#?)([^"]*)"')


def _prefix_ids(html: str, prefix: str) -> str:
    """Keep ids from several fragments on one page unique (footnotes, headings)."""

    def fix(match: re.Match[str]) -> str:
        attribute, hash_sign, value = match.groups()
        if attribute.strip().startswith("href") and not hash_sign:
            return match.group(0)
        return f'{attribute}{hash_sign}{prefix}{value}"'

    return _ID_ATTR.sub(fix, html)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, for meta descriptions and feeds."""
    text = re.sub(r"<[^>]+>", "", html)
    return re.sub(r"\s+", " ", _unescape(text)).strip()


def _unescape(text: str) -> str:
    return html_module.unescape(text)
