"""Full-width slips that break YAML structure, found before YAML is parsed.

A Japanese input method left on types 全角 characters where YAML needs half-width ones: a
full-width space as indentation or after a colon, a full-width colon after a key, 長音 or a
full-width hyphen as a list dash, “full-width quotes” around a value. PyYAML then reports a
puzzle one line later ("mapping values are not allowed here"); this scan names the character
at its own line and column and says what to type instead. It looks only at the structural
positions of a line (indentation, list dashes, the key and its colon, a value's outer
quotes): full-width characters inside values are left alone, and so are block scalars
(``body: |``), whose lines are all value.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.i18n import Message, _

IDEOGRAPHIC_SPACE = "\u3000"
_SPACE_NAME = _("full-width space (全角スペース, U+3000)")
_DASHES = {
    "\uff0d": _("full-width hyphen (全角ハイフン, U+FF0D)"),
    "\u30fc": _("long vowel mark (長音記号, U+30FC)"),
    "\u2015": _("full-width dash (全角ダッシュ, U+2015)"),
    "\u2010": _("hyphen (全角ハイフン, U+2010)"),
    "\u2212": _("minus sign (全角マイナス, U+2212)"),
}
_QUOTES = {  # opening → closings accepted (people and input methods mix “ and ”)
    "\u201c": ("\u201d", "\u201c"),
    "\u201d": ("\u201d",),
    "\uff02": ("\uff02",),
    "\uff07": ("\uff07",),
    "\u2018": ("\u2019", "\u2018"),
}
# Any character a slip is made of; a line (or file) without one has no slip to find.
_SUSPECT = re.compile(
    "[" + IDEOGRAPHIC_SPACE + "\uff1a" + "".join(_DASHES) + "".join(_QUOTES) + "]"
)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*", re.ASCII)
# A file whose keys are the author's own words (the import's mapping file: 「形式: ignore」):
# any text up to the colon.
_FREE_KEY = re.compile(r"[^\s:：#'\"\[\]{},&*!|>%@`-](?:[^:：\n]*[^\s:：])?")
_BLOCK_SCALAR = re.compile(r"[|>][0-9+\-]*\s*(#.*)?$")
_BLANKS = " \t" + IDEOGRAPHIC_SPACE


@dataclass
class _Line:
    """One line being read from the left: ``pos`` moves past each structural part."""

    text: str
    number: int
    pos: int = 0
    key: re.Pattern[str] = _KEY  # what a key of this file looks like

    def at(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""


def find_slips(text: str, path: Path, free_keys: bool = False) -> list[SiteError]:
    """Every structural full-width slip of ``text`` (the YAML file at ``path``), in order;
    ``free_keys``: its keys are any text (headers of a sheet), not names like ``title``."""
    found: list[SiteError] = []
    if not _SUSPECT.search(text):
        return found
    # Lines indented more than this column are part of a value above: a block scalar's
    # lines (``body: |``), or the next lines of a plain value ("lead: 今回は" then
    # "  URL：https://…"), where a full-width colon is just text.
    value_indent: int | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if value_indent is not None:
            spaces = len(raw) - len(raw.lstrip(" "))
            if not raw.strip(" \t") or spaces > value_indent:
                continue
            value_indent = None
        line = _Line(raw, number, key=_FREE_KEY if free_keys else _KEY)
        slips, value_indent = _scan_line(line, path)
        found.extend(slips)
    return found


def _scan_line(line: _Line, path: Path) -> tuple[list[SiteError], int | None]:
    """The slips of one line, and the column that the lines of a value it opens (a block
    scalar or a plain value) are indented beyond."""
    found: list[SiteError] = []
    text = line.text
    indent_end = len(text) - len(text.lstrip(_BLANKS))
    body = text[indent_end:]
    wide = text.find(IDEOGRAPHIC_SPACE, 0, indent_end)
    structural = _looks_structural(body, line.key)
    if wide >= 0 and (structural or not body or body.startswith("#")):
        found.append(_indent_slip(line, path, wide, empty=not body))
    if not structural:
        return found, None
    line.pos = indent_end
    parent, in_item = _scan_dashes(line, path, found)
    key = line.key.match(text, line.pos) if _starts_with_key(text[line.pos :], line.key) else None
    after = text[key.end() : key.end() + 2] if key else ""
    slipped = after[:1] == "\uff1a" or after == ":" + IDEOGRAPHIC_SPACE
    if key and in_item and slipped and key.group() not in _known_keys():
        key = None  # "- name：山田" is a slip, but "- Zoom：https://…", "- a:　" are texts
    value_start = line.pos
    if key:
        parent = key.start()
        value_start = _after_colon(line, path, key.group(), key.end(), found)
    value = text[value_start:].rstrip(" \t")
    if _BLOCK_SCALAR.match(value):
        return found, parent
    if _wrapped_in_quotes(value):
        found.append(_quote_slip(line, path, value_start, value))
    plain = value and value[0] not in "\"'[{&*!#%@`"
    return found, parent if plain and not found else None  # a slipped line: keep looking


def _scan_dashes(line: _Line, path: Path, found: list[SiteError]) -> tuple[int, bool]:
    """Read the list dashes that start a line ("- ", "- - ", or a full-width look-alike),
    noting slips; returns the column of the last dash (or the line's indent) and whether
    there was one."""
    text = line.text
    parent, first = line.pos, True
    while True:
        char = line.at()
        if not char or (char != "-" and char not in _DASHES):
            break
        if line.at(1) not in (" ", "\t", IDEOGRAPHIC_SPACE, ""):
            break
        after = line.pos + 1
        while after < len(text) and text[after] in _BLANKS:
            after += 1
        if (
            not first
            and not _starts_with_key(text[after:], line.key)
            and (char in _DASHES or line.at(1) == IDEOGRAPHIC_SPACE)
        ):
            break  # "- ー 項目", "- -　": a text that starts with a dash
        if char in _DASHES:
            message = _("{character} used as a list dash", character=_DASHES[char])
            hint = _("type a half-width '-' instead of '{character}'", character=char)
            found.append(_error(line, path, line.pos, message, hint))
        # "-　x" is no list item to YAML; in "- 　name: x" the 全角 space was meant as indent
        wide = line.pos + 1 if line.at(1) == IDEOGRAPHIC_SPACE else -1
        if wide < 0 and _looks_nested(text[after:], line.key):
            wide = text.find(IDEOGRAPHIC_SPACE, line.pos + 1, after)
        if wide >= 0:
            hint = _("type half-width spaces after '-'")
            message = _("{character} after the list dash", character=_SPACE_NAME)
            found.append(_error(line, path, wide, message, hint))
        parent, first = line.pos, False
        line.pos = after
    return parent, not first


@functools.cache
def _known_keys() -> frozenset[str]:
    """Every key of site.yaml, report.yaml and photo texts (imported here, not at the top:
    the shapes are built on the schema, which reads YAML through this module)."""
    from seminar_site.settings.schema import all_fields
    from seminar_site.settings.shapes import PHOTO_TEXT, REPORT, SITE

    return frozenset(
        spec.key for shape in (SITE, REPORT, PHOTO_TEXT) for _, spec in all_fields(shape)
    )


def _looks_structural(body: str, keys: re.Pattern[str] = _KEY) -> bool:
    """True when a line starts like YAML structure: a list dash (or a look-alike) followed by
    a space, or a key followed by a colon (half- or full-width)."""
    if body[:1] in ("-", *_DASHES) and body[1:2] in (" ", "\t", IDEOGRAPHIC_SPACE, ""):
        return True
    return _starts_with_key(body, keys)


def _looks_nested(rest: str, keys: re.Pattern[str] = _KEY) -> bool:
    """True when what follows a list dash is structure too: another dash, a key and its
    colon, or a full-width dash before a key ("- ー 項目" and "- 　‐" are texts)."""
    if rest[:1] == "-":
        return rest[1:2] in (" ", "\t", IDEOGRAPHIC_SPACE)
    if rest[:1] in _DASHES:
        after = rest[2:].lstrip(_BLANKS)
        return rest[1:2] in (" ", IDEOGRAPHIC_SPACE) and _starts_with_key(after, keys)
    return _looks_structural(rest, keys)


def _starts_with_key(body: str, keys: re.Pattern[str] = _KEY) -> bool:
    """True when ``body`` starts with a key and its colon: ':' then a space (or the line's
    end), or a full-width colon."""
    key = keys.match(body)
    if key is None:
        return False
    colon, after = body[key.end() : key.end() + 1], body[key.end() + 1 : key.end() + 2]
    return colon == "\uff1a" or (colon == ":" and after in ("", " ", "\t", IDEOGRAPHIC_SPACE))


def _after_colon(line: _Line, path: Path, key: str, colon: int, found: list[SiteError]) -> int:
    """Check the colon after ``key`` and the space after it; returns where the value starts."""
    text = line.text
    rest = text[colon + 1 :].lstrip(_BLANKS)
    shown = rest if len(rest) <= 20 else rest[:19] + "…"
    fixed = f"{key}: {shown}".rstrip()
    if text[colon] == "\uff1a":
        message = _("full-width colon (全角コロン '：', U+FF1A) after the key")
        hint = _("type a half-width colon and a space: '{fixed}'", fixed=fixed)
        if not rest:
            hint = _("type a half-width colon: '{fixed}'", fixed=fixed)
        found.append(_error(line, path, colon, message, hint))
    elif text[colon + 1 : colon + 2] == IDEOGRAPHIC_SPACE:
        message = _("{character} after the colon", character=_SPACE_NAME)
        hint = _("type a half-width space after ':': '{fixed}'", fixed=fixed)
        if not rest:
            hint = _("delete the full-width space after ':'")
        found.append(_error(line, path, colon + 1, message, hint))
    line.pos = colon + 1
    slipped = text[colon] == "\uff1a" or line.at() == IDEOGRAPHIC_SPACE
    blanks = _BLANKS if slipped else " \t"  # in "key: 　value" the 全角 space is the value's
    while line.at() in blanks and line.at():
        line.pos += 1
    return line.pos


def _wrapped_in_quotes(value: str) -> bool:
    """True when a full-width quote opens ``value`` and a matching one closes it."""
    return len(value) >= 2 and value[0] in _QUOTES and value[-1] in _QUOTES[value[0]]


def _quote_slip(line: _Line, path: Path, start: int, value: str) -> SiteError:
    inner = value[1:-1]
    shown = inner if len(inner) <= 30 else inner[:29] + "…"
    double = '"' not in inner and "\\" not in inner
    plain = f'"{shown}"' if double else "'" + shown.replace("'", "''") + "'"
    kept = "'" + (value[0] + shown + value[-1]).replace("'", "''") + "'"
    opening, closing = value[0], value[-1]
    return _error(
        line,
        path,
        start,
        _(
            "full-width quotes (全角引用符 {opening} {closing}) around the value",
            opening=opening,
            closing=closing,
        ),
        _(
            "to quote it, type half-width quotes: {plain}; "
            "to show {opening} {closing} on the page, put them inside half-width ones: {kept}",
            plain=plain,
            opening=opening,
            closing=closing,
            kept=kept,
        ),
    )


def _indent_slip(line: _Line, path: Path, index: int, empty: bool) -> SiteError:
    if empty:
        message = _("{character} on an otherwise empty line", character=_SPACE_NAME)
        return _error(line, path, index, message, _("delete the full-width spaces on this line"))
    message = _("{character} used for indentation", character=_SPACE_NAME)
    return _error(line, path, index, message, _("indent with half-width spaces (two per level)"))


def _error(line: _Line, path: Path, index: int, message: Message, hint: Message) -> SiteError:
    return SiteError(message, path, line.number, index + 1, hint=hint)


def repaired(text: str, slips: list[SiteError]) -> tuple[str, dict[int, list[int]]] | None:
    """``text`` with each slip typed as its hint says (：→ ': ', 全角 space → ' ', ー → '-',
    “…” → "…"), and where a space was added: line → the indexes it was added at. None
    when a slip has no single repair (全角 spaces used as indentation: how many half-width
    ones were meant is not known), so that the file is reported by its slips alone."""
    lines = text.split("\n")
    added: dict[int, list[int]] = {}
    for slip in sorted(slips, key=lambda s: (s.line or 0, -(s.col or 0))):
        if slip.line is None or slip.col is None:
            return None
        row, index = lines[slip.line - 1], slip.col - 1
        char = row[index : index + 1]
        if char == IDEOGRAPHIC_SPACE:
            if row[:index].strip(_BLANKS) == "" and row[index:].strip(_BLANKS):
                return None  # indentation
            row = row[:index] + " " + row[index + 1 :]
        elif char == "\uff1a":
            after = row[index + 1 : index + 2]
            if after == IDEOGRAPHIC_SPACE:
                row = row[:index] + ": " + row[index + 2 :]
            elif after in ("", " ", "\t"):
                row = row[:index] + ":" + row[index + 1 :]
            else:
                row = row[:index] + ": " + row[index + 1 :]
                added.setdefault(slip.line, []).append(index + 1)
        elif char in _DASHES:
            row = row[:index] + "-" + row[index + 1 :]
        elif char in _QUOTES:
            end = len(row.rstrip(" \t")) - 1
            inner = row[index + 1 : end]
            if end <= index or '"' in inner or "\\" in inner:
                return None
            row = row[:index] + '"' + inner + '"' + row[end + 1 :]
        else:
            return None
        lines[slip.line - 1] = row
    return "\n".join(lines), added
