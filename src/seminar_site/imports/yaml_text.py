"""report.yaml as text, in the style of the bundled reports: keys in the documented order
(settings/shapes.py), two-space indents, times quoted, long texts as ``>-`` blocks; and the
programme merged into an existing report.yaml (``--update``, merge.py) with ruamel.yaml's round
trip, so that the author's comments, quotes and layout of every other key survive.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from seminar_site.errors import SiteError
from seminar_site.i18n import _
from seminar_site.imports.merge import Merge, merge_days
from seminar_site.settings.schema import Shape
from seminar_site.settings.shapes import DAY, REPORT

_SCHEMA = "# yaml-language-server: $schema=../../../schema/report.schema.json\n"
#: The first comment of an imported report.yaml, in the site's language (as new-report's).
HEADERS = {
    "ja": _SCHEMA + "# 「seminar-site import」で作った報告です（入れられなかったものは "
    "import-report.md にあります）。\n"
    "# 各項目の説明は seminar-site の docs/content-format.md にあります。\n",
    "en": _SCHEMA + "# Made by 'seminar-site import' (what it could not place: "
    "import-report.md).\n# Every key is explained in docs/content-format.md of seminar-site.\n",
}
LONG = 60  # characters: a longer text goes on its own line, as a folded block


def report_text(report: Mapping[str, Any], language: str = "ja") -> str:
    """A new report.yaml, its first comment in the site's ``language``."""
    lines: list[str] = []
    for key, value in _ordered(report, REPORT):
        if key == "days":
            lines.append("")
        lines += _entry(key, value, 0, _sub_shape(REPORT, key))
    return HEADERS.get(language, HEADERS["en"]) + "\n".join(lines) + "\n"


def _sub_shape(shape: Shape | None, key: str) -> Shape | None:
    spec = shape.field_named(key) if shape is not None else None
    if spec is None:
        return None
    item = spec.shape or spec.item
    return item if isinstance(item, Shape) else None


def _ordered(data: Mapping[str, Any], shape: Shape | None) -> list[tuple[str, Any]]:
    order = {f.key: n for n, f in enumerate(shape.fields)} if shape else {}
    return sorted(data.items(), key=lambda kv: order.get(kv[0], len(order)))


def _entry(key: str, value: Any, indent: int, shape: Shape | None) -> list[str]:
    pad = " " * indent
    if isinstance(value, Mapping):
        if not value:
            return [f"{pad}{key}: {{}}"]
        lines = [f"{pad}{key}:"]
        for sub, item in _ordered(value, shape):
            lines += _entry(sub, item, indent + 2, _sub_shape(shape, sub))
        return lines
    if isinstance(value, list | tuple):
        return _sequence(key, value, indent, shape)
    return _scalar_entry(f"{pad}{key}:", value, indent + 2)


def _sequence(key: str, items: Sequence[Any], indent: int, shape: Shape | None) -> list[str]:
    pad = " " * indent
    if not items:
        return [f"{pad}{key}: []"]
    if all(not isinstance(i, Mapping | list | tuple) for i in items):
        plain = [_plain(i) for i in items]
        flow = f"{pad}{key}: [{', '.join(p for p in plain if p is not None)}]"
        if all(p is not None and "," not in p for p in plain) and len(flow) <= 100:
            return [flow]
    lines = [f"{pad}{key}:"]
    for item in items:
        if isinstance(item, Mapping) and item:
            entries: list[str] = []
            for sub, value in _ordered(item, shape):
                entries += _entry(sub, value, indent + 4, _sub_shape(shape, sub))
            first = entries[0][indent + 4 :]
            lines.append(f"{pad}  - {first}")
            lines += entries[1:]
        else:
            lines += _scalar_entry(f"{pad}  -", item, indent + 4)
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    return str(value)


# A text that starts with a letter outside ASCII (Japanese, mostly) matches no implicit type
# of YAML (numbers, dates, booleans, null and the rest all start with ASCII); as a plain
# scalar it only must not hold ": ", " #", a line break or a character YAML refuses.
_UNSAFE = re.compile(
    r": | #|:$|[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def _plain(value: Any) -> str | None:
    """``value`` written without quotes, when YAML (as the loader reads it) gives it back."""
    if not isinstance(value, str):
        return _scalar(value)
    if not value or value != value.strip() or "\n" in value or "\t" in value:
        return None
    if not value[0].isascii() and _UNSAFE.search(value) is None:
        return value  # the quick answer (tests/test_import_sheets.py: the same as below)
    return _plain_slow(value)


@functools.lru_cache(maxsize=4096)
def _plain_slow(value: str) -> str | None:
    """What PyYAML reads back decides: 13:30 is a number, 2024-10-03 a date, yes a boolean."""
    try:
        back = yaml.safe_load(f"k: {value}\n")
    except yaml.YAMLError:
        return None
    return value if back == {"k": value} else None


def _scalar_entry(prefix: str, value: Any, indent: int) -> list[str]:
    if not isinstance(value, str):
        return [f"{prefix} {_scalar(value)}"]
    pad = " " * indent
    if "\n" in value and not value.startswith((" ", "\n")) and "\t" not in value:
        body = [pad + line if line else "" for line in value.split("\n")]
        return [f"{prefix} |-", *[line.rstrip() for line in body]]
    plain = _plain(value)
    if plain is not None and len(plain) > LONG:
        return [f"{prefix} >-", pad + plain]
    if plain is not None:
        return [f"{prefix} {plain}"]
    return [f"{prefix} {json.dumps(value, ensure_ascii=False)}"]


# --- --update: the programme put into the report.yaml the author already has ---------------


def days_text(days: Sequence[Mapping[str, Any]]) -> str:
    """The programme alone, as the source gave it: what the writer keeps as the base of the
    next ``--update`` (merge.py)."""
    return "\n".join(_entry("days", list(days), 0, DAY)) + "\n"


def updated_text(
    existing: str,
    days: Sequence[Mapping[str, Any]],
    base: str | None = None,
    gives: Mapping[str, frozenset[str]] | None = None,
) -> tuple[str, Merge]:
    """``existing`` with its ``days`` merged with the imported ones (merge.py: what the author
    wrote by hand stays); ``base``: the programme the last import read (days_text), if kept;
    ``gives``: the keys the new source can give (ImportResult.gives)."""
    try:
        from ruamel.yaml import YAML  # only --update pays for it
        from ruamel.yaml.comments import CommentedSeq
    except ImportError:
        raise SiteError(
            _("--update needs ruamel.yaml, which is not installed"),
            hint=_("install it with: pip install 'seminar-site[import]'"),
        ) from None

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)
    document = rt.load(existing)
    fresh = rt.load(days_text(days))["days"]
    old_days = document.get("days") if isinstance(document.get("days"), list) else []
    base_days = _base_days(rt, base)
    merged, found = merge_days(old_days, fresh, base_days, gives)
    document["days"] = CommentedSeq(merged)
    out = io.StringIO()
    rt.dump(document, out)
    return out.getvalue(), found


def _base_days(rt: Any, base: str | None) -> list[Any] | None:
    """The recorded programme, or None when there is none (or it cannot be read)."""
    if base is None:
        return None
    from ruamel.yaml.error import YAMLError

    try:
        record = rt.load(base)
    except YAMLError:  # a damaged record only costs the finer merge
        return None
    days = record.get("days") if isinstance(record, Mapping) else None
    return days if isinstance(days, list) else None
