"""JSON Schema of site.yaml and report.yaml, generated from the same shapes the loader checks."""

from __future__ import annotations

from typing import Any

from seminar_site.settings.schema import Field, Shape, doc_message
from seminar_site.settings.shapes import REPORT, SITE

_SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": "string"},
    "text": {"type": "string"},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{1,2}-\d{1,2}$"},
    "url": {"type": "string"},
    "path": {"type": "string", "pattern": r"^[^/\\]"},
    "time": {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"},
}


def json_schema(shape: Shape, title: str) -> dict[str, Any]:
    schema = _object(shape)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def site_schema() -> dict[str, Any]:
    return json_schema(SITE, "seminar-site site.yaml")


def report_schema() -> dict[str, Any]:
    return json_schema(REPORT, "seminar-site report.yaml")


def _object(shape: Shape) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": str(doc_message(shape.doc)),
        "additionalProperties": False,
        "properties": {spec.key: _field(spec) for spec in shape.fields},
    }
    required = [spec.key for spec in shape.fields if spec.required]
    if required:
        schema["required"] = required
    if shape.exclusive:
        schema["not"] = {
            "anyOf": [{"required": [first, second]} for first, second in shape.exclusive]
        }
    return schema


def _field(spec: Field) -> dict[str, Any]:
    if spec.type == "map":
        assert spec.shape is not None
        schema = _object(spec.shape)
    elif spec.type == "list":
        item = (
            _object(spec.item)
            if isinstance(spec.item, Shape)
            else dict(_SCALARS[spec.item or "str"])
        )
        schema = {"type": "array", "items": item}
        if spec.minimum is not None:
            schema["minItems"] = spec.minimum
        if spec.alternatives:
            schema = {"anyOf": [schema, *(_object(alt) for alt in spec.alternatives)]}
    else:
        schema = dict(_SCALARS[spec.type])
        if spec.choices:
            schema["enum"] = list(spec.choices)
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
    schema["description"] = str(doc_message(spec.doc))
    return schema
