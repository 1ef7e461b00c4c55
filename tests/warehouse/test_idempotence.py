"""Reloading an interval, or loading intervals out of order, leaves identical raw, core and mart
tables (row counts and content checksums), with the same event ids."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.load import load_interval, load_intervals, rebuild_core
from tests.warehouse.factory import checksum, query
from tests.warehouse.seeded import FIRST, SECOND, SQL, THIRD, load


def test_out_of_order_and_repeated_loads_are_identical(
    seed_data: Path, seeded_warehouse: Path, tmp_path: Path
) -> None:
    shuffled = load(tmp_path / "b.duckdb", seed_data, [THIRD, FIRST, THIRD, SECOND, FIRST])
    expected = checksum(seeded_warehouse)
    assert checksum(shuffled) == expected
    assert expected["events"][0] > 10 and expected["event_mentions"][0] > expected["events"][0]
    assert expected["mart_events"][0] > 0 and expected["mart_subject_timeline"][0] > 0


def test_reloading_every_interval_changes_nothing(seed_data: Path, tmp_path: Path) -> None:
    db = load(tmp_path / "w.duckdb", seed_data, [FIRST, SECOND, THIRD])
    first = checksum(db)
    ids = {r["event_id"] for r in query(db, "SELECT event_id FROM events")}
    load(db, seed_data, [SECOND, THIRD, FIRST])
    assert checksum(db) == first
    assert {r["event_id"] for r in query(db, "SELECT event_id FROM events")} == ids


def test_a_backfill_without_rebuilds_then_one_rebuild_is_identical(
    seed_data: Path, seeded_warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "backfill.duckdb"
    for ds in (SECOND, THIRD, FIRST):
        load_interval(db, SQL, seed_data, ds, rebuild=False)
    assert query(db, "SELECT count(*) AS n FROM events")[0]["n"] == 0
    rebuild_core(db, SQL)
    assert checksum(db) == checksum(seeded_warehouse)


def test_a_failed_load_leaves_the_previous_state(seed_data: Path, tmp_path: Path) -> None:
    db = load(tmp_path / "w.duckdb", seed_data, [FIRST])
    before = checksum(db)
    broken = tmp_path / "broken"
    (broken / "models").mkdir(parents=True)
    for path in sorted((SQL / "models").glob("*.sql")):
        (broken / "models" / path.name).write_text(path.read_text())
    # a core model that fails at rebuild time, after the raw tables were replaced
    bad = broken / "models" / "230_events.sql"
    sql = bad.read_text().replace(
        "SELECT * FROM event_mentions", "SELECT * FROM event_mentions WHERE error('rebuild failed')"
    )
    bad.write_text(sql)
    with pytest.raises(duckdb.Error, match="rebuild failed"):
        load_interval(db, broken, seed_data, SECOND)
    assert checksum(db) == before


def test_a_batched_backfill_is_identical(
    seed_data: Path, seeded_warehouse: Path, tmp_path: Path
) -> None:
    db = tmp_path / "batch.duckdb"
    load_intervals(db, SQL, seed_data, [THIRD, FIRST, SECOND])
    assert checksum(db) == checksum(seeded_warehouse)
    load_intervals(db, SQL, seed_data, [SECOND, "2030-01-01"])  # a reload, and a missing interval
    assert checksum(db) == checksum(seeded_warehouse)
