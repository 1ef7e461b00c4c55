"""The extractor holds the committed quality floors on the dev gold set."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluate import check_gate, load_gate, load_gold, score

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
