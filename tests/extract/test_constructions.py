"""Constructions that carry a diplomatic act in wording the verb lexicon alone misses: a light
verb with an event noun ("issued a stern warning to"), one wire sentence a case.

cases/constructions.jsonl was written for these rules (none of its sentences comes from a
gold-standard corpus): for each construction, positives in several wordings and counter-examples
that use the same words outside diplomacy (weather warnings, business offers, sport), which must
yield no event. Same format and checks as cases/clauses.jsonl.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text
from tests.extract.test_clauses import DAY, _got

CASES = Path(__file__).parent / "cases" / "constructions.jsonl"


def _cases() -> list[dict[str, Any]]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_construction(case: dict[str, Any]) -> None:
    events = extract_text(case["text"], article_id=case["id"], published=DAY, ingested=DAY)
    want = case["events"]
    assert [e.event_type for e in events] == [w["type"] for w in want], case["rule"]
    for event, expected in zip(events, want, strict=True):
        for field, value in expected.items():
            assert _got(event, field) == value, f"{case['rule']}: {field}"


def test_one_counter_example_per_two_positives() -> None:
    cases = _cases()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) and all(c.get("rule") for c in cases)
    assert 2 * sum(1 for c in cases if not c["events"]) >= sum(1 for c in cases if c["events"])
