"""The case-file format shared by cases/clauses.jsonl, verb_coverage.jsonl and
constructions.jsonl: a text (published 2024-03-15) and the events it must yield, in text order,
each with its type and, where given, the source's and target's country, the modality, the
PLOVER category and mode, the CAMEO family (the code's first two digits), the subject and the
date's precision. An empty list means the text
states no diplomatic act."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pipeline.extract import extract_text

DAY = dt.date(2024, 3, 15)
CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict[str, Any]]:
    """The cases of ``cases/<name>``, one JSON object a line."""
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def got(event: Any, field: str) -> Any:
    """An event's value of a case field."""
    return {
        "type": event.event_type,
        "source": event.source.country if event.source else None,
        "target": event.target.country if event.target else None,
        "modality": event.modality,
        "plover": event.plover_category,
        "mode": event.plover_mode,
        "subject": event.subject,
        "precision": event.date_precision,
        "cameo": event.cameo_code[:2],
    }[field]


def check_case(case: dict[str, Any]) -> None:
    """The case's text yields exactly its events, in order, with the fields it names."""
    events = extract_text(case["text"], article_id=case["id"], published=DAY, ingested=DAY)
    want = case["events"]
    assert [e.event_type for e in events] == [w["type"] for w in want], case["rule"]
    for event, expected in zip(events, want, strict=True):
        for field, value in expected.items():
            assert got(event, field) == value, f"{case['rule']}: {field}"
