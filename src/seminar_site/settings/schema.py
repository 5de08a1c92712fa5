"""Declarative shapes of site.yaml and report.yaml, and the checker that applies them.

One description serves three readers: the validator below, the JSON Schema published for
editors (jsonschema.py) and the test that keeps docs/content-format.md complete.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from seminar_site.errors import ErrorCollector, SiteError
from seminar_site.i18n import Message, _
from seminar_site.settings.aliases import BOOL_WORDS
from seminar_site.settings.dates_iso import ImpossibleDate, impossible_reason, read_loose_date
from seminar_site.settings.value_hints import number_hint, time_hint
from seminar_site.settings.yamlsource import position

SCALAR_TYPES = ("str", "text", "int", "bool", "date", "url", "path", "time")


@dataclass(frozen=True)
class Field:
    key: str
    type: str  # one of SCALAR_TYPES, "list" or "map"
    doc: str  # English, marked with N_: docs and the JSON Schema use it as it is
    required: bool = False
    choices: tuple[str, ...] = ()
    item: Shape | str | None = None  # for lists
    shape: Shape | None = None  # for maps
    minimum: int | None = None
    alternatives: tuple[Shape, ...] = ()  # for "list_or_map": a list of item, or this map
    # What authors write for a choice in their own words (ハイブリッド → hybrid): never
    # accepted as the value, only offered as the hint's answer.
    aliases: tuple[tuple[str, str], ...] = ()

    def meant(self, written: str) -> str | None:
        """The choice that ``written`` names in other words (NFKC, any letter case, a
        trailing 開催/形式/方式 left out), or None."""
        plain = unicodedata.normalize("NFKC", written).casefold().strip()
        plain = re.sub(r"\s+", "", re.sub(r"(?:での)?(?:開催|形式|方式)$", "", plain))
        for alias, choice in self.aliases:
            if unicodedata.normalize("NFKC", alias).casefold() == plain:
                return choice
        return None


@dataclass(frozen=True)
class Shape:
    name: str  # English, marked with N_ (shown in messages, translated there)
    doc: str
    fields: tuple[Field, ...]
    exclusive: tuple[tuple[str, str], ...] = ()  # pairs of keys that cannot both be given

    def field_named(self, key: str) -> Field | None:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        return None


class Checked(dict[str, Any]):
    """A validated mapping: plain values plus the position of each key for later checks."""

    def __init__(self, path: Path, line: int, col: int) -> None:
        super().__init__()
        self.path = path
        self.line = line
        self.col = col
        self.marks: dict[str, tuple[int, int]] = {}
        # Where each one-line text value is in the file (start, end): for check --fix.
        self.spans: dict[str, tuple[int, int]] = {}

    def error(self, key: str | None, message: str, hint: str | None = None) -> SiteError:
        line, col = self.marks.get(key, (self.line, self.col)) if key else (self.line, self.col)
        return SiteError(message, self.path, line, col, hint=hint)


def doc_message(doc: str) -> Message:
    """A field's or shape's ``doc`` (or a shape's name), marked with N_, as a message; its
    plain English (``str()``) is what the docs and the JSON Schema show."""
    return Message(doc, {})


_TYPE_NAMES = {
    "str": _("a text"),
    "text": _("a text"),
    "int": _("a whole number"),
    "bool": _("true or false"),
    "date": _("a date like 2021-02-24"),
    "url": _("a URL like https://example.jp/"),
    "path": _("a relative file path"),
    "time": _("a time like 13:30"),
    "list": _("a list (lines starting with '- ')"),
    "map": _("a mapping of keys"),
}
_URL = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+|tel:[^\s]+|/[^\s]*|\.{0,2}/?[^\s:]*)$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")


def type_name(spec: Field) -> str:
    return _TYPE_NAMES.get(spec.type, spec.type)


def _must_be(spec: Field) -> Message:
    return _("'{key}' must be {kind}", key=spec.key, kind=type_name(spec))


def check_mapping(node: yaml.Node, shape: Shape, path: Path, errors: ErrorCollector) -> Checked:
    line, col = position(node)
    result = Checked(path, line, col)
    if not isinstance(node, yaml.MappingNode):
        what = doc_message(shape.doc)
        message = _("expected {what} (a mapping of keys)", what=what)
        errors.add(SiteError(message, path, line, col, _found(node)))
        return result
    known = [f.key for f in shape.fields]
    name = doc_message(shape.name)
    suggested: set[str] = set()  # a misspelt required key is reported once, as misspelt
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        key_line, key_col = position(key_node)
        if not isinstance(key, str):
            errors.add(SiteError(_("keys must be plain words"), path, key_line, key_col))
            continue
        if key in result.marks:
            errors.add(
                SiteError(
                    _("key '{key}' is given twice in {shape}", key=key, shape=name),
                    path,
                    key_line,
                    key_col,
                    hint=_("remove one of them"),
                )
            )
            continue
        spec = shape.field_named(key)
        if spec is None:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = (
                _("did you mean '{key}'?", key=close[0])
                if close
                else _("allowed keys: {keys}", keys=", ".join(known))
            )
            suggested.update(close)
            message = _("unknown key '{key}' in {shape}", key=key, shape=name)
            errors.add(SiteError(message, path, key_line, key_col, hint))
            continue
        result.marks[key] = (key_line, key_col)
        if isinstance(value_node, yaml.ScalarNode):
            result.spans[key] = (value_node.start_mark.index, value_node.end_mark.index)
        value = _check_value(value_node, spec, path, errors)
        if value is not _INVALID:
            result[key] = value
    for spec in shape.fields:
        if (
            spec.required
            and spec.key not in result
            and spec.key not in result.marks
            and spec.key not in suggested
        ):
            errors.add(
                SiteError(
                    _("missing required key '{key}' in {shape}", key=spec.key, shape=name),
                    path,
                    line,
                    col,
                    hint=_("add '{key}:' ({doc})", key=spec.key, doc=doc_message(spec.doc)),
                )
            )
    for first, second in shape.exclusive:
        if first in result and second in result:
            message = _(
                "give either '{first}' or '{second}' in {shape}, not both",
                first=first,
                second=second,
                shape=name,
            )
            errors.add(result.error(second, message))
    return result


_INVALID: Any = object()


def _found(node: yaml.Node) -> Message:
    if isinstance(node, yaml.MappingNode):
        return _("found a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("found a list")
    value = node.value if isinstance(node.value, str) else ""
    return _found_text(value if len(value) <= 40 else value[:37] + "...")


def _found_text(text: str) -> Message:
    return _("found '{value}'", value=text) if text else _("found ''")


def _check_value(node: yaml.Node, spec: Field, path: Path, errors: ErrorCollector) -> Any:
    line, col = position(node)

    def wrong() -> Any:
        errors.add(SiteError(_must_be(spec), path, line, col, hint=_found(node)))
        return _INVALID

    if spec.type == "map":
        assert spec.shape is not None
        if not isinstance(node, yaml.MappingNode):
            return wrong()
        return check_mapping(node, spec.shape, path, errors)
    if spec.type == "list":
        if isinstance(node, yaml.MappingNode) and spec.alternatives:
            return check_mapping(node, spec.alternatives[0], path, errors)
        if not isinstance(node, yaml.SequenceNode):
            return wrong()
        items: list[Any] = []
        for child in node.value:
            if isinstance(spec.item, Shape):
                items.append(check_mapping(child, spec.item, path, errors))
            else:
                item_key = _("{key} item", key=spec.key)
                item_spec = Field(item_key, spec.item or "str", spec.doc)
                value = _check_value(child, item_spec, path, errors)
                if value is not _INVALID:
                    items.append(value)
        if spec.minimum is not None and len(items) < spec.minimum:
            message = _("'{key}' needs at least {count} item(s)", key=spec.key, count=spec.minimum)
            errors.add(SiteError(message, path, line, col))
        return items
    if not isinstance(node, yaml.ScalarNode):
        return wrong()
    return _check_scalar(node, spec, path, errors, wrong)


def _check_scalar(
    node: yaml.ScalarNode, spec: Field, path: Path, errors: ErrorCollector, wrong: Any
) -> Any:
    line, col = position(node)
    raw: str = node.value
    tag = node.tag
    if spec.type in ("str", "text", "url", "path", "time"):
        if tag in ("tag:yaml.org,2002:null",) or (node.style is None and raw in ("", "~", "null")):
            return wrong()
        if spec.type == "time" and not _TIME.match(raw):
            hint = time_hint(raw)
            if hint is None:
                return wrong()
            errors.add(SiteError(_must_be(spec), path, line, col, hint))
            return _INVALID
        if spec.type == "url" and not _URL.match(raw):
            return wrong()
        if spec.type == "path" and (raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw)):
            errors.add(
                SiteError(
                    _(
                        "'{key}' must be a path relative to this file's folder, not absolute",
                        key=spec.key,
                    ),
                    path,
                    line,
                    col,
                )
            )
            return _INVALID
        text = raw.strip() if spec.type != "text" else raw
        if spec.choices and text not in spec.choices:
            close = difflib.get_close_matches(text, spec.choices, n=1)
            meant = spec.meant(text)
            if meant is not None:
                hint = _("write {value}", value=meant)
            else:
                hint = _("did you mean '{key}'?", key=close[0]) if close else _found_text(text)
            choices = ", ".join(spec.choices)
            message = _("'{key}' must be one of: {choices}", key=spec.key, choices=choices)
            errors.add(SiteError(message, path, line, col, hint=hint))
            return _INVALID
        return text
    if spec.type == "int":
        digits = raw.replace("_", "")
        if tag != "tag:yaml.org,2002:int" or not re.fullmatch(r"[-+]?[0-9]{1,18}", digits):
            hint = number_hint(node, spec.key)
            if hint is None:
                return wrong()
            errors.add(SiteError(_must_be(spec), path, line, col, hint))
            return _INVALID
        value = int(digits)
        if spec.minimum is not None and value < spec.minimum:
            message = _("'{key}' must be at least {minimum}", key=spec.key, minimum=spec.minimum)
            errors.add(SiteError(message, path, line, col))
            return _INVALID
        return value
    if spec.type == "bool":
        if tag != "tag:yaml.org,2002:bool":
            meant = BOOL_WORDS.get(unicodedata.normalize("NFKC", raw).strip())
            if meant is None:
                return wrong()
            errors.add(SiteError(_must_be(spec), path, line, col, _("write {value}", value=meant)))
            return _INVALID
        return raw.lower() in ("true", "yes", "on")
    if spec.type == "date":
        return _check_date(raw, spec, path, errors, wrong, (line, col))
    raise AssertionError(f"unknown field type {spec.type}")


def _check_date(
    raw: str, spec: Field, path: Path, errors: ErrorCollector, wrong: Any, at: tuple[int, int]
) -> Any:
    """A date written YYYY-MM-DD; any other way a date is written (令和7年11月8日,
    2025/11/08, full-width digits) is an error whose hint is the ISO date it means."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", raw.strip())
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        reason = impossible_reason(year, month, day)
        if reason is None:
            return dt.date(year, month, day)
        message = _("'{key}' is not a real date: {reason}", key=spec.key, reason=reason)
        errors.add(SiteError(message, path, *at))
        return _INVALID
    try:
        meant = read_loose_date(raw)
    except ImpossibleDate as exc:
        message = _(
            "'{key}' is not a real date: {date} ({reason})",
            key=spec.key,
            date=raw.strip(),
            reason=exc.reason,
        )
        hint = _("check the date, and write it as YYYY-MM-DD")
        errors.add(SiteError(message, path, *at, hint))
        return _INVALID
    if meant is None:
        return wrong()
    errors.add(SiteError(_must_be(spec), path, *at, _("write {value}", value=meant.isoformat())))
    return _INVALID


def all_fields(shape: Shape, prefix: str = "") -> list[tuple[str, Field]]:
    """Every (dotted key, field) of a shape, depth first; used by docs and the JSON Schema."""
    found: list[tuple[str, Field]] = []
    for spec in shape.fields:
        dotted = f"{prefix}{spec.key}"
        found.append((dotted, spec))
        if spec.shape is not None:
            found.extend(all_fields(spec.shape, dotted + "."))
        if isinstance(spec.item, Shape):
            found.extend(all_fields(spec.item, dotted + "[]."))
        for alternative in spec.alternatives:
            found.extend(all_fields(alternative, dotted + "."))
    return found
