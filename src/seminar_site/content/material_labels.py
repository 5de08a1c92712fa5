"""What a material's label already says of its file: ``label: 講演資料（PDF形式、18ページ）``.

The page writes a file's format, pages and size after its label itself (render/media.py);
a label that ends with its own parenthesis naming the format has that parenthesis replaced
by the file's figures, in the label's brackets (「講演資料（PDF形式、18ページ、2.3MB）」, once).
A figure written there that is not the file's (another format, page count or size) is a
warning at the label: the author believes something of the file that is not so. The
figures are compared as a link text's are (rules/link_facts.py uses these too).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _
from seminar_site.model import Material
from seminar_site.settings.schema import Checked

# A size in a text as found (NFKC, casefolded): 350KB, 1.2 MB, 350キロバイト.
SIZE = re.compile(
    r"[0-9][0-9,.]*\s*(?:[kmgt]i?b|バイト|キロバイト|メガバイト|ギガバイト|b\b)", re.I
)
# A page count in a text, NFKC and casefolded: 18ページ, 18頁, 18 pages, 18p.
PAGES = re.compile(r"(?<![0-9.,])([0-9]+)\s*(?:ページ|頁|pages?\b|pp?\.)")
FORMAT_NAMES = {"pdf": "PDF", "pptx": "PowerPoint", "xlsx": "Excel", "docx": "Word"}
# Format key → the spellings that name it in a text (NFKC, casefolded).
FORMAT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",),
    "docx": ("word", "ワード", "doc"),
    "xlsx": ("excel", "エクセル", "xls"),
    "pptx": ("powerpoint", "パワーポイント", "パワポ", "ppt"),
}
_STATED = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(.+)")
_POWERS = {"k": 1, "キ": 1, "m": 2, "メ": 2, "g": 3, "ギ": 3, "t": 4}
_CLOSING = re.compile(r"\s*([（(])([^（()）]+)([）)])\s*$")


@dataclass(frozen=True)
class StatedInfo:
    """A label's closing parenthesis that names a format: the label before it, its brackets
    and what is inside."""

    label: str
    opening: str
    closing: str
    inside: str


def stated_info(label: str) -> StatedInfo | None:
    """The closing parenthesis of ``label`` when it names a file format (「（PDF形式、1ページ）」,
    「(PowerPoint)」), else None: 「講演資料（第2部）」 is part of the name."""
    found = _CLOSING.search(label)
    if found is None or not found.start():
        return None
    plain = unicodedata.normalize("NFKC", found[2]).casefold()
    if not any(s in plain for spellings in FORMAT_SPELLINGS.values() for s in spellings):
        return None
    return StatedInfo(label[: found.start()], found[1], found[3], found[2])


def size_agrees(written: str, actual: int) -> bool:
    """Whether ``written`` (``1.2mb``, ``350キロバイト``) is ``actual`` bytes: within the
    rounding of its figure (to the nearest, or up as KB are rounded) and 10 %, in 1,000- or
    1,024-byte units."""
    found = _STATED.fullmatch(written.replace(",", ""))
    if found is None:
        return True  # not a figure that can be compared (1.2.3MB): leave it to the author
    figure, unit = found[1], found[2]
    power = _POWERS.get(unit[0], 0) if unit not in ("バイト", "b") else 0
    step = 10 ** -len(figure.partition(".")[2])  # of the figure's last digit
    for base in (1000, 1024):
        amount = actual / base**power
        if -step / 2 - 0.1 * amount <= float(figure) - amount <= step + 0.1 * amount:
            return True
    return False


def size_words(size: int, language: str) -> str:
    """1.2MB (59KB under 1 MB, in whole KB rounded up) on a Japanese page, 1.2 MB on an
    English one: 1 KB is 1,024 bytes, as file managers count."""
    if size < 1024 * 1024:
        amount, unit = str(max(1, math.ceil(size / 1024))), "KB"
    else:
        amount, unit = f"{size / (1024 * 1024):.1f}", "MB"
    return f"{amount}{unit}" if language == "ja" else f"{amount} {unit}"


def label_warnings(data: Checked, material: Material) -> list[SiteError]:
    """A warning at ``label:`` when its closing parenthesis gives a figure that is not the
    file's. The page shows the file's own; but the author meant another file, or an older
    one."""
    stated = stated_info(material.label)
    if stated is None or material.source is None:
        return []
    plain = unicodedata.normalize("NFKC", stated.inside).casefold()
    facts: list[Message | str] = []
    if not any(spelling in plain for spelling in FORMAT_SPELLINGS.get(material.kind, ())):
        facts.append(_("a {format} file", format=FORMAT_NAMES.get(material.kind, material.kind)))
    pages = PAGES.search(plain)
    if pages is not None and material.pages is not None and int(pages[1]) != material.pages:
        facts.append(_("{pages} page(s)", pages=material.pages))
    size = SIZE.search(plain)
    if size is not None and not size_agrees(size[0], material.size):
        facts.append(size_words(material.size, "ja"))  # 1KB: the figure, in any language
    if not facts:
        return []
    said = facts[0]
    for fact in facts[1:]:
        said = _("{first}, {then}", first=said, then=fact)
    written = stated.opening + stated.inside + stated.closing
    message = _(
        "the label says '{stated}', but '{file}' is {facts}: the page shows the file's own "
        "format, pages and size",
        stated=written,
        file=material.source.name,
        facts=said,
    )
    hint = _(
        "check that 'file:' is the file you meant, and write only what the material is "
        "('label: {label}'): the page adds its format, pages and size",
        label=stated.label.strip(),
    )
    return [data.error("label", message, hint=hint)]
