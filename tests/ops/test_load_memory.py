"""The load's memory settings: every connection that writes the warehouse (and the publish's) runs
with a DuckDB memory limit, a spill folder beside the warehouse and a bounded thread count, from
``Settings``; an interval still loads (and publishes) the same rows under a tiny limit; and a run's
Parquet reads do not pull in ``pyarrow.dataset`` (about 55 MiB, held for the rest of the
process). Peak memory itself is measured by bench/bench_run_memory.py, not here.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline import runner
from pipeline.load import PARTITION_FLUSH_ROWS, rebuild_core, writer_config, writing
from pipeline.models import Interval
from pipeline.settings import Settings
from tests.ops.conftest import FIRST_DAY, run_days, settings_for
from tests.ops.corpus import day_range, make_corpus

ROOT = Path(__file__).resolve().parents[2]
CORE = (
    "raw_articles",
    "raw_events",
    "articles",
    "int_event_extractions",
    "event_mentions",
    "events",
)


def _bytes(setting: str) -> int:
    """DuckDB's memory_limit as it reports it (``244.1 MiB``) in bytes."""
    number, unit = setting.split()
    scale = {"KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}[unit]
    return int(float(number) * scale)


def _live(settings: Settings) -> dict[str, str]:
    with writing(settings.warehouse, settings.sql_dir, settings=settings) as con:
        rows = con.execute(
            "SELECT name, value FROM duckdb_settings() "
            "WHERE name IN ('memory_limit', 'temp_directory', 'threads', "
            "'partitioned_write_flush_threshold')"
        ).fetchall()
    return {str(name): str(value) for name, value in rows}


def test_the_writer_connection_is_bounded_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("MEMORY_LIMIT", "THREADS", "TEMP_DIR"):
        monkeypatch.delenv(f"COMMUNIQUE_WAREHOUSE_{name}", raising=False)
    settings = settings_for(tmp_path, tmp_path / "src")
    live = _live(settings)
    unbounded = duckdb.connect().execute("SELECT current_setting('memory_limit')").fetchone()
    assert settings.warehouse_memory_limit and settings.warehouse_threads
    assert _bytes(live["memory_limit"]) <= _bytes("512.0 MiB")
    if unbounded:  # DuckDB's own default: 80% of the machine
        assert _bytes(live["memory_limit"]) < _bytes(str(unbounded[0]))
    assert int(live["threads"]) == settings.warehouse_threads
    assert Path(live["temp_directory"]) == settings.warehouse.with_name("communique.duckdb.tmp")
    assert int(live["partitioned_write_flush_threshold"]) == PARTITION_FLUSH_ROWS


def test_the_writer_connection_takes_its_limits_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE_MEMORY_LIMIT", "96MB")
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE_THREADS", "1")
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE_TEMP_DIR", str(tmp_path / "spill"))
    settings = settings_for(tmp_path, tmp_path / "src")
    live = _live(settings)
    assert _bytes(live["memory_limit"]) == pytest.approx(96e6, rel=0.01)
    assert live["threads"] == "1"
    assert Path(live["temp_directory"]) == tmp_path / "spill"
    # loads called without settings (tests, backfills, benches) read them from the environment
    assert writer_config(settings.warehouse) == writer_config(settings.warehouse, settings)
    # empty: DuckDB's own defaults, and its own spill folder still beside the warehouse
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE_MEMORY_LIMIT", "")
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE_THREADS", "")
    config = writer_config(settings.warehouse)
    assert "memory_limit" not in config and "threads" not in config
    assert config["temp_directory"] == str(tmp_path / "spill")


def _tables(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the core tables, in a stable order."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            t: sorted((tuple(r) for r in con.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in CORE
        }
    finally:
        con.close()


def _two_runs(tmp_path: Path, limit: str) -> tuple[Settings, Settings]:
    """The same two days loaded and published twice: without a memory limit, and under
    ``limit`` with one thread. Returns both runs' settings (unlimited first)."""
    days = day_range(FIRST_DAY, 2)
    sources = make_corpus(tmp_path / "src", days, per_day=4)
    wide = Settings(
        **{**settings_for(tmp_path / "wide", sources).model_dump(), "warehouse_memory_limit": ""}
    )
    limited = Settings(
        **{
            **settings_for(tmp_path / "limited", sources).model_dump(),
            "warehouse_memory_limit": limit,
            "warehouse_threads": 1,
        }
    )
    for settings in (wide, limited):
        run_days(settings, days)
        runner.run_publish(settings)
    return wide, limited


def test_a_tiny_memory_limit_still_loads_and_publishes_the_same_rows(tmp_path: Path) -> None:
    wide, tight = _two_runs(tmp_path, "64MB")
    assert _tables(tight.warehouse) == _tables(wide.warehouse)
    assert _tables(tight.publish_path) == _tables(wide.publish_path)
    assert sum(len(rows) for rows in _tables(tight.warehouse).values()) > 0


def test_a_run_reads_parquet_without_pyarrow_dataset_or_pandas(tmp_path: Path) -> None:
    """Neither module is needed by a stage, and each stays resident once imported (about 55 and
    50 MiB); pandas still comes when asked for, after the run, with pyarrow's conversions."""
    day = dt.date(2023, 3, 6)
    sources = make_corpus(tmp_path / "src", [day], per_day=3)
    settings = settings_for(tmp_path, sources)
    code = (
        "import sys, datetime as dt; from pathlib import Path; "
        "from pipeline.settings import Settings; from pipeline import runner; "
        f"s = Settings(data_dir=Path({str(settings.data_dir)!r}), "
        f"warehouse=Path({str(settings.warehouse)!r}), sources=Path({str(sources)!r})); "
        f"runner.run_all(s, dt.date({day.year}, {day.month}, {day.day})); "
        "print('pyarrow.dataset' in sys.modules, 'pandas' in sys.modules); "
        "import pyarrow as pa, pandas as pd; "
        "frame = runner.read_file(Path(sys.argv[1])).to_pandas(); "
        "back = pa.Table.from_pandas(frame, preserve_index=False); "
        "nan = pa.array(pd.Series([1.0, None])).null_count; "
        "print(type(frame).__name__, back.num_rows == len(frame) > 0, nan)"
    )
    events = runner.partition_path(settings.data_dir, "events", Interval.for_day(day).ds)
    done = subprocess.run(
        [sys.executable, "-c", code, str(events)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert lines[-2] == "False False", done.stderr[-2000:]
    assert lines[-1] == "DataFrame True 1", done.stderr[-2000:]


def test_a_limit_too_small_for_duckdb_falls_back_and_loses_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Not every DuckDB operator spills: over the limit, the load, publish and mart export run
    again without it (one warning each) rather than fail the night."""
    wide, starved = _two_runs(tmp_path, "1MB")
    retried = [r for r in caplog.records if "retrying without it" in r.getMessage()]
    assert retried, "the 1MB limit never ran out: the fallback went untested"
    assert _tables(starved.warehouse) == _tables(wide.warehouse)
    assert _tables(starved.publish_path) == _tables(wide.publish_path)


def _one_process_runs(
    tmp_path: Path, sources: Path, day: dt.date, field: str, tight: str
) -> tuple[Settings, Settings]:
    """One day run twice by ``communique run``: with ``field`` unset, and set to ``tight`` with one
    thread. Returns both runs' settings (unset first)."""
    wide = Settings(**{**settings_for(tmp_path / "wide", sources).model_dump(), field: ""})
    starved = Settings(
        **{
            **settings_for(tmp_path / "starved", sources).model_dump(),
            field: tight,
            "warehouse_threads": 1,
        }
    )
    for settings in (wide, starved):
        runner.run_all(settings, day)
    return wide, starved


def test_a_run_in_one_process_loads_under_its_own_limit_then_the_warehouse_limit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`communique run` (``runner.stages``) loads, checks and publishes under run_memory_limit,
    beside the fetch's and extraction's leftovers; out of memory there, the next attempt runs
    under warehouse_memory_limit, not straight without a limit."""
    day = FIRST_DAY
    sources = make_corpus(tmp_path / "src", [day], per_day=4)
    base = settings_for(tmp_path / "base", sources)
    shared = runner.shared_process_settings(base)
    assert base.run_memory_limit and shared.warehouse_memory_limit == base.run_memory_limit
    assert shared.warehouse_memory_retry_limit == base.warehouse_memory_limit
    unlimited = Settings(**{**base.model_dump(), "warehouse_memory_limit": ""})
    assert runner.shared_process_settings(unlimited) == unlimited
    wide, starved = _one_process_runs(tmp_path, sources, day, "run_memory_limit", "1MB")
    retried = [r.getMessage() for r in caplog.records if "ran out of memory" in r.getMessage()]
    assert retried and all("warehouse_memory_limit=1MB" in m for m in retried), retried
    assert all(m.endswith(f"retrying under {starved.warehouse_memory_limit}") for m in retried)
    assert _tables(starved.warehouse) == _tables(wide.warehouse)
    assert _tables(starved.publish_path) == _tables(wide.publish_path)


def test_the_checks_and_publish_of_a_run_read_under_their_own_limit_then_the_run_limit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`communique run` checks and publishes under run_read_memory_limit (their buffers mostly
    cache what they read), with one DuckDB thread; out of memory there, the next attempt runs
    under run_memory_limit, and the tables are the same."""
    day = FIRST_DAY
    sources = make_corpus(tmp_path / "src", [day], per_day=4)
    base = settings_for(tmp_path / "base", sources)
    reading = runner.shared_process_settings(base, reading=True)
    assert base.run_read_memory_limit
    assert reading.warehouse_memory_limit == base.run_read_memory_limit
    assert reading.warehouse_memory_retry_limit == base.run_memory_limit
    assert reading.warehouse_threads == base.run_threads == 1
    assert runner.shared_process_settings(base).warehouse_threads == 1
    wide, starved = _one_process_runs(tmp_path, sources, day, "run_read_memory_limit", "1MB")
    retried = [r.getMessage() for r in caplog.records if "ran out of memory" in r.getMessage()]
    assert retried, "the 1MB read limit never ran out: the fallback went untested"
    assert all("warehouse_memory_limit=1MB" in m for m in retried), retried
    assert all(m.endswith(f"retrying under {starved.run_memory_limit}") for m in retried)
    assert _tables(starved.warehouse) == _tables(wide.warehouse)
    assert _tables(starved.publish_path) == _tables(wide.publish_path)


def test_out_of_memory_under_the_retry_limit_still_ends_without_a_limit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    days = day_range(FIRST_DAY, 2)
    sources = make_corpus(tmp_path / "src", days, per_day=4)
    settings = Settings(
        **{
            **settings_for(tmp_path, sources).model_dump(),
            "warehouse_memory_limit": "1MB",
            "warehouse_memory_retry_limit": "2MB",
            "warehouse_threads": 1,
        }
    )
    run_days(settings, days)
    messages = [r.getMessage() for r in caplog.records if "ran out of memory" in r.getMessage()]
    last = [m for m in messages if m.endswith("without it")]
    assert any(m.endswith("retrying under 2MB") for m in messages), messages
    assert last and all("warehouse_memory_limit=2MB" in m for m in last), messages
    days_loaded = (
        duckdb.connect(str(settings.warehouse), read_only=True)
        .execute("SELECT count(DISTINCT ds) FROM raw_articles")
        .fetchone()
    )
    assert days_loaded == (2,)


def test_a_load_commits_under_its_commit_limit_and_falls_back_when_it_runs_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The commit writes what the load spilled under warehouse_commit_memory_limit (`communique
    run`: run_commit_memory_limit); one that runs out there is retried with the load, without it,
    and the tables are the same."""
    day = FIRST_DAY
    sources = make_corpus(tmp_path / "src", [day], per_day=4)
    base = settings_for(tmp_path / "base", sources)
    assert base.run_commit_memory_limit
    shared = runner.shared_process_settings(base)
    assert shared.warehouse_commit_memory_limit == base.run_commit_memory_limit
    wide, starved = _one_process_runs(tmp_path, sources, day, "run_commit_memory_limit", "1KB")
    retried = [r.getMessage() for r in caplog.records if "ran out of memory" in r.getMessage()]
    assert retried, "the 1KB commit limit never ran out: the fallback went untested"
    assert _tables(starved.warehouse) == _tables(wide.warehouse)
    assert _tables(starved.publish_path) == _tables(wide.publish_path)
    # a commit limit alone (no load limit) is dropped on the retry as well
    bare = Settings(
        **{
            **settings_for(tmp_path / "bare", sources).model_dump(),
            "warehouse_memory_limit": "",
            "warehouse_commit_memory_limit": "1KB",
        }
    )
    caplog.clear()
    run_days(bare, [day])
    assert any("ran out of memory" in r.getMessage() for r in caplog.records)
    assert _tables(bare.warehouse) == _tables(wide.warehouse)


def test_a_full_rebuild_over_the_limit_falls_back_and_rebuilds_the_same_rows(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A full rebuild (after a backfill or reprocessing, or models that changed) needs more memory
    than a night's load: out of memory under the limit it runs again without it, not fail."""
    days = day_range(FIRST_DAY, 2)
    sources = make_corpus(tmp_path / "src", days, per_day=4)
    settings = settings_for(tmp_path, sources)
    run_days(settings, days)
    before = _tables(settings.warehouse)
    starved = Settings(
        **{**settings.model_dump(), "warehouse_memory_limit": "1MB", "warehouse_threads": 1}
    )
    counts = rebuild_core(settings.warehouse, settings.sql_dir, settings=starved)
    retried = [r for r in caplog.records if "retrying without it" in r.getMessage()]
    assert retried, "the 1MB limit never ran out: the fallback went untested"
    assert counts["events"] == len(before["events"]) > 0
    assert _tables(settings.warehouse) == before
