"""Nightly cost against history: load + publish of one day with 1 .. 365 days already held.

    uv run python bench/bench_history.py [--per-day 2000] [--checkpoints 1,10,30,100,365]

Simulates a year of nightly runs at ``--per-day`` articles a day (about 2.45 events per article,
one to three mentions each, the generator of ``bench_load.py``: skewed actors, subjects, dates
around the publication day, 10% undated). The history up to each checkpoint is loaded as a
backfill (``load_intervals``), published and its marts exported, then the next day is loaded as
a scheduled run does (``load_interval``), published (``publish``) and its marts exported as
Parquet (``export_marts``): those three are timed, and the nightly total is their sum. The floor is a bare
``INSERT INTO ... SELECT * FROM read_parquet(...)`` of the same day's three partitions into empty
tables of the raw layer's shape.

Prints one row per checkpoint, and the two ratios the nightly cost is held to: load + publish at
the last checkpoint against the first, and load against the bare INSERT at the last checkpoint.
Timings on a shared machine vary from run to run; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_load import _articles, _events  # noqa: E402

from pipeline import store  # noqa: E402
from pipeline.load import load_interval, load_intervals  # noqa: E402
from pipeline.marts import export_marts  # noqa: E402
from pipeline.publish import publish  # noqa: E402

log = logging.getLogger("bench.history")
SQL = ROOT / "warehouse"
START = dt.date(2025, 1, 1)
EVENTS_PER_ARTICLE = 2.45
Clock = tuple[float, float]  # wall and CPU seconds


def write_day(data: Path, rng: np.random.Generator, index: int, per_day: int) -> str:
    """One day's partitions: ``per_day`` articles published that day, their events."""
    day = START + dt.timedelta(days=index)
    n = int(per_day * EVENTS_PER_ARTICLE)
    first = index * n
    events = _events(rng, n, first, [day])
    article_no = index * per_day + (np.arange(n) * per_day) // n
    events = events.set_column(
        events.schema.get_field_index("article_id"),
        "article_id",
        pa.array([f"a{i:011d}" for i in article_no]),
    )
    events = events.sort_by([("article_id", "ascending"), ("event_id", "ascending")])
    ds = day.isoformat()
    store.write_partition(data, "events", ds, events)
    store.write_partition(data, "articles", ds, _articles(events, rng, day))
    store.write_partition(data, "fetch_errors", ds, store.to_table("fetch_errors", []))
    return ds


def _clock() -> tuple[float, float]:
    """Wall time and this process's CPU time (every thread, DuckDB's included): on a shared,
    busy machine the CPU time is the steadier measure of the work done."""
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def bare_insert(data: Path, db: Path, ds: str) -> tuple[float, float]:
    """The floor: the day's three partitions appended to empty raw-shaped tables."""
    con = duckdb.connect(str(db))
    try:
        for dataset in ("articles", "events", "fetch_errors"):
            path = store.partition_path(data, dataset, ds)
            con.execute(
                f"CREATE OR REPLACE TABLE {dataset} AS SELECT * FROM read_parquet('{path}') LIMIT 0"
            )
        started = _clock()
        con.execute("BEGIN TRANSACTION")
        for dataset in ("articles", "events", "fetch_errors"):
            path = store.partition_path(data, dataset, ds)
            con.execute(f"INSERT INTO {dataset} SELECT * FROM read_parquet('{path}')")
        con.execute("COMMIT")
        return _since(started)
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=int, default=2000)
    parser.add_argument("--checkpoints", default="1,10,30,100,365")
    parser.add_argument("--keep", action="store_true", help="Keep the generated files.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    checkpoints = sorted({int(c) for c in args.checkpoints.split(",")})
    work = Path(tempfile.mkdtemp(prefix="communique-bench-history-"))
    rng = np.random.default_rng(11)
    rows: list[tuple[int, Clock, Clock, Clock, Clock, float]] = []
    try:
        data = work / "data"
        warehouse = work / "warehouse" / "communique.duckdb"
        published = work / "warehouse" / "published" / "communique.duckdb"
        held: list[str] = []
        written = 0
        for days in checkpoints:
            while written <= days:
                write_day(data, rng, written, args.per_day)
                written += 1
            backlog = [(START + dt.timedelta(days=i)).isoformat() for i in range(len(held), days)]
            started = time.perf_counter()
            load_intervals(warehouse, SQL, data, backlog)
            held.extend(backlog)
            publish(warehouse, SQL, published)  # the history as published before this night
            export_marts(published)
            log.info("history of %d days loaded in %.1fs", days, time.perf_counter() - started)
            night = (START + dt.timedelta(days=days)).isoformat()
            bare = bare_insert(data, work / "bare.duckdb", night)
            started = _clock()
            load_interval(warehouse, SQL, data, night)
            load_s = _since(started)
            started = _clock()
            publish(warehouse, SQL, published)
            publish_s = _since(started)
            started = _clock()
            export_marts(published)
            marts_s = _since(started)
            held.append(night)
            size = warehouse.stat().st_size / 1e6
            rows.append((days, load_s, bare, publish_s, marts_s, size))
            log.info(
                "%d days: load %.2fs, bare %.2fs, publish %.2fs, marts %.2fs (wall)",
                days,
                load_s[0],
                bare[0],
                publish_s[0],
                marts_s[0],
            )
        events = store.read_partition(data, "events", held[-1]).num_rows
        out = sys.stdout
        out.write(
            f"{args.per_day:,} articles and {events:,} events a day; "
            "nightly = load_interval (raw load + core), publish, then export_marts\n"
        )
        out.write(
            f"{'days held':>9} {'':>4} {'load':>8} {'bare INSERT':>12} {'load/bare':>9} "
            f"{'publish':>8} {'marts':>7} {'nightly':>8} {'warehouse':>10}\n"
        )
        for days, load_s, bare, publish_s, marts_s, size in rows:
            for k, kind in ((0, "wall"), (1, "cpu")):
                out.write(
                    f"{days:>9} {kind:>4} {load_s[k]:>7.2f}s {bare[k]:>11.2f}s "
                    f"{load_s[k] / max(bare[k], 1e-3):>8.1f}x {publish_s[k]:>7.2f}s "
                    f"{marts_s[k]:>6.2f}s {load_s[k] + publish_s[k] + marts_s[k]:>7.2f}s "
                    f"{size:>8.0f}MB\n"
                )
        first, last = rows[0], rows[-1]
        for k, kind in ((0, "wall"), (1, "cpu")):
            night_first = first[1][k] + first[3][k] + first[4][k]
            night_last = last[1][k] + last[3][k] + last[4][k]
            out.write(
                f"{kind}: nightly (load+publish+marts) at {last[0]} days / at {first[0]} days: "
                f"{night_last / night_first:.2f}x (target <= 2x); "
                f"marts at {last[0]} days / at {first[0]} days: "
                f"{last[4][k] / max(first[4][k], 1e-3):.2f}x; "
                f"load / bare INSERT at {last[0]} days: "
                f"{last[1][k] / max(last[2][k], 1e-3):.2f}x (target <= 3x)\n"
            )
        return 0
    finally:
        if args.keep:
            log.info("files kept in %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
