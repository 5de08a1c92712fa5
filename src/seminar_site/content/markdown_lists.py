"""Nested lists indented as GitHub reads them: an item belongs to the item above it when it
starts at or past that item's text (two spaces under ``- ``, three under ``1. ``), where
Python-Markdown wants four spaces a level and flattens the list or runs the item into the
text above it. The preprocessor indents such lines by four spaces a level before the block
parser reads them; lines indented as Python-Markdown wants are left as they are.
"""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor

# A list item as Python-Markdown's (sane) lists read it: "-", "*", "+" or "1." and a space.
_ITEM = re.compile(r"^( *)([*+-]|\d+\.)( +)(?=\S)")
# A line that may need it: one indented by one to three spaces (each level past the first
# starts at two at least). The pruning triggers of indent and code ask for the same.
MAY_NEST = re.compile(r"^ {1,3}\S", re.MULTILINE)


class NestedLists(Preprocessor):
    """Runs after the code fences and the raw HTML are stashed: only Markdown lines remain."""

    def run(self, lines: list[str]) -> list[str]:
        if not any(line.startswith(" ") for line in lines):
            return lines
        return renested(lines)


def renested(lines: list[str]) -> list[str]:
    """``lines`` with each line inside a list item indented by four spaces a level."""
    # Each open item: the column its text starts at as written, and its level.
    items: list[tuple[int, int]] = []
    out: list[str] = []
    blank = True  # before the first line
    for line in lines:
        stripped = line.lstrip(" ")
        if not stripped:
            out.append(line)
            blank = True
            continue
        indent = len(line) - len(stripped)
        item = _ITEM.match(line)
        if item is not None or blank:
            while items and indent < items[-1][0]:
                items.pop()
        if item is not None:
            level = len(items)
            if level and indent < 4 * level:  # under-indented for Python-Markdown
                line = " " * (4 * level) + stripped
            items.append((indent + len(item[2]) + len(item[3]), level))
        elif blank and items:  # a paragraph of the item above, after a blank line
            column, level = items[-1]
            wanted = 4 * (level + 1) + (indent - column)
            if indent < wanted:
                line = " " * wanted + stripped
        elif blank:
            items.clear()
        out.append(line)
        blank = False
    return out
