"""The form description of ``GET /_edit/api/shapes``: the declarative shapes of
settings/shapes.py (the source of the loader's checks, the JSON Schema and the docs) as JSON,
with each field's label and help in the site's language, taken from the shape's docs."""

from __future__ import annotations

import re
from typing import Any

from seminar_site.i18n import render
from seminar_site.settings.schema import Field, Shape, doc_message
from seminar_site.settings.shapes import REPORT, SITE

KIND = {"str": "str", "text": "markdown", "int": "int", "bool": "bool", "date": "date"}
KIND |= {"url": "url", "path": "path", "time": "time", "list": "list", "map": "map"}
_FIRST = re.compile(r"^(.+?)(?:。|\. |\.$|, e\.g\.|: |（|\(|、例|例: )")


def label_of(help_text: str) -> str:
    """The first phrase of a field's doc ("Full name, family name first, e.g. …" → "Full
    name"; 「氏名。姓を先に…」 → 「氏名」), the label shown above its input."""
    match = _FIRST.match(help_text.strip())
    label = (match.group(1) if match else help_text).strip().rstrip(".。")
    return label.split(", ")[0] if len(label) > 40 else label


def describe(shape: Shape, language: str) -> dict[str, Any]:
    return {
        "name": render(doc_message(shape.name), language),
        "label": render(doc_message(shape.name), language),
        "help": render(doc_message(shape.doc), language),
        "fields": [_field(spec, language) for spec in shape.fields],
        "exclusive": [list(pair) for pair in shape.exclusive],
    }


def _field(spec: Field, language: str) -> dict[str, Any]:
    help_text = render(doc_message(spec.doc), language)
    item: dict[str, Any] | str | None = None
    if isinstance(spec.item, Shape):
        item = describe(spec.item, language)
    elif spec.type == "list":
        item = spec.item or "str"
    return {
        "key": spec.key,
        "kind": KIND[spec.type],
        "label": label_of(help_text) or spec.key,
        "help": help_text,
        "required": spec.required,
        "choices": list(spec.choices) or None,
        "minimum": spec.minimum,
        "item": item,
        "shape": describe(spec.shape, language) if spec.shape is not None else None,
        "alternatives": [describe(alt, language) for alt in spec.alternatives],
    }


def shapes(language: str) -> dict[str, Any]:
    return {
        "site": describe(SITE, language),
        "report": describe(REPORT, language),
        "lang": language,
    }


def field_label(shape: Shape, path: str, language: str) -> str | None:
    """The label the form shows for the field at ``path`` (``days[0].sessions[2].end`` →
    「終了時刻」), or None when the path leads to no field of ``shape``."""
    keys = [part for part in re.split(r"\.|\[\d+\]", path) if part]
    shapes: list[Shape] = [shape]
    spec: Field | None = None
    for key in keys:
        spec = next((f for s in shapes for f in s.fields if f.key == key), None)
        if spec is None:
            return None
        inner = spec.shape if spec.shape is not None else spec.item
        shapes = [inner] if isinstance(inner, Shape) else []
        shapes += list(spec.alternatives)
    if spec is None:
        return None
    return label_of(render(doc_message(spec.doc), language)) or spec.key
