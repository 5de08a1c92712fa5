"""Cells pasted from a spreadsheet (Excel copies a range as lines of tab-separated cells) as
a table: a paragraph whose every line has cells separated by tabs becomes a Markdown table,
its first line the header row (docs/content-format.md, "表"). Without this, Markdown runs the
lines together into one paragraph and the tabs become spaces.
"""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor

from seminar_site.content.markdown_fences import closed_fences

# A tab between two cells of text: what a line of a pasted range has.
TABBED = re.compile(r"\S\t+\S")
# Lines that are other Markdown (a list, a quote, a heading, a table, raw HTML) or code.
_OTHER = re.compile(r"^(?:\s|[-*+>#|<]|\d+\.\s)")


def is_pasted_range(lines: list[str]) -> bool:
    """Whether ``lines`` (a paragraph) are rows of cells pasted from a spreadsheet."""
    return len(lines) >= 2 and all(TABBED.search(line) and not _OTHER.match(line) for line in lines)


class PastedTables(Preprocessor):
    """Runs before normalize_whitespace, which turns tabs into spaces; skips code fences."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("\t" in line for line in lines):
            return lines
        fenced = closed_fences("\n".join(lines))
        out: list[str] = []
        paragraph: list[str] = []
        offset = 0
        for line in [*lines, ""]:
            inside = any(start <= offset < end for start, end in fenced)
            offset += len(line) + 1
            if line.strip() and not inside:
                paragraph.append(line)
                continue
            out += _table(paragraph) if is_pasted_range(paragraph) else paragraph
            paragraph = []
            out.append(line)
        return out[:-1]


def _table(lines: list[str]) -> list[str]:
    rows = [[_cell(cell) for cell in line.rstrip("\r").split("\t")] for line in lines]
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    table = ["| " + " | ".join(row) + " |" for row in rows]
    return [table[0], "|" + " --- |" * width, *table[1:]]


def _cell(text: str) -> str:
    """A cell's text for a Markdown table row: a "|" in it is not a divider."""
    return text.strip().replace("|", "\\|")
