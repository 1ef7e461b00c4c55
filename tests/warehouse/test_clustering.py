"""Clustering rules, one data case each (tests/warehouse/cases/clustering.toml): which reports are
one real-world event, and which mention is its evidence. Each case is loaded interval by interval
in order and in reverse order; both warehouses must hold exactly the expected events."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pipeline.check import run_checks
from pipeline.load import load_interval
from tests.warehouse.factory import CHECKSUM_OBJECTS, Report, Story, checksum, query, write_interval
from tests.warehouse.seeded import SQL

CASES: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).parent / "cases" / "clustering.toml").read_text(encoding="utf-8")
)["case"]


def _published(value: str | None) -> dt.date | dt.datetime | None:
    if not value:
        return None
    if "T" in value:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return dt.date.fromisoformat(value)


def _actor(value: list[str] | None, default: tuple[str | None, str | None]) -> Any:
    if value is None:
        return default
    return (value[0] or None, value[1] or None) if value else (None, None)


def _intervals(case: dict[str, Any]) -> dict[str, list[Story]]:
    stories: dict[str, Story] = {}
    interval_of: dict[str, str] = {}
    for spec in case["report"]:
        published = _published(spec.get("published"))
        day = published.date() if isinstance(published, dt.datetime) else published
        interval_of[spec["article"]] = spec.get("interval") or str(day)
        story = stories.setdefault(
            spec["article"], Story(spec["article"], spec.get("outlet", "Wire"), published, [])
        )
        date = spec.get("date")
        story.reports.append(
            Report(
                event_id=spec["id"],
                sentences=spec["sentences"],
                event_type=spec.get("type", "suspension"),
                source=_actor(spec.get("source"), ("Russia", "RUS")),
                target=_actor(spec.get("target"), (None, None)),
                subject=spec.get("subject", "New START") or None,
                modality=spec.get("modality", "asserted"),
                event_date=dt.date.fromisoformat(date) if date else None,
                date_precision=spec.get("precision", "day"),
                date_basis=spec.get("basis", "publication"),
            )
        )
    intervals: dict[str, list[Story]] = {}
    for article, story in stories.items():
        intervals.setdefault(interval_of[article], []).append(story)
    return dict(sorted(intervals.items()))


def _load(case: dict[str, Any], data: Path, db: Path, order: list[str]) -> None:
    for ds in order:
        load_interval(db, SQL, data, ds, lookback_days=case.get("lookback_days"))
    failures = {k: v for k, v in run_checks(db, SQL, raise_on_failure=False).items() if v}
    assert failures == {}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_clustering_case(case: dict[str, Any], tmp_path: Path) -> None:
    data = tmp_path / "data"
    intervals = _intervals(case)
    for ds, stories in intervals.items():
        write_interval(data, ds, stories)
    forward, backward = tmp_path / "forward.duckdb", tmp_path / "backward.duckdb"
    _load(case, data, forward, list(intervals))
    _load(case, data, backward, list(reversed(intervals)))
    assert checksum(forward, CHECKSUM_OBJECTS[4:]) == checksum(backward, CHECKSUM_OBJECTS[4:])

    members: dict[str, set[str]] = {}
    for row in query(forward, "SELECT DISTINCT event_id, extraction_id FROM event_mentions"):
        members.setdefault(row["event_id"], set()).add(row["extraction_id"])
    got = sorted(sorted(group) for group in members.values())
    assert got == sorted(sorted(group) for group in case["events"]), case["why"]

    for report, sentence in case.get("evidence", {}).items():
        shown = query(
            forward,
            "SELECT m.evidence_sentence FROM mart_events_all_modalities AS m "
            "JOIN event_mentions AS e USING (event_id) WHERE e.extraction_id = ? LIMIT 1",
            [report],
        )
        assert shown and shown[0]["evidence_sentence"] == sentence, case["why"]
    # every event is named after its earliest report
    for event_id, group in members.items():
        first = query(
            forward,
            "SELECT extraction_id FROM int_event_extractions WHERE extraction_id IN "
            "(SELECT unnest(CAST(? AS VARCHAR[]))) ORDER BY reported_at, extraction_id LIMIT 1",
            [sorted(group)],
        )[0]["extraction_id"]
        assert event_id == "ev_" + first
