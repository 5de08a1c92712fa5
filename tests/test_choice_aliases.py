"""A choice written in the author's own words (ハイブリッド, 対面, 和暦 …) is refused, as any
other value outside the choices, with the choice it means as the hint's answer."""

from __future__ import annotations

import pytest

from seminar_site.settings.schema import Field, Shape
from seminar_site.settings.shapes import REPORT, SITE


def _fields(shape: Shape) -> list[Field]:
    found: list[Field] = []
    for field in shape.fields:
        found.append(field)
        for inner in (field.shape, field.item if isinstance(field.item, Shape) else None):
            if inner is not None:
                found += _fields(inner)
    return found


ALL = _fields(SITE) + _fields(REPORT)


def test_every_alias_names_one_of_its_fields_choices() -> None:
    with_aliases = [field for field in ALL if field.aliases]
    assert {field.key for field in with_aliases} >= {"format", "language", "date_style", "consent"}
    for field in with_aliases:
        for alias, choice in field.aliases:
            assert choice in field.choices, (field.key, alias)
            assert alias not in field.choices


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("ハイブリッド", "hybrid"),
        ("ハイブリッド開催", "hybrid"),
        ("対面・オンライン併用", "hybrid"),
        ("対面", "offline"),
        ("会場での開催", "offline"),
        ("オンライン形式", "online"),
        ("ＷＥＢ", "online"),
        ("Webinar", "online"),
        ("未定", None),
        ("hybrid", None),  # a choice itself is no alias
    ],
)
def test_the_format_an_author_means(written: str, meant: str | None) -> None:
    (field,) = [f for f in ALL if f.key == "format"]
    assert field.meant(written) == meant
