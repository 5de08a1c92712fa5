"""Times written the way people write them, read into the HH:MM they mean
(settings/times.py): the hint of a time key, and the importer's time cells."""

from __future__ import annotations

import pytest

from seminar_site.settings.times import read_loose_range, read_loose_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13時", "13:00"),
        ("13時30分", "13:30"),
        ("13 時 5 分", "13:05"),
        ("13時半", "13:30"),
        ("午後1時半", "13:30"),
        ("午後12時", "12:00"),
        ("午前9時", "09:00"),
        ("１３：３０", "13:30"),
        ("9:05", "09:05"),
        (" 13:30 ", "13:30"),
        ("13時〜", "13:00"),  # a start written open-ended, as programmes do
        ("13:00～", "13:00"),
        ("13時から", "13:00"),
        ("〜14:00", "14:00"),  # an end
        ("14時まで", "14:00"),
    ],
)
def test_one_time_of_day(text: str, expected: str) -> None:
    assert read_loose_time(text) == expected


@pytest.mark.parametrize(
    "text", ["13", "25時", "13:75", "昼", "午後", "13:30～14:10", "", "〜", "13〜"]
)
def test_not_one_time_of_day(text: str) -> None:
    assert read_loose_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13:30～14:10", ("13:30", "14:10")),
        ("13時から14時半", ("13:00", "14:30")),
        ("午後1時～午後2時", ("13:00", "14:00")),
        ("１３：３０－１４：１０", ("13:30", "14:10")),
    ],
)
def test_start_and_end_together(text: str, expected: tuple[str, str]) -> None:
    assert read_loose_range(text) == expected


@pytest.mark.parametrize("text", ["13:30～", "14:10～13:30", "13:30～25:00", "13:30"])
def test_not_a_start_and_an_end(text: str) -> None:
    assert read_loose_range(text) is None
