"""The author's YAML kept as written: ruamel.yaml's round-trip documents, merged with the form.

The form sends plain JSON; :func:`merge` changes only the nodes whose value changed, so that
comments, key order, quoting, blank lines and the indentation stay, and a one-field edit
is a one-line diff. New strings that PyYAML (the loader) would read as something else
(``yes``, ``1.0``, ``2021-02-24`` in a text field) are written quoted.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import json
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from seminar_site.settings.schema import Field, Shape

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


class Document:
    """One YAML file: its round-trip tree and the indentation it was written with."""

    def __init__(self, text: str) -> None:
        mapping, sequence, offset = guess_indent(text)
        self.indent = (mapping, sequence, offset)
        self.yaml = _yaml(*self.indent)
        loaded = self.yaml.load(text) if text.strip() else None
        self.data: Any = loaded if loaded is not None else CommentedMap()
        self.exact = not text.strip() or self.dump() == text
        if not self.exact:  # an unusual layout: ask ruamel's own (slower) guess
            _data, sequence_guess, offset_guess = load_yaml_guess_indent(text)
            self.indent = (mapping, sequence_guess or 2, offset_guess or 0)
            self.yaml = _yaml(*self.indent)
            self.exact = self.dump() == text

    def copy(self) -> Document:
        """Another tree to change (5 ms for a large report, against 60 ms to parse again),
        with its own YAML object: a ruamel.yaml object is not thread-safe, and the server
        validates and saves copies of one parsed file in several threads at once."""
        twin = Document.__new__(Document)
        twin.indent, twin.exact = self.indent, self.exact
        twin.yaml = _yaml(*self.indent)
        twin.data = copy.deepcopy(self.data)
        return twin

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    made = YAML(typ="rt")
    made.preserve_quotes = True
    made.width = 4096  # never re-wrap the author's long lines
    made.indent(mapping=mapping, sequence=sequence, offset=offset)
    return made


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) of a block YAML text, from its first
    nested key and its first list item under a key (ruamel's guess reads the whole file
    with its slow parser; this reads lines; Document checks the result)."""
    mapping = sequence = offset = 0
    parent: int | None = None  # indent of the last "key:" line with nothing after it
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if parent is not None and indent > parent:
            if stripped.startswith("- ") and not sequence:
                offset = indent - parent
                rest = stripped[2:]
                sequence = offset + 2 + (len(rest) - len(rest.lstrip(" ")))
            elif not stripped.startswith("-") and not mapping:
                mapping = indent - parent
        parent = indent if stripped.endswith(":") and not stripped.startswith("- ") else None
        if mapping and sequence:
            break
    return mapping or 2, sequence or 2, offset


def plain(value: Any) -> Any:
    """JSON of a round-trip tree (dates as ISO text)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, ScalarString):
        return str(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def texts_of(value: Any) -> list[str]:
    """Every text of a plain tree (the values, not the keys): the files a report names."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in texts_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in texts_of(item)]
    return []


def merge(old: Any, new: Any, spec: Field | Shape | None) -> Any:
    """``new`` (plain JSON) written over ``old`` (a round-trip node): unchanged parts are
    ``old`` itself, so their comments and styles stay."""
    if isinstance(new, dict):
        shape = _shape_of(spec)
        target = old if isinstance(old, CommentedMap) else CommentedMap()
        for key in [key for key in target if key not in new]:
            del target[key]
        for key, value in new.items():
            field = shape.field_named(key) if shape is not None else None
            merged = merge(target.get(key), value, field)
            if key not in target or target[key] is not merged:
                target[key] = merged
        return target
    if isinstance(new, list):
        item = spec.item if isinstance(spec, Field) else None
        element: Field | Shape | None = item if isinstance(item, Shape) else None
        if isinstance(spec, Field) and spec.alternatives and new and isinstance(new, dict):
            element = spec.alternatives[0]
        target_list = old if isinstance(old, CommentedSeq) else CommentedSeq()
        _merge_list(target_list, new, element)
        return target_list
    if isinstance(spec, Field) and spec.alternatives and isinstance(new, dict):
        return merge(old, new, spec.alternatives[0])
    return _scalar(old, new, spec)


def _merge_list(target: CommentedSeq, new: list[Any], element: Field | Shape | None) -> None:
    """``new`` over the list ``target``, its items aligned by content first: an item moved,
    added or removed keeps every other item's node (and comments) and the moved item's own;
    an item edited in place is merged into its node."""
    olds = list(target)
    old_keys = [_key(plain(item)) for item in olds]
    new_keys = [_key(value) for value in new]
    if old_keys == new_keys:
        return
    placed: list[tuple[Any, int | None]] = [(None, None)] * len(new)
    spare: dict[str, list[int]] = {}
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        if tag == "equal":
            pairs = i2 - i1
        for k in range(pairs):
            merged = merge(olds[i1 + k], new[j1 + k], element)
            placed[j1 + k] = (merged, i1 + k)
        for i in range(i1 + pairs, i2):
            spare.setdefault(old_keys[i], []).append(i)
    for j, (node, _source) in enumerate(placed):
        if node is None:
            moved = spare.get(new_keys[j])
            if moved:
                i = moved.pop(0)
                placed[j] = (olds[i], i)
            else:
                placed[j] = (merge(None, new[j], element), None)
    if len(placed) == len(olds) and all(s == j for j, (_n, s) in enumerate(placed)):
        for j, (node, _source) in enumerate(placed):
            if target[j] is not node:
                target[j] = node
        return
    comments = dict(target.ca.items)
    del target[:]
    target.ca.items.clear()
    for j, (node, source) in enumerate(placed):
        target.append(node)
        if source is not None and source in comments:
            target.ca.items[j] = comments[source]


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _shape_of(spec: Field | Shape | None) -> Shape | None:
    if isinstance(spec, Shape):
        return spec
    if isinstance(spec, Field):
        if spec.shape is not None:
            return spec.shape
        if spec.alternatives:
            return spec.alternatives[0]
    return None


def _scalar(old: Any, new: Any, spec: Field | Shape | None) -> Any:
    if same(old, new):
        return old
    kind = spec.type if isinstance(spec, Field) else None
    if isinstance(new, str):
        if kind == "date":
            try:
                return dt.date.fromisoformat(new)
            except ValueError:
                pass
        if isinstance(old, ScalarString):  # the author's quoting or block style stays
            return type(old)(new)
        return DoubleQuotedScalarString(new) if _plain_reads_other(new) else new
    return new


def same(old: Any, new: Any) -> bool:
    """Whether the form's ``new`` says what ``old`` already says."""
    if isinstance(old, dt.date | dt.datetime):
        return isinstance(new, str) and old.isoformat() == new
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return False
    return bool(old == new and type(old) is type(new)) or (old is None and new is None)


def _plain_reads_other(text: str) -> bool:
    """Whether PyYAML (the loader) reads ``text`` written plain as anything but this text."""
    if text == "" or text != text.strip() or text[0] in "!&*[]{}|>'\"%@`#,?:-":
        return True
    if ": " in text or " #" in text or "\n" in text:
        return True
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != _STR_TAG)
