"""Folded YAML values (``lead: >-`` and lines under it) joined as Japanese is written: YAML
joins the lines with a space, which the page shows in mid-sentence (「セミナーの 報告です。」);
between two Japanese characters the lines join with nothing (docs/content-format.md).
"""

from __future__ import annotations

import re

import yaml

# Letters and punctuation of Japanese (and Chinese) text, between which a line break is no
# space: kana, ideographs, CJK punctuation, full-width forms, circled numbers. Ranges compared
# by code point: as a regular expression's class they cost each process 1.8 ms to compile.
_CJK_RANGES = (
    (0x2460, 0x24FF), (0x3000, 0x303F), (0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF01, 0xFF9F),
)  # fmt: skip


def is_cjk(text: str) -> bool:
    """Whether the first character of ``text`` is Japanese (or Chinese) as above."""
    if not text:
        return False
    code = ord(text[0])
    return any(low <= code <= high for low, high in _CJK_RANGES)


_HEADER = re.compile(r"[^#]*?>[-+]?\s*(?:#.*)?$")  # the ">" line, no indentation indicator


def join_folded_japanese(root: yaml.Node, text: str) -> None:
    """Each folded scalar of ``root`` (composed from ``text``) with the space YAML put
    between two lines removed where both sides are Japanese. A value is changed only when
    folding its lines as YAML does gives its value exactly (no more-indented lines, no tabs):
    otherwise it is left as YAML read it."""
    if ">" not in text:
        return
    lines = text.split("\n")
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif isinstance(node, yaml.ScalarNode) and node.style == ">":
            node.value = _joined(node, lines)


def _joined(node: yaml.ScalarNode, lines: list[str]) -> str:
    start, end = node.start_mark.line, node.end_mark.line
    if start >= len(lines) or not _HEADER.match(lines[start][node.start_mark.column :]):
        return str(node.value)
    # The scalar ends where the next line less indented starts (column 0 of its line).
    body = lines[start + 1 : end + (1 if node.end_mark.column > 0 else 0)]
    while body and not body[-1].strip():
        body.pop()
    if not body or any("\t" in line for line in body):
        return str(node.value)
    indent = min(len(line) - len(line.lstrip(" ")) for line in body if line.strip())
    if any(line.strip() and len(line) - len(line.lstrip(" ")) != indent for line in body):
        return str(node.value)  # a more-indented line keeps its break: not folded here
    value = str(node.value)
    stripped = value.rstrip("\n")
    content = [line[indent:].rstrip(" ") for line in body]
    if _fold(content, japanese=False) != stripped:
        return value
    return _fold(content, japanese=True) + value[len(stripped) :]


def _fold(lines: list[str], japanese: bool) -> str:
    """``lines`` folded: a line break between two lines is a space (nothing between two
    Japanese characters when ``japanese``), each blank line a line break."""
    out = ""
    after_blank = True
    for line in lines:
        if not line:
            out += "\n"
            after_blank = True
            continue
        if not after_blank:
            both = japanese and is_cjk(out[-1:]) and is_cjk(line[:1])
            out += "" if both else " "
        out += line
        after_blank = False
    return out
