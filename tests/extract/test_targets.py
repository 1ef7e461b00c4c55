"""Who an event is done to: domestic counterparts, the state of a territorial act, the one a
threat's condition names, the state a complaint is about, and whether a symmetric act was done
jointly (cases in cases/targets.jsonl)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "targets.jsonl").read_text().splitlines()
    if line.strip()
]
DAY = dt.date(2025, 3, 10)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_target(case: dict[str, Any]) -> None:
    events = [
        e
        for e in extract_text(case["text"], article_id=case["id"], published=DAY, ingested=DAY)
        if e.event_type == case["event_type"]
    ]
    assert events, f"no {case['event_type']} in {case['text']!r}"
    targets = [e.target for e in events]
    countries = [t.country if t else None for t in targets]
    assert case["target_country"] in countries, (case["why"], targets)
    if "joint" in case:
        # a symmetric act done together is marked joint (PLOVER: two sources, no target)
        hit = [
            e for e in events if (e.target.country if e.target else None) == case["target_country"]
        ]
        assert all(e.joint == case["joint"] for e in hit), (case["why"], hit)
    if case.get("target_name"):
        assert any(t and t.name == case["target_name"] for t in targets), (case["why"], targets)
