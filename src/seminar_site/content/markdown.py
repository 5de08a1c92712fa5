"""The configured Markdown converter: extensions, ■ headings, <time> dates, sanitising.

Used by the loader for narrative bodies, talk summaries and leads. Output is an HTML
fragment that is safe to insert into a page (unless the site says its authors are trusted).
"""

from __future__ import annotations

import html as html_module
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from typing import Any

import markdown
import nh3
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from seminar_site.content.markdown_dates import (
    MAY_HAVE_DATES,
    DateContext,
    Noted,
    TimeElements,
)
from seminar_site.content.markdown_fences import unclosed_fence
from seminar_site.content.markdown_headings import HeadingIds, HeadingLevels, SquareHeadings
from seminar_site.content.markdown_layout import JapaneseLines, layout_slips
from seminar_site.content.markdown_links import MAY_HAVE_BARE, BareLinks, mark_raw_links
from seminar_site.content.markdown_lists import NestedLists
from seminar_site.content.markdown_nesting import check_nesting
from seminar_site.content.markdown_pruning import (
    ALL_OPTIONAL,
    EXTENSIONS,
    check_processors,
    pruning_for,
)
from seminar_site.content.markdown_removals import Allowed, Removal, removals
from seminar_site.content.markdown_tabs import PastedTables
from seminar_site.errors import SiteError
from seminar_site.i18n import _

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
# Attributes kept with these values only: a code block scrolls, and gets tabindex="0" to be
# scrolled from the keyboard (_CodeBlocks); another tabindex would change the tab order.
ALLOWED_VALUES = {"pre": {"tabindex": {"0"}}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_ALLOWED = Allowed(
    frozenset(ALLOWED_TAGS), ALLOWED_ATTRIBUTES, frozenset(ALLOWED_SCHEMES), ALLOWED_VALUES
)
# Built once: nh3.clean() converts the allow-lists on every call.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_VALUES,
    url_schemes=ALLOWED_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


class _CodeBlocks(Preprocessor):
    """The stash's entries between fenced_code_block and html_block are the fenced code
    blocks: ``count`` says how many, for the loader not to read them as the author's raw
    HTML (an attribute the sanitiser removes from one, set with ``{…}``, is found in the
    converted HTML, at its place). Each <pre> gets tabindex="0": a long line scrolls inside
    the block, and a scrolling region must be reachable from the keyboard (WCAG 2.1.1)."""

    count = 0

    def run(self, lines: list[str]) -> list[str]:
        blocks = self.md.htmlStash.rawHtmlBlocks
        self.count = len(blocks)
        for index, block in enumerate(blocks):
            if isinstance(block, str) and block.startswith("<pre"):
                blocks[index] = '<pre tabindex="0"' + block[4:]
        return lines


_BLANK_FIRST_LINE = re.compile(r"[ \t]+(?:\n|$)")
# Python-Markdown removes or rewrites these first, which could make a first line blank.
_REWRITTEN = ("\r", "\x02", "\x03")


def _can_share(text: str) -> bool:
    """Whether ``text`` converts the same between two others as alone (see ``blocks``)."""
    if any(mark in text for mark in ("<", "&#", "]:", "```", "~~~", _BREAK, *_REWRITTEN)):
        return False
    return text.strip() != "" and not _BLANK_FIRST_LINE.match(text)


# Fragments converted together (see MarkdownRenderer.blocks) are joined with this paragraph
# between them: letters only, so no Markdown syntax and no date can touch it.
_BREAK = "SeminarSiteFragmentBreak"
_BREAK_HTML = f"<p>{_BREAK}</p>"


class _TableAlignment(Treeprocessor):
    """A table column's alignment (``|:-:|``, ``|--:|``) as a class the theme styles, instead
    of the inline style Python-Markdown writes and the sanitiser removes."""

    def run(self, root: etree.Element) -> None:
        for cell in root.iter():
            if cell.tag in ("th", "td") and "style" in cell.attrib:
                match = _ALIGN_STYLE.fullmatch(cell.attrib["style"])
                if match is not None:
                    del cell.attrib["style"]
                    classes = cell.attrib.get("class", "")
                    cell.attrib["class"] = f"{classes} align-{match[1]}".strip()


_ALIGN_STYLE = re.compile(r"text-align:\s*(left|center|right);?")


_MAX_CONVERTERS = 64
# Two tildes (not three: a code fence) on each side of text that does not start or end
# with a space.
_STRIKE = r"(?<!~)(~~)(?![~\s])(.+?)(?<![~\s])~~(?!~)"


# The title of a footnote's back-link, where Python-Markdown's English one is wrong for the
# page ({} is the footnote's number).
_BACKLINK_TITLES = {"ja": "本文の注{}の位置に戻る"}

_CHECKED: set[frozenset[str]] = set()


def _check_once(md: markdown.Markdown, extensions: frozenset[str]) -> None:
    """The processor names of a converter with these extensions, checked the first time
    one is built in this process (the core's were checked at import)."""
    if extensions not in _CHECKED:
        check_processors(md, extensions)
        _CHECKED.add(extensions)


class MarkdownRenderer:
    """One reusable converter; each call says which heading level the fragment starts at.

    ``prune=False`` keeps every extension and processor whatever the text (and looks for
    dates in every text): the slow path that the pruned converters are tested against.
    """

    def __init__(
        self, trusted_html: bool = False, prune: bool = True, language: str = "ja"
    ) -> None:
        self.trusted_html = trusted_html
        self.prune = prune
        self.language = language  # of the texts: footnote back-links are titled in it
        self._levels = HeadingLevels(_BREAK)
        self._times = TimeElements(_BREAK)
        self._links = BareLinks()
        self._converters: dict[tuple[frozenset[str], frozenset[str]], markdown.Markdown] = {}
        self._raw: tuple[str, ...] = ()  # the last conversion's raw HTML pieces

    def _converter_for(self, text: str) -> markdown.Markdown:
        """A converter with only the optional extensions and processors whose syntax
        ``text`` can contain (see markdown_pruning): each one tests every block or run of
        text, and a typical summary uses few of them."""
        key = pruning_for(text) if self.prune else (ALL_OPTIONAL, frozenset[str]())
        md = self._converters.get(key)
        if md is None:
            if len(self._converters) >= _MAX_CONVERTERS:
                self._converters.clear()
            md = self._converters[key] = self._converter(*key)
        return md

    def _converter(self, optional: frozenset[str], unused: frozenset[str]) -> markdown.Markdown:
        """``unused``: "registry:name" of the processors to leave out."""
        wanted = optional | {"sane_lists"}
        extensions = [new() for name, new in EXTENSIONS if name in wanted]
        if self.language in _BACKLINK_TITLES:
            for ext in extensions:
                if "BACKLINK_TITLE" in ext.config:
                    ext.setConfig("BACKLINK_TITLE", _BACKLINK_TITLES[self.language])
        md = markdown.Markdown(extensions=extensions, output_format="html")
        _check_once(md, frozenset(wanted))
        registries: dict[str, markdown.util.Registry[Any]] = {
            "pre": md.preprocessors,
            "block": md.parser.blockprocessors,
            "inline": md.inlinePatterns,
        }
        # ~~text~~ as GitHub writes it; pruned with the core's patterns (markdown_pruning).
        md.inlinePatterns.register(SimpleTagInlineProcessor(_STRIKE, "del"), "strikethrough", 65)
        for entry in unused:
            registry, _colon, name = entry.partition(":")
            registries[registry].deregister(name)
        # After fenced_code_block (25): a fenced block's ■ lines are code, already stashed.
        if "tables" in wanted:  # before normalize_whitespace (30) turns tabs into spaces
            md.preprocessors.register(PastedTables(md), "pasted_tables", 35)
        md.preprocessors.register(SquareHeadings(md), "square_headings", 24)
        # After html_block (20): the raw HTML is stashed, only Markdown lines remain.
        md.preprocessors.register(NestedLists(md), "nested_lists", 19)
        if "fenced_code" in wanted:
            md.preprocessors.register(_CodeBlocks(md), "code_blocks", 21)
        md.treeprocessors.register(self._levels, "heading_levels", 31)
        if "tables" in wanted:
            md.treeprocessors.register(_TableAlignment(md), "table_alignment", 30)
        # After the inline patterns (20), before prettify (10) adds its line breaks.
        md.treeprocessors.register(JapaneseLines(md), "japanese_lines", 15)
        md.treeprocessors.register(HeadingIds(md, _BREAK), "heading_ids", 5)  # where toc runs
        md.treeprocessors.register(self._links, "bare_links", 2)  # before dates: none in them
        md.treeprocessors.register(self._times, "time_elements", 1)
        return md

    def blocks(
        self,
        texts: Sequence[str],
        context: DateContext,
        base_level: int,
        id_prefixes: Sequence[str],
        noted: Noted | None = None,
    ) -> list[str]:
        """``block`` for each of ``texts``, in one conversion when they can share one (a
        report's talk summaries, which would otherwise each pay a conversion's fixed costs).
        They cannot when one holds what reaches across fragments: raw HTML (an unclosed
        block swallows what follows), "&#" (where it starts no character reference, the
        HTML scan stops for all that follows), reference or footnote definitions ("]:"), code
        fences (one left open closes at a fence of the next fragment; ■ headings track them),
        or a blank first line; those are converted one by one. A SiteError names no
        fragment: convert one by one to locate it. ``noted`` collects the dates to report,
        each with the index of its text.
        """
        if len(texts) < 2 or not all(map(_can_share, texts)):
            return self._one_by_one(texts, context, base_level, id_prefixes, noted)
        for text in texts:
            check_nesting(text)
        joined = f"\n\n{_BREAK}\n\n".join(texts)
        mine: Noted = []
        pieces = self._convert(joined, context, base_level, mine).split(_BREAK_HTML)
        if len(pieces) != len(texts):  # cannot happen; never guess which piece is whose
            return self._one_by_one(texts, context, base_level, id_prefixes, noted)
        if noted is not None:
            noted += mine
            for index, piece in enumerate(pieces):  # no raw HTML: texts with "<" never share
                noted += [(index, r) for r in self._removals(piece, (), texts[index])]
                noted += [(index, slip) for slip in layout_slips(texts[index])]
        return [
            self._clean(_prefix_ids(html.strip(), prefix) if prefix else html.strip())
            for html, prefix in zip(pieces, id_prefixes, strict=True)
        ]

    def _one_by_one(
        self,
        texts: Sequence[str],
        context: DateContext,
        base_level: int,
        id_prefixes: Sequence[str],
        noted: Noted | None,
    ) -> list[str]:
        htmls = []
        for index, (text, prefix) in enumerate(zip(texts, id_prefixes, strict=True)):
            mine: Noted = []
            htmls.append(self.block(text, context, base_level, prefix, mine))
            if noted is not None:
                noted += [(index, item) for _fragment, item in mine]
        return htmls

    def block(
        self,
        text: str,
        context: DateContext,
        base_level: int = 2,
        id_prefix: str = "",
        noted: Noted | None = None,
    ) -> str:
        """``text`` as an HTML fragment; a SiteError (line/col inside ``text``, no path) when
        it nests too deeply for Python-Markdown to convert in reasonable time. ``noted``
        collects the dates the page shows rewritten or whose weekday is wrong."""
        check_nesting(text)
        html = self._convert(text, context, base_level, noted)
        if noted is not None:
            noted += [(0, removal) for removal in self._removals(html, self._raw, text)]
            noted += [(0, slip) for slip in layout_slips(text)]
            fence = unclosed_fence(text)
            if fence is not None:  # written: the rest of the text, found where it opens
                noted.append((0, Removal("fence", fence[1], text[fence[0] :])))
        if id_prefix:
            html = _prefix_ids(html, id_prefix)
        html = self._clean(html)
        if any(_RAW_LINK.search(raw) for raw in self._raw):
            html = mark_raw_links(html)
        return html

    def _convert(
        self, text: str, context: DateContext, base_level: int, noted: Noted | None = None
    ) -> str:
        self._levels.base = base_level
        # Most fragments contain no date at all: then the tree is not walked.
        may_have_dates = not self.prune or MAY_HAVE_DATES.search(text)
        self._times.context = context if may_have_dates else None
        self._times.noted = noted
        self._links.active = MAY_HAVE_BARE.search(text) is not None
        self._links.marking = "://" in text
        md = self._links.md = self._converter_for(text)  # its stash holds the raw HTML
        md.reset()
        try:
            html = md.convert(text)
        except RecursionError:
            md.reset()
            raise SiteError(
                _("Markdown nests too deeply to convert (emphasis, lists or quotes)"),
                hint=_("simplify the nesting; escape runs of * or _ with a backslash"),
            ) from None
        # The author's raw HTML as written (extensions may stash elements: not the author's;
        # fenced code blocks come first, as HTML strings: not the author's either).
        stash = md.htmlStash.rawHtmlBlocks
        if stash:
            code = next((p.count for p in md.preprocessors if isinstance(p, _CodeBlocks)), 0)
            stash = stash[code:]
        self._raw = tuple(b for b in stash if isinstance(b, str))
        return html

    def inline(self, text: str, context: DateContext, noted: Noted | None = None) -> str:
        html = self.block(text, context, noted=noted)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return html

    def _clean(self, html: str) -> str:
        if self.trusted_html:
            return html
        return _CLEANER.clean(html)

    def _removals(self, html: str, raw: Sequence[str], text: str = "") -> list[Removal]:
        """What :meth:`_clean` will take out of ``html`` (converted from ``text``, whose raw
        HTML is ``raw``), for the loader to warn about; nothing when HTML is trusted."""
        if self.trusted_html:
            return []
        return removals(raw, html, _ALLOWED, text)


_RAW_LINK = re.compile(r"<a\s", re.IGNORECASE)  # a raw HTML link in a stash entry
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
