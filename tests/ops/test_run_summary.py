"""Run observability: one summary row per interval in Parquet and DuckDB, stage timings."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipeline import observe
from pipeline.extract.engine import EXTRACTOR_VERSION
from pipeline.settings import Settings
from pipeline.store import list_partitions, read_partition
from tests.ops.conftest import run_days
from tests.ops.corpus import parquet_digest, table_digest


def _query(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_one_summary_per_interval_matches_the_loaded_rows(
    three_days: tuple[Settings, list[dt.date]],
) -> None:
    settings, days = three_days
    assert list_partitions(settings.data_dir, "run_summary") == [d.isoformat() for d in days]
    for day in days:
        ds = day.isoformat()
        table = read_partition(settings.data_dir, "run_summary", ds)
        assert table.num_rows == 1
        row = table.to_pylist()[0]
        assert row["mode"] == "fetch" and row["run_id"]
        assert row["articles_fetched"] == 2 and row["articles_failed"] == 0
        for stage in ("fetch", "extract", "load"):
            assert row[f"{stage}_seconds"] > 0
        assert {k for k, _ in row["stage_seconds"]} == {"fetch", "extract", "load"}
        assert row["extractor_version"] == EXTRACTOR_VERSION
        assert row["event_extractor_versions"] == [EXTRACTOR_VERSION]

        loaded = dict(
            _query(
                settings,
                f"SELECT event_type, count(*) FROM raw_events WHERE ds = DATE '{ds}' GROUP BY 1",
            )
        )
        summary = _query(
            settings,
            "SELECT articles_fetched, events_total, events_by_type, events_asserted "
            f"FROM raw_run_summary WHERE ds = DATE '{ds}'",
        )
        assert len(summary) == 1
        articles, events, by_type, asserted = summary[0]
        assert dict(by_type) == loaded  # type: ignore[call-overload]
        assert events == sum(loaded.values()) > 0
        assert (
            articles
            == _query(settings, f"SELECT count(*) FROM raw_articles WHERE ds = DATE '{ds}'")[0][0]
        )
        assert (
            asserted
            == _query(
                settings,
                f"SELECT count(*) FROM raw_events WHERE ds = DATE '{ds}' AND modality = 'asserted'",
            )[0][0]
        )


def test_rerun_replaces_the_summary_and_leaves_the_data_identical(
    three_days: tuple[Settings, list[dt.date]],
) -> None:
    settings, days = three_days
    before = (parquet_digest(settings.data_dir), table_digest(settings.warehouse))
    recorded = _query(settings, f"SELECT recorded_at FROM raw_run_summary WHERE ds = '{days[1]}'")
    run_days(settings, [days[1]])
    assert (parquet_digest(settings.data_dir), table_digest(settings.warehouse)) == before
    after = _query(settings, f"SELECT recorded_at FROM raw_run_summary WHERE ds = '{days[1]}'")
    assert len(after) == 1 and after != recorded
    assert _query(settings, "SELECT count(*) FROM raw_run_summary") == [(3,)]


def test_stage_timer_records_failures_and_extra_fields(tmp_path: Path) -> None:
    with observe.stage_timer(tmp_path, "2023-03-06", "fetch") as info:
        info["mode"] = "reprocess"
    with pytest.raises(RuntimeError), observe.stage_timer(tmp_path, "2023-03-06", "extract"):
        raise RuntimeError("boom")
    timings = observe.read_timings(tmp_path, "2023-03-06")
    assert timings["fetch"]["ok"] is True and timings["fetch"]["mode"] == "reprocess"
    assert timings["extract"]["ok"] is False and timings["extract"]["seconds"] >= 0
    assert observe.read_timings(tmp_path, "2023-03-07") == {}


def test_json_log_lines_carry_extra_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import logging

    monkeypatch.setenv("COMMUNIQUE_LOG_FORMAT", "json")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(observe.JsonFormatter())
    logger = logging.getLogger("communique.test.json")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("loaded %d rows", 3, extra={"ds": "2023-03-06", "seconds": 0.5})
        try:
            raise ValueError("bad")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "loaded 3 rows" and first["level"] == "INFO"
    assert first["ds"] == "2023-03-06" and first["seconds"] == 0.5
    assert first["logger"] == "communique.test.json" and first["ts"].endswith("+00:00")
    assert "ValueError: bad" in second["exc_info"]
    assert observe.log_format() == "json"
    monkeypatch.setenv("COMMUNIQUE_LOG_FORMAT", "TEXT")
    assert observe.log_format() == "text"


def test_cli_writes_json_logs(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {
        "COMMUNIQUE_LOG_FORMAT": "json",
        "COMMUNIQUE_DATA_DIR": str(tmp_path / "data"),
        "COMMUNIQUE_WAREHOUSE": str(tmp_path / "w.duckdb"),
        "COMMUNIQUE_SOURCES": str(tmp_path / "empty"),
        "PATH": "/usr/bin:/bin",
    }
    (tmp_path / "empty").mkdir()
    out = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "fetch", "--date", "2023-03-06"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(line) for line in out.stderr.splitlines() if line.startswith("{")]
    assert any(r["message"].startswith("stage fetch of 2023-03-06 done") for r in lines)
    assert Counter(r["level"] for r in lines)["INFO"] >= 2
