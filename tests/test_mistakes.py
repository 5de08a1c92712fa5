"""Issue 12's acceptance: each of the twenty mistakes, done to a copy of the bundled site,
gives a Japanese message at the right file:line:col with a hint that says what to type.

The exact lines are in tests/mistakes.ja.txt (``python -m tests.mistakes > tests/mistakes.ja.txt``
writes it; read the diff). Mistakes that must build are also checked on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.mistakes import MISTAKES, REPORT, Mistake, run, transcript

EXPECTED = Path(__file__).parent / "mistakes.ja.txt"


def expected_blocks() -> dict[str, str]:
    text = EXPECTED.read_text(encoding="utf-8")
    blocks = re.split(r"^(?=## )", text, flags=re.M)
    return {block.split()[1]: block for block in blocks if block.startswith("## ")}


def test_every_mistake_has_its_expectation() -> None:
    assert set(expected_blocks()) == {mistake.name for mistake in MISTAKES}
    assert len(MISTAKES) >= 20


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_mistake_in_japanese(mistake: Mistake, tmp_path: Path) -> None:
    code, out, err, root = run(mistake, tmp_path)
    assert "Traceback" not in err
    assert transcript(mistake, code, out, err) == expected_blocks()[mistake.name]
    for line in err.splitlines():  # every message line reads Japanese
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line), line
    if mistake.page_has or mistake.page_lacks:
        page = (root / "_site" / REPORT.removeprefix("content/") / "index.html").read_text(
            encoding="utf-8"
        )
        for text in mistake.page_has:
            assert text in page
        for text in mistake.page_lacks:
            assert text not in page


def test_the_same_mistakes_in_english(tmp_path: Path) -> None:
    """--lang en gives the English messages (LANG=C seminar-site --lang en check)."""
    mistake = next(m for m in MISTAKES if m.name == "full-width-colon")
    code, _out, err, _root = run(mistake, tmp_path, "en")
    assert code == 2
    assert err.splitlines()[0] == (
        "error: content/reports/2021-withcorona-dx/report.yaml:12:15: full-width colon "
        "(全角コロン '：', U+FF1A) after the key (hint: type a half-width colon and a space: "
        "'applications: 240')"
    )
