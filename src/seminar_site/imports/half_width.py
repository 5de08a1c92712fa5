"""Full-width letters and digits (ＤＸ, Ｃ大学, 第１回) written half-width on import, as
``check`` asks (rules/characters.py): only Ａ-Ｚ, ａ-ｚ and ０-９ (NFKC for those alone), so
full-width punctuation 「」（）、 and katakana stay as written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from seminar_site.i18n import _
from seminar_site.imports.result import ImportResult
from seminar_site.rules import characters
from seminar_site.rules.characters import FULL_WIDTH


def half_width_text(text: str) -> str:
    """``text`` with its full-width letters and digits half-width (check's own reading)."""
    return FULL_WIDTH.sub(lambda match: characters.half_width(match.group()), text)


def _walk(value: Any, found: list[str]) -> Any:
    if isinstance(value, str):
        found += [match for match in FULL_WIDTH.findall(value) if match not in found]
        return half_width_text(value)
    if isinstance(value, dict):
        return {key: _walk(item, found) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_walk(item, found) for item in value)
    return value


def half_width(result: ImportResult) -> ImportResult:
    """``result`` with its report's and files' full-width letters and digits half-width,
    and a note of them for import-report.md."""
    found: list[str] = []
    report = _walk(dict(result.report), found)
    files = {path: _walk(text, found) for path, text in result.files.items()}
    if not found:
        return result
    shown = "、".join(f"{text} → {half_width_text(text)}" for text in found[:5])
    note = _("full-width letters and digits were written half-width, as 'check' asks "
             "({examples}); full-width punctuation and katakana are as written",
             examples=shown + ("…" if len(found) > 5 else ""))  # fmt: skip
    return replace(result, report=report, files=files, notes=(*result.notes, note))
