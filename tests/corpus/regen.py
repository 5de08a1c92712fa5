"""Write the expected stderr of corpus cases, in English and Japanese, from the current code.

    python -m tests.corpus.regen                 # every case
    python -m tests.corpus.regen NAME [NAME...]  # only these

Read the diff before committing it: an expected file is the exact text an author sees.
Cases of the text rules (tests/corpus/text_rules.py) also get the stderr of ``check`` in
expected_check/ (tests/test_text_rules.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.conftest import minimal_site, write_files
from tests.corpus.cases import CASES, Case
from tests.corpus.text_rules import CASES as TEXT_RULE_CASES
from tests.test_corpus import LANGUAGES, expected_path, run_cli


def main(names: list[str]) -> int:
    chosen = [case for case in CASES if not names or case.name in names]
    for case in chosen:
        for language in LANGUAGES:
            with tempfile.TemporaryDirectory() as temp:
                root = Path(temp) / "site"
                root.mkdir()
                write_files(root, {**(minimal_site() if case.base else {}), **case.files})
                code, _stdout, stderr = run_cli(root, root / "_site", language)
            lines = stderr.splitlines()
            if code == 2 and lines:
                lines = lines[:-1]  # the summary line; test_corpus adds it back
            path = expected_path(case, language)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    _regen_check([case for case in chosen if case in TEXT_RULE_CASES])
    print(f"wrote {len(chosen)} case(s) in {', '.join(LANGUAGES)}", file=sys.stderr)
    return 0


def _regen_check(chosen: list[Case]) -> None:
    from tests.test_text_rules import check_expected_path, run_check

    for case in chosen:
        for language in LANGUAGES:
            with tempfile.TemporaryDirectory() as temp:
                root = Path(temp) / "site"
                root.mkdir()
                write_files(root, {**(minimal_site() if case.base else {}), **case.files})
                _code, _stdout, stderr = run_check(root, language)
            path = check_expected_path(case, language)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(stderr, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
