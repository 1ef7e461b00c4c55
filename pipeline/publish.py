"""Publish stage: a read-only copy of the warehouse for analysts and BI tools, swapped atomically.

The loads write one DuckDB file under a single-writer lock, so a BI tool holding it open would
block them, and a load would block the BI tool. After each load the warehouse is published instead
as a small DuckDB file beside it, renamed over the previous one, whose objects read Parquet files:

* every table's rows are written as Parquet files under ``tables/<table>/``, one per chunk of the
  table (``pipeline.load.CHUNK_KEYS``: a raw table by interval, the core tables by load day...);
  a publish rewrites only the chunks the loads since the previous publish marked as changed
  (``publish_log``), so its cost follows what changed, not the size of the warehouse. Small
  tables are rewritten whole. Chunk files are never overwritten: each write is a new file name;
* in the published file each table is a view over its chunk files, every mart and other view is
  re-created from its SQL, and every table, view and column comment is carried over (the data
  dictionary travels with it);
* the file is written in an older storage format (``STORAGE_VERSION``) that DuckDB 1.x clients
  open, since BI drivers and analysts' notebooks lag behind the pipeline's DuckDB;
* the rename is atomic: a reader holding the old file open keeps reading the old data (its chunk
  files are kept for ``KEEP_GENERATIONS`` publishes), and sees the new data once it reopens the
  path. Readers open it read-only and never block the publisher.

The state of the chunk files (which file holds each chunk, up to which ``publish_log`` entry)
is kept in ``<name>.manifest.json`` beside the published file; without it everything is written.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import duckdb

from pipeline import files
from pipeline.db import transaction, writer_lock
from pipeline.load import (
    CHUNK_KEYS,
    PUBLISH_KEYS_KEPT,
    ROW_KEYS,
    chunk_expr,
    memory_fallback,
    model_name,
    sql_files,
    writer_config,
)
from pipeline.observe import crash_point
from pipeline.settings import Settings

log = logging.getLogger(__name__)

# DuckDB 2.0 writes v2.0.0 files by default, which 1.x clients refuse. v1.0.0 is the oldest target
# DuckDB 2.0 distinguishes (older targets write the same storage format 64, tagged 'v1.0.0+'):
# DuckDB 1.0 through 1.5 open the published file and query every table and view in it.
STORAGE_VERSION = "v1.0.0"
MART_PREFIX = "mart_"
# chunk files of this many previous publishes are kept for readers holding an older file open
KEEP_GENERATIONS = 3
# a keyed table's deltas are folded into its chunks once they hold this share of its rows (or
# this many files): the rewrite then costs what the deltas saved, so it stays proportional to
# what changed, not to the table
DELTA_SHARE = 0.25
DELTA_FILES = 24
# row groups of the Parquet files a publish and the mart export write: DuckDB holds a file's row
# group in memory until it is written, 122,880 rows by default, which at 100,000 articles is every
# article text of the interval at once (the publish was the peak of `communique run`)
ROW_GROUP_BYTES = "8MB"


def parquet_options() -> str:
    """The options of every Parquet ``COPY`` of a publish and of the mart export."""
    return f"FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE_BYTES '{ROW_GROUP_BYTES}'"


DELTA = "~delta-"  # manifest chunk names of delta files: rows, and the keys they replace
KEYS = "~keys-"


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


def tables_dir(target: Path) -> Path:
    """Where the chunk files of the tables of a published database live."""
    return target.parent / "tables"


def manifest_path(target: Path) -> Path:
    return target.with_name(target.stem + ".manifest.json")


def _read_manifest(target: Path) -> dict[str, Any]:
    path = manifest_path(target)
    empty: dict[str, Any] = {"seq": -1, "tables": {}, "signatures": {}, "generations": []}
    if not path.exists() or not target.exists():
        return empty
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("unreadable publish manifest %s: publishing everything", path)
        return empty
    return data if data.get("version") == 1 else empty


def _write_manifest(target: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps({"version": 1, **manifest}, indent=1, sort_keys=True)
    files.write_text(manifest_path(target), text)


def _safe(chunk: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]", "_", chunk)[:40] or "all"


def _write_chunk(
    con: duckdb.DuckDBPyConnection, folder: Path, table: str, where: str | None, chunk: str
) -> tuple[str, int]:
    """Write the rows of ``table`` in one chunk (``where``) to a new Parquet file."""
    final = folder / f"{_safe(chunk)}-{uuid.uuid4().hex[:12]}.parquet"
    select = f"SELECT * FROM src.main.{_quote(table)}" + (f" WHERE {where}" if where else "")
    with files.atomic_write(final) as tmp:
        con.execute(f"COPY ({select}) TO {_literal(str(tmp))} ({parquet_options()})")
    return final.name, _rows(con, final)


def _rows(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    row = con.execute(f"SELECT count(*) FROM read_parquet({_literal(str(path))})").fetchone()
    return int(row[0]) if row else 0


def _write_chunks(
    con: duckdb.DuckDBPyConnection, folder: Path, table: str, chunks: set[str]
) -> dict[str, list[Any]]:
    """Write the rows of several chunks of ``table`` in one scan, one new file per chunk that
    has rows; returns {chunk: [file, rows]}."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{uuid.uuid4().hex}"
    values = ", ".join(_literal(c) for c in sorted(chunks))
    key = chunk_expr(table)
    try:
        con.execute(
            f"COPY (SELECT *, {key} AS __chunk FROM src.main.{_quote(table)} "
            f"WHERE {key} IN ({values})) TO {_literal(str(staging))} "
            f"({parquet_options()}, PARTITION_BY (__chunk), WRITE_PARTITION_COLUMNS "
            "false)"
        )
        files: dict[str, list[Any]] = {}
        for part in sorted(staging.iterdir()) if staging.exists() else []:
            chunk = unquote(part.name.split("=", 1)[1])
            for n, path in enumerate(sorted(part.glob("*.parquet"))):
                final = folder / f"{_safe(chunk)}-{uuid.uuid4().hex[:12]}.parquet"
                os.replace(path, final)
                if n:  # one file per chunk is what DuckDB writes at these sizes
                    raise RuntimeError(f"more than one file for chunk {chunk} of {table}")
                files[chunk] = [final.name, _rows(con, final)]
        return files
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _dirty(con: duckdb.DuckDBPyConnection, since: int) -> tuple[int, dict[str, set[str]]]:
    seq_row = con.execute("SELECT coalesce(max(seq), 0) FROM src.main.publish_log").fetchone()
    seq = int(seq_row[0]) if seq_row else 0
    dirty: dict[str, set[str]] = {}
    for table, chunk in con.execute(
        "SELECT DISTINCT table_name, chunk FROM src.main.publish_log WHERE seq > ?", [since]
    ).fetchall():
        dirty.setdefault(str(table), set()).add(str(chunk))
    return seq, dirty


def _signature(con: duckdb.DuckDBPyConnection, table: str) -> str:
    rows = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'src' "
        "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return json.dumps([[str(a), str(b)] for a, b in rows])


def _in_chunks(con: duckdb.DuckDBPyConnection, table: str, chunks: set[str]) -> str:
    """A filter on the chunk column of ``table`` selecting these chunks, on the column itself
    (typed constants): the scan then skips the row groups of other chunks by their min/max,
    which a filter on the chunk's text (``chunk_expr``) cannot."""
    column = CHUNK_KEYS[table]
    row = con.execute(
        "SELECT data_type FROM duckdb_columns() WHERE database_name = 'src' AND schema_name = "
        "'main' AND table_name = ? AND column_name = ?",
        [table, column],
    ).fetchone()
    kind = str(row[0]) if row else "VARCHAR"
    values = [f"CAST({_literal(c)} AS {kind})" for c in sorted(chunks) if c]
    terms = [f"{_quote(column)} IN ({', '.join(values)})"] if values else []
    if "" in chunks:  # chunk_expr's text of a NULL chunk
        terms.append(f"{_quote(column)} IS NULL")
    return "(" + (" OR ".join(terms) or "false") + ")"


def _write_delta(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    table: str,
    since: int,
    seq: int,
    chunks: set[str],
) -> dict[str, list[Any]]:
    """Write the current rows of the keys loads changed in (since, seq] and those keys (rows
    deleted or replaced) as two files: {delta chunk: [file, rows], keys chunk: [file, rows]}.
    The rows are looked for in the chunks those loads marked only (``chunks``)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = (
        "SELECT DISTINCT key FROM src.main.publish_keys "
        f"WHERE table_name = {_literal(table)} AND seq > {int(since)} AND seq <= {int(seq)}"
    )
    out: dict[str, list[Any]] = {}
    for prefix, select in (
        (
            DELTA,
            # found on the key column, then read whole by row id: not every column of the table
            f"SELECT *, CAST({int(seq)} AS BIGINT) AS __seq FROM src.main.{_quote(table)} "
            f"WHERE rowid IN (SELECT rowid FROM src.main.{_quote(table)} "
            f"WHERE {_in_chunks(con, table, chunks)} "
            f"AND CAST({_quote(ROW_KEYS[table])} AS VARCHAR) IN ({keys}))",
        ),
        (KEYS, f"SELECT key AS __key, CAST({int(seq)} AS BIGINT) AS __seq FROM ({keys})"),
    ):
        final = folder / f"{prefix[1:]}{seq}-{uuid.uuid4().hex[:12]}.parquet"
        with files.atomic_write(final) as tmp:
            con.execute(f"COPY ({select}) TO {_literal(str(tmp))} ({parquet_options()})")
        out[f"{prefix}{seq}"] = [final.name, _rows(con, final)]
    return out


def _keys_since(con: duckdb.DuckDBPyConnection, since: int) -> bool:
    """Whether publish_keys still holds every load after ``since``: loads prune the entries of
    all but their last PUBLISH_KEYS_KEPT transactions."""
    row = con.execute("SELECT coalesce(max(seq), 0) FROM src.main.publish_log").fetchone()
    return since >= 0 and since >= (int(row[0]) if row else 0) - PUBLISH_KEYS_KEPT


def _publish_keyed(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    table: str,
    old: dict[str, list[Any]],
    dirty: set[str],
    pending: set[str],
    since: int,
    seq: int,
) -> tuple[dict[str, list[Any]], int, set[str]]:
    """A keyed table after this publish: its chunk files plus delta files of the rows changed
    since (written in proportion to those rows), or, once the deltas grow past DELTA_SHARE of
    the table, the chunks changed since the last fold rewritten and no delta. Returns the
    files, rows written and the chunks the deltas now cover."""
    base = {c: f for c, f in old.items() if not c.startswith("~")}
    deltas = {c: f for c, f in old.items() if c.startswith("~")}
    pending = pending | dirty
    base_rows = sum(int(n) for _, n in base.values())
    delta_rows = sum(int(n) for c, (_, n) in deltas.items() if c.startswith(DELTA))
    fresh = _write_delta(con, folder, table, since, seq, dirty)
    delta_rows += sum(int(n) for c, (_, n) in fresh.items() if c.startswith(DELTA))
    if delta_rows <= DELTA_SHARE * base_rows and len(deltas) + len(fresh) <= 2 * DELTA_FILES:
        return {**base, **deltas, **fresh}, sum(int(n) for _, n in fresh.values()), pending
    for _, (name, _) in fresh.items():  # folded right away: not needed
        (folder / name).unlink(missing_ok=True)
    files = {c: f for c, f in base.items() if c not in pending and c != "empty"}
    written = _write_chunks(con, folder, table, pending) if pending else {}
    files.update(written)
    if not files:
        name, _ = _write_chunk(con, folder, table, "false", "empty")
        files = {"empty": [name, 0]}
    return files, sum(int(n) for _, n in written.values()), set()


def _view_sql(root: Path, table: str, files: dict[str, list[Any]]) -> str:
    """The SELECT a published view of a table runs: its chunk files, less the rows its deltas
    replace, plus the latest version of each of those rows."""

    def paths(chunks: list[str]) -> str:
        return ", ".join(_literal(str(root / table / files[c][0])) for c in sorted(chunks))

    base = [c for c in files if not c.startswith("~")]
    deltas = [c for c in files if c.startswith(DELTA)]
    keys = [c for c in files if c.startswith(KEYS)]
    if not keys:
        return f"SELECT * FROM read_parquet([{paths(base)}])"
    key = _quote(ROW_KEYS[table])
    replaced = f"SELECT __key FROM read_parquet([{paths(keys)}])"
    return (
        f"SELECT * FROM read_parquet([{paths(base)}]) "
        f"WHERE CAST({key} AS VARCHAR) NOT IN ({replaced}) "
        f"UNION ALL SELECT * EXCLUDE (__seq) FROM read_parquet([{paths(deltas)}]) AS d "
        f"WHERE NOT EXISTS (SELECT 1 FROM read_parquet([{paths(keys)}]) AS k "
        f"WHERE k.__key = CAST(d.{key} AS VARCHAR) AND k.__seq > d.__seq)"
    )


def _publish_table(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    table: str,
    old: dict[str, list[Any]] | None,
    dirty: set[str] | None,
) -> tuple[dict[str, list[Any]], int]:
    """The table's chunk files after this publish ({chunk: [file, rows]}), writing only the
    dirty chunks when ``old`` is known and the table has a chunk key; returns rows written."""
    if old is not None and any(c.startswith("~") for c in old):
        old = None  # deltas are handled by _publish_keyed; here the table is written anew
    if table not in CHUNK_KEYS or old is None or (dirty and "*" in dirty):
        if table not in CHUNK_KEYS:
            name, n = _write_chunk(con, folder, table, None, "all")
            return {"all": [name, n]}, n
        chunks = [
            str(r[0])
            for r in con.execute(
                f"SELECT DISTINCT {chunk_expr(table)} FROM src.main.{_quote(table)}"
            ).fetchall()
        ]
        dirty, old = set(chunks), {}
    files = {c: f for c, f in old.items() if c not in (dirty or set()) and c != "empty"}
    fresh = _write_chunks(con, folder, table, dirty or set()) if dirty else {}
    files.update(fresh)
    if not files:  # a view needs at least one file to know its columns: an empty one
        name, _ = _write_chunk(con, folder, table, "false", "empty")
        files = {"empty": [name, 0]}
    return files, sum(int(n) for _, n in fresh.values())


def _define(
    con: duckdb.DuckDBPyConnection,
    objects: list[_Object],
    tables: dict[str, dict[str, list[Any]]],
    root: Path,
) -> None:
    """Create every object in ``dst``: each table a view over its chunk files, each view from
    its SQL; then carry every comment over."""
    for obj in objects:
        if obj.kind == "TABLE":
            con.execute(
                f"CREATE VIEW dst.main.{_quote(obj.name)} AS "
                + _view_sql(root, obj.name, tables[obj.name])
            )
        else:
            con.execute(obj.sql or "")
    for obj in objects:
        if obj.comment:
            con.execute(f"COMMENT ON VIEW dst.main.{_quote(obj.name)} IS {_literal(obj.comment)}")
    for table, column, comment in _column_comments(con, "src"):
        con.execute(
            f"COMMENT ON COLUMN dst.main.{_quote(table)}.{_quote(column)} IS {_literal(comment)}"
        )


def _copy(
    warehouse: Path,
    order: list[str],
    tmp: Path,
    target: Path,
    storage_version: str,
    settings: Settings | None = None,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Write the chunks that changed and the small file of views to ``tmp``; returns row counts
    by object and the new manifest."""
    counts: dict[str, int] = {}
    manifest = _read_manifest(target)
    root = tables_dir(target)
    con = duckdb.connect(":memory:", config=writer_config(warehouse, settings))
    try:
        con.execute(f"ATTACH {_literal(str(warehouse))} AS src (READ_ONLY)")
        seq, dirty = _dirty(con, int(manifest["seq"]))
        keys_kept = _keys_since(con, int(manifest["seq"]))
        pending: dict[str, Any] = {
            t: set(c) for t, c in manifest.get("pending", {}).items() if keys_kept
        }
        objects = _objects(con, "src", order)
        tables: dict[str, dict[str, list[Any]]] = {}
        signatures: dict[str, str] = {}
        written = 0
        for obj in objects:
            if obj.kind != "TABLE":
                continue
            signatures[obj.name] = _signature(con, obj.name)
            old = manifest["tables"].get(obj.name)
            if manifest["signatures"].get(obj.name) != signatures[obj.name]:
                old = None
            started = time.perf_counter()
            table_dirty = dirty.get(obj.name, set())
            if obj.name in ROW_KEYS and old is not None and "*" not in table_dirty and keys_kept:
                if table_dirty:
                    tables[obj.name], n, pending[obj.name] = _publish_keyed(
                        con,
                        root / obj.name,
                        obj.name,
                        old,
                        table_dirty,
                        set(pending.get(obj.name, [])),
                        int(manifest["seq"]),
                        seq,
                    )
                else:
                    tables[obj.name], n = old, 0
            else:
                pending.pop(obj.name, None)
                tables[obj.name], n = _publish_table(
                    con, root / obj.name, obj.name, old, table_dirty
                )
            log.debug(
                "%s: %d rows in %d chunks written in %.3fs",
                obj.name,
                n,
                len(dirty.get(obj.name, set())),
                time.perf_counter() - started,
            )
            written += n
            row = con.execute(f"SELECT count(*) FROM src.main.{_quote(obj.name)}").fetchone()
            counts[obj.name] = int(row[0]) if row else 0
        con.execute(
            f"ATTACH {_literal(str(tmp))} AS dst (STORAGE_VERSION {_literal(storage_version)})"
        )
        con.execute("USE dst")
        with transaction(con):
            _define(con, objects, tables, root)
        con.execute("CHECKPOINT dst")
        con.execute("USE memory")
        con.execute("DETACH dst")
        con.execute("DETACH src")
    finally:
        con.close()
    log.debug("published %d changed rows as Parquet", written)
    generations = [*manifest.get("generations", []), tables][-KEEP_GENERATIONS:]
    return counts, {
        "seq": seq,
        "pending": {t: sorted(c) for t, c in pending.items() if c},
        "tables": tables,
        "signatures": signatures,
        "generations": generations,
    }


def _sweep(target: Path, manifest: dict[str, Any]) -> None:
    """Delete chunk files no kept generation names (and temp files of failed writes)."""
    keep = {
        (table, name)
        for generation in manifest["generations"]
        for table, files in generation.items()
        for name, _ in files.values()
    }
    root = tables_dir(target)
    if not root.exists():
        return
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if (folder.name, path.name) not in keep:
                path.unlink(missing_ok=True)


def sweep_stale_temps(target: Path, older_than: float = files.STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temp copies (and their WAL files) that a publish killed mid-copy left beside
    ``target``. Called under the writer lock, which every publish holds while it writes its temp
    file; a temp file is removed only when it is also older than ``older_than`` seconds, so the
    one a live publish is renaming (after releasing the lock) is never touched."""
    return files.sweep_stale_temps(target.parent, target.name, older_than)


def publish(
    warehouse: Path,
    sql_dir: Path,
    target: Path,
    *,
    storage_version: str = STORAGE_VERSION,
    settings: Settings | None = None,
) -> dict[str, int]:
    """Publish the warehouse to ``target`` for readers, atomically; returns row counts by table
    (marts are views: counting them would cost what computing them costs). DuckDB copies with
    a load's memory limit, spill folder and threads (``writer_config`` of ``settings``)."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: load an interval first")
    started = time.monotonic()
    with files.atomic_write(target) as tmp:
        wal = tmp.with_name(tmp.name + ".wal")
        try:
            with writer_lock(warehouse):  # a consistent snapshot: no load commits while copying
                sweep_stale_temps(target)
                order = [model_name(path) for path in sql_files(sql_dir)]

                def clear() -> None:
                    tmp.unlink(missing_ok=True)
                    wal.unlink(missing_ok=True)

                counts, manifest = memory_fallback(
                    lambda attempt: _copy(warehouse, order, tmp, target, storage_version, attempt),
                    settings,
                    before_retry=clear,
                )
                crash_point("publish.copied")
            for folder in {tables_dir(target) / t for t in manifest["tables"]}:
                files.fsync_dir(folder)
        finally:
            wal.unlink(missing_ok=True)
    _write_manifest(target, manifest)
    _sweep(target, manifest)
    log.info(
        "published %d objects to %s (storage %s) in %.1fs",
        len(counts),
        target,
        storage_version,
        time.monotonic() - started,
    )
    return counts
