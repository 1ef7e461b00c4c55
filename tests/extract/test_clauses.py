"""Clause-level rules of the extractor, one realistic wire sentence or passage per case.

Each case of cases/clauses.jsonl names a text (published 2024-03-15) and the events it must
yield, in text order: the event type and, where given, the source's country, the modality and
the PLOVER category and mode. An empty list means the text states no diplomatic act (a reduced
relative clause, a firm's act, a participle describing a noun). The rule each case exercises is
named in its "rule" field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text

CASES = Path(__file__).parent / "cases" / "clauses.jsonl"
DAY = dt.date(2024, 3, 15)


def _cases() -> list[dict[str, Any]]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _got(event: Any, field: str) -> Any:
    return {
        "type": event.event_type,
        "source": event.source.country if event.source else None,
        "target": event.target.country if event.target else None,
        "modality": event.modality,
        "plover": event.plover_category,
        "mode": event.plover_mode,
    }[field]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_clause_rule(case: dict[str, Any]) -> None:
    events = extract_text(case["text"], article_id=case["id"], published=DAY, ingested=DAY)
    want = case["events"]
    assert [e.event_type for e in events] == [w["type"] for w in want], case["rule"]
    for event, expected in zip(events, want, strict=True):
        for field, value in expected.items():
            assert _got(event, field) == value, f"{case['rule']}: {field}"


def test_every_case_names_its_rule() -> None:
    ids = [c["id"] for c in _cases()]
    assert len(ids) == len(set(ids))
    assert all(c.get("rule") for c in _cases())
