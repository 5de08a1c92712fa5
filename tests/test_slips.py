"""Full-width slips in YAML are found before parsing, each at its own line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar_site.errors import ContentErrors, SiteError
from seminar_site.settings.slips import find_slips
from seminar_site.settings.yamlsource import parse_yaml

HERE = Path("report.yaml")
SPACE = "\u3000"


def slips(text: str) -> list[tuple[int, int, str, str]]:
    return [(e.line or 0, e.col or 0, e.message, e.hint or "") for e in find_slips(text, HERE)]


@pytest.mark.parametrize(
    ("text", "line", "col", "message", "hint"),
    [
        (
            f"event:\n{SPACE}name: x\n",
            2,
            1,
            "full-width space (全角スペース, U+3000) used for indentation",
            "indent with half-width spaces (two per level)",
        ),
        (
            f"event:\n  {SPACE}name: x\n",
            2,
            3,
            "full-width space (全角スペース, U+3000) used for indentation",
            "indent with half-width spaces (two per level)",
        ),
        (
            f"lead:{SPACE}本文\n",
            1,
            6,
            "full-width space (全角スペース, U+3000) after the colon",
            "type a half-width space after ':': 'lead: 本文'",
        ),
        (
            "event:\n  applications：412\n",
            2,
            15,
            "full-width colon (全角コロン '：', U+FF1A) after the key",
            "type a half-width colon and a space: 'applications: 412'",
        ),
        (
            f"photos:\n  - alt:{SPACE}会場\n",  # a key of photo texts: the slip it looks like
            2,
            9,
            "full-width space (全角スペース, U+3000) after the colon",
            "type a half-width space after ':': 'alt: 会場'",
        ),
        (
            "speakers:\n  - name：山田\n",
            2,
            9,
            "full-width colon (全角コロン '：', U+FF1A) after the key",
            "type a half-width colon and a space: 'name: 山田'",
        ),
        (
            "photos:\n  ー file: a.jpg\n",
            2,
            3,
            "long vowel mark (長音記号, U+30FC) used as a list dash",
            "type a half-width '-' instead of 'ー'",
        ),
        (
            "photos:\n  － file: a.jpg\n",
            2,
            3,
            "full-width hyphen (全角ハイフン, U+FF0D) used as a list dash",
            "type a half-width '-' instead of '－'",
        ),
        (
            f"photos:\n  -{SPACE}file: a.jpg\n",
            2,
            4,
            "full-width space (全角スペース, U+3000) after the list dash",
            "type half-width spaces after '-'",
        ),
        (
            "title: “講演: DXの第一歩”\n",
            1,
            8,
            "full-width quotes (全角引用符 “ ”) around the value",
            'to quote it, type half-width quotes: "講演: DXの第一歩"; '
            "to show “ ” on the page, put them inside half-width ones: '“講演: DXの第一歩”'",
        ),
        (
            f"title: x\n{SPACE}\nlead: y\n",
            2,
            1,
            "full-width space (全角スペース, U+3000) on an otherwise empty line",
            "delete the full-width spaces on this line",
        ),
    ],
)
def test_each_slip_is_named_where_it_is(
    text: str, line: int, col: int, message: str, hint: str
) -> None:
    assert slips(text) == [(line, col, message, hint)]


@pytest.mark.parametrize(
    "text",
    [
        "title: 会議：報告\n",  # a full-width colon inside a value
        f"lead: {SPACE}字下げした一文\n",  # a full-width space that starts a value
        "title: “基調”講演\n",  # quotes inside a value, not around it
        "kind: ー\n",
        "items:\n  - ー 項目\n",  # a value that starts with 長音
        f"body: |\n  {SPACE}段落の字下げ\n  ー 項目\n  title：x\nlead: x\n",  # a block scalar
        f"sessions:\n  - summary: >\n      {SPACE}字下げ\n    title: x\n",
        "title: セミナー　報告ー第２回\n",
        "# コメント：全角　あり\ntitle: x\n",
        "lead: 今回は\n  URL：https://example.jp/\n",  # the next line of a plain value
        "numbered_kinds:\n  - Zoom：https://example.jp/\n",  # a text in a list, not a key
        f"numbered_kinds:\n- a:{SPACE}\n",  # found by hypothesis: a text, as YAML reads it
    ],
)
def test_full_width_characters_inside_values_are_left_alone(text: str) -> None:
    assert slips(text) == []


def test_every_slip_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(
        f"title: x\nevent:\n{SPACE}name: y\n  applications：3\ndays:\n  ー date: 2021-01-22\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as caught:
        parse_yaml(path)
    assert [(e.line, e.col) for e in caught.value.errors] == [(3, 1), (4, 15), (6, 3)]


def test_a_single_slip_is_a_plain_site_error_on_its_own_line(tmp_path: Path) -> None:
    """PyYAML alone blames the next line ("could not find expected ':'")."""
    path = tmp_path / "report.yaml"
    path.write_text("title: x\napplications：412\nlead: y\n", encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        parse_yaml(path)
    assert not isinstance(caught.value, ContentErrors)
    assert (caught.value.line, caught.value.col) == (2, 13)


def test_yaml_errors_are_never_past_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    text = "title: x\nlead: [a, b\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        parse_yaml(path)
    assert caught.value.line == 2  # PyYAML says 3: the "line" after the final newline
    assert caught.value.col == len("lead: [a, b") + 1
    assert caught.value.hint is not None and "line 2, column 7" in caught.value.hint


_KEYS = st.sampled_from(["title", "lead", "name", "kind", "alt", "caption", "note"])
_TEXT = st.text(
    alphabet=st.sampled_from(list("あア漢字ー－―‐−：　“”＂＇ab1２ -:#'\"")), min_size=1, max_size=12
)
_VALUES = st.recursive(
    _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
    max_leaves=8,
)


def _wrapped(value: object) -> bool:
    """A text that is taken for a slip on purpose: one wrapped in full-width quotes, or a
    list item that starts like a nested item after a full-width space ("- 　- a")."""
    if isinstance(value, str):
        stripped = value.strip(" \u3000")  # a 全角スペース before the quotes is a slip too
        return len(stripped) >= 2 and stripped[0] in "“”＂＇" and stripped[-1] in "“”＂＇"
    if isinstance(value, list):
        nested = any(isinstance(item, str) and item.lstrip("　 ")[:2] == "- " for item in value)
        return nested or any(_wrapped(item) for item in value)
    if isinstance(value, dict):
        return any(_wrapped(item) for item in value.values())
    return False


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=4))
def test_valid_yaml_with_full_width_values_has_no_slips(document: dict[str, object]) -> None:
    """Whatever full-width characters the values hold, YAML that PyYAML writes (and reads
    back as the same data) is not taken for a slip."""
    text = yaml.safe_dump(document, allow_unicode=True, width=10**6, sort_keys=False)
    if _wrapped(document):
        return
    assert yaml.safe_load(text) == document
    assert slips(text) == []
