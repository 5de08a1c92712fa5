from __future__ import annotations

import pytest

from seminar_site.render.labels import LANGUAGES, applications_count, labels_for, people_count


def test_every_language_has_the_same_keys() -> None:
    keys = {lang: set(labels_for(lang)) for lang in LANGUAGES}
    assert keys["ja"] == keys["en"]
    assert len(keys["ja"]) > 20


def test_values_are_strings_and_only_honorific_may_be_empty() -> None:
    for lang in LANGUAGES:
        empty = {k for k, v in labels_for(lang).items() if not v}
        assert empty <= {"honorific_default"}, (lang, empty)


def test_known_strings() -> None:
    ja, en = labels_for("ja"), labels_for("en")
    assert ja["back_to_site"] == "サイトへ戻る"
    assert en["back_to_site"] == "Back to site"
    assert ja["skip_link"] == "本文へ移動"
    assert ja["breadcrumb"] == "現在位置"
    assert (ja["previous"], ja["next"], ja["close"]) == ("前へ", "次へ", "閉じる")
    assert ja["honorific_default"] == "氏"
    assert en["honorific_default"] == ""
    assert ja["speaker_separator"] == "、"
    assert en["speaker_separator"] == ", "


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        labels_for("ja")["home"] = "x"  # type: ignore[index]


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="ja, en"):
        labels_for("fr")


def test_counts() -> None:
    assert people_count(300, "ja") == "300名"
    assert people_count(300, "ja", approximate=True) == "約300名"
    assert people_count(300, "en") == "300 people"
    assert people_count(300, "en", approximate=True) == "about 300 people"
    assert people_count(1, "en") == "1 person"
    assert people_count(1200, "ja") == "1,200名"
    assert applications_count(240, "ja") == "240件"
    assert applications_count(240, "en") == "240 applications"
