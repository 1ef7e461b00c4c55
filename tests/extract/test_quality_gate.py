"""The extractor holds the committed quality floors on the dev gold set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.evaluate import (
    check_gate,
    check_meantime_gate,
    load_gate,
    load_gold,
    load_meantime,
    score,
    score_meantime,
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


def _meantime_summary() -> dict[str, Any]:
    return score_meantime(load_meantime(HERE / "cases" / "meantime_dev.jsonl")).summary()


def test_meantime_dev_set_is_the_whole_corpus() -> None:
    records = load_meantime(HERE / "cases" / "meantime_dev.jsonl")
    assert len(records) == 120
    assert sum(len(r["dates"]) for r in records) >= 250
    for record in records:
        for gold in record["dates"]:
            assert record["text"][gold["start"] : gold["end"]] == gold["text"]
    assert (HERE / "cases" / "NOTICE.meantime").read_text().count("CC BY 4.0") >= 1


def test_meantime_gate_holds() -> None:
    failures = check_meantime_gate(_meantime_summary(), load_gate(HERE / "quality_gate.toml"))
    assert failures == [], failures


def test_meantime_gate_fails_when_a_score_drops() -> None:
    gate = load_gate(HERE / "quality_gate.toml")
    summary = _meantime_summary()
    summary["date_value_accuracy"] = gate["meantime"]["date_value_accuracy"] - 0.01
    summary["false_asserted_per_100"] = gate["meantime"]["max_false_asserted_per_100"] + 1
    failures = check_meantime_gate(summary, gate)
    assert any("date_value_accuracy" in f for f in failures)
    assert any("false_asserted_per_100" in f for f in failures)
