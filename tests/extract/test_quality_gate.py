"""The extractor holds the committed quality floors on the dev gold set."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import (
    check_gate,
    check_location_gate,
    load_gate,
    load_gold,
    score,
    score_locations,
)

HERE = Path(__file__).parent


def test_gold_set_is_big_enough_to_mean_something() -> None:
    gold = load_gold(HERE / "cases" / "gold.jsonl")
    per_type: dict[str, int] = {}
    for case in gold:
        for event in case["events"]:
            per_type[event["event_type"]] = per_type.get(event["event_type"], 0) + 1
    assert len(gold) >= 80
    assert sum(1 for case in gold if not case["events"]) >= 20
    for named in ("suspension", "policy_change_call", "backchannel_contact"):
        assert per_type[named] >= 15, named


def test_quality_gate_holds() -> None:
    summary = score(load_gold(HERE / "cases" / "gold.jsonl")).summary()
    failures = check_gate(summary, load_gate(HERE / "quality_gate.toml"))
    assert failures == [], failures


def test_gate_fails_when_a_score_drops() -> None:
    summary = score(load_gold(HERE / "cases" / "gold.jsonl")).summary()
    summary["per_type"]["suspension"]["r"] = 0.5
    summary["no_event_false_positives"] = 1
    failures = check_gate(summary, load_gate(HERE / "quality_gate.toml"))
    assert any(f.startswith("suspension r") for f in failures)
    assert any("no-event" in f for f in failures)


def test_location_gold_is_big_enough_and_has_traps() -> None:
    cases = load_gold(HERE / "cases" / "locations.jsonl")
    stated = [c for c in cases if c["location"] is not None]
    traps = {c.get("trap") for c in cases if c["location"] is None}
    assert len(stated) >= 120
    assert len(cases) - len(stated) >= 40
    assert {"person_name", "newspaper", "capital_metonymy", "washington_government"} <= traps
    assert len({c["location"]["country"] for c in stated}) >= 50  # not one region's news


def test_location_gate_holds() -> None:
    summary = score_locations(load_gold(HERE / "cases" / "locations.jsonl")).summary()
    failures = check_location_gate(summary, load_gate(HERE / "quality_gate.toml"))
    assert failures == [], failures


def test_location_gate_fails_when_a_score_drops() -> None:
    summary = score_locations(load_gold(HERE / "cases" / "locations.jsonl")).summary()
    summary["coords_25km"] = 0.5
    summary["unstated"] = 3
    failures = check_location_gate(summary, load_gate(HERE / "quality_gate.toml"))
    assert any(f.startswith("location coords_25km") for f in failures)
    assert any("unstated" in f for f in failures)


def test_location_heldout_gate_holds() -> None:
    summary = score_locations(load_gold(HERE / "cases" / "locations_heldout.jsonl")).summary()
    gate = load_gate(HERE / "quality_gate.toml")
    assert check_location_gate(summary, gate, "location_heldout") == []
