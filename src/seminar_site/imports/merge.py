"""``import --update``'s merge of the programme, day by day, session by session, speaker by
speaker: what the author wrote in report.yaml by hand stays, what the new source changed is
taken, and what would be lost is said, never dropped in silence.

Three versions of each item meet: the author's (report.yaml now), the new source's, and the
source's as the last import read it (the base, which the writer keeps with the editor's
history, ``.seminar-editor/imports/``). A value that differs from the base was written by hand:
it stays when the source did not change it. A value the source changed is taken and listed
(``Merge.replaced``). A hand-written value that the source changed too, or a hand-written key
of an item the new source no longer has, would be lost (``Merge.lost``): the writer refuses
that without ``--force``. Without a base (a report made by hand, or by an older import), the
source's own keys (kind, title, start, end, speakers' names and affiliations) win and every
other key is the author's. Items are matched by identity: a session by its title, else its
speakers, else its start time; a speaker by name; a day by date.

A source speaks only for the keys it can give (``ImportResult.gives``): a sheet without a 部署
column never removes a department, and no sheet removes summary files, materials or photos. An
item holding such keys that the new source no longer lists (a panellist a past page named)
is lost, not removed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from seminar_site.i18n import Message, _
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import DAY, SESSION, SPEAKER

_MISSING: Any = object()


@dataclass(frozen=True)
class Replaced:
    """A value of report.yaml that the new source replaced (``after`` empty: removed)."""

    where: str
    before: str
    after: str


@dataclass(frozen=True)
class Loss:
    """What the author wrote by hand and the merge has no place for (or had to replace)."""

    where: str
    keys: str  # the keys lost, 「summary, recording」
    text: str  # the lost keys as YAML, to paste back
    reason: Message
    line: int | None  # of report.yaml, from 1
    col: int | None
    earlier: bool = False  # keys the new source cannot give, not (only) written by hand


@dataclass
class Merge:
    replaced: list[Replaced] = field(default_factory=list)
    lost: list[Loss] = field(default_factory=list)
    removed_days: list[str] = field(default_factory=list)
    gives: Mapping[str, frozenset[str]] | None = None  # see merge_days


def _key(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).lower()


def plain(value: Any) -> Any:
    """A round-trip value as plain data, to compare (ruamel's maps, strings, dates)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


def _same(a: Any, b: Any) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return bool(plain(a) == plain(b))


def shown(value: Any) -> str:
    """A value as the author would write it in report.yaml."""
    if value is _MISSING:
        return ""
    data = plain(value)
    if not isinstance(data, dict | list):
        return str(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).strip()


def _names(item: Mapping[str, Any]) -> list[str]:
    speakers = item.get("speakers")
    if not isinstance(speakers, list):
        return []
    return sorted(_key(s.get("name")) for s in speakers if isinstance(s, Mapping))


def _same_title(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return bool(a.get("title")) and _key(a.get("title")) == _key(b.get("title"))


def _same_speakers(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return bool(_names(a)) and _names(a) == _names(b)


def _same_start(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    titled = a.get("title") and b.get("title")
    return not titled and bool(a.get("start")) and str(a.get("start")) == str(b.get("start"))


def _same_name(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return bool(a.get("name")) and _key(a.get("name")) == _key(b.get("name"))


def _same_date(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return str(a.get("date")) == str(b.get("date"))


@dataclass(frozen=True)
class _Level:
    name: str  # "day", "session", "speaker": as ImportResult.gives names the levels
    shape: Shape
    keys: tuple[str, ...]  # the keys a source gives an item of this level
    tests: tuple[Callable[[Mapping[str, Any], Mapping[str, Any]], bool], ...]
    label: Callable[[Mapping[str, Any]], str]
    child: tuple[str, _Level] | None = None
    by_position: bool = False  # base and author's items left unmatched pair up in order


_SPEAKERS = _Level(
    "speaker",
    SPEAKER,
    ("name", "organisation", "department", "role", "session_role", "honorific"),
    (_same_name,),
    lambda s: str(s.get("name", "")),
    by_position=True,
)
_SESSIONS = _Level(
    "session",
    SESSION,
    ("kind", "title", "start", "end", "speakers"),
    (_same_title, _same_speakers, _same_start),
    lambda s: f"「{s.get('title') or s.get('kind') or s.get('start') or ''}」",
    ("speakers", _SPEAKERS),
)
_DAYS = _Level("day", DAY, ("date", "sessions"), (_same_date,), lambda d: str(d.get("date")),
               ("sessions", _SESSIONS))  # fmt: skip


Gives = Mapping[str, frozenset[str]] | None  # ImportResult.gives: None, every key


def merge_days(
    old: Sequence[Any], new: Sequence[Any], base: Sequence[Any] | None, gives: Gives = None
) -> tuple[list[Any], Merge]:
    """The merged ``days`` (round-trip maps of ``old`` and ``new``) and what it changed;
    ``gives``: the keys the new source can give at each level (a key it cannot give is
    never removed or changed, an item holding one never dropped in silence)."""
    found = Merge(gives=gives)
    days = _merge_list(old, new, base, _DAYS, "", found)
    return days, found


def _given(level: _Level, key: str, found: Merge) -> bool:
    """Whether the new source speaks for ``key`` of an item of ``level``."""
    return found.gives is None or key in found.gives.get(level.name, frozenset())


def _beyond(item: Mapping[str, Any], level: _Level, found: Merge) -> dict[str, Any]:
    """The keys of ``item`` the new source cannot give (and, below, the children holding
    such keys): what removing the item would lose that the source never spoke for."""
    if found.gives is None:
        return {}
    beyond = {k: v for k, v in item.items() if not _given(level, k, found)}
    if level.child is not None:
        name, child = level.child
        if name not in beyond:
            kept = [c for c in _maps(item.get(name)) if _beyond(c, child, found)]
            if kept:
                beyond[name] = kept
    return beyond


def _pairs(
    candidates: Sequence[Sequence[Any]], items: Sequence[Any], level: _Level, by_position: bool
) -> dict[int, int]:
    """Index in ``items`` → index in ``candidates`` (each a list of maps that speak for one
    item): the first test that pairs them wins, each paired once."""
    pairs: dict[int, int] = {}
    for test in level.tests:
        for index, item in enumerate(items):
            if index in pairs:
                continue
            for number, speaking in enumerate(candidates):
                if number not in pairs.values() and any(test(c, item) for c in speaking):
                    pairs[index] = number
                    break
    if by_position:
        left = [n for n in range(len(candidates)) if n not in pairs.values()]
        rest = [i for i in range(len(items)) if i not in pairs]
        if len(left) == len(rest):
            pairs.update(zip(rest, left, strict=True))
    return pairs


def _maps(items: Sequence[Any] | None) -> list[Any]:
    return [i for i in items or () if isinstance(i, Mapping)]


def _merge_list(
    olds: Sequence[Any], news: Sequence[Any], bases: Sequence[Any] | None, level: _Level,
    where: str, found: Merge,
) -> list[Any]:  # fmt: skip
    olds, news = _maps(olds), _maps(news)
    base_of: dict[int, Any] = {}
    if bases is not None:
        known = _maps(bases)
        base_of = {o: known[b] for o, b in _pairs([[b] for b in known], olds, level,
                                                   level.by_position).items()}  # fmt: skip
    speaking = [[old, *([base_of[n]] if n in base_of else [])] for n, old in enumerate(olds)]
    pairs = _pairs(speaking, news, level, False)
    new_of = {old: new for new, old in pairs.items()}
    merged: list[tuple[tuple[int, int, int], Any]] = []
    for index, new in enumerate(news):
        old = pairs.get(index)
        item = new
        if old is not None:
            place = f"{where} {level.label(olds[old])}".strip()
            item = _merge_map(olds[old], new, base_of.get(old), level, place, found)
        merged.append(((index, 0, 0), item))
    last = -1
    for number, old in enumerate(olds):
        if number in new_of:
            last = new_of[number]
            continue
        base = base_of.get(number)
        if bases is not None and base is None:  # the author's own item: kept in its place
            merged.append(((last, 1, number), old))
            continue
        _unplaced(old, base, level, f"{where} {level.label(old)}".strip(), found)
    return [item for _order, item in sorted(merged, key=lambda pair: pair[0])]


def _unplaced(old: Any, base: Any, level: _Level, place: str, found: Merge) -> None:
    """An item of report.yaml that the new source no longer has: listed as removed, or as
    lost when it holds anything written by hand or any key the new source cannot give."""
    hand = _hand(old, base, level)
    beyond = _beyond(old, level, found)
    if level is _DAYS:
        found.removed_days.append(str(old.get("date")))
    if not hand and not beyond:
        found.replaced.append(Replaced(place, shown(level.label(old)), ""))
        return
    line, col = _position(old)
    reason = _("the new source has no such item (matched by date, title, speakers or start "
               "time), so what was written here by hand has no place")  # fmt: skip
    earlier = not hand  # all of it came from an earlier source that could give it
    if earlier:
        hand = beyond
        reason = _("the new source has no such item (matched by date, title, speakers or start "
                   "time), and it has no column for {keys}: they came from an earlier import "
                   "or were written by hand", keys=", ".join(beyond))  # fmt: skip
    hand.update((k, v) for k, v in beyond.items() if k not in hand)
    found.lost.append(Loss(place, ", ".join(hand), shown(hand), reason, line, col, earlier))


def _hand(old: Mapping[str, Any], base: Any, level: _Level) -> dict[str, Any]:
    """The keys of ``old`` written by hand: those that differ from the base, else those a
    source never gives (and, below, the children that hold such keys)."""
    if base is not None:
        return {k: v for k, v in old.items() if not _same(v, base.get(k, _MISSING))}
    hand = {k: v for k, v in old.items() if k not in level.keys}
    if level.child is not None:
        name, child = level.child
        kept = [c for c in _maps(old.get(name)) if _hand(c, None, child)]
        if kept:
            hand[name] = kept
    return hand


def _position(item: Any, key: str | None = None) -> tuple[int | None, int | None]:
    lc = getattr(item, "lc", None)
    if lc is None:
        return None, None
    try:
        line, col = lc.key(key) if key is not None else (lc.line, lc.col)
    except (KeyError, TypeError):
        line, col = lc.line, lc.col
    return (line + 1 if line is not None else None), (col + 1 if col is not None else None)


def _merge_map(old: Any, new: Any, base: Any, level: _Level, place: str, found: Merge) -> Any:
    """One item: ``new``'s keys and ``old``'s, each value chosen as the module says, in the
    documented order, with the comments of the old keys."""
    from ruamel.yaml.comments import CommentedMap

    values: dict[str, Any] = {}
    source_of: dict[str, Any] = {}
    for key in [*new, *(k for k in old if k not in new)]:
        mine, theirs = old.get(key, _MISSING), new.get(key, _MISSING)
        was = _MISSING if base is None else base.get(key, _MISSING)
        where = f"{place} {key}"
        value, source = theirs, new
        child = level.child
        if not _given(level, key, found) and mine is not _MISSING:
            value, source = mine, old  # a key the new source cannot give: it says nothing
        elif child and key == child[0] and isinstance(mine, list) and isinstance(theirs, list):
            bases = (was if isinstance(was, list) else []) if base is not None else None
            value = _merge_list(mine, theirs, bases, child[1], place, found)
            source = old
        elif _same(mine, theirs):
            value, source = mine, old
        elif theirs is _MISSING:
            if base is None or not _same(mine, was):
                value, source = mine, old  # the author's own key: the source says nothing
            else:
                found.replaced.append(Replaced(where, shown(mine), ""))
                continue  # the source left it out, and the author had not changed it
        elif mine is _MISSING:
            if base is not None and was is not _MISSING and _same(theirs, was):
                continue  # deleted by hand, and the source has not changed it
        elif base is not None and _same(theirs, was):
            value, source = mine, old  # changed by hand; the source still says the same
        elif (base is None and key in level.keys) or (base is not None and _same(mine, was)):
            found.replaced.append(Replaced(where, shown(mine), shown(theirs)))
        else:
            line, col = _position(old, key)
            reason = _("changed by hand in report.yaml, and the new source changed it too: "
                       "its value is {value}", value=shown(theirs))  # fmt: skip
            found.lost.append(Loss(place, key, shown({key: mine}), reason, line, col))
        values[key] = value
        source_of[key] = source
    order = {f.key: n for n, f in enumerate(level.shape.fields)}
    result = CommentedMap()
    for key in sorted(values, key=lambda k: order.get(k, len(order))):
        result[key] = values[key]
        comments = getattr(source_of[key], "ca", None)
        if comments is not None and key in comments.items:
            result.ca.items[key] = comments.items[key]
    return result
