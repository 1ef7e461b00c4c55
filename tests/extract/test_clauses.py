"""Clause-level rules of the extractor, one realistic wire sentence or passage per case.

Each case of cases/clauses.jsonl names a text (published 2024-03-15) and the events it must
yield, in text order: the event type and, where given, the source's country, the modality and
the PLOVER category and mode. An empty list means the text states no diplomatic act (a reduced
relative clause, a firm's act, a participle describing a noun). The rule each case exercises is
named in its "rule" field.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.casefiles import check_case, load_cases

CASES = load_cases("clauses.jsonl")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_clause_rule(case: dict[str, Any]) -> None:
    check_case(case)


def test_every_case_names_its_rule() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(c.get("rule") for c in CASES)
