"""Lines as Japanese authors write them (docs/content-format.md, "改行"): a line that starts
with an item mark (・, ①, （1）, 1), ※ …) stays on a line of its own, and a Japanese
sentence wrapped across lines joins with no space, where Markdown would run the lines
together into one paragraph and a browser would show each line break as a space.

Also the slips of layout that the page would show otherwise than the author meant, for the
loader to warn about: cells pasted from a spreadsheet (tab-separated), a table row with more
cells than its header (the extra cells are dropped), a table typed with full-width ｜.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from types import SimpleNamespace

from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import Treeprocessor

from seminar_site.content.markdown_fences import closed_fences
from seminar_site.content.markdown_removals import Removal
from seminar_site.content.markdown_tabs import TABBED, is_pasted_range
from seminar_site.settings.folded import is_cjk

_DIGITS = "[0-9０-９]{1,2}"
# A line that starts with one of these is an item of its own: the mark is kept as written.
ITEM_MARK = re.compile(
    "(?:[・●○◆◇■□◎〇▪▶►★☆※\u2460-\u2473\u3251-\u325f]"
    rf"|\({_DIGITS}\)|（{_DIGITS}）|{_DIGITS}[)）]|[０-９]{{1,2}}．)"
)
_SOFT_BREAK = re.compile(r" *\n *")
_BREAK_BEFORE_MARK = re.compile(r"\n *(?=" + ITEM_MARK.pattern + ")")
# Elements whose text is laid out as written (code), and block elements: the whitespace
# between blocks is not the author's line break.
_KEPT = frozenset({"pre", "code", "kbd", "script", "style"})
_BLOCKS = frozenset(
    {
        "p", "div", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "pre",
        "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd", "figure",
    }
)  # fmt: skip


class JapaneseLines(Treeprocessor):
    """After the inline patterns: a ``<br>`` before each line that starts with an item mark,
    then every remaining line break between two Japanese characters removed."""

    def run(self, root: etree.Element) -> None:
        _lay_out(root)


def _lay_out(element: etree.Element) -> None:
    if element.tag in _KEPT:
        return
    if element.text and "\n" in element.text:
        element.text = _joined(_broken(element, -1, element.text), "", _first(element, 0))
    index = 0
    while index < len(element):
        child = element[index]
        _lay_out(child)
        if child.tail and "\n" in child.tail and child.tag not in _BLOCKS:
            tail = _broken(element, index, child.tail)
            # Breaks inserted after the child: the child's tail is now the text before them.
            child.tail = _joined(tail, _last(child), _first(element, index + 1))
        index += 1


def _broken(parent: etree.Element, index: int, text: str) -> str:
    """``text`` (the text of ``parent`` when ``index`` is -1, else its child's tail) cut
    before each line that starts with an item mark, a ``<br>`` put in each cut; the part
    before the first cut is returned, to stay where ``text`` was."""
    cuts = [match.start() for match in _BREAK_BEFORE_MARK.finditer(text)]
    if cuts and cuts[0] == 0 and index >= 0 and parent[index].tag == "br":
        cuts = cuts[1:]  # the line already starts after a line break
    if not cuts:
        return text
    ends = [*cuts[1:], len(text)]
    for offset, (start, end) in enumerate(zip(cuts, ends, strict=True)):
        br = etree.Element("br")
        br.tail = text[start:end].lstrip(" \n")  # prettify puts a line break after a <br>
        parent.insert(index + 1 + offset, br)
    return text[: cuts[0]]


def _joined(text: str, before: str, after: str) -> str:
    """``text`` without its line breaks between two Japanese characters (``before`` and
    ``after``: the characters on either side of it, "" for none)."""

    def join(match: re.Match[str]) -> str:
        left = text[match.start() - 1] if match.start() > 0 else before
        right = text[match.end()] if match.end() < len(text) else after
        if is_cjk(left) and is_cjk(right):
            return ""
        return match.group(0)

    return _SOFT_BREAK.sub(join, text) if "\n" in text else text


def _first(parent: etree.Element, index: int) -> str:
    """The first character shown after ``parent``'s text (or its child ``index - 1``'s
    tail): that of its child ``index``, "" for a block, a line break or none."""
    if index >= len(parent):
        return ""
    child = parent[index]
    if child.tag in _BLOCKS or child.tag in _KEPT or child.tag == "br":
        return ""
    text = "".join(child.itertext())
    return text[:1]


def _last(child: etree.Element) -> str:
    if child.tag in _BLOCKS or child.tag == "br":
        return ""
    text = "".join(child.itertext())
    return text[-1:]


def layout_slips(text: str) -> list[Removal]:
    """The lines of ``text`` (outside code fences) that the page lays out otherwise than
    they look: pasted spreadsheet cells, table rows with cells past the header, a table of
    full-width pipes. Each once, at its line."""
    if "\t" not in text and "|" not in text and "｜" not in text:
        return []
    found: list[Removal] = []
    lines = text.split("\n")
    fenced = closed_fences(text)
    blocks = _blocks(lines, fenced)
    for block in blocks:
        found += _block_slips(block)
    return found


def _blocks(lines: list[str], fenced: list[tuple[int, int]]) -> list[list[str]]:
    """The paragraphs of ``lines`` (runs of lines without a blank one), leaving out the
    lines of closed code fences (given as character spans)."""
    blocks: list[list[str]] = [[]]
    offset = 0
    for line in lines:
        inside = any(start <= offset < end for start, end in fenced)
        offset += len(line) + 1
        if inside or not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(line)
    return [block for block in blocks if block]


_SEPARATOR = re.compile(r"^[ ]{0,3}[|｜]?[ ]*[:：]?[-－ー―]{2,}")


def _block_slips(block: list[str]) -> list[Removal]:
    tabbed = [line for line in block if TABBED.search(line)]
    if len(tabbed) >= 2 and not is_pasted_range(block):  # a pasted range is a table
        first = tabbed[0]
        return [Removal("tabs", str(len(tabbed)), first.lstrip(), 0)]
    if _full_width_table(block):
        return [Removal("pipes", "｜", block[0].lstrip(), 0)]
    if "|" in block[0] and len(block) >= 3:
        return _extra_cells(block)
    return []


def _full_width_table(block: list[str]) -> bool:
    """Two lines or more, the first with two ｜ at least, the second a divider row or a
    row of ｜ too: a table typed with full-width pipes."""
    first = block[0].lstrip()
    if len(block) < 2 or not first.startswith("｜") or first.count("｜") < 2:
        return False
    return _SEPARATOR.match(block[1]) is not None or block[1].lstrip().startswith("｜")


def _extra_cells(block: list[str]) -> list[Removal]:
    """The rows of a table (as Python-Markdown's tables extension reads it) with more cells
    than its header row: the extension drops the cells past the header's."""
    table = TableProcessor(_NO_PARSER, {})  # type: ignore[arg-type]  # test, split: no parser
    rows = "\n".join(line.strip() for line in block)
    if not table.test(None, rows):  # type: ignore[arg-type]
        return []
    # The extension's own reading of a row's cells (escaped pipes, pipes in code spans).
    split: Callable[[str], list[str]] = table._split_row  # type: ignore[attr-defined]
    columns = len(split(block[0].strip(" ")))
    found: list[Removal] = []
    for line in block[2:]:
        row = line.strip(" ")
        cells = split(row)
        if len(cells) > columns:
            extra = cells[columns].strip()
            at = _cell_start(row, columns, extra)
            found.append(Removal("cells", extra, row, at, counts=(len(cells), columns)))
    return found


_NO_PARSER = SimpleNamespace(md=SimpleNamespace(tab_length=4))


def _cell_start(row: str, columns: int, extra: str) -> int:
    """Where the first cell past ``columns`` starts in ``row`` (its text ``extra``)."""
    at = row.rfind(extra) if extra else -1
    return max(at, 0)
