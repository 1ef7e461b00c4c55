"""The extractor holds the committed quality floors on the dev gold set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.evaluate import (
    check_gate,
    check_location_gate,
    check_meantime_gate,
    check_plover_gate,
    load_gate,
    load_gold,
    load_meantime,
    score,
    score_locations,
    score_meantime,
    score_plover,
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


def test_plover_dev_set_is_converted_and_attributed() -> None:
    records = load_gold(HERE / "cases" / "plover_dev.jsonl")
    assert len(records) >= 150
    assert {"text", "event", "mode", "source", "target"} <= set(records[0])
    notice = (HERE / "cases" / "PLOVER_NOTICE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice or "ShareAlike 4.0" in notice


def test_plover_gate_holds() -> None:
    summary = score_plover(load_gold(HERE / "cases" / "plover_dev.jsonl")).summary()
    failures = check_plover_gate(summary, load_gate(HERE / "quality_gate.toml"))
    assert failures == [], failures


def test_plover_counting_rule() -> None:
    """A sentence coded twice holds two gold categories; an extra category is a false positive;
    an event on a fighting sentence is a false event."""
    records = [
        {
            "id": "a",
            "text": "Germany expelled two Russian diplomats on Monday.",
            "event": "SANCTION",
            "mode": "",
            "source": ["DEU"],
            "target": ["RUS"],
        },
        {
            "id": "b",
            "text": "Germany expelled two Russian diplomats on Monday.",
            "event": "COERCE",
            "mode": "",
            "source": ["DEU"],
            "target": ["RUS"],
        },
        {
            "id": "c",
            "text": "Rebels shelled the town on Sunday, killing five people.",
            "event": "ASSAULT",
            "mode": "",
            "source": ["SDN"],
            "target": ["SDN"],
        },
    ]
    s = score_plover(records)
    assert s.tp["SANCTION"] + s.fn["SANCTION"] == 1
    assert s.tp["COERCE"] + s.fn["COERCE"] == 1
    assert s.negative_n == 1
    summary = s.summary()
    summary["negative_false_rate"] = 1.0
    assert any(
        "negative" in f
        for f in check_plover_gate(summary, {"plover": {"max_negative_false_rate": 0.05}})
    )
    summary["mode"] = 0.5
    assert any(
        f.startswith("plover mode") for f in check_plover_gate(summary, {"plover": {"mode": 0.9}})
    )


def test_plover_joint_act_matches_two_sources() -> None:
    """PLOVER codes an act two parties did together as two sources and no target; the joint
    dyad of those two states matches it, a directed one does not."""

    def record(text: str) -> dict[str, Any]:
        return {
            "id": text[:8],
            "text": text,
            "event": "SUPPORT",
            "mode": "",
            "source": ["KEN", "TZA"],
            "target": [],
        }

    joint = score_plover([record("Kenya and Tanzania signed a border security pact on Friday.")])
    assert joint.target_n == 1 and joint.target_ok == 1
    directed = score_plover([record("Kenya praised Tanzania's election on Friday.")])
    assert directed.target_n == 1 and directed.target_ok == 0


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
