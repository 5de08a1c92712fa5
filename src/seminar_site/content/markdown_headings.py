"""The Markdown converter's headings: ■ lines as headings, each fragment's levels without
gaps from the level it starts at, and the ids the toc extension would give.

Fragments converted together (``MarkdownRenderer.blocks``) are separated by a paragraph
holding only ``fragment_break``: levels and ids are each fragment's own.
"""

from __future__ import annotations

import html as html_module
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.toc import (
    remove_fnrefs,
    render_inner_html,
    slugify_unicode,
    strip_tags,
    unique,
)
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

_SQUARE_HEADING = re.compile(r"^[ \t]*[■□][ \t]*(?=\S)", re.MULTILINE)
_HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


class SquareHeadings(Preprocessor):
    """A paragraph line starting with ■ (as pasted from older pages) becomes a heading.

    It runs after fenced_code_block, so a fenced block's lines are already in the stash. A
    fence that Python-Markdown does not take (indented in a list item or a quote, or never
    closed) is shown as it is written or as inline code: ■ lines after it stay text until
    the next fence line, as they did before fenced code blocks were supported."""

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


def _fragments(root: etree.Element, fragment_break: str) -> list[list[etree.Element]]:
    """The top-level elements of each fragment (one list unless fragments were joined)."""
    groups: list[list[etree.Element]] = [[]]
    for child in root:
        if child.tag == "p" and child.text == fragment_break and len(child) == 0:
            groups.append([])
        else:
            groups[-1].append(child)
    return groups


def _headings(group: list[etree.Element]) -> list[etree.Element]:
    return [el for top in group for el in top.iter() if el.tag in _HEADING_TAGS]


class HeadingLevels(Treeprocessor):
    """Map each fragment's heading levels onto base, base+1, … with no gaps."""

    base = 2

    def __init__(self, fragment_break: str) -> None:
        super().__init__()
        self.fragment_break = fragment_break

    def run(self, root: etree.Element) -> None:
        for group in _fragments(root, self.fragment_break):
            headings = _headings(group)
            levels = sorted({int(el.tag[1]) for el in headings})
            mapping = {level: min(6, self.base + index) for index, level in enumerate(levels)}
            for element in headings:
                element.tag = f"h{mapping[int(element.tag[1])]}"


class HeadingIds(Treeprocessor):
    """Give each heading the id the toc extension would (its text, slugified, made unique
    with _1, _2 … within its fragment; an id set with {#...} is kept), without building a
    table of contents: the toc extension's list costs more than the ids themselves."""

    def __init__(self, md: markdown.Markdown, fragment_break: str) -> None:
        super().__init__(md)
        self.fragment_break = fragment_break

    def run(self, root: etree.Element) -> None:
        for group in _fragments(root, self.fragment_break):
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
