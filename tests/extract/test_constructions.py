"""Constructions that carry a diplomatic act in wording the verb lexicon alone misses: a light
verb with an event noun ("issued a stern warning to"), one wire sentence a case.

cases/constructions.jsonl was written for these rules (none of its sentences comes from a
gold-standard corpus): for each construction, positives in several wordings and counter-examples
that use the same words outside diplomacy (weather warnings, business offers, sport), which must
yield no event. Same format and checks as cases/clauses.jsonl.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.casefiles import check_case, load_cases

CASES = load_cases("constructions.jsonl")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_construction(case: dict[str, Any]) -> None:
    check_case(case)


def test_one_counter_example_per_two_positives() -> None:
    cases = CASES
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) and all(c.get("rule") for c in cases)
    assert 2 * sum(1 for c in cases if not c["events"]) >= sum(1 for c in cases if c["events"])
