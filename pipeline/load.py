"""Load stage: Parquet partitions into the DuckDB warehouse, one writer at a time.

A load replaces one data interval inside one explicit transaction (DuckDB 2.0 no longer wraps a
multi-statement batch in one), so loading an interval twice, or intervals out of order, leaves
identical tables. A file lock beside the database serialises writers across processes; Airflow's
pool does the same across tasks, the lock covers the CLI and everything else.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.errors import RetryableError
from pipeline.schema import SCHEMA_VERSION
from pipeline.store import partition_path

log = logging.getLogger(__name__)
LOADED_DATASETS = ("articles", "events", "fetch_errors")


@contextlib.contextmanager
def writer_lock(warehouse: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold the warehouse's single-writer lock; a timeout is retryable, not fatal."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() > deadline:
                    msg = f"warehouse {warehouse} is locked by another writer"
                    raise RetryableError(msg) from exc
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sql_files(sql_dir: Path) -> list[Path]:
    """Model files in apply order (their numeric prefixes)."""
    return sorted((sql_dir / "models").glob("*.sql"))


def apply_models(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Create tables and (re)create views; every statement is idempotent."""
    for path in sql_files(sql_dir):
        con.execute(path.read_text(encoding="utf-8"))


def connect(warehouse: Path, sql_dir: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing with its models applied."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse))
    except duckdb.IOException as exc:  # held by another process
        raise RetryableError(f"cannot open warehouse {warehouse}: {exc}") from exc
    apply_models(con, sql_dir)
    return con


def load_interval(warehouse: Path, sql_dir: Path, data_dir: Path, ds: str) -> dict[str, int]:
    """Replace interval ``ds`` in every raw table from its Parquet partitions, atomically."""
    counts: dict[str, int] = {}
    with writer_lock(warehouse):
        con = connect(warehouse, sql_dir)
        try:
            con.execute("BEGIN TRANSACTION")
            for dataset in LOADED_DATASETS:
                path = partition_path(data_dir, dataset, ds)
                table = f"raw_{dataset}"
                con.execute(f"DELETE FROM {table} WHERE ds = ?", [ds])
                if not path.exists():
                    counts[dataset] = 0
                    continue
                cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "ds"]
                col_list = ", ".join(cols)
                con.execute(
                    f"INSERT INTO {table} (ds, {col_list}) "
                    f"SELECT CAST(? AS DATE), {col_list} FROM read_parquet(?)",
                    [ds, str(path)],
                )
                row = con.execute(f"SELECT count(*) FROM {table} WHERE ds = ?", [ds]).fetchone()
                counts[dataset] = int(row[0]) if row else 0
                con.execute(
                    "INSERT OR REPLACE INTO load_log VALUES (?, ?, ?, ?, ?)",
                    [ds, dataset, counts[dataset], str(path), SCHEMA_VERSION],
                )
            con.execute("COMMIT")
        except Exception:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    log.info("loaded interval %s: %s", ds, counts)
    return counts
