"""The reading of times written the way people write them (13時, 13時30分, 午後1時半,
１３：３０, 13:30～14:10) into the HH:MM they mean: the hint a time field gives when it is not
written as 13:30, and the importer's reading of a programme's time cells.

Pure functions, standard library only.
"""

from __future__ import annotations

import re
import unicodedata

#: One time of day as written: 13:30, 13時30分, 13時, 13時半 (groups: hour, minute or 半).
TIME = r"([0-9]{1,2})\s*(?::|時)\s*([0-9]{1,2}|半)?\s*分?"
#: The marks between a start and an end (〜, ～, dashes); から is matched beside them.
DASH = r"[~〜\-–—―‐ー]"
#: A start and an end, or a start alone followed by a dash: 13:30～14:10, 13時から14時.
RANGE = re.compile(rf"{TIME}\s*(?:{DASH}|から)\s*(?:{TIME})?")
SINGLE = re.compile(TIME)
_OPEN_ENDS = re.compile(rf"^\s*(?:{DASH}|まで)\s*|\s*(?:{DASH}|から|より|まで)\s*$")
_PM = re.compile(r"午後\s*([0-9]{1,2})")  # 午後1時30分 is 13:30


def plain_time_text(text: str) -> str:
    """``text`` with full-width digits and colons made half-width (NFKC), the hours after
    午後 made 24-hour ones and 午前 dropped, so that :data:`RANGE` and :data:`SINGLE` read it."""
    plain = unicodedata.normalize("NFKC", text).strip()
    plain = _PM.sub(lambda m: str(int(m[1]) + 12) if int(m[1]) < 12 else m[1], plain)
    return plain.replace("午前", "")


def minute_of(written: str | None) -> int:
    """The minutes of :data:`TIME`'s second group: none is 0, 半 is 30."""
    if not written:
        return 0
    return 30 if written == "半" else int(written)


def hhmm_or_none(hour: str, minute: str | None) -> str | None:
    """``13:05`` for the groups of one :data:`TIME`, or None past 23:59."""
    h, m = int(hour), minute_of(minute)
    return f"{h:02d}:{m:02d}" if h <= 23 and m <= 59 else None


def read_loose_time(text: str) -> str | None:
    """The HH:MM that ``text`` means when it is one time of day (13時 → 13:00, 午後1時半 →
    13:30, １３：３０ → 13:30, 13時〜 → 13:00); None otherwise. A bare number (13) is not taken
    for a time."""
    plain = _OPEN_ENDS.sub("", plain_time_text(text))  # 13時〜 is a start, 〜14時 an end
    match = SINGLE.fullmatch(plain)
    if match is None or (match[2] is None and "時" not in plain):
        return None
    return hhmm_or_none(match[1], match[2])


def read_loose_range(text: str) -> tuple[str, str] | None:
    """(start, end) when ``text`` is a start and an end written together (13:30～14:10,
    13時から14時半), the end after the start; None otherwise."""
    match = RANGE.fullmatch(plain_time_text(text))
    if match is None or match[3] is None:
        return None
    start, end = hhmm_or_none(match[1], match[2]), hhmm_or_none(match[3], match[4])
    if start is None or end is None or end <= start:
        return None
    return start, end


_SPAN = re.compile(rf"(午前|午後)?\s*{TIME}\s*(?:{DASH}|から)\s*(?:(午前|午後)?\s*{TIME})?")


def _hour24(noon: str | None, hour: str) -> str:
    return str(int(hour) + 12) if noon == "午後" and int(hour) < 12 else hour


def find_time_range(text: str) -> tuple[int, int, str, str | None] | None:
    """The first start and end (or start alone, 13:30～) written inside ``text`` as a time
    cell is (13:30～14:10, 13時30分～14時30分, 午後1時～午後2時, full-width digits): its span
    in ``text`` and its HH:MM; None when there is none (a past page's session heads)."""
    chars: list[str] = []
    origin: list[int] = []  # index in ``text`` of each character of the normalised text
    for index, char in enumerate(text):
        plain = unicodedata.normalize("NFKC", char)
        chars.append(plain)
        origin += [index] * len(plain)
    normalised = "".join(chars)
    for match in _SPAN.finditer(normalised):
        if match[3] is None and not normalised[match.end(2) :].lstrip().startswith("時"):
            continue  # 13: alone is no time; 13時 is
        start = hhmm_or_none(_hour24(match[1], match[2]), match[3])
        end = hhmm_or_none(_hour24(match[4], match[5]), match[6]) if match[5] else None
        if start is None or (match[5] and (end is None or end <= start)):
            continue
        last = origin[match.end() - 1] + 1
        return origin[match.start()], last, start, end
    return None


_CLOCK = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{1,2}))?\s*([ap])\.?m\.?", re.IGNORECASE)
_SECONDS = re.compile(r"([0-9]{1,2}):([0-9]{2}):[0-9]{2}")
_DOT = re.compile(r"([0-9]{1,2})\.([0-9]{2})")
_ONE_DIGIT = re.compile(r"([0-9]{1,2}):([0-9])")
_HOURS = re.compile(r"([0-9]{2,}):([0-9]{2})")


def meant_times(text: str) -> tuple[str, ...]:
    """The HH:MM a time field's value may mean, the likelier first: 13:30 for 1:30pm,
    13:30:00 or 13.30 (and for what :func:`read_loose_time` reads); 13:30 and 13:03 for
    13:3, where a digit is missing; none when ``text`` is no time of day."""
    plain = plain_time_text(text)
    clock = _CLOCK.fullmatch(plain)
    if clock is not None:
        hour = int(clock[1])
        if not 1 <= hour <= 12:
            return ()
        hour = hour % 12 + (12 if clock[3].lower() == "p" else 0)
        meant = hhmm_or_none(str(hour), clock[2])
        return (meant,) if meant else ()
    one = _ONE_DIGIT.fullmatch(plain)
    if one is not None:
        both = (hhmm_or_none(one[1], one[2] + "0"), hhmm_or_none(one[1], one[2]))
        return tuple(meant for meant in both if meant)
    written = _SECONDS.fullmatch(plain) or _DOT.fullmatch(plain)
    meant = hhmm_or_none(written[1], written[2]) if written else read_loose_time(text)
    return (meant,) if meant else ()


def past_the_day(text: str) -> bool:
    """True for a time written past 23:59 (25:00, 24:30): the hours of a day end at 23."""
    hours = _HOURS.fullmatch(plain_time_text(text))
    return hours is not None and int(hours[1]) >= 24 and int(hours[2]) <= 59
