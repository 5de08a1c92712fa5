"""Code fences that Python-Markdown does not take: a line of ``` (or ~~~) at the start of a
line, with no line of the same marks after it. The page then shows the marks and the lines as
text; the loader says so at the line that opens it (content/markdown.py).

The closed blocks are found with fenced_code's own expression, as its preprocessor finds
them (leftmost first, each search after the last block), so that a line that opens nothing
Python-Markdown would have made into a block is all that is reported.
"""

from __future__ import annotations

import re

from markdown.extensions.fenced_code import FencedBlockPreprocessor

_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
# The opening line of FENCED_BLOCK_RE alone: the marks, then {attrs} or a language.
_OPENER = re.compile(
    r"^(?P<fence>~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*"
    r"(?:hl_lines=(?P<quot>\"|').*?(?P=quot)[ ]*)?)\n",
    re.MULTILINE,
)


def closed_fences(text: str) -> list[tuple[int, int]]:
    """Where each fenced code block of ``text`` starts and ends (as character indexes)."""
    if "```" not in text and "~~~" not in text:
        return []
    closed: list[tuple[int, int]] = []
    index = 0
    while (block := _BLOCK.search(text, index)) is not None:
        closed.append((block.start(), block.end()))
        index = block.end()
    return closed


def unclosed_fence(text: str) -> tuple[int, str] | None:
    """Where the first fence of ``text`` that no line closes starts, and its marks."""
    if "```" not in text and "~~~" not in text:
        return None
    closed = closed_fences(text)
    for opener in _OPENER.finditer(text):
        if not any(start <= opener.start() < end for start, end in closed):
            return opener.start(), opener["fence"]
    return None
