"""Production-like Airflow: PostgreSQL metadata database, LocalExecutor scheduler, DAG processor
and API server as real processes, and a four-day backfill of ``communique_nightly``.

The backfill (two runs active at once, LocalExecutor parallelism 2, each interval's extraction
mapped over ``EXTRACT_SHARDS`` shards) must give four runs over four consecutive data intervals,
four articles partitions holding exactly their day's articles, and Parquet bytes and DuckDB
tables identical to a plain in-process, one-shard run of the same four days. Loads never overlap
(one writer), and clearing and rerunning one day changes nothing.
``COMMUNIQUE_COMPARE_WORKERS=1`` first runs the same backfill with one executor slot, from empty
data, to compare wall times (written to ``production_report.json`` and logged).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline.store import list_partitions, partition_path
from tests.ops.airflow_stack import PG_BIN, AirflowStack, Postgres, wait_for
from tests.ops.conftest import run_days, settings_for
from tests.ops.corpus import day_range, make_corpus, parquet_digest, table_digest

log = logging.getLogger(__name__)
pytestmark = pytest.mark.slow

DAG_ID = "communique_nightly"
DAYS = day_range(dt.date(2026, 3, 2), 4)  # after the DAG's start date
PER_DAY = 2
MAX_ACTIVE_RUNS = 2
EXTRACT_SHARDS = 2  # one article per shard: every run's extraction spreads over two tasks
# executor slots of the backfills; COMMUNIQUE_COMPARE_WORKERS=1 adds a one-slot backfill first
WORKERS = (1, 2) if os.environ.get("COMMUNIQUE_COMPARE_WORKERS") == "1" else (2,)


@pytest.fixture(scope="module")
def airflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Postgres, Any]]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed (make system-deps)")
    root = tmp_path_factory.mktemp("production")
    pg = Postgres()
    stack: AirflowStack | None = None
    try:
        url = pg.start()
        home = root / "airflow"
        home.mkdir()
        stack = AirflowStack(home, url)
        stack.cli("db", "migrate", timeout=300)
        stack.start("dag-processor", "dag-processor")  # parses while the API server starts
        stack.start_api_server()
        wait_for(
            "the DAG to be parsed",
            lambda: pg.query("SELECT 1 FROM serialized_dag WHERE dag_id = %s", (DAG_ID,)),
            120,
        )
        stack.api("PATCH", f"/api/v2/dags/{DAG_ID}", {"is_paused": False})
        yield root, pg, stack
    finally:
        if stack is not None:
            stack.stop()
        pg.stop()


def _runs(pg: Postgres, backfill_id: int) -> list[dict[str, Any]]:
    rows = pg.query(
        "SELECT run_id, state, logical_date, data_interval_start, data_interval_end, "
        "start_date, end_date FROM dag_run WHERE dag_id = %s AND backfill_id = %s "
        "ORDER BY data_interval_start",
        (DAG_ID, backfill_id),
    )
    keys = ("run_id", "state", "logical_date", "start", "end", "started", "ended")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def _wait_done(stack: AirflowStack, pg: Postgres, backfill_id: int) -> list[dict[str, Any]]:
    def done() -> list[dict[str, Any]] | None:
        runs = _runs(pg, backfill_id)
        failed = [r for r in runs if r["state"] == "failed"]
        if failed:
            raise AssertionError(f"failed runs {failed}\n{stack.tail('scheduler', 80)}")
        ok = len(runs) == len(DAYS) and all(r["state"] == "success" for r in runs)
        return runs if ok else None

    try:
        # generous: on a busy 2-core machine a run of mapped tasks takes minutes
        result: list[dict[str, Any]] = wait_for("the backfill", done, 900, every=1.0)
    except TimeoutError as exc:
        detail = f"{exc}: {_runs(pg, backfill_id)}\n{stack.tail('scheduler', 80)}"
        raise AssertionError(detail) from exc
    return result


def _task_windows(pg: Postgres, run_ids: list[str], task_id: str) -> list[tuple[Any, Any]]:
    rows = pg.query(
        "SELECT start_date, end_date FROM task_instance WHERE dag_id = %s AND task_id = %s "
        "AND run_id = ANY(%s) ORDER BY start_date",
        (DAG_ID, task_id, run_ids),
    )
    return [(r[0], r[1]) for r in rows]


def _shards(pg: Postgres, run_ids: list[str]) -> list[int]:
    """How many mapped extract_shard task instances each run had (in run order)."""
    rows = pg.query(
        "SELECT run_id, count(*) FROM task_instance WHERE dag_id = %s "
        "AND task_id = 'extract_shard' AND map_index >= 0 AND state = 'success' "
        "AND run_id = ANY(%s) GROUP BY run_id",
        (DAG_ID, run_ids),
    )
    counts = {str(r[0]): int(r[1]) for r in rows}
    return [counts.get(run_id, 0) for run_id in run_ids]


def _overlaps(windows: list[tuple[Any, Any]]) -> int:
    return sum(1 for a, b in itertools.pairwise(windows) if b[0] < a[1])


def _scheduler(
    stack: AirflowStack, pg: Postgres, out: Path, sources: Path, workers: int, **env: str
) -> None:
    """Start a scheduler with ``workers`` executor slots whose tasks write under ``out``."""
    stack.start(
        "scheduler",
        "scheduler",
        AIRFLOW__CORE__PARALLELISM=str(workers),
        COMMUNIQUE_DATA_DIR=str(out / "data"),
        COMMUNIQUE_WAREHOUSE=str(out / "warehouse" / "communique.duckdb"),
        COMMUNIQUE_SOURCES=str(sources),
        COMMUNIQUE_EXTRACT_SHARDS=str(EXTRACT_SHARDS),
        COMMUNIQUE_EXTRACT_SHARD_ARTICLES=str(PER_DAY // EXTRACT_SHARDS),
        **env,
    )
    wait_for(
        "the scheduler",
        lambda: pg.query(
            "SELECT 1 FROM job WHERE job_type = 'SchedulerJob' AND state = 'running' "
            "AND latest_heartbeat > now() - interval '10 seconds'"
        ),
        90,
    )


def _backfill(stack: AirflowStack, pg: Postgres, again: bool) -> dict[str, Any]:
    """Backfill the four days and wait for every run; returns the runs and the wall time."""
    # = airflow backfill create --dag-id communique_nightly --from-date 2026-03-02
    #   --to-date 2026-03-08 --max-active-runs 2 [--reprocess-behavior completed]
    # (from and to are logical dates: each run's data interval start)
    t0 = time.monotonic()
    backfill = stack.api(
        "POST",
        "/api/v2/backfills",
        {
            "dag_id": DAG_ID,
            "from_date": f"{DAYS[0].isoformat()}T00:00:00Z",
            "to_date": f"{DAYS[-1].isoformat()}T00:00:00Z",
            "max_active_runs": MAX_ACTIVE_RUNS,
            "reprocess_behavior": "completed" if again else "none",
        },
    )
    backfill_id = int(backfill["id"])
    runs = _wait_done(stack, pg, backfill_id)
    wall = time.monotonic() - t0
    wait_for(
        "the backfill to be marked complete",
        lambda: pg.query(
            "SELECT 1 FROM backfill WHERE id = %s AND completed_at IS NOT NULL", (backfill_id,)
        ),
        60,
    )
    return {"backfill_id": backfill_id, "runs": runs, "wall_seconds": round(wall, 1)}


def _clear_and_rerun(stack: AirflowStack, pg: Postgres, run: dict[str, Any]) -> None:
    """Clear every task of one run and wait until the scheduler has run it again."""
    # = airflow tasks clear communique_nightly --start-date D --end-date D --yes
    stack.api(
        "POST",
        f"/api/v2/dags/{DAG_ID}/clearTaskInstances",
        {
            "dry_run": False,
            "dag_run_id": run["run_id"],
            "only_failed": False,
            "reset_dag_runs": True,
        },
    )
    wait_for(
        "the cleared run",
        lambda: pg.query(
            "SELECT 1 FROM dag_run WHERE run_id = %s AND state = 'success' AND end_date > %s",
            (run["run_id"], run["ended"]),
        ),
        180,
    )


def _check_partitions(data_dir: Path) -> None:
    assert list_partitions(data_dir, "articles") == [d.isoformat() for d in DAYS]
    for day in DAYS:
        table = pq.read_table(partition_path(data_dir, "articles", day.isoformat()))
        published = {t.date() for t in table.column("published_at").to_pylist()}
        assert table.num_rows == PER_DAY and published == {day}, (day, published)


def _deadline_alert(stack: AirflowStack, pg: Postgres, alerts: Path) -> dict[str, Any]:
    """Reparse the DAG with a deadline of about a second, trigger one run, and wait for the
    executor to run ``pipeline.observe.deadline_missed``, which appends the alert record."""
    versions = pg.query("SELECT count(*) FROM dag_version WHERE dag_id = %s", (DAG_ID,))[0][0]
    stack.stop_one("dag-processor")
    stack.start("dag-processor", "dag-processor", COMMUNIQUE_DEADLINE_HOURS="0.0003")
    wait_for(
        "the DAG with a deadline",
        lambda: (
            pg.query("SELECT count(*) FROM dag_version WHERE dag_id = %s", (DAG_ID,))[0][0]
            > versions
        ),
        120,
    )
    run = stack.api(
        "POST",
        f"/api/v2/dags/{DAG_ID}/dagRuns",
        # a logical date no backfill run has (theirs are the day after each interval)
        {"logical_date": "2026-04-01T00:00:00Z", "dag_run_id": "deadline_check"},
    )
    wait_for("the deadline alert", lambda: alerts.exists() and alerts.read_text().strip(), 180)
    record: dict[str, Any] = json.loads(alerts.read_text().splitlines()[0])
    assert record["alert"] == "deadline_missed" and record["dag_id"] == DAG_ID
    assert record["run_id"] == run["dag_run_id"] == "deadline_check"
    assert record["deadline_time"]
    missed = pg.query("SELECT count(*) FROM deadline WHERE missed")[0][0]
    assert missed >= 1
    return {"run_id": record["run_id"], "deadline_time": record["deadline_time"]}


def _digest(out: Path) -> tuple[dict[str, str], dict[str, Any]]:
    return parquet_digest(out / "data"), table_digest(out / "warehouse" / "communique.duckdb")


def test_four_day_backfill(airflow: tuple[Path, Postgres, Any]) -> None:
    root, pg, stack = airflow
    sources = make_corpus(root / "src", DAYS, per_day=PER_DAY)
    reference = settings_for(root / "reference", sources)
    run_days(reference, DAYS)
    expected = (parquet_digest(reference.data_dir), table_digest(reference.warehouse))

    report: dict[str, Any] = {}
    for phase, workers in enumerate(WORKERS):
        out = root / f"workers-{workers}"
        alerts = out / "alerts.jsonl"
        _scheduler(stack, pg, out, sources, workers, COMMUNIQUE_ALERTS_FILE=str(alerts))
        try:
            result = _backfill(stack, pg, again=phase > 0)
            runs = result["runs"]
            # four runs over four consecutive data intervals, each day's articles only
            assert [r["start"].date() for r in runs] == DAYS
            assert all(r["end"] - r["start"] == dt.timedelta(days=1) for r in runs)
            _check_partitions(out / "data")
            # each interval's extraction ran as EXTRACT_SHARDS mapped tasks, and the result is
            # identical to the same four days run one after the other, in one shard, no Airflow
            assert _shards(pg, [r["run_id"] for r in runs]) == [EXTRACT_SHARDS] * len(DAYS)
            assert _digest(out) == expected
            loads = _task_windows(pg, [r["run_id"] for r in runs], "load")
            assert len(loads) == len(DAYS) and _overlaps(loads) == 0  # one writer at a time
            run_windows = sorted((r["started"], r["ended"]) for r in runs)
            assert _overlaps(run_windows) > 0  # two runs were active at once
            report[f"{workers}_worker"] = {
                "wall_seconds": result["wall_seconds"],
                "runs_overlapping": _overlaps(run_windows),
                "extract_shards_per_run": EXTRACT_SHARDS,
                "loads_overlapping": _overlaps(loads),
                "load_task_seconds": [round((b - a).total_seconds(), 2) for a, b in loads],
            }
            if phase == len(WORKERS) - 1:
                # clear one day and let the scheduler run it again: nothing changes
                _clear_and_rerun(stack, pg, runs[3])
                assert _digest(out) == expected
                report["rerun_of_one_day_identical"] = True
                report["deadline_alert"] = _deadline_alert(stack, pg, alerts)
        finally:
            stack.stop_one("scheduler")
    (root / "production_report.json").write_text(json.dumps(report, indent=1, default=str))
    log.info("production-like backfill: %s", json.dumps(report, default=str))
