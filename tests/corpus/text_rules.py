
"""Corpus cases of issue 12 item 7: the public-sector text rules, each with its message."""

from __future__ import annotations

from tests.corpus.cases import Case

CASES: list[Case] = []
