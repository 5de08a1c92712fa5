from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar_site.content.dates import (
    DATE_STYLES,
    era_year,
    find_dates,
    format_date,
    format_full_day,
    format_month_day,
    iso_date,
    weekday,
)

SEED_DAYS = (date(2021, 1, 22), date(2021, 2, 5))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2019, 4, 30), "平成31年"),
        (date(2019, 5, 1), "令和元年"),
        (date(2019, 12, 31), "令和元年"),
        (date(2020, 1, 1), "令和2年"),
        (date(2021, 2, 24), "令和3年"),
        (date(1989, 1, 7), "昭和64年"),
        (date(1989, 1, 8), "平成元年"),
        (date(1926, 12, 24), "大正15年"),
        (date(1926, 12, 25), "昭和元年"),
        (date(1912, 7, 29), "明治45年"),
        (date(1912, 7, 30), "大正元年"),
        (date(1868, 10, 23), "明治元年"),
    ],
)
def test_era_year_boundaries(d: date, expected: str) -> None:
    assert era_year(d) == expected


def test_era_year_before_meiji_is_an_error() -> None:
    with pytest.raises(ValueError, match="Meiji"):
        era_year(date(1868, 10, 22))


def test_weekday_fixed_table() -> None:
    assert weekday(date(2021, 2, 24), "ja") == "水"
    assert weekday(date(2021, 1, 22), "ja") == "金"
    assert weekday(date(2021, 1, 22), "ja", full=True) == "金曜日"
    assert weekday(date(2021, 1, 22), "en") == "Fri"
    assert weekday(date(2021, 1, 24), "en", full=True) == "Sunday"


def test_weekday_ignores_locale() -> None:
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, "C.UTF-8")
    except locale.Error:  # pragma: no cover - depends on the host
        pytest.skip("no C.UTF-8 locale")
    try:
        assert weekday(date(2021, 2, 24), "ja") == "水"
    finally:
        locale.setlocale(locale.LC_TIME, saved)


def test_formats() -> None:
    d = date(2021, 2, 24)
    assert iso_date(d) == "2021-02-24"
    assert format_date(d, "ja") == "2021年2月24日"
    assert format_date(d, "ja", "era") == "令和3年2月24日"
    assert format_date(d, "ja", "both") == "2021年(令和3年)2月24日"
    assert format_date(d, "en", "era") == "February 24, 2021"
    assert format_month_day(date(2021, 1, 22), "ja") == "1月22日(金)"
    assert format_month_day(date(2021, 1, 22), "en") == "Fri, January 22"
    assert format_full_day(date(2021, 1, 22), "ja") == "2021年1月22日(金曜日)"
    assert format_full_day(date(2021, 1, 22), "ja", "era") == "令和3年1月22日(金曜日)"
    assert format_full_day(date(2021, 1, 22), "en") == "Friday, January 22, 2021"


def test_bad_language_and_style() -> None:
    with pytest.raises(ValueError, match="ja, en"):
        format_date(date(2021, 2, 24), "fr")
    with pytest.raises(ValueError, match="western, era, both"):
        format_date(date(2021, 2, 24), "ja", "roman")


def spans(text: str, default_year: int = 2020) -> list[tuple[str, str, str]]:
    return [(text[s:e], iso_date(d), k) for s, e, d, k in find_dates(text, default_year, SEED_DAYS)]


def test_find_dates_seed_texts() -> None:
    assert spans("1/22と2/5に開催した自治体向け") == [
        ("1/22", "2021-01-22", "monthday"),
        ("2/5", "2021-02-05", "monthday"),
    ]
    assert spans("2021年2月24日") == [("2021年2月24日", "2021-02-24", "full")]
    assert spans("◆1/22 Day1") == [("1/22", "2021-01-22", "monthday")]
    assert spans("入園申し込みの電子申請率は97%に。") == []
    assert spans("最短で4日間、平均でも6日間以内") == []


def test_find_dates_default_year_when_not_known() -> None:
    assert spans("3/1に公開", default_year=2021) == [("3/1", "2021-03-01", "monthday")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1月22日(金)", [("1月22日(金)", "2021-01-22", "monthday")]),
        ("1月22日\uff08金\uff09から", [("1月22日\uff08金\uff09", "2021-01-22", "monthday")]),
        ("令和3年2月24日", [("令和3年2月24日", "2021-02-24", "full")]),
        ("令和元年5月1日", [("令和元年5月1日", "2019-05-01", "full")]),
        ("2021年(令和3年)2月24日", [("2021年(令和3年)2月24日", "2021-02-24", "full")]),
        ("2021/1/22に", [("2021/1/22", "2021-01-22", "full")]),
        ("2021-02-24", [("2021-02-24", "2021-02-24", "full")]),
        ("１月２２日", [("１月２２日", "2021-01-22", "monthday")]),
        ("Friday, January 22, 2021", [("Friday, January 22, 2021", "2021-01-22", "full")]),
        ("on Feb. 5 online", [("Feb. 5", "2021-02-05", "monthday")]),
    ],
)
def test_find_dates_forms(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "11/225",
        "a1/22",
        "1/22a",
        "1/2/3",
        "24/7",
        "2月30日",
        "令和元年4月1日",  # before Reiwa began
        "2021年(令和2年)2月24日",  # years disagree
        "https://example.jp/report/1/22",
        "see www.example.jp/1/22.",
        "10:00-12:00",
        "03-1234-5678",
        "3.1/4",
        "May 2021",
    ],
)
def test_find_dates_rejects(text: str) -> None:
    assert spans(text) == []


@settings(max_examples=150, deadline=None)
@given(
    d=st.dates(min_value=date(1868, 10, 23), max_value=date(2099, 12, 31)),
    style=st.sampled_from(DATE_STYLES),
)
def test_formatted_dates_are_found_again(d: date, style: str) -> None:
    for text, kind in (
        (format_date(d, "ja", style), "full"),
        (format_full_day(d, "ja", style), "full"),
        (format_date(d, "en"), "full"),
        (format_full_day(d, "en"), "full"),
        (format_month_day(d, "ja"), "monthday"),
        (format_month_day(d, "en"), "monthday"),
    ):
        found = find_dates(f"「{text}」", 1999, known=[d])
        assert [(s, e, f, k) for s, e, f, k in found] == [(1, len(text) + 1, d, kind)], text


_DATE_ALPHABET = "".join(
    [
        "0123456789０１２３４５６７８９",
        "/-年月日元令和平成昭大正明治 ()（）金曜",
        "JanFebMaySeptOct,.stndrh",
    ]
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=_DATE_ALPHABET, max_size=40))
def test_first_character_check_changes_no_match(text: str) -> None:
    """The pattern's leading first-character look-ahead is only a speed-up."""
    from seminar_site.content import dates

    prefix = f"(?=[{dates._FIRST_CHARS}])"
    assert dates._PATTERN.pattern.startswith(prefix)
    plain = re.compile(dates._PATTERN.pattern[len(prefix) :])
    assert [m.span() for m in dates._PATTERN.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]
