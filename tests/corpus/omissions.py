
"""Corpus cases of issue 12 item 6: what used to be left out silently is now a warning."""

from __future__ import annotations

from tests.corpus.cases import Case

CASES: list[Case] = []
