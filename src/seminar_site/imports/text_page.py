"""A plain-text report page (as copied from a browser, like ../shared/seed/) into lines.

Every non-blank line is one line of the page; chrome lines (サイトへ戻る, ページの先頭へ) and
the お問い合わせ box at the end are set apart for the import report.
"""

from __future__ import annotations

from seminar_site.imports.page_lines import Chrome, Line, is_chrome_line, is_contact_heading

_BLANK = " \t\u3000\u00a0\ufeff"


def text_lines(text: str) -> tuple[list[Line], list[Chrome]]:
    lines: list[Line] = []
    chrome: list[Chrome] = []
    in_contact = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip(_BLANK)
        if not stripped:
            continue
        if in_contact or is_contact_heading(stripped):
            in_contact = True  # the contact box runs to the end of the page
            chrome.append(Chrome(number, stripped))
        elif is_chrome_line(stripped):
            chrome.append(Chrome(number, stripped))
        else:
            lines.append(Line(number, stripped))
    return lines, chrome
