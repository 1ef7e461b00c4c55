"""Load stage: Parquet partitions into the DuckDB warehouse, one writer at a time.

A load replaces one data interval inside one explicit transaction (DuckDB 2.0 no longer wraps a
multi-statement batch in one), so loading an interval twice, or intervals out of order, leaves
identical tables. A file lock beside the database serialises writers across processes; Airflow's
pool does the same across tasks, the lock covers the CLI and everything else.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb

from pipeline.errors import RetryableError
from pipeline.observe import crash_point
from pipeline.schema import SCHEMA_VERSION
from pipeline.store import partition_path

log = logging.getLogger(__name__)
LOADED_DATASETS = ("articles", "events", "fetch_errors", "extract_errors")
# first line of a model file whose SELECT is materialised as a table, rebuilt on every load
TABLE_MODEL_MARKER = "-- materialized: table"


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


def model_name(path: Path) -> str:
    """The object a model file defines: its file name without the numeric prefix."""
    prefix, _, rest = path.stem.partition("_")
    return rest if prefix.isdigit() and rest else path.stem


def _model_select(path: Path) -> str | None:
    """The SELECT of a table model (a file starting with ``TABLE_MODEL_MARKER``), else None."""
    sql = path.read_text(encoding="utf-8")
    if not sql.lstrip().startswith(TABLE_MODEL_MARKER):
        return None
    return sql.strip().rstrip(";")


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str]]:
    return [
        (str(r[0]), str(r[1]))
        for r in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
            "AND schema_name = 'main' AND database_name = current_database() "
            "ORDER BY column_index",
            [name],
        ).fetchall()
    ]


def _ensure_table(con: duckdb.DuckDBPyConnection, name: str, select: str) -> None:
    """Create a table model when it is missing or its columns changed; loads then refill it."""
    wanted = [(str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE {select}").fetchall()]
    if _columns(con, name) != wanted:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {select}")


def _fingerprint(sql_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sql_files(sql_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def apply_models(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Create tables and (re)create views in one transaction; every statement is idempotent.
    Skipped when these exact model files were the last applied (fingerprint in model_state)."""
    fingerprint = _fingerprint(sql_dir)
    con.execute(
        "CREATE TABLE IF NOT EXISTS model_state "
        "(fingerprint VARCHAR NOT NULL, model_files INTEGER NOT NULL)"
    )
    row = con.execute("SELECT max(fingerprint) FROM model_state").fetchone()
    if row and row[0] == fingerprint:
        return
    paths = sql_files(sql_dir)
    con.execute("BEGIN TRANSACTION")
    try:
        for path in paths:
            select = _model_select(path)
            if select is not None:
                _ensure_table(con, model_name(path), select)
            else:
                con.execute(path.read_text(encoding="utf-8"))
        con.execute("DELETE FROM model_state")
        con.execute("INSERT INTO model_state VALUES (?, ?)", [fingerprint, len(paths)])
        con.execute("COMMIT")
    except Exception:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def rebuild_tables(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> dict[str, int]:
    """Refill every table model from the raw tables, in apply order, inside the caller's
    transaction: a full, deterministic rebuild, so load order never changes the result."""
    counts: dict[str, int] = {}
    for path in sql_files(sql_dir):
        select = _model_select(path)
        if select is None:
            continue
        name = model_name(path)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} {select}")
        row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


def rebuild_core(warehouse: Path, sql_dir: Path) -> dict[str, int]:
    """Rebuild the core tables in one transaction (after loads run with ``rebuild=False``)."""
    with writer_lock(warehouse):
        con = connect(warehouse, sql_dir)
        try:
            con.execute("BEGIN TRANSACTION")
            counts = rebuild_tables(con, sql_dir)
            con.execute("COMMIT")
        except Exception:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    log.info("rebuilt core tables: %s", counts)
    return counts


def connect(warehouse: Path, sql_dir: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing with its models applied."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse))
    except duckdb.IOException as exc:  # held by another process
        raise RetryableError(f"cannot open warehouse {warehouse}: {exc}") from exc
    apply_models(con, sql_dir)
    return con


def load_interval(
    warehouse: Path,
    sql_dir: Path,
    data_dir: Path,
    ds: str,
    *,
    rebuild: bool = True,
    datasets: Sequence[str] = LOADED_DATASETS,
) -> dict[str, int]:
    """Replace interval ``ds`` in every raw table from its Parquet partitions, then rebuild the
    core tables (unless ``rebuild`` is False, for a backfill that calls ``rebuild_core`` once),
    all in one transaction. ``datasets`` narrows the load to some raw tables."""
    counts: dict[str, int] = {}
    with writer_lock(warehouse):
        con = connect(warehouse, sql_dir)
        try:
            con.execute("BEGIN TRANSACTION")
            crash_point("load.begin")
            for dataset in datasets:
                path = partition_path(data_dir, dataset, ds)
                table = f"raw_{dataset}"
                con.execute(f"DELETE FROM {table} WHERE ds = ?", [ds])
                crash_point("load.delete")
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
                crash_point("load.insert")
                row = con.execute(f"SELECT count(*) FROM {table} WHERE ds = ?", [ds]).fetchone()
                counts[dataset] = int(row[0]) if row else 0
                con.execute(
                    "INSERT OR REPLACE INTO load_log VALUES (?, ?, ?, ?, ?)",
                    [ds, dataset, counts[dataset], str(path), SCHEMA_VERSION],
                )
            if rebuild:
                rebuilt = rebuild_tables(con, sql_dir)
                log.debug("rebuilt core tables: %s", rebuilt)
            crash_point("load.commit")
            con.execute("COMMIT")
            crash_point("load.committed")
        except Exception:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    log.info("loaded interval %s: %s", ds, counts)
    return counts


def load_intervals(
    warehouse: Path, sql_dir: Path, data_dir: Path, days: Sequence[str], *, rebuild: bool = True
) -> dict[str, dict[str, int]]:
    """Replace several intervals at once (a backfill): one transaction, one parallel scan of their
    Parquet partitions per raw table, one core rebuild. Leaves the same tables as loading each
    interval in turn with ``load_interval``."""
    days = sorted(set(days))
    counts: dict[str, dict[str, int]] = {ds: {} for ds in days}
    with writer_lock(warehouse):
        con = connect(warehouse, sql_dir)
        try:
            con.execute("BEGIN TRANSACTION")
            for dataset in LOADED_DATASETS:
                table = f"raw_{dataset}"
                paths = {ds: partition_path(data_dir, dataset, ds) for ds in days}
                present = [ds for ds in days if paths[ds].exists()]
                con.execute(
                    f"DELETE FROM {table} WHERE list_contains(CAST(? AS DATE[]), ds)", [days]
                )
                for ds in days:
                    counts[ds][dataset] = 0
                if not present:
                    continue
                cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "ds"]
                col_list = ", ".join(cols)
                # the interval comes from each file's ds=YYYY-MM-DD folder (hive partitioning)
                con.execute(
                    f"INSERT INTO {table} (ds, {col_list}) "
                    f"SELECT CAST(ds AS DATE), {col_list} "
                    "FROM read_parquet(?, hive_partitioning = true, hive_types = {'ds': VARCHAR})",
                    [[str(paths[ds]) for ds in present]],
                )
                loaded = con.execute(
                    f"SELECT CAST(ds AS VARCHAR), count(*) FROM {table} "
                    "WHERE list_contains(CAST(? AS DATE[]), ds) GROUP BY ds",
                    [present],
                ).fetchall()
                for ds, n in loaded:
                    counts[str(ds)][dataset] = int(n)
                con.executemany(
                    "INSERT OR REPLACE INTO load_log VALUES (?, ?, ?, ?, ?)",
                    [
                        [ds, dataset, counts[ds][dataset], str(paths[ds]), SCHEMA_VERSION]
                        for ds in present
                    ],
                )
            if rebuild:
                rebuilt = rebuild_tables(con, sql_dir)
                log.debug("rebuilt core tables: %s", rebuilt)
            con.execute("COMMIT")
        except Exception:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
    log.info("loaded %d intervals in one transaction", len(days))
    return counts
