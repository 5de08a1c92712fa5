"""A session kind typed with its brackets (``kind: 【講演】``) is shown once in 【】, with a
warning at the key that says what to write, in build and check alike."""

from __future__ import annotations

import pytest

from seminar_site.content.kinds import bare_kind
from seminar_site.i18n import render
from seminar_site.pipeline.build import BuildOptions, build
from seminar_site.pipeline.check import check
from tests.conftest import REPORT_PATH, SITE_PATH, MakeSite, report_yaml, site_yaml
from tests.corpus.text_rules import BASE, SHARE, SHARE_PNG

SESSIONS = (
    "      - kind: 【講演】\n        title: 基調講演\n"
    "      - kind: ［事例］\n        title: 市の取り組み\n"
)


@pytest.mark.parametrize(
    ("written", "bare"),
    [("【講演】", "講演"), ("[事例]", "事例"), (" 〔パネル〕 ", "パネル"), ("講演", "講演")],
)
def test_the_brackets_around_a_kind_are_taken_off(written: str, bare: str) -> None:
    assert bare_kind(written) == bare


def test_a_kind_with_brackets_is_shown_once_with_a_warning_in_build_and_check(
    make_site: MakeSite,
) -> None:
    site = site_yaml(extra=BASE + "numbered_kinds: [事例]\n")
    root = make_site(
        {SITE_PATH: site, SHARE: SHARE_PNG, REPORT_PATH: report_yaml(sessions=SESSIONS)}
    )
    checked = check(root).warnings
    built = build(BuildOptions(root=root, out=root / "_site", workers=1)).warnings
    assert [w.format() for w in checked] == [w.format() for w in built]
    assert [(w.line, w.col) for w in built] == [(10, 9), (12, 9)]  # at the keys
    assert render(built[0].message, "ja") == (
        "セッションの種類「【講演】」には、ページで【】が自動で付きます"
    )
    assert render(built[0].hint, "ja") == "kind: 講演 と書いてください"
    page = (root / "_site/reports/r1/index.html").read_text(encoding="utf-8")
    assert "【講演】" in page and "【【" not in page
    assert "【事例1】" in page  # numbered, as the kind 事例 is


def test_a_kind_without_brackets_has_no_warning(make_site: MakeSite) -> None:
    root = make_site({SITE_PATH: site_yaml(extra=BASE), SHARE: SHARE_PNG})
    assert check(root).warnings == ()
