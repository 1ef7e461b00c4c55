"""Verb forms of the PLOVER categories found missing in an audit of the lexicon against the
PETRARCH2 CAMEO.2.0 verb dictionary and the CAMEO-to-PLOVER table, one wire sentence a case.

cases/verb_coverage.jsonl was written for the audit (none of its sentences comes from a
gold-standard corpus): for each form, sentences in several tenses, voices and modalities, and
counter-examples that use the same verb outside diplomacy (sports, business, courts, weather),
which must yield no event. Same format and checks as cases/clauses.jsonl.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.casefiles import check_case, load_cases

CASES = load_cases("verb_coverage.jsonl")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_verb_form(case: dict[str, Any]) -> None:
    check_case(case)


def test_counter_examples_are_a_third() -> None:
    cases = CASES
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) and all(c.get("rule") for c in cases)
    assert 3 * sum(1 for c in cases if not c["events"]) >= len(cases)
