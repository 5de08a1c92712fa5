"""The answer a hint gives for a time or a number written another way than the field wants
(13時, 1:30pm, 13:3, 25:00; ４１２, 120名, 約320, 120.0): what to type, not what was typed
(schema.py checks the values, and asks these for the hint)."""

from __future__ import annotations

import re
import unicodedata

import yaml

from seminar_site.i18n import Message, _
from seminar_site.settings.times import meant_times, past_the_day, read_loose_range


def time_hint(raw: str) -> Message | None:
    """The answer for a time written another way (13時, 午後1時半, １３：３０, 1:30pm, 13:30:00),
    both times a missing digit may mean (13:3), the range of hours (25:00), or for a start and
    an end written in one value (13:30～14:10); None when ``raw`` is not a time at all."""
    meant = meant_times(raw)
    if len(meant) == 2:
        return _("write {value} or {other}", value=meant[0], other=meant[1])
    if meant:
        return _("write {value}", value=meant[0])
    if past_the_day(raw):
        return _("hours go up to 23: write a time from 0:00 to 23:59")
    span = read_loose_range(raw)
    if span is not None:
        start, end = span
        return _(
            "write the start and the end as two keys: start: {start} and end: {end}",
            start=start,
            end=end,
        )
    return None


#: A count as a form says it: 約320名, 120人, 延べ240件, 300名程度, 50人以上 (groups: the word
#: before, the number, the word after).
_COUNT = re.compile(
    r"(約|およそ|おおよそ|概ね|おおむね|延べ|のべ)?\s*"
    r"([-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,18}))\s*"
    r"(?:名|人|件|組|社|団体|者|席)?\s*(程度|余り?|以上|超|ほど|くらい|ぐらい)?"
)
_WHOLE = re.compile(r"([-+]?[0-9]{1,18})\.0*")
_ABOUT = ("約", "およそ", "おおよそ", "概ね", "おおむね")


def number_hint(node: yaml.ScalarNode, key: str) -> Message | None:
    """How to write ４１２, 1,200, 120名, 約320 or a quoted '412' as a whole number (None if it
    is not one); a count written as about (約, 程度) says how to show 約 where the key has it."""
    plain = unicodedata.normalize("NFKC", node.value).strip()
    whole = _WHOLE.fullmatch(plain)
    if whole is not None:  # 120.0
        return _("write {value}", value=whole[1])
    match = _COUNT.fullmatch(plain)
    if match is None:
        return None
    number = match[2].replace(",", "").lstrip("+")
    if (match[1] in _ABOUT or match[3]) and key == "participants":
        return _("write {value}, and participants_approximate: true to show 約", value=number)
    if node.style and plain == match[2]:
        return _("write {value} without quotes", value=number)
    return _("write {value}", value=number)
