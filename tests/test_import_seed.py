"""The seed as the first test of ``seminar-site import`` (issue 15, item 3).

``seminar-site import ../shared/seed/000_54f6348957319d3e.txt --slug x`` in a copy of the
bundled site: ``check`` passes with no edit, the built page passes the seed completeness test
of tests/test_report_page.py, and report.yaml (with its Markdown files) matches the hand-made
content/reports/2021-withcorona-dx field by field (tools/compare_import.py) at 95 % or more.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from bs4 import BeautifulSoup

from seminar_site.cli import main
from seminar_site.imports.pages import read_page
from seminar_site.pipeline.build import BuildOptions, build
from tests.conftest import REPO, shared_path
from tests.test_report_page import seed_lines, squash, visible_text

SEED = "000_54f6348957319d3e.txt"
BUNDLED = REPO / "content" / "reports" / "2021-withcorona-dx"


def compare_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compare_import", REPO / "tools" / "compare_import.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled site with the seed imported as report ``x`` (by the CLI)."""
    root = tmp_path_factory.mktemp("seed-import")
    shutil.copytree(REPO / "content", root / "content")
    seed = shared_path("seed", SEED)
    assert main(["import", str(seed), "--slug", "x", "--root", str(root)]) == 0
    return root


def test_check_passes_on_the_imported_seed(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["check", "--root", str(imported), "--strict"]) == 0
    assert "reports/x" not in capsys.readouterr().err


def test_every_seed_line_is_placed_and_counted() -> None:
    result = read_page(shared_path("seed", SEED))
    text_lines = [line for line in seed_lines() if squash(line)]  # not the lone no-break space
    assert result.source_lines == len(text_lines) - 1  # all but サイトへ戻る (chrome)
    assert result.placed_lines == result.source_lines
    assert result.leftovers == ()
    assert any("サイトへ戻る" in note for note in result.notes)


def test_the_built_page_passes_the_seed_completeness_test(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "_site"
    build(BuildOptions(root=imported, out=out))
    page = BeautifulSoup((out / "reports/x/index.html").read_text(encoding="utf-8"), "html.parser")
    text = squash(visible_text(page))
    lines = seed_lines()
    assert len(lines) >= 38
    missing = [line for line in lines if squash(line) not in text]
    assert missing == []
    labels = [s.get_text() for s in page.select("section.session h3 .session-label")]
    assert labels == ["【講演】", "【事例1】", "【事例2】", "【クロージング】",
                      "【事例3】", "【事例4】", "【クロージング】"]  # fmt: skip


def test_report_yaml_matches_the_hand_made_one_field_by_field(imported: Path) -> None:
    compare = compare_module()
    result = compare.compare(imported / "content" / "reports" / "x", BUNDLED)
    print(compare.table(result))  # the differences, shown with pytest -s
    assert result.fields >= 70
    assert result.ratio >= 0.95, compare.table(result)
    assert result.excluded == ["days[].photos", "social_image"]


def test_days_sessions_kinds_and_speaker_splits_are_the_hand_made_ones(imported: Path) -> None:
    got = yaml.safe_load((imported / "content/reports/x/report.yaml").read_text(encoding="utf-8"))
    want = yaml.safe_load((BUNDLED / "report.yaml").read_text(encoding="utf-8"))
    assert [d["date"] for d in got["days"]] == [d["date"] for d in want["days"]]
    for day_got, day_want in zip(got["days"], want["days"], strict=True):
        assert [s.get("kind") for s in day_got["sessions"]] == [
            s.get("kind") for s in day_want["sessions"]
        ]
        assert [s.get("speakers") for s in day_got["sessions"]] == [
            s.get("speakers") for s in day_want["sessions"]
        ]


def test_the_compare_script_prints_the_table(imported: Path) -> None:
    compare = compare_module()
    assert compare.main([str(imported / "content" / "reports" / "x")]) == 0
