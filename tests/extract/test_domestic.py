"""A state's act at home on its own people targets the state itself, in the people's sector
("Turkish police detained protesters": TUR on TUR opposition), while an act on abstract things
("prices", "imports") has no target and one on another state's people targets that state (cases
in cases/domestic.jsonl; "home-ctr-*" are the counter-examples, and a case marked "open" states
what the extractor does not yet do)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "domestic.jsonl").read_text().splitlines()
    if line.strip()
]
DAY = dt.date(2025, 3, 10)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_domestic_target(case: dict[str, Any]) -> None:
    if "open" in case:
        pytest.skip(case["open"])
    events = extract_text(case["text"], article_id=case["id"], published=DAY, ingested=DAY)
    coded = [
        (
            e.event_type,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
            e.target.sector if e.target else None,
        )
        for e in events
    ]
    if case["id"].startswith("home-ctr-"):
        # no party of the source's own state is acted upon: never its own state as target
        assert all(t is None or t != s for _, s, t, _ in coded), (case["why"], coded)
        assert all(
            t == case["target_country"] for k, _, t, _ in coded if k == case["event_type"]
        ), (case["why"], coded)
        return
    want = (
        case["event_type"],
        case["source_country"],
        case["target_country"],
        case["target_sector"],
    )
    assert want in coded, (case["why"], coded)
