"""The scaffold's sample texts left in: found at their place, and a sample name only
beside another placeholder (山田 太郎 is a real name too, and imports bring real names)."""

from __future__ import annotations

import pytest

from seminar_site.content.placeholders import ORGANISATION, SPEAKER, find_placeholders

REAL = """\
title: 市民協働セミナー開催報告
days:
  - date: 2025-06-03
    sessions:
      - title: 基調講演
        speakers:
          - name: {name}
            organisation: {organisation}
"""


@pytest.mark.parametrize(
    ("name", "organisation", "expected"),
    [
        (SPEAKER, "〇〇市", []),  # a real speaker who has the sample name
        ("佐藤 花子", "〇〇市", []),
        ("鈴木 一郎", ORGANISATION, [(8, 27, ORGANISATION)]),
        (SPEAKER, ORGANISATION, [(7, 19, SPEAKER), (8, 27, ORGANISATION)]),  # the skeleton's
    ],
)
def test_a_sample_name_counts_only_beside_another_placeholder(
    name: str, organisation: str, expected: list[tuple[int, int, str]]
) -> None:
    text = REAL.format(name=name, organisation=organisation)
    assert find_placeholders(text, is_yaml=True) == expected


def test_a_sample_name_in_a_skeletons_markdown_is_found_with_its_texts() -> None:
    text = "講演の概要をここに書きます。段落は空行で区切ります。\n\n山田 太郎 氏が話しました。\n"
    found = [placeholder for _line, _col, placeholder in find_placeholders(text, is_yaml=False)]
    assert found == ["講演の概要をここに書きます。段落は空行で区切ります。", SPEAKER]
    assert find_placeholders("山田 太郎 氏が話しました。\n", is_yaml=False) == []
