"""Who acts and who is acted on in wire-style sentences of 1977-2024 (cases/actors_wire.jsonl):
capitals and seats for their states, international bodies, popes, leaders by surname on the
article's date, office holders by title, state media and firms, and the names and places that
only look like states ("Jordan Bardella", "Georgia Senator Sam Nunn", "Lake Chad"); targets in
passives, pairs, envoys' posts, summonses, epithets ("the kingdom", "its neighbour"), bodies,
appositions, elided second objects and a state's own opposition and organs. A case
marked "open" states what the extractor does not yet do; one marked "no_event" states no act."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases" / "actors_wire.jsonl").read_text().splitlines()
    if line.strip()
]


def _matches(want: Any, got: Any) -> bool:
    """A list of gold values accepts any of them ("Congo": unknown, or the DRC by context)."""
    return got in want if isinstance(want, list) else got == want


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_actor_case(case: dict[str, Any]) -> None:
    if "open" in case:
        pytest.skip(case["open"])
    day = dt.date.fromisoformat(case["published"])
    events = extract_text(case["text"], article_id=case["id"], published=day, ingested=day)
    if case.get("no_event"):
        assert events == [], case["why"]
        return
    if "event_type" in case:
        events = [e for e in events if e.event_type == case["event_type"]]
    assert events, case["why"]
    event = events[0]
    source, target = event.source, event.target
    assert _matches(case["source_country"], source.country if source else None), case["why"]
    assert _matches(case["target_country"], target.country if target else None), case["why"]
    if "source_sector" in case:
        assert source is not None and source.sector == case["source_sector"], case["why"]
    if "target_sector" in case:
        assert target is not None and target.sector == case["target_sector"], case["why"]


def test_counter_examples_are_a_third() -> None:
    """At least one look-alike for every three positive cases."""
    counter = sum(c["id"].startswith("ctr-") or "-ctr-" in c["id"] for c in CASES)
    assert counter * 3 >= len(CASES) - counter
