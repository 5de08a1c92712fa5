"""Date formatting and date finding for Japanese and English pages.

Pure functions, standard library only. Weekday and month names come from fixed tables,
never from the process locale, so output is the same on every machine (R9).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

# The era table is shared with the reading of loosely written dates, one floor down.
from seminar_site.settings.dates_iso import ERAS, era_or_none

DATE_STYLES = ("western", "era", "both")
_LANGS = ("ja", "en")

_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "ja": ("月", "火", "水", "木", "金", "土", "日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WEEKDAYS_FULL: dict[str, tuple[str, ...]] = {
    "ja": ("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(_LANGS)}")


def _check_style(style: str) -> None:
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}; expected one of {', '.join(DATE_STYLES)}")


def iso_date(d: date) -> str:
    """The `datetime` attribute value: "2021-02-24"."""
    return d.isoformat()


def weekday(d: date, lang: str, full: bool = False) -> str:
    """Weekday name from a fixed table: ja 金 / 金曜日, en Fri / Friday."""
    _check_lang(lang)
    table = _WEEKDAYS_FULL if full else _WEEKDAYS
    return table[lang][d.weekday()]


def _era_of(d: date) -> tuple[str, int]:
    era = era_or_none(d)
    if era is None:
        raise ValueError(f"{d.isoformat()} is before the Meiji era (1868-10-23)")
    return era


def era_year(d: date) -> str:
    """Japanese era year: "令和3年", "令和元年" for the first year."""
    name, year = _era_of(d)
    return f"{name}{'元' if year == 1 else year}年"


def _ja_year(d: date, style: str) -> str:
    _check_style(style)
    if style == "era":
        return era_year(d)
    if style == "both":
        return f"{d.year}年({era_year(d)})"
    return f"{d.year}年"


def format_date(d: date, lang: str, style: str = "western") -> str:
    """ja "2021年2月24日" / "令和3年2月24日" / "2021年(令和3年)2月24日"; en "February 24, 2021"."""
    _check_lang(lang)
    if lang == "en":
        return f"{_MONTHS_EN[d.month - 1]} {d.day}, {d.year}"
    return f"{_ja_year(d, style)}{d.month}月{d.day}日"


def format_month_day(d: date, lang: str) -> str:
    """A date within a known year: ja "1月22日(金)", en "Fri, January 22"."""
    _check_lang(lang)
    if lang == "en":
        return f"{weekday(d, 'en')}, {_MONTHS_EN[d.month - 1]} {d.day}"
    return f"{d.month}月{d.day}日({weekday(d, 'ja')})"


def format_full_day(d: date, lang: str, style: str = "western") -> str:
    """For the 開催概要 list: ja "2021年1月22日(金曜日)", en "Friday, January 22, 2021"."""
    _check_lang(lang)
    if lang == "en":
        return f"{weekday(d, 'en', full=True)}, {format_date(d, 'en')}"
    return f"{format_date(d, 'ja', style)}({weekday(d, 'ja', full=True)})"


# --- finding dates in running text -------------------------------------------------------

_D = "[0-9\uff10-\uff19]"  # digits: ASCII and full-width, never other Unicode digits
_NOT_ASCII_WORD_BEFORE = r"(?<![0-9\uff10-\uff19A-Za-z_./:%=&?#\-])"
_NOT_ASCII_WORD_AFTER = r"(?![0-9\uff10-\uff19A-Za-z_/%])"
_ERA_NAMES = "|".join(name for name, _ in ERAS)
_MONTH_EN_RE = "|".join(
    [*_MONTHS_EN, "Sept\\.?", *(m[:3] + r"\.?" for m in _MONTHS_EN if len(m) > 3)]
)
_WD_EN_RE = "|".join(list(_WEEKDAYS_FULL["en"]) + list(_WEEKDAYS["en"]))
# An optional weekday after a Japanese or slash date: (金), full-width (金), (金曜日), (金曜),
# or an English one in brackets, (Fri): part of the date, so that it is kept and checked.
_WD_JA = rf"(?:\s?[(\uff08](?:[月火水木金土日](?:曜日?)?|{_WD_EN_RE})[)\uff09])?"

_N = f"{_D}{{1,2}}"  # a month or day number
_ERA = rf"(?P<era>{_ERA_NAMES})\s*(?P<ey>元|{_N})年\s*(?P<em>{_N})月\s*(?P<ed>{_N})日"
_JA_FULL = (
    rf"(?<!{_D})(?P<jy>{_D}{{4}})年(?:[(\uff08](?P<je>{_ERA_NAMES})(?P<jey>元|{_N})年[)\uff09])?"
    rf"\s*(?P<jm>{_N})月\s*(?P<jd>{_N})日"
)
_JA_MONTHDAY = rf"(?<!{_D})(?P<mm>{_N})月\s*(?P<md>{_N})日"
_NUM_FULL = (
    rf"{_NOT_ASCII_WORD_BEFORE}(?P<ny>{_D}{{4}})(?P<sep>[/\-])(?P<nm>{_N})(?P=sep)(?P<nd>{_N})"
    rf"{_NOT_ASCII_WORD_AFTER}(?!-{_D})"
)
_SLASH_MONTHDAY = rf"{_NOT_ASCII_WORD_BEFORE}(?P<sm>{_N})/(?P<sd>{_N}){_NOT_ASCII_WORD_AFTER}"
_EN = (
    rf"(?<![A-Za-z0-9_])(?:(?:{_WD_EN_RE}),\s+)?(?P<enm>{_MONTH_EN_RE})\s+(?P<end>[0-9]{{1,2}})"
    r"(?:st|nd|rd|th)?(?![A-Za-z0-9_])(?:,?\s+(?P<eny>[0-9]{4})(?![0-9]))?"
)
# Every alternative starts with a digit, an era name, or an English month or weekday name.
# Checking that first character up front lets the scan skip other positions quickly
# (without it, every alternative is tried at every position of every text).
_FIRST_CHARS = "0-9\uff10-\uff19" + "".join(
    sorted({name[0] for name, _ in ERAS} | {n[0] for n in (*_MONTHS_EN, *_WEEKDAYS["en"])})
)
_PATTERN = re.compile(
    f"(?=[{_FIRST_CHARS}])(?:"
    + "|".join(
        (
            _ERA + _WD_JA,
            _JA_FULL + _WD_JA,
            _JA_MONTHDAY + _WD_JA,
            _NUM_FULL + _WD_JA,
            _SLASH_MONTHDAY + _WD_JA,
            _EN,
        )
    )
    + ")"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'　、。\uff09)]+")
# Numeric dates with a year are taken only in this range, so ids and codes are left alone.
_NUMERIC_YEARS = range(1900, 2100)


def _int(text: str) -> int:
    return int(text)  # int() reads full-width digits too


def _era_number(text: str) -> int:
    return 1 if text == "元" else _int(text)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, default_year: int, known: Sequence[date]) -> int:
    years = [k.year for k in known if (k.month, k.day) == (month, day)]
    if not years:
        return default_year
    return min(years, key=lambda y: (abs(y - default_year), y))


def _en_month(name: str) -> int:
    prefix = name.rstrip(".")[:3].lower()
    return [m[:3].lower() for m in _MONTHS_EN].index(prefix) + 1


def _resolve(m: re.Match[str], default_year: int, known: Sequence[date]) -> tuple[date, str] | None:
    g = m.group
    if g("era"):
        era_start = dict(ERAS)[g("era")]
        d = _make(era_start.year + _era_number(g("ey")) - 1, _int(g("em")), _int(g("ed")))
        if d is None or (era_or_none(d) or ("",))[0] != g("era"):
            return None  # e.g. 令和元年4月1日 never existed
        return d, "full"
    if g("jy"):
        d = _make(_int(g("jy")), _int(g("jm")), _int(g("jd")))
        if d is None or (g("je") and era_or_none(d) != (g("je"), _era_number(g("jey")))):
            return None  # "2021年(令和2年)…": the two years disagree
        return d, "full"
    if g("ny"):
        if _int(g("ny")) not in _NUMERIC_YEARS:
            return None
        d = _make(_int(g("ny")), _int(g("nm")), _int(g("nd")))
        return (d, "full") if d else None
    if g("enm"):
        month, day = _en_month(g("enm")), int(g("end"))
        if g("eny"):
            d = _make(int(g("eny")), month, day)
            return (d, "full") if d else None
    elif g("mm"):
        month, day = _int(g("mm")), _int(g("md"))
    else:
        month, day = _int(g("sm")), _int(g("sd"))
    d = _make(_year_for(month, day, default_year, known), month, day)
    return (d, "monthday") if d else None


def find_dates(
    text: str, default_year: int, known: Sequence[date] = ()
) -> list[tuple[int, int, date, str]]:
    """Date expressions in running text, for wrapping in `<time>` (R7).

    Returns (start, end, date, kind), kind "full" when the text gives the year, else
    "monthday" (year taken from a `known` date with the same month and day, else
    `default_year`). A trailing weekday such as (金) is part of the span. Impossible dates,
    numbers inside ASCII words or longer digit runs, and anything inside a URL are skipped.
    """
    urls = [u.span() for u in _URL.finditer(text)]
    found: list[tuple[int, int, date, str]] = []
    for m in _PATTERN.finditer(text):
        start, end = m.span()
        if any(us < end and start < ue for us, ue in urls):
            continue
        resolved = _resolve(m, default_year, known)
        if resolved is not None:
            found.append((start, end, resolved[0], resolved[1]))
    return found


# --- what a page shows for each date of the author's text ----------------------------------


@dataclass(frozen=True)
class DateInText:
    """A date of the author's text and what the page shows for it (R7, issue 12 item 5).

    Dates written in words (``2025年11月8日(土)``, ``令和7年…``, ``November 8``) are shown as
    written; only numeric ones (``1/22``, ``2021/2/24``, ``2021-02-24``) are written out, in
    the language of the text around them, keeping a weekday the author wrote. ``corrected``:
    the written text with the right weekday, when the author's weekday is wrong (else "").
    """

    start: int
    end: int
    date: date
    kind: str  # "full" (the text gives the year) or "monthday"
    written: str
    shown: str
    weekday_at: int = -1  # where the author's weekday starts in ``written`` (-1: none)
    corrected: str = ""

    @property
    def rewritten(self) -> bool:
        return self.shown != self.written


_WEEKDAY_AFTER = re.compile(rf"\s?[(\uff08](?P<w>[月火水木金土日]|{_WD_EN_RE})(?:曜日?)?[)\uff09]$")
_WEEKDAY_BEFORE = re.compile(rf"^(?P<w>{_WD_EN_RE}),\s+")
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_JA_PUNCTUATION = re.compile(r"[、。「」『』（）：]")
# Web and e-mail addresses, in printable ASCII only (a Japanese word may follow one directly).
_ADDRESSES = re.compile(r"(?:https?://|www\.)[!-~]+|[!-~]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def text_language(text: str) -> str | None:
    """``ja`` or ``en`` by the letters of ``text`` outside its dates, addresses and e-mail
    addresses (None: it has none). Kana or Japanese punctuation (、。「」（）：) make a text
    Japanese; so do kanji, unless Latin letters far outnumber them (an English sentence naming
    山田 is English; 総務部DX推進課 is Japanese; 申込：https://forms.example.jp/… is Japanese)."""
    words = _PATTERN.sub(" ", text)
    if "://" in words or "www." in words or "@" in words:
        words = _ADDRESSES.sub(" ", words)
    if _KANA.search(words) or _JA_PUNCTUATION.search(words):
        return "ja"
    kanji, latin = len(_KANJI.findall(words)), len(_LATIN.findall(words))
    if kanji and kanji * 4 >= latin:
        return "ja"
    return "en" if latin else None


def _weekday_index(name: str) -> int:
    if name in _WEEKDAYS["ja"]:
        return _WEEKDAYS["ja"].index(name)
    return [w.lower() for w in _WEEKDAYS["en"]].index(name[:3].lower())


def _right_weekday(name: str, d: date) -> str:
    """The weekday of ``d`` written the way ``name`` is (金 → 土, Friday → Saturday)."""
    if name in _WEEKDAYS["ja"]:
        return weekday(d, "ja")
    return weekday(d, "en", full=len(name) > 3)


def _written_weekday(written: str) -> tuple[int, str]:
    """(offset, name) of the weekday written with a date, or (-1, "")."""
    after = _WEEKDAY_AFTER.search(written)
    if after:
        return after.start("w"), after.group("w")
    before = _WEEKDAY_BEFORE.match(written)
    return (0, before.group("w")) if before else (-1, "")


def _written_out(m: re.Match[str], d: date, kind: str, language: str, style: str) -> str:
    """A numeric date in words, in ``language``, with the author's weekday as written (a
    month and day without one gets its weekday: 1/22 → 1月22日(金), R7)."""
    after = _WEEKDAY_AFTER.search(m.group(0))
    suffix = after.group(0) if after else ""
    if kind == "full":
        return format_date(d, language, style) + suffix
    if not suffix:
        return format_month_day(d, language)
    if language == "en":
        return f"{_MONTHS_EN[d.month - 1]} {d.day}{suffix}"
    return f"{d.month}月{d.day}日{suffix}"


def dates_in_text(
    text: str,
    default_year: int,
    known: Sequence[date] = (),
    fallback: Callable[[], str] = lambda: "ja",
    style: str = "western",
) -> list[DateInText]:
    """The dates of ``text`` (as :func:`find_dates` finds them) with what the page shows.

    The language numeric dates are written out in is the text's own (:func:`text_language`),
    else ``fallback()`` (the paragraph's, then the page's): a Japanese sentence on an English
    site keeps Japanese dates, and never gets English put into it.
    """
    urls = [u.span() for u in _URL.finditer(text)]
    language: str | None = None
    found: list[DateInText] = []
    for m in _PATTERN.finditer(text):
        start, end = m.span()
        if any(us < end and start < ue for us, ue in urls):
            continue
        resolved = _resolve(m, default_year, known)
        if resolved is None:
            continue
        d, kind = resolved
        written = m.group(0)
        shown = written
        if m.group("ny") or m.group("sm"):
            language = language or text_language(text) or fallback()
            shown = _written_out(m, d, kind, language, style)
        at, name = _written_weekday(written)
        corrected = ""
        if name and _weekday_index(name) != d.weekday():
            right = _right_weekday(name, d)
            corrected = written[:at] + right + written[at + len(name) :]
        found.append(DateInText(start, end, d, kind, written, shown, at, corrected))
    return found
