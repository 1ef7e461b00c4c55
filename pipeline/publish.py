"""Publish stage: a read-only copy of the warehouse for analysts and BI tools, swapped atomically.

The loads write one DuckDB file under a single-writer lock, so a BI tool holding it open would
block them, and a load would block the BI tool. After each load the warehouse is copied instead
into a new file beside the published one, and renamed over it:

* every table is copied as a table, and every mart (``mart_*`` view) is materialised as a table,
  so dashboards read plain tables; the other views are re-created from their SQL;
* every table, view and column comment is carried over (the data dictionary travels with it);
* the file is written in an older storage format (``STORAGE_VERSION``) that DuckDB 1.x clients
  open, since BI drivers and analysts' notebooks lag behind the pipeline's DuckDB;
* the rename is atomic: a reader holding the old file open keeps reading the old data, and sees
  the new data once it reopens the path. Readers open it read-only and never block the publisher.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.load import model_name, sql_files, writer_lock
from pipeline.observe import crash_point
from pipeline.store import STALE_TEMP_SECONDS

log = logging.getLogger(__name__)

# DuckDB 2.0 writes v2.0.0 files by default, which 1.x clients refuse. v1.0.0 is the oldest target
# DuckDB 2.0 distinguishes (older targets write the same storage format 64, tagged 'v1.0.0+'):
# DuckDB 1.0 through 1.5 open the published file and query every table and view in it.
STORAGE_VERSION = "v1.0.0"
MART_PREFIX = "mart_"


@dataclass(frozen=True, slots=True)
class _Object:
    name: str
    kind: str  # "TABLE" or "VIEW"
    comment: str | None
    sql: str | None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _objects(con: duckdb.DuckDBPyConnection, db: str, order: list[str]) -> list[_Object]:
    """Tables and views in model apply order (so a view's inputs exist before it), then any
    object no model defines, by name."""
    rows = con.execute(
        """
        SELECT table_name, 'TABLE', comment, NULL FROM duckdb_tables()
        WHERE database_name = ? AND schema_name = 'main' AND NOT internal AND NOT temporary
        UNION ALL
        SELECT view_name, 'VIEW', comment, sql FROM duckdb_views()
        WHERE database_name = ? AND schema_name = 'main' AND NOT internal AND NOT temporary
        """,
        [db, db],
    ).fetchall()
    rank = {name: i for i, name in enumerate(order)}
    objects = [_Object(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]
    return sorted(objects, key=lambda o: (rank.get(o.name, len(rank)), o.name))


def _column_comments(con: duckdb.DuckDBPyConnection, db: str) -> list[tuple[str, str, str]]:
    rows = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = 'main' AND comment IS NOT NULL "
        "ORDER BY table_name, column_index",
        [db],
    ).fetchall()
    return [(str(t), str(c), str(m)) for t, c, m in rows]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(warehouse: Path, order: list[str], tmp: Path, storage_version: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_literal(str(warehouse))} AS src (READ_ONLY)")
        con.execute(
            f"ATTACH {_literal(str(tmp))} AS dst (STORAGE_VERSION {_literal(storage_version)})"
        )
        objects = _objects(con, "src", order)
        con.execute("USE dst")
        con.execute("BEGIN TRANSACTION")
        views: list[_Object] = []
        for obj in objects:
            if obj.kind == "TABLE" or obj.name.startswith(MART_PREFIX):
                con.execute(
                    f"CREATE TABLE dst.main.{_quote(obj.name)} AS "
                    f"SELECT * FROM src.main.{_quote(obj.name)}"
                )
                row = con.execute(f"SELECT count(*) FROM dst.main.{_quote(obj.name)}").fetchone()
                counts[obj.name] = int(row[0]) if row else 0
            else:
                views.append(obj)
        for view in views:
            con.execute(view.sql or "")
        for obj in objects:
            if obj.comment:
                kind = (
                    "TABLE" if obj.kind == "TABLE" or obj.name.startswith(MART_PREFIX) else "VIEW"
                )
                con.execute(
                    f"COMMENT ON {kind} dst.main.{_quote(obj.name)} IS {_literal(obj.comment)}"
                )
        for table, column, comment in _column_comments(con, "src"):
            con.execute(
                f"COMMENT ON COLUMN dst.main.{_quote(table)}.{_quote(column)} "
                f"IS {_literal(comment)}"
            )
        con.execute("COMMIT")
        con.execute("CHECKPOINT dst")
        con.execute("USE memory")
        con.execute("DETACH dst")
        con.execute("DETACH src")
    finally:
        con.close()
    return counts


def sweep_stale_temps(target: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temp copies (and their WAL files) that a publish killed mid-copy left beside
    ``target``. Called under the writer lock, which every publish holds while it writes its temp
    file; a temp file is removed only when it is also older than ``older_than`` seconds, so the
    one a live publish is renaming (after releasing the lock) is never touched."""
    now = time.time()
    removed: list[Path] = []
    for path in sorted(target.parent.glob(f".{target.name}.*.tmp*")):
        if not (path.name.endswith(".tmp") or path.name.endswith(".tmp.wal")):
            continue
        try:
            if now - path.stat().st_mtime <= older_than:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
        log.warning("removed stale temp file %s left by an interrupted publish", path)
    return removed


def publish(
    warehouse: Path, sql_dir: Path, target: Path, *, storage_version: str = STORAGE_VERSION
) -> dict[str, int]:
    """Copy the warehouse to ``target`` for readers, atomically; returns row counts by object."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: load an interval first")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    wal = tmp.with_name(tmp.name + ".wal")
    started = time.monotonic()
    try:
        with writer_lock(warehouse):  # a consistent snapshot: no load commits while copying
            sweep_stale_temps(target)
            order = [model_name(path) for path in sql_files(sql_dir)]
            counts = _copy(warehouse, order, tmp, storage_version)
            crash_point("publish.copied")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
        wal.unlink(missing_ok=True)
    log.info(
        "published %d objects to %s (storage %s) in %.1fs",
        len(counts),
        target,
        storage_version,
        time.monotonic() - started,
    )
    return counts
