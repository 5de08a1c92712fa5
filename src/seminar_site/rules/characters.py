"""Character rules, each with a mechanical fix: machine-dependent characters (①, ㈱, ㍻, Ⅲ,
㌔ …), half-width katakana, decomposed (NFD) characters, full-width letters and digits.

Only prose is looked at (sources.Prose), and each fix replaces exactly the characters found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

from seminar_site.i18n import N_, Message, _
from seminar_site.rules.findings import Finding
from seminar_site.rules.sources import Prose

_CIRCLED = N_("a circled number")
_BRACKETED = N_("a bracketed number")
_STOPPED = N_("a number with a full stop")
_LETTER = N_("a bracketed or circled letter")
_ROMAN = N_("a Roman numeral")
_KANJI_BRACKETED = N_("a bracketed kanji")
_KANJI_CIRCLED = N_("a circled kanji")
_KATAKANA_CIRCLED = N_("a circled katakana")
_ERA = N_("an era name in one character")
_SQUARED = N_("a squared word")
_UNIT = N_("a unit symbol")
_SYMBOL = N_("a symbol")

# Company forms are written out in full: screen readers read 株式会社 reliably, and the
# bracketed form is one keystroke away for who prefers it (the hint says so).
_WRITTEN_OUT = {
    "㈱": "株式会社", "㈲": "有限会社", "㈳": "社団法人", "㈶": "財団法人",
    "㈴": "合名会社", "㈾": "合資会社", "㈿": "協同組合", "㍿": "株式会社",
    "㎡": "平方メートル", "㎠": "平方センチメートル", "㎟": "平方ミリメートル",
    "㎢": "平方キロメートル", "㎥": "立方メートル", "㎤": "立方センチメートル",
    "㎣": "立方ミリメートル", "㎦": "立方キロメートル", "№": "No.", "℡": "TEL",
}  # fmt: skip


def _ranges(*pairs: tuple[int, int]) -> Iterator[str]:
    for low, high in pairs:
        yield from (chr(code) for code in range(low, high + 1))


def _table() -> dict[str, tuple[str, str]]:
    """Character → (replacement, kind)."""
    table: dict[str, tuple[str, str]] = {}

    def add(chars: Iterator[str], kind: str, make: Callable[[str], str] | None = None) -> None:
        for char in chars:
            nfkc = unicodedata.normalize("NFKC", char)
            table[char] = (_WRITTEN_OUT.get(char, nfkc if make is None else make(char)), kind)

    def circled_number(char: str) -> str:
        return f"({int(unicodedata.numeric(char))})"

    def circled(char: str) -> str:
        return f"({unicodedata.normalize('NFKC', char)})"

    add(_ranges((0x2460, 0x2473), (0x24EA, 0x24FF), (0x2776, 0x2793)), _CIRCLED, circled_number)
    add(_ranges((0x3251, 0x325F), (0x32B1, 0x32BF)), _CIRCLED, circled_number)
    add(_ranges((0x2474, 0x2487)), _BRACKETED)
    add(_ranges((0x2488, 0x249B)), _STOPPED)
    add(_ranges((0x249C, 0x24B5)), _LETTER)
    add(_ranges((0x24B6, 0x24E9)), _LETTER, circled)
    add(_ranges((0x2160, 0x217F)), _ROMAN)
    add(_ranges((0x3220, 0x3243)), _KANJI_BRACKETED)
    add(_ranges((0x3280, 0x32B0)), _KANJI_CIRCLED, circled)
    add(_ranges((0x32D0, 0x32FE)), _KATAKANA_CIRCLED, circled)
    add(_ranges((0x32FF, 0x32FF), (0x337B, 0x337E)), _ERA)
    add(_ranges((0x3300, 0x3370), (0x337F, 0x337F), (0x33E0, 0x33FE)), _SQUARED)
    add(_ranges((0x3371, 0x337A), (0x3380, 0x33DF), (0x33FF, 0x33FF)), _UNIT)
    add(iter("№℡"), _SYMBOL)
    return {char: entry for char, entry in table.items() if entry[0] != char}


MACHINE_DEPENDENT = _table()
_MACHINE = re.compile("[" + "".join(re.escape(char) for char in MACHINE_DEPENDENT) + "]")
_SHORT_FORMS = {"㈱": "(株)", "㍿": "(株)", "㈲": "(有)"}

# Half-width katakana (and its punctuation); a full-width kana before a half-width voiced
# mark is taken with it, so that NFKC joins the two.
_HALF_WIDTH = re.compile(r"[\uff61-\uff9f]+")
_KANA = re.compile(r"[\u3041-\u30ff]")
# Combining marks (Latin accents, the kana voiced marks), taken with the character before.
_MARKS = re.compile(r"[\u0300-\u036f\u3099\u309a]+")
FULL_WIDTH = re.compile(r"[Ａ-Ｚａ-ｚ０-９]+")  # letters and digits that check asks half-width
_TO_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)}


def half_width(letters: str) -> str:
    """Full-width letters and digits (a :data:`FULL_WIDTH` match) written half-width."""
    return letters.translate(_TO_HALF_WIDTH)


TRIGGER = re.compile(
    _MACHINE.pattern[:-1] + "\uff61-\uff9f\u0300-\u036f\u3099\u309aＡ-Ｚａ-ｚ０-９]"
)


def character_findings(prose: Prose) -> Iterator[Finding]:
    source = prose.source
    text = source.text
    for match in _MACHINE.finditer(text):
        if not prose.is_prose(*match.span()):
            continue
        char = match.group()
        fixed, kind = MACHINE_DEPENDENT[char]
        code = format(ord(char), "04X")
        message = _(
            "machine-dependent character '{char}' (U+{code}, {kind}): computers and screen "
            "readers show or read it differently",
            char=char,
            code=code,
            kind=Message(kind, {}),
        )
        if char in _SHORT_FORMS:
            hint = _(
                "write '{text}' (or '{short}' where space is short)",
                text=fixed,
                short=_SHORT_FORMS[char],
            )
        else:
            hint = _("write '{text}'", text=fixed)
        yield source.finding(
            "machine-dependent", match.start(), message, hint, fix=(match.end(), fixed)
        )
    for match in _HALF_WIDTH.finditer(text):
        start, end = match.span()
        if text[start] in "\uff9e\uff9f" and start and _KANA.match(text, start - 1):
            start -= 1
        if not prose.is_prose(start, end):
            continue
        found = text[start:end]
        fixed = unicodedata.normalize("NFKC", found)
        yield source.finding(
            "half-width-katakana",
            start,
            _("half-width katakana '{text}'", text=found),
            _("write it in full-width katakana: {fixed}", fixed=fixed),
            fix=(end, fixed),
        )
    for match in _MARKS.finditer(text):
        start, end = match.start() - 1, match.end()
        if start < 0:
            continue
        found = text[start:end]
        fixed = unicodedata.normalize("NFC", found)
        if fixed == found or not prose.is_prose(start, end):
            continue
        yield source.finding(
            "decomposed",
            start,
            _(
                "'{text}' is a decomposed character (a letter and its mark stored as two, as "
                "text copied on a Mac often is): search and screen readers may not read it "
                "as '{fixed}'",
                text=found,
                fixed=fixed,
            ),
            _("write it as one character: {fixed}", fixed=fixed),
            fix=(end, fixed),
        )
    for match in FULL_WIDTH.finditer(text):
        if not prose.is_prose(*match.span()):
            continue
        half = half_width(match.group())
        yield source.finding(
            "full-width",
            match.start(),
            _("full-width letters or digits '{letters}'", letters=match.group()),
            _("write them half-width: {half}", half=half),
            fix=(match.end(), half),
        )


def has_decomposed(text: str) -> bool:
    return _MARKS.search(text) is not None


def decomposed_name(name: str) -> str | None:
    """The composed (NFC) form of a file name that is not composed, else None."""
    fixed = unicodedata.normalize("NFC", name)
    return fixed if fixed != name else None
