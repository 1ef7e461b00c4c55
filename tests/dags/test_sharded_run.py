"""The DAG maps extraction over shards of the interval's articles (COMMUNIQUE_EXTRACT_SHARDS): a
real ``dag.test()`` with several shards writes the same bytes and the same warehouse as with
one."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import ROOT, SEEDS

RUN_AFTER = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)  # the interval of 2026-11-23
TABLES = ("raw_articles", "raw_events", "articles", "event_mentions", "events", "sources")


def _run(tmp: Path, shards: int) -> dict[str, Any]:
    from airflow.dag_processing.dagbag import DagBag

    mp = pytest.MonkeyPatch()
    mp.setenv("COMMUNIQUE_DATA_DIR", str(tmp / "data"))
    mp.setenv("COMMUNIQUE_WAREHOUSE", str(tmp / "warehouse" / "communique.duckdb"))
    mp.setenv("COMMUNIQUE_SOURCES", str(SEEDS))
    mp.setenv("COMMUNIQUE_EXTRACT_SHARDS", str(shards))
    mp.setenv("COMMUNIQUE_EXTRACT_SHARD_ARTICLES", "4")
    try:
        dag = DagBag(dag_folder=str(ROOT / "dags")).dags["communique_nightly"]
        run = dag.test(logical_date=RUN_AFTER)
        assert str(run.state).endswith("success")
    finally:
        mp.undo()
    out: dict[str, Any] = {
        str(p.relative_to(tmp / "data")): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((tmp / "data").rglob("*.parquet"))
        if "staging" not in p.parts and "run_summary" not in p.parts  # durations differ
    }
    con = duckdb.connect(str(tmp / "warehouse" / "communique.duckdb"), read_only=True)
    try:
        for table in TABLES:
            rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        stages = con.execute("SELECT map_keys(stage_seconds) FROM raw_run_summary").fetchall()
    finally:
        con.close()
    out["shard_stages"] = sorted(s for s in stages[0][0] if s.startswith("extract_shard:"))
    return out


def test_several_shards_equal_one(airflow_db: Path, tmp_path: Path) -> None:
    one = _run(tmp_path / "one", 1)
    many = _run(tmp_path / "many", 3)
    assert one.pop("shard_stages") == ["extract_shard:0"]
    assert many.pop("shard_stages") == ["extract_shard:0", "extract_shard:1", "extract_shard:2"]
    assert any(k.startswith("events/") for k in one)
    assert one["events"][0] > 10
    assert many == one
