"""Whether a report's text is written in the site's language.

``language`` in site.yaml sets the page's labels, date style, ``lang`` attribute and line
breaking; it does not translate. A site set to ``en`` whose report is written in Japanese
gets English labels around Japanese text that browsers then break like English (and screen
readers read with an English voice), and the reverse: so the loader warns, at the
``language`` line of site.yaml, for build, check and serve alike.
"""

from __future__ import annotations

import re
from pathlib import Path

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.model import Report
from seminar_site.settings.config import SITE_FILE, SiteConfig
from seminar_site.settings.textfile import read_text, text_position

_TAG = re.compile(r"<[^>]*>")
# Kana, CJK ideographs (with extension A) and half-width katakana: what only Japanese uses.
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]+")
_LATIN = re.compile(r"[A-Za-z]+")
_LANGUAGE_KEY = re.compile(r"^(language)[ \t]*:", re.MULTILINE)

# How much text a report needs before its language is judged, and the shares that decide:
# a Japanese text has English words in it (DX, AI, Zoom) and an English one Japanese names,
# so only a clear majority counts. A Japanese character carries about a word's worth.
MIN_JAPANESE = 40
MIN_LATIN = 200
MOSTLY = 0.5  # share of Japanese characters among letters, for an English site
HARDLY = 0.02  # the share under which a Japanese site's report is English
SAMPLE = 3000  # characters of HTML looked at: enough to judge, and a long report costs no more


def report_text(report: Report) -> str:
    """The author's running text: title, lead, narrative and the sessions' titles and
    summaries (names and organisations are left out: they stay as written in either)."""
    parts: list[str] = [report.title, report.lead_html, report.body_html]
    for day in report.days:
        for session in day.sessions:
            parts += (session.title, session.summary_html)
    return _TAG.sub(" ", "\n".join(parts)[:SAMPLE])


def japanese_share(text: str) -> tuple[int, int]:
    """The number of Japanese characters and of Latin letters in ``text`` (counted by runs:
    a pattern that matches one character at a time is ten times slower)."""
    return sum(map(len, _JAPANESE.findall(text))), sum(map(len, _LATIN.findall(text)))


def written_language(report: Report, site_language: str) -> str:
    """The language ``report`` is written in: the site's, unless its text is clearly the
    other one ("ja" on an English site, "en" on a Japanese one). The page marks the
    report's own text with it (render/pages.py), and the loader warns about the mismatch."""
    japanese, latin = japanese_share(report_text(report))
    letters = japanese + latin
    if not letters:
        return site_language
    share = japanese / letters
    if site_language == "en" and japanese >= MIN_JAPANESE and share > MOSTLY:
        return "ja"
    if site_language == "ja" and latin >= MIN_LATIN and share < HARDLY:
        return "en"
    return site_language


def language_warnings(report: Report, config: SiteConfig, root: Path) -> list[SiteError]:
    written = written_language(report, config.language)
    return [] if written == config.language else [_mismatch(root, report.slug, written)]


def _mismatch(root: Path, slug: str, written: str) -> SiteError:
    path = root / SITE_FILE
    line, col = _language_line(path)
    if written == "ja":
        message = _(
            "site.yaml sets the pages' language to English (language: en), but report "
            "'{name}' is written in Japanese",
            name=slug,
        )
        hint = _(
            "language sets the page's labels, dates and line breaking, and does not "
            "translate: write 'language: ja' in site.yaml, or write the report in English"
        )
    else:
        message = _(
            "site.yaml sets the pages' language to Japanese (language: ja, the default), "
            "but report '{name}' is written in English",
            name=slug,
        )
        hint = _(
            "for English labels and dates, write 'language: en' in site.yaml; keep "
            "Japanese if the page is for Japanese readers and translate the report"
        )
    return SiteError(message, path, line, col, hint=hint)


def _language_line(path: Path) -> tuple[int | None, int | None]:
    try:
        text = read_text(path)
    except SiteError:
        return None, None
    key = _LANGUAGE_KEY.search(text)
    return text_position(text, key.start(1)) if key is not None else (None, None)
