"""Load stage: Parquet partitions into the DuckDB warehouse, one writer at a time.

A load replaces one data interval inside one explicit transaction (DuckDB 2.0 no longer wraps a
multi-statement batch in one), so loading an interval twice, or intervals out of order, leaves
identical tables. A file lock beside the database serialises writers across processes; Airflow's
pool does the same across tasks, the lock covers the CLI and everything else.

The core tables (``-- materialized: table`` models) are kept up to date incrementally: a load
replaces only the rows the loaded intervals can change (their articles, their extractions, the
day events and attachments those extractions can change, the events these touch), so a night
costs what a night holds, not what the warehouse holds. ``rebuild_tables`` is the full rebuild
the incremental path must equal (tests/warehouse/test_incremental.py compares them).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipeline.db import transaction, writer_lock
from pipeline.errors import RetryableError
from pipeline.observe import crash_point
from pipeline.schema import SCHEMA_VERSION
from pipeline.settings import Settings
from pipeline.store import partition_path

log = logging.getLogger(__name__)
LOADED_DATASETS = ("articles", "events", "fetch_errors", "extract_errors")
# first line of a model file whose SELECT is materialised as a table (kept up to date by loads)
TABLE_MODEL_MARKER = "-- materialized: table"
# how each large table splits into the parts (chunks) that loads mark as changed in publish_log
# and publish rewrites; a table not listed is small and published whole every time
CHUNK_KEYS: dict[str, str] = {
    "raw_articles": "ds",
    "raw_events": "ds",
    "raw_fetch_errors": "ds",
    "raw_extract_errors": "ds",
    "raw_run_summary": "ds",
    "articles": "load_date",
    "int_event_extractions": "load_date",
    "event_mentions": "load_date",
    "events": "first_load_date",
    "int_event_days": "load_date",
    "int_event_clusters": "load_date",
    "publish_keys": "seq",
}
# the row key of each core table whose changed rows loads record in publish_keys, so that publish
# writes only those rows (a delta) instead of every chunk they fall in
ROW_KEYS: dict[str, str] = {
    "articles": "article_id",
    "int_event_extractions": "extraction_id",
    "int_event_days": "extraction_id",
    "int_event_clusters": "extraction_id",
    "event_mentions": "mention_id",
    "events": "event_id",
}
# load transactions whose publish_keys entries are kept (a publish further behind rewrites chunks)
PUBLISH_KEYS_KEPT = 64


def chunk_expr(table: str) -> str:
    """SQL for the chunk (a string) of a row of ``table``."""
    return f"coalesce(CAST({CHUNK_KEYS[table]} AS VARCHAR), '')"


def _mark(con: duckdb.DuckDBPyConnection, table: str, where: str | None = None) -> None:
    """Record that rows of ``table`` matching ``where`` change in this transaction (None: all)."""
    run = _runner(con)
    run("CREATE TEMP TABLE IF NOT EXISTS _marks (table_name VARCHAR, chunk VARCHAR)")
    if where is None or table not in CHUNK_KEYS:
        con.execute("INSERT INTO _marks VALUES (?, '*')", [table])
        return
    if table not in ROW_KEYS:
        run(
            f"INSERT INTO _marks SELECT DISTINCT '{table}', {chunk_expr(table)} FROM {table} "
            f"WHERE {where}"
        )
        return
    # one scan of the table for both the chunks and the keys
    run(
        f"CREATE OR REPLACE TEMP TABLE _marked AS SELECT {CHUNK_KEYS[table]}, {ROW_KEYS[table]} "
        f"FROM {table} WHERE {where}"
    )
    _mark_rows(con, table, "_marked")
    run("DROP TABLE _marked")


def _fetch(table: str, where: str, *, rowids: bool = False) -> str:
    """The rows of ``table`` matching ``where``, found on the filter's columns first and then read
    whole by row id: a plain filtered scan reads every column of every row of a history-sized
    table, this reads the wide columns only of the rows that matched (3x less CPU for a night's
    mentions at a year of history). With ``rowids`` each row's row id comes first, as ``_rid``,
    so that a DELETE of those rows finds them by row id, not by key over the whole table."""
    rid = "rowid AS _rid, " if rowids else ""
    return f"SELECT {rid}* FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE {where})"


def _staged(sql_dir: Path, view: str, raw: str, where: str) -> str:
    """The rows of staging view ``view`` whose raw rows (in ``raw``) match ``where``, read as
    ``_fetch`` reads them: a filter on the view itself scans every column the model needs of
    every raw row of history before the join that filters them."""
    for path in sql_files(sql_dir):
        if model_name(path) == view:
            sql = path.read_text(encoding="utf-8")
            head = f"CREATE OR REPLACE VIEW {view} AS"
            select = sql[sql.index(head) + len(head) :].strip().rstrip(";")
            return _scoped(select, {raw: _fetch(raw, where)})
    raise ValueError(f"no model defines {view}")


def _mark_keys(con: duckdb.DuckDBPyConnection, table: str, keys: str) -> None:
    """Record that the rows of ``table`` with these keys (a SELECT of one column) change."""
    run = _runner(con)
    run("CREATE TEMP TABLE IF NOT EXISTS _keymarks (table_name VARCHAR, key VARCHAR)")
    run(
        f"INSERT INTO _keymarks SELECT DISTINCT '{table}', CAST(k AS VARCHAR) FROM ({keys}) AS t(k)"
    )


def _mark_rows(con: duckdb.DuckDBPyConnection, table: str, rows: str) -> None:
    """Record that rows of ``table`` change, given as a relation of its rows (a temp table, or a
    DML statement's RETURNING set) instead of a filter on the table: no scan of the table."""
    run = _runner(con)
    run("CREATE TEMP TABLE IF NOT EXISTS _marks (table_name VARCHAR, chunk VARCHAR)")
    run(f"INSERT INTO _marks SELECT DISTINCT '{table}', {chunk_expr(table)} FROM {rows}")
    _mark_keys(con, table, f"SELECT {ROW_KEYS[table]} FROM {rows}")


def _change_marked(con: duckdb.DuckDBPyConnection, table: str, statement: str) -> None:
    """Run a DELETE or UPDATE of ``table`` and record the rows it changes (their chunks and keys
    before the change) from its RETURNING set: one scan of the table instead of three."""
    run = _runner(con)
    returned = run(
        f"{statement} RETURNING {chunk_expr(table)} AS chunk, "
        f"CAST({ROW_KEYS[table]} AS VARCHAR) AS key"
    ).fetchnumpy()
    con.register("_returned", returned)
    try:
        run("CREATE TEMP TABLE IF NOT EXISTS _marks (table_name VARCHAR, chunk VARCHAR)")
        run(f"INSERT INTO _marks SELECT DISTINCT '{table}', chunk FROM _returned")
        _mark_keys(con, table, "SELECT key FROM _returned")
    finally:
        con.unregister("_returned")


def _insert_marked(
    con: duckdb.DuckDBPyConnection, table: str, select: str, keep: str | None = None
) -> None:
    """INSERT a SELECT's rows into ``table`` and record them as changed, from the rows themselves
    (held in temp table ``keep``, left for the caller, when given)."""
    run = _runner(con)
    temp = keep or "_inserted"
    run(f"CREATE OR REPLACE TEMP TABLE {temp} AS {select}")
    _mark_rows(con, table, temp)
    run(f"INSERT INTO {table} SELECT * FROM {temp}")
    if keep is None:
        run(f"DROP TABLE {temp}")


def _commit_marks(con: duckdb.DuckDBPyConnection) -> None:
    """Append this transaction's marks to publish_log under the next sequence number."""
    run = _runner(con)
    run("CREATE TEMP TABLE IF NOT EXISTS _marks (table_name VARCHAR, chunk VARCHAR)")
    run(
        "INSERT INTO publish_log SELECT "
        "(SELECT coalesce(max(seq), 0) + 1 FROM publish_log), table_name, chunk "
        "FROM (SELECT DISTINCT table_name, chunk FROM _marks) ORDER BY ALL"
    )
    run("DROP TABLE _marks")
    run("CREATE TEMP TABLE IF NOT EXISTS _keymarks (table_name VARCHAR, key VARCHAR)")
    seq = "(SELECT coalesce(max(seq), 0) FROM publish_log)"
    run(
        f"INSERT INTO publish_keys SELECT {seq}, table_name, key "
        "FROM (SELECT DISTINCT table_name, key FROM _keymarks) ORDER BY ALL"
    )
    run("DROP TABLE _keymarks")
    # keep the entries of the last PUBLISH_KEYS_KEPT loads (their chunks marked as changed)
    stale = f"seq <= {seq} - {PUBLISH_KEYS_KEPT}"
    row = run(f"SELECT count(*) FROM publish_keys WHERE {stale}").fetchone()
    if row and row[0]:
        run(
            f"INSERT INTO publish_log SELECT DISTINCT {seq}, 'publish_keys', "
            f"CAST(seq AS VARCHAR) FROM publish_keys WHERE {stale}"
        )
        run(f"DELETE FROM publish_keys WHERE {stale}")
    run(
        f"INSERT INTO publish_log SELECT DISTINCT {seq}, 'publish_keys', CAST(seq AS VARCHAR) "
        f"FROM publish_keys WHERE seq = {seq}"
    )


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
        view = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND schema_name = 'main' "
            "AND database_name = current_database()",
            [name],
        ).fetchone()
        if view and view[0]:  # a model that was a view before
            con.execute(f"DROP VIEW {name}")
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {select} LIMIT 0")


def _fingerprint(sql_dir: Path, lookback_days: int) -> str:
    digest = hashlib.sha256(f"lookback={lookback_days}\0".encode())
    for path in sql_files(sql_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _lookback(lookback_days: int | None) -> int:
    if lookback_days is not None:
        return lookback_days
    return Settings().cluster_lookback_days


def apply_models(
    con: duckdb.DuckDBPyConnection, sql_dir: Path, lookback_days: int | None = None
) -> None:
    """Create tables and (re)create views in one transaction; every statement is idempotent.
    Skipped when these exact model files (and clustering look-back) were the last applied
    (fingerprint in model_state); otherwise the core tables are rebuilt in full, once, since
    incremental loads only maintain what the current models define."""
    lookback = _lookback(lookback_days)
    con.execute(f"SET VARIABLE cluster_lookback_days = {int(lookback)}")
    fingerprint = _fingerprint(sql_dir, lookback)
    con.execute(
        "CREATE TABLE IF NOT EXISTS model_state "
        "(fingerprint VARCHAR NOT NULL, model_files INTEGER NOT NULL)"
    )
    row = con.execute("SELECT max(fingerprint) FROM model_state").fetchone()
    if row and row[0] == fingerprint:
        return
    paths = sql_files(sql_dir)
    with transaction(con):
        for path in paths:
            select = _model_select(path)
            if select is not None:
                _ensure_table(con, model_name(path), select)
            else:
                sql = path.read_text(encoding="utf-8")
                creates_view = f"CREATE OR REPLACE VIEW {model_name(path)} AS" in sql
                table = (
                    creates_view
                    and con.execute(
                        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? "
                        "AND schema_name = 'main' AND database_name = current_database()",
                        [model_name(path)],
                    ).fetchone()
                )
                if table and table[0]:  # a view model that was a table before
                    con.execute(f"DROP TABLE {model_name(path)}")
                con.execute(sql)
        if row and row[0] is not None:  # models changed under existing data
            rebuild_tables(con, sql_dir)
            _commit_marks(con)
        con.execute("DELETE FROM model_state")
        con.execute("INSERT INTO model_state VALUES (?, ?)", [fingerprint, len(paths)])


def rebuild_tables(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> dict[str, int]:
    """Refill every table model from the raw tables, in apply order, inside the caller's
    transaction: a full, deterministic rebuild, so load order never changes the result."""
    counts: dict[str, int] = {}
    for path in sql_files(sql_dir):
        select = _model_select(path)
        if select is None:
            continue
        name = model_name(path)
        _mark(con, name)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} {select}")
        row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
        counts[name] = int(row[0]) if row else 0
    fill_coarse_best(con)
    return counts


# load state kept beside the published tables (publish exports schema ``main`` only): for each
# coarse or undated report that has candidate day events but attaches to none (its best ones
# tie), the score and anchor distance of its best, so that a load recomputes it only when an
# event that appeared or went could beat or tie them (attached reports keep theirs in
# int_event_clusters). A report with neither has no candidate: any event in reach can change it.
COARSE_BEST = "load_state.coarse_best"
# and, for every coarse or undated report that can attach to a day event (REPORTS_IN_REACH), the
# columns of int_event_extractions the clustering reads (REGION_COLUMNS) and its current cluster
# and attachment (from int_event_clusters). A night pairs its new and removed events with these
# rows, a table of the coarse reports alone, and reads the reports it recomputes from them,
# instead of scanning every extraction and every cluster row of history for them.
COARSE_REPORTS = "load_state.coarse_reports"
# the columns of int_event_extractions the recomputation of clusters reads
REGION_COLUMNS = (
    "extraction_id",
    "group_key",
    "target_key",
    "subject_key",
    "date_anchor",
    "window_start",
    "window_end",
    "report_kind",
    "date_precision",
    "event_date",
    "reported_at",
    "load_date",
)


def _region_columns(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in REGION_COLUMNS)


def _coarse_state_missing(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the load state is missing or was kept with other columns (by an older version)."""
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'load_state' "
        "ORDER BY table_name, column_index"
    ).fetchall()
    kept = [str(c) for t, c in rows if t == "coarse_reports"]
    return not any(t == "coarse_best" for t, _ in rows) or kept != [
        *REGION_COLUMNS,
        "cluster_key",
        "attach_date",
        "attach_score",
    ]


def fill_coarse_best(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute ``COARSE_BEST`` from the core tables (after a full rebuild, or once for a
    warehouse loaded before it was kept)."""
    run = _runner(con)
    run("CREATE SCHEMA IF NOT EXISTS load_state")
    run(
        f"CREATE OR REPLACE TABLE {COARSE_BEST} "
        "(extraction_id VARCHAR, best_score INTEGER, best_distance INTEGER)"
    )
    run(
        f"CREATE OR REPLACE TABLE {COARSE_REPORTS} AS SELECT {_region_columns('e')}, "
        "c.cluster_key, c.attach_date, c.attach_score FROM int_event_extractions AS e "
        "LEFT JOIN int_event_clusters AS c USING (extraction_id) "
        f"WHERE {_in_reach('e')}"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _reports AS SELECT extraction_id AS report_id, "
        "group_key, target_key, subject_key, date_anchor, window_start, window_end "
        f"FROM {COARSE_REPORTS} WHERE attach_date IS NULL"
    )
    _attach_reports(con)
    run("DROP TABLE _reports")
    run("DROP TABLE _attached")


def _table_selects(sql_dir: Path) -> dict[str, str]:
    """Each table model's SELECT by table name."""
    selects: dict[str, str] = {}
    for path in sql_files(sql_dir):
        select = _model_select(path)
        if select is not None:
            selects[model_name(path)] = select
    return selects


def _scoped(select: str, inputs: dict[str, str]) -> str:
    """A model's SELECT reading a subset of some inputs: ``FROM name`` becomes ``FROM (subset)
    AS name`` for each input named. Models read each input once, in a ``FROM`` of a CTE."""
    for name, subset in inputs.items():
        select, n = re.subn(rf"\bFROM {name}\b", f"FROM ({subset}) AS {name}", select)
        if n == 0:
            raise ValueError(f"model SELECT does not read {name}")
    return select


def _loaded_on(column: str, *temps: str) -> str:
    """A filter keeping the rows whose load day is one of those in some temp tables (a superset of
    the days of the rows a look-up by key wants): the join passes the days (or their range, past
    ``dynamic_or_filter_threshold`` of them) to the scan, which skips the row groups of history
    holding none of them instead of reading every key (rows are stored about in load order)."""
    days = " UNION ".join(f"SELECT load_date FROM {temp}" for temp in temps)
    return f"{column} IN ({days})"


def _ids(temp: str, column: str) -> str:
    return f"SELECT {column} FROM {temp}"


def _runner(con: duckdb.DuckDBPyConnection) -> Callable[..., duckdb.DuckDBPyConnection]:
    """``con.execute`` that logs each statement's time at DEBUG (to see which step of a core
    refresh costs what: ``communique -vv load``)."""
    if not log.isEnabledFor(logging.DEBUG):
        return con.execute

    def run(sql: str, params: Any = None) -> duckdb.DuckDBPyConnection:
        started, cpu = time.perf_counter(), time.process_time()
        result = con.execute(sql, params)
        log.debug(
            "%.3fs (cpu %.3fs) %s",
            time.perf_counter() - started,
            time.process_time() - cpu,
            " ".join(sql.split())[:160],
        )
        return result

    return run


def refresh_tables(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> dict[str, int]:
    """Bring the core tables up to date after raw rows changed, inside the caller's transaction.

    The caller fills the temp tables ``_touched_articles(article_id)`` and
    ``_touched_extractions(extraction_id)`` with every article and raw event id whose raw rows it
    deleted or inserted. Only the rows these can change are replaced: the touched articles; the
    extractions of touched ids and articles; what clustering those can change (bounded by their
    dates, see ``_refresh_clusters``); the mentions and events of extractions whose event
    changed. Outlets (``sources``) are a view. The result equals ``rebuild_tables``."""
    q = _table_selects(sql_dir)
    touched_a = _ids("_touched_articles", "article_id")
    run = _runner(con)
    if _coarse_state_missing(con):  # a warehouse loaded before the state was kept
        fill_coarse_best(con)
    # articles
    _change_marked(con, "articles", f"DELETE FROM articles WHERE article_id IN ({touched_a})")
    _insert_marked(
        con,
        "articles",
        _scoped(
            q["articles"],
            {
                "stg_articles": _staged(
                    sql_dir, "stg_articles", "raw_articles", f"article_id IN ({touched_a})"
                )
            },
        ),
    )
    # extractions: those loaded or removed, and those of articles whose core row was replaced.
    # An extraction is a raw event (same id and article): those of the touched articles are
    # their raw events now, or raw events removed by this load (already in the touched set), so
    # int_event_extractions, a second table of history, needs no scan for them
    run(
        "CREATE OR REPLACE TEMP TABLE _affected AS "
        "SELECT extraction_id FROM _touched_extractions UNION "
        f"SELECT event_id FROM raw_events WHERE article_id IN ({touched_a})"
    )
    affected = _ids("_affected", "extraction_id")
    run(
        "CREATE OR REPLACE TEMP TABLE _old_ext AS "
        + _fetch("int_event_extractions", f"extraction_id IN ({affected})")
    )
    _mark_rows(con, "int_event_extractions", "_old_ext")
    run(f"DELETE FROM int_event_extractions WHERE extraction_id IN ({affected})")
    # their staged rows, and the articles of those
    run(
        "CREATE OR REPLACE TEMP TABLE _staged_events AS "
        + _staged(sql_dir, "stg_events", "raw_events", f"event_id IN ({affected})")
    )
    _insert_marked(
        con,
        "int_event_extractions",
        _scoped(
            q["int_event_extractions"],
            {
                "stg_events": "SELECT * FROM _staged_events",
                "articles": _fetch(
                    "articles", "article_id IN (SELECT article_id FROM _staged_events)"
                ),
            },
        ),
        keep="_new_ext",
    )
    _refresh_clusters(con, q, affected)
    # events: every event an extraction left or joined
    run(
        "CREATE OR REPLACE TEMP TABLE _dirty_events AS "
        "SELECT old_event_id AS event_id FROM _changed WHERE old_event_id IS NOT NULL UNION "
        "SELECT new_event_id FROM _changed WHERE new_event_id IS NOT NULL"
    )
    dirty_events = _ids("_dirty_events", "event_id")
    # mentions: one look-up of the rows of the changed extractions and of the other members of
    # the events they left or joined (all in _new_assign, see _refresh_clusters), then each
    # step reads or writes them by row id, not by a key over every mention of history
    run(
        "CREATE OR REPLACE TEMP TABLE _mention_rows AS SELECT m.rowid AS rid, m.extraction_id, "
        "m.load_date, m.mention_id, m.extraction_id IN (SELECT extraction_id FROM _affected) "
        "AS replaced FROM event_mentions AS m WHERE m.extraction_id IN ("
        "SELECT extraction_id FROM _changed UNION SELECT extraction_id FROM _new_assign "
        f"WHERE event_id IN ({dirty_events})) AND "
        + _loaded_on("m.load_date", "_old_assign", "_new_assign", "_old_ext")
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _mentions_changed AS SELECT r.*, c.new_event_id "
        "FROM _mention_rows AS r INNER JOIN _changed AS c USING (extraction_id)"
    )
    # the affected extractions' rows replaced, the other changed ones' rows written again with
    # their new event id: an UPDATE of rows scattered over history costs the commit a rewrite
    # of the column in every row group it touches, a DELETE only marks them
    _mark_rows(con, "event_mentions", "_mentions_changed")
    run(
        "CREATE OR REPLACE TEMP TABLE _read_mentions AS SELECT rowid AS _rid, * "
        "FROM event_mentions WHERE rowid IN (SELECT rid FROM _mention_rows WHERE NOT replaced) "
        "AND " + _loaded_on("load_date", "_mention_rows")
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _moved_mentions AS SELECT r.* REPLACE "
        "(c.new_event_id AS event_id) FROM _read_mentions AS r "
        "INNER JOIN _changed AS c USING (extraction_id) "
        "WHERE r.event_id IS DISTINCT FROM c.new_event_id"
    )
    run(
        "DELETE FROM event_mentions WHERE rowid IN (SELECT rid FROM _mention_rows WHERE replaced "
        "UNION ALL SELECT _rid FROM _moved_mentions)"
    )
    run("INSERT INTO event_mentions SELECT * EXCLUDE (_rid) FROM _moved_mentions")
    _insert_marked(
        con,
        "event_mentions",
        _scoped(
            q["event_mentions"],
            {
                "stg_events": "SELECT * FROM _staged_events",
                "int_event_extractions": "SELECT * FROM _new_ext",
                "int_event_clusters": "SELECT * FROM _new_assign "
                f"WHERE extraction_id IN ({affected})",
            },
        ),
        keep="_new_mentions",
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _old_events AS SELECT rowid AS _rid, first_load_date, "
        f"event_id FROM events WHERE event_id IN ({dirty_events})"
    )
    _mark_rows(con, "events", "_old_events")
    run("DELETE FROM events WHERE rowid IN (SELECT _rid FROM _old_events)")
    # their mentions read once into a temp table: the model reads its input many times
    run(
        "CREATE OR REPLACE TEMP TABLE _dirty_mentions AS SELECT * FROM ("
        "SELECT r.* EXCLUDE (_rid) REPLACE (coalesce(c.new_event_id, r.event_id) AS event_id) "
        "FROM _read_mentions AS r LEFT JOIN _changed AS c USING (extraction_id) "
        "UNION ALL SELECT * FROM _new_mentions) "
        f"WHERE event_id IN ({dirty_events})"
    )
    _insert_marked(
        con, "events", _scoped(q["events"], {"event_mentions": "SELECT * FROM _dirty_mentions"})
    )
    counts: dict[str, int] = {}
    for name, temp in (
        ("articles", "_touched_articles"),
        ("extractions", "_affected"),
        ("region", "_region"),
        ("changed", "_changed"),
        ("events", "_dirty_events"),
    ):
        row = con.execute(f"SELECT count(*) FROM {temp}").fetchone()
        counts[name] = int(row[0]) if row else 0
    for temp in (
        "_affected",
        "_staged_events",
        "_new_ext",
        "_new_assign",
        "_old_assign",
        "_old_ext",
        "_mention_rows",
        "_mentions_changed",
        "_read_mentions",
        "_moved_mentions",
        "_new_mentions",
        "_region",
        "_changed",
        "_dirty_events",
        "_dirty_mentions",
        "_old_events",
    ):
        run(f"DROP TABLE {temp}")
    return counts


def _refresh_clusters(con: duckdb.DuckDBPyConnection, q: dict[str, str], affected: str) -> None:
    """Re-cluster what the affected extractions can change (their old rows in ``_old_ext``, their
    new ones in int_event_extractions) and leave ``_changed(extraction_id, old_event_id,
    new_event_id)``: the extractions whose event changed, and every affected one.

    Bounded by dates, never by history (see 211_int_event_days.sql, 212_int_event_clusters.sql):
    a day report decides only the day events of its date and the day after (publication-dated
    reports join the day before), so the day reports within a day of those dates are recomputed,
    from the reports within two days; a coarse or undated report depends only on which day events
    exist in its window, so those whose window holds a day event that appeared or went (and that
    could prefer it) are recomputed; event ids are recomputed for every cluster key that gained or
    lost a member."""
    run = _runner(con)
    run(
        "CREATE OR REPLACE TEMP TABLE _seed_days AS SELECT DISTINCT group_key, slot_date FROM ("
        "SELECT group_key, slot_date FROM _old_ext UNION ALL "
        "SELECT group_key, slot_date FROM _new_ext) WHERE slot_date IS NOT NULL"
    )
    # day events: the day reports within a day of a changed date, from those within two
    run(
        "CREATE OR REPLACE TEMP TABLE _context1 AS SELECT e.* FROM int_event_extractions AS e "
        "SEMI JOIN _seed_days AS s ON e.group_key = s.group_key "
        "AND e.slot_date BETWEEN s.slot_date - 2 AND s.slot_date + 2"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _region1 AS SELECT e.extraction_id FROM _context1 AS e "
        "SEMI JOIN _seed_days AS s ON e.group_key = s.group_key "
        "AND e.slot_date BETWEEN s.slot_date - 1 AND s.slot_date + 1 "
        f"UNION SELECT extraction_id FROM ({affected})"
    )
    region1 = _ids("_region1", "extraction_id")
    region1_dates = _loaded_on("load_date", "_context1", "_old_ext")
    run(
        "CREATE OR REPLACE TEMP TABLE _old_days AS "
        + _fetch("int_event_days", f"extraction_id IN ({region1}) AND {region1_dates}")
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _new_days AS SELECT * FROM ("
        + _scoped(q["int_event_days"], {"int_event_extractions": "SELECT * FROM _context1"})
        + f") WHERE extraction_id IN ({region1})"
    )
    run(f"DELETE FROM int_event_days WHERE extraction_id IN ({region1}) AND {region1_dates}")
    run("INSERT INTO int_event_days SELECT * FROM _new_days")
    # the rows that differ (one row per extraction in both: a join on it, not a diff of rows)
    columns = [c for c, _ in _columns(con, "int_event_days") if c != "extraction_id"]
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in columns)
    run(
        "CREATE OR REPLACE TEMP TABLE _days_diff AS "
        "SELECT coalesce(o.extraction_id, n.extraction_id) AS extraction_id, "
        "o.extraction_id IS NOT NULL AS in_old, n.extraction_id IS NOT NULL AS in_new, "
        + ", ".join(f"o.{c} AS old_{c}, n.{c} AS new_{c}" for c in columns)
        + " FROM _old_days AS o FULL JOIN _new_days AS n ON o.extraction_id = n.extraction_id "
        f"WHERE o.extraction_id IS NULL OR n.extraction_id IS NULL OR {differs}"
    )
    run(
        "INSERT INTO _marks SELECT DISTINCT 'int_event_days', coalesce(CAST(d AS VARCHAR), '') "
        "FROM (SELECT old_load_date AS d FROM _days_diff WHERE in_old "
        "UNION ALL SELECT new_load_date FROM _days_diff WHERE in_new)"
    )
    _mark_keys(con, "int_event_days", "SELECT extraction_id FROM _days_diff")
    # the day events that appeared or went
    run(
        "CREATE OR REPLACE TEMP TABLE _delta_events AS "
        "WITH moved AS (SELECT * FROM _days_diff "
        "WHERE old_cluster_key IS DISTINCT FROM new_cluster_key) "
        "SELECT DISTINCT old_group_key AS group_key, old_cluster_key AS cluster_key, "
        "old_event_date AS event_date, old_event_target_key AS event_target_key, "
        "old_event_subject_key AS event_subject_key FROM moved WHERE old_cluster_key IS NOT NULL "
        "UNION SELECT DISTINCT new_group_key, new_cluster_key, new_event_date, "
        "new_event_target_key, new_event_subject_key FROM moved WHERE new_cluster_key IS NOT NULL"
    )
    run("DROP TABLE _days_diff")
    # coarse and undated reports that could prefer (or lose) one of those events: their pairs
    # with the events by target and by subject (from the state of the coarse reports alone),
    # those that could prefer an event or are attached to one kept
    pair = (
        "SELECT r.extraction_id, r.target_key, r.subject_key, r.date_anchor, r.cluster_key, "
        "r.attach_date, r.attach_score, e.cluster_key AS event_cluster_key, e.event_date, "
        "e.event_target_key, "
        f"e.event_subject_key FROM {COARSE_REPORTS} AS r "
        "INNER JOIN _delta_events AS e ON e.group_key = r.group_key AND {on} "
        "AND e.event_date BETWEEN r.window_start AND r.window_end "
        "WHERE (r.target_key IS NULL OR e.event_target_key IS NULL "
        "OR e.event_target_key = r.target_key) "
        "AND (r.subject_key IS NULL OR e.event_subject_key IS NULL "
        "OR e.event_subject_key = r.subject_key)"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _region2 AS WITH pairs AS MATERIALIZED ("
        + pair.format(on="e.event_target_key = r.target_key")
        + " UNION ALL "
        + pair.format(on="e.event_subject_key = r.subject_key")
        + ") SELECT p.extraction_id FROM pairs AS p "
        f"LEFT JOIN {COARSE_BEST} AS t ON t.extraction_id = p.extraction_id "
        "WHERE (p.attach_date IS NULL AND t.extraction_id IS NULL) "
        "OR p.cluster_key = p.event_cluster_key "
        "OR (CAST(coalesce(p.target_key = p.event_target_key, false) AS INTEGER) "
        "+ CAST(coalesce(p.subject_key = p.event_subject_key, false) AS INTEGER), "
        "-abs(date_diff('day', p.event_date, p.date_anchor))) >= "
        "(coalesce(p.attach_score, t.best_score), "
        "-coalesce(abs(date_diff('day', p.attach_date, p.date_anchor)), t.best_distance)) "
        "UNION SELECT extraction_id FROM _region1"
    )
    region = _ids("_region2", "extraction_id")
    # the region's rows: the loaded extractions', the day reports' (in _context1), the coarse
    # reports' (in their state, current but for the loaded extractions)
    run(
        f"CREATE OR REPLACE TEMP TABLE _region AS SELECT {_region_columns('n')} FROM _new_ext AS n "
        f"UNION ALL SELECT {_region_columns('c')} FROM _context1 AS c "
        f"WHERE c.extraction_id IN ({region1}) "
        "AND c.extraction_id NOT IN (SELECT extraction_id FROM _new_ext) "
        f"UNION ALL SELECT {_region_columns('s')} FROM {COARSE_REPORTS} AS s "
        f"WHERE s.extraction_id IN ({region}) AND s.extraction_id NOT IN ({region1})"
    )
    # the attachments of the recomputed coarse and undated reports: of each report's candidates
    # only its best (most named fields agreeing, then nearest its anchor, ties kept) decide it.
    # The best is found per lookup class (NEAREST_CLASSES) as the nearest event date on each side
    # of the anchor (two ASOF joins over the distinct dates of each key), not by pairing a report
    # with every event in its window (a year report names a year of events).
    run(
        "CREATE OR REPLACE TEMP TABLE _reports AS SELECT extraction_id AS report_id, group_key, "
        "target_key, subject_key, date_anchor, window_start, window_end FROM _region "
        f"WHERE {REPORTS_IN_REACH}"
    )
    run(f"DELETE FROM {COARSE_BEST} WHERE extraction_id IN ({region})")
    _attach_reports(con)
    run(
        "CREATE OR REPLACE TEMP TABLE _old_clusters AS "
        + _fetch(
            "int_event_clusters",
            f"extraction_id IN ({region}) AND " + _loaded_on("load_date", "_region", "_old_ext"),
            rowids=True,
        )
    )
    # the region's members (int_event_clusters' ``members``): its day reports in the events
    # just recomputed, its coarse and undated reports attached or on their own
    run(
        "CREATE OR REPLACE TEMP TABLE _members AS "
        "SELECT extraction_id, cluster_key, event_date AS attach_date, "
        "CAST(NULL AS INTEGER) AS attach_score FROM _new_days "
        "UNION ALL SELECT a.extraction_id, coalesce(j.cluster_key, CASE "
        "WHEN a.report_kind = 'coarse' THEN concat_ws('|', 'c', a.group_key, a.date_precision, "
        "CAST(a.event_date AS VARCHAR), coalesce(a.target_key, ''), "
        "coalesce(a.subject_key, '')) ELSE 'x|' || a.extraction_id END), "
        "j.attach_date, j.attach_score FROM _region AS a "
        "LEFT JOIN _attached AS j USING (extraction_id) "
        "WHERE a.report_kind IN ('coarse', 'undated')"
    )
    # event ids: the earliest member of every cluster key that gained or lost a member (the
    # members outside the region, _others, keep their rows but may get a new id)
    run(
        "CREATE OR REPLACE TEMP TABLE _keys AS SELECT cluster_key FROM _old_clusters UNION "
        "SELECT cluster_key FROM _members"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _others AS SELECT rowid AS _rid, * FROM int_event_clusters "
        "WHERE cluster_key IN (SELECT cluster_key FROM _keys) "
        f"AND extraction_id NOT IN ({region})"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _first AS SELECT cluster_key, "
        "'ev_' || first(extraction_id ORDER BY reported_at, extraction_id) AS event_id "
        "FROM (SELECT m.cluster_key, m.extraction_id, r.reported_at FROM _members AS m "
        "INNER JOIN _region AS r USING (extraction_id) "
        "UNION ALL SELECT cluster_key, extraction_id, reported_at FROM _others) "
        "GROUP BY cluster_key"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _new_clusters AS SELECT m.extraction_id, f.event_id, "
        "m.cluster_key, r.group_key, r.report_kind, m.attach_date, m.attach_score, "
        "r.reported_at, r.load_date FROM _members AS m "
        "INNER JOIN _region AS r USING (extraction_id) "
        "INNER JOIN _first AS f USING (cluster_key) ORDER BY m.extraction_id"
    )
    # the state of the region's coarse reports (extractions gone leave it)
    run(f"DELETE FROM {COARSE_REPORTS} WHERE extraction_id IN ({region})")
    run(
        f"INSERT INTO {COARSE_REPORTS} SELECT {_region_columns('r')}, n.cluster_key, "
        "n.attach_date, n.attach_score FROM _region AS r "
        f"INNER JOIN _new_clusters AS n USING (extraction_id) WHERE {_in_reach('r')}"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _renamed AS SELECT o._rid, o.extraction_id, f.event_id "
        "FROM _others AS o INNER JOIN _first AS f USING (cluster_key) "
        "WHERE o.event_id IS DISTINCT FROM f.event_id"
    )
    # the renamed rows written again, not updated (see the mentions in refresh_tables)
    run(
        "DELETE FROM int_event_clusters WHERE rowid IN (SELECT _rid FROM _old_clusters "
        "UNION ALL SELECT _rid FROM _renamed)"
    )
    run(
        "INSERT INTO int_event_clusters SELECT * FROM _new_clusters UNION ALL "
        "SELECT o.* EXCLUDE (_rid) REPLACE (r.event_id AS event_id) FROM _others AS o "
        "INNER JOIN _renamed AS r USING (extraction_id)"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _old_assign AS SELECT * EXCLUDE (_rid) FROM _old_clusters "
        "UNION ALL SELECT * EXCLUDE (_rid) FROM _others"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _new_assign AS SELECT * FROM _new_clusters UNION ALL "
        "SELECT o.* EXCLUDE (_rid) REPLACE (coalesce(r.event_id, o.event_id) AS event_id) "
        "FROM _others AS o "
        "LEFT JOIN _renamed AS r USING (extraction_id)"
    )
    # published chunks: only rows that differ from before (one row per extraction in each)
    columns = [c for c, _ in _columns(con, "int_event_clusters") if c != "extraction_id"]
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in columns)
    run(
        "CREATE OR REPLACE TEMP TABLE _clusters_diff AS "
        "SELECT coalesce(o.extraction_id, n.extraction_id) AS extraction_id, "
        "o.extraction_id IS NOT NULL AS in_old, n.extraction_id IS NOT NULL AS in_new, "
        "o.load_date AS old_load_date, n.load_date AS new_load_date "
        "FROM _old_assign AS o FULL JOIN _new_assign AS n ON o.extraction_id = n.extraction_id "
        f"WHERE o.extraction_id IS NULL OR n.extraction_id IS NULL OR {differs}"
    )
    run(
        "INSERT INTO _marks SELECT DISTINCT 'int_event_clusters', "
        "coalesce(CAST(d AS VARCHAR), '') "
        "FROM (SELECT old_load_date AS d FROM _clusters_diff WHERE in_old "
        "UNION ALL SELECT new_load_date FROM _clusters_diff WHERE in_new)"
    )
    _mark_keys(con, "int_event_clusters", "SELECT extraction_id FROM _clusters_diff")
    run("DROP TABLE _clusters_diff")
    run(
        "CREATE OR REPLACE TEMP TABLE _changed AS "
        "SELECT extraction_id, o.event_id AS old_event_id, n.event_id AS new_event_id "
        "FROM (SELECT extraction_id, event_id FROM _old_assign) AS o "
        "FULL JOIN (SELECT extraction_id, event_id FROM _new_assign) AS n USING (extraction_id) "
        f"WHERE o.event_id IS DISTINCT FROM n.event_id OR extraction_id IN ({affected})"
    )
    if log.isEnabledFor(logging.DEBUG):
        for temp in (
            "_seed_days",
            "_context1",
            "_region1",
            "_delta_events",
            "_region2",
            "_attached",
            "_keys",
            "_old_assign",
            "_changed",
        ):
            row = con.execute(f"SELECT count(*) FROM {temp}").fetchone()
            log.debug("%s: %d rows", temp, row[0] if row else 0)
    for temp in (
        "_seed_days",
        "_context1",
        "_region1",
        "_old_days",
        "_new_days",
        "_delta_events",
        "_region2",
        "_attached",
        "_members",
        "_old_clusters",
        "_new_clusters",
        "_others",
        "_renamed",
        "_keys",
        "_first",
        "_reports",
    ):
        run(f"DROP TABLE {temp}")


# the coarse and undated reports that can attach to a day event
REPORTS_IN_REACH = (
    "report_kind IN ('coarse', 'undated') AND date_anchor IS NOT NULL "
    "AND window_start <= window_end AND (target_key IS NOT NULL OR subject_key IS NOT NULL)"
)


def _in_reach(alias: str) -> str:
    """REPORTS_IN_REACH on the columns of table alias ``alias``."""
    return re.sub(
        r"\b(report_kind|date_anchor|window_start|window_end|target_key|subject_key)\b",
        rf"{alias}.\1",
        REPORTS_IN_REACH,
    )


def _attach_reports(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``_attached`` for the reports in ``_reports`` and add the best score and distance of
    those whose best events tie to ``COARSE_BEST``."""
    run = _runner(con)
    span = con.execute("SELECT min(window_start), max(window_end) FROM _reports").fetchone()
    if span is None or span[0] is None:
        run(
            "CREATE OR REPLACE TEMP TABLE _attached (extraction_id VARCHAR, "
            "cluster_key VARCHAR, attach_date DATE, attach_score INTEGER)"
        )
        return
    _nearest_events(con, str(span[0]), str(span[1]))
    run(
        f"INSERT INTO {COARSE_BEST} SELECT report_id, min(score), min(distance) FROM _best "
        "WHERE report_id NOT IN (SELECT extraction_id FROM _attached) GROUP BY report_id"
    )
    run("DROP TABLE _best")


# The lookup classes of a coarse or undated report by which of its target and subject it names:
# within one class every candidate day event agrees on the same named fields (the same score), so
# the best of a class is its event date nearest the anchor. (class, score, the reports in it, the
# key it looks up, in two parts.) _nearest_events knows which event rows each class matches.
NEAREST_CLASSES: tuple[tuple[str, int, str, str, str], ...] = (
    # both named: the events naming both (2), else one of them with the other missing (1)
    ("both", 2, "target_key IS NOT NULL AND subject_key IS NOT NULL", "target_key", "subject_key"),
    ("target", 1, "target_key IS NOT NULL AND subject_key IS NOT NULL", "target_key", "''"),
    ("subject", 1, "target_key IS NOT NULL AND subject_key IS NOT NULL", "subject_key", "''"),
    # one named: the events naming it, whatever the other
    ("target only", 1, "target_key IS NOT NULL AND subject_key IS NULL", "target_key", "''"),
    ("subject only", 1, "subject_key IS NOT NULL AND target_key IS NULL", "subject_key", "''"),
)


def _nearest_events(con: duckdb.DuckDBPyConnection, first: str, last: str) -> None:
    """Fill ``_attached(extraction_id, cluster_key, attach_date, attach_score)`` with the day
    event each report in ``_reports`` attaches to, as int_event_clusters decides it (their windows
    all within dates ``first`` .. ``last``, inlined so that the scan of int_event_days skips the
    row groups outside them).

    Each report looks up its classes (NEAREST_CLASSES); a class key gets an integer id, each day
    event row in reach one (key id, date) entry per class it belongs to, and two ASOF joins find
    each report's nearest date on either side of its anchor within its window: no report is
    paired with every event of its window, and no string key is sorted."""
    run = _runner(con)
    probes = " UNION ALL ".join(
        f"SELECT report_id, '{name}' AS class, {score} AS score, group_key, {k1} AS k1, "
        f"{k2} AS k2, date_anchor, window_start, window_end FROM _reports WHERE {where}"
        for name, score, where, k1, k2 in NEAREST_CLASSES
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _probes AS SELECT *, "
        f"dense_rank() OVER (ORDER BY class, group_key, k1, k2) AS key_id FROM ({probes})"
    )
    # the class keys by the event columns they match, each with the dates its reports reach
    keys = (
        "keys AS (SELECT class, group_key, k1, k2, any_value(key_id) AS key_id, "
        "min(window_start) AS ws, max(window_end) AS we FROM _probes GROUP BY ALL), "
        "by_target AS (SELECT group_key, k1 AS k, "
        "max(key_id) FILTER (class = 'target only') AS any_id, "
        "max(key_id) FILTER (class = 'target') AS lone_id, min(ws) AS ws, max(we) AS we "
        "FROM keys WHERE class IN ('both', 'target', 'target only') GROUP BY ALL), "
        "by_subject AS (SELECT group_key, k1 AS k, "
        "max(key_id) FILTER (class = 'subject only') AS any_id, "
        "max(key_id) FILTER (class = 'subject') AS lone_id, min(ws) AS ws, max(we) AS we "
        "FROM keys WHERE class IN ('subject', 'subject only') GROUP BY ALL), "
        "by_both AS (SELECT group_key, k1, k2, key_id FROM keys WHERE class = 'both')"
    )
    in_range = f"d.event_date BETWEEN DATE '{first}' AND DATE '{last}'"
    run(
        f"CREATE OR REPLACE TEMP TABLE _entries AS WITH {keys} "
        "SELECT key_id, event_date, rid FROM ("
        "SELECT unnest([t.any_id, CASE WHEN d.event_subject_key IS NULL THEN t.lone_id END, "
        "b.key_id]) AS key_id, d.event_date, d.rowid AS rid FROM int_event_days AS d "
        "INNER JOIN by_target AS t ON d.group_key = t.group_key AND d.event_target_key = t.k "
        "AND d.event_date BETWEEN t.ws AND t.we "
        "LEFT JOIN by_both AS b ON d.group_key = b.group_key AND d.event_target_key = b.k1 "
        f"AND d.event_subject_key = b.k2 WHERE {in_range} "
        "UNION ALL SELECT unnest([s.any_id, "
        "CASE WHEN d.event_target_key IS NULL THEN s.lone_id END]), d.event_date, d.rowid "
        "FROM int_event_days AS d "
        "INNER JOIN by_subject AS s ON d.group_key = s.group_key AND d.event_subject_key = s.k "
        f"AND d.event_date BETWEEN s.ws AND s.we WHERE {in_range}) WHERE key_id IS NOT NULL"
    )
    distance = "abs(date_diff('day', d.event_date, p.date_anchor))"
    # each report's best (key, date) entries, then the day events at them: attached when
    # exactly one event is best (the rule of int_event_clusters' ``attached``)
    run(
        "CREATE OR REPLACE TEMP TABLE _best AS "
        "WITH dates AS MATERIALIZED (SELECT DISTINCT key_id, event_date FROM _entries), "
        "found AS (SELECT p.report_id, p.score, d.key_id, d.event_date, "
        f"{distance} AS distance FROM _probes AS p ASOF JOIN dates AS d "
        "ON d.key_id = p.key_id AND d.event_date <= least(p.date_anchor, p.window_end) "
        "WHERE d.event_date >= p.window_start "
        f"UNION ALL SELECT p.report_id, p.score, d.key_id, d.event_date, {distance} "
        "FROM _probes AS p ASOF JOIN dates AS d ON d.key_id = p.key_id "
        "AND d.event_date >= greatest(p.date_anchor, p.window_start) "
        "WHERE d.event_date <= p.window_end), "
        "SELECT report_id, score, key_id, event_date, distance FROM found "
        "QUALIFY rank() OVER (PARTITION BY report_id ORDER BY score DESC, distance) = 1"
    )
    run(
        "CREATE OR REPLACE TEMP TABLE _attached AS "
        "WITH hits AS MATERIALIZED (SELECT b.report_id, b.score, b.event_date, e.rid "
        "FROM _best AS b INNER JOIN _entries AS e USING (key_id, event_date)), "
        "events AS (SELECT rowid AS rid, cluster_key FROM int_event_days "
        "WHERE rowid IN (SELECT rid FROM hits)) "
        "SELECT h.report_id AS extraction_id, min(v.cluster_key) AS cluster_key, "
        "min(h.event_date) AS attach_date, min(h.score) AS attach_score "
        "FROM hits AS h INNER JOIN events AS v USING (rid) GROUP BY h.report_id "
        "HAVING count(DISTINCT v.cluster_key) = 1"
    )
    for temp in ("_probes", "_entries"):
        run(f"DROP TABLE {temp}")


def _track_touched(con: duckdb.DuckDBPyConnection, days: Sequence[str]) -> None:
    """Add the articles and raw event ids held under ``days`` to the touched sets (called before
    the raw rows are replaced and after, so both the removed and the loaded rows count)."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _touched_articles (article_id VARCHAR)")
    con.execute("CREATE TEMP TABLE IF NOT EXISTS _touched_extractions (extraction_id VARCHAR)")
    con.execute(
        "INSERT INTO _touched_articles SELECT DISTINCT article_id FROM raw_articles "
        "WHERE list_contains(CAST(? AS DATE[]), ds)",
        [list(days)],
    )
    con.execute(
        "INSERT INTO _touched_extractions SELECT DISTINCT event_id FROM raw_events "
        "WHERE list_contains(CAST(? AS DATE[]), ds)",
        [list(days)],
    )


def _refresh_touched(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> dict[str, int]:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched_articles AS "
        "SELECT DISTINCT article_id FROM _touched_articles"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _touched_extractions AS "
        "SELECT DISTINCT extraction_id FROM _touched_extractions"
    )
    counts = refresh_tables(con, sql_dir)
    con.execute("DROP TABLE _touched_articles")
    con.execute("DROP TABLE _touched_extractions")
    return counts


def rebuild_core(
    warehouse: Path,
    sql_dir: Path,
    *,
    lookback_days: int | None = None,
    settings: Settings | None = None,
) -> dict[str, int]:
    """Rebuild the core tables in one transaction (after loads run with ``rebuild=False``). A
    full rebuild of a long history needs more memory than a night's limit allows, so it takes
    ``memory_fallback``'s retries as every load does."""

    def work(attempt: Settings) -> dict[str, int]:
        with writing(warehouse, sql_dir, lookback_days=lookback_days, settings=attempt) as con:
            return rebuild_tables(con, sql_dir)

    counts = memory_fallback(work, settings)
    log.info("rebuilt core tables: %s", counts)
    return counts


# DuckDB settings of a connection, as duckdb.connect takes them
DuckDBConfig = dict[str, str | bool | int | float | list[str]]
PARTITION_FLUSH_ROWS = 8_192


def writer_config(warehouse: Path, settings: Settings | None = None) -> DuckDBConfig:
    """DuckDB settings of a connection that writes ``warehouse`` (from ``settings``, default
    ``Settings()``): a memory limit past which operators spill, a spill folder beside the
    warehouse, and a bounded thread count (each thread holds its own buffers). Without a limit
    DuckDB takes up to 80% of the machine's memory for an interval's one load transaction."""
    settings = settings or Settings()
    config: DuckDBConfig = {
        "temp_directory": str(
            settings.warehouse_temp_dir or warehouse.with_name(warehouse.name + ".tmp")
        ),
        # a partitioned COPY (publish, marts) holds each partition's rows until this many
        # (DuckDB's default: 524,288, every article text of a large interval); one file each still
        "partitioned_write_flush_threshold": PARTITION_FLUSH_ROWS,
    }
    if settings.warehouse_memory_limit:
        config["memory_limit"] = settings.warehouse_memory_limit
    if settings.warehouse_threads:
        config["threads"] = settings.warehouse_threads
    return config


_T = TypeVar("_T")


def memory_fallback(
    work: Callable[[Settings], _T],
    settings: Settings | None = None,
    *,
    before_retry: Callable[[], None] | None = None,
) -> _T:
    """Run ``work`` (one whole transaction or copy) under the configured DuckDB memory limit and,
    if DuckDB runs out of memory there (not every operator spills: a long backfill's refresh can
    need more than a night's), again under ``warehouse_memory_retry_limit`` if set, then once more
    without a limit. The limit bounds a normal night's memory; it never fails one.
    ``before_retry`` clears what a failed attempt left behind."""
    settings = settings or Settings()
    attempts = [settings]
    if settings.warehouse_commit_memory_limit and not settings.warehouse_memory_limit:
        attempts.append(settings.model_copy(update={"warehouse_commit_memory_limit": None}))
    elif settings.warehouse_memory_limit:
        retry = settings.warehouse_memory_retry_limit
        if retry and retry != settings.warehouse_memory_limit:
            attempts.append(
                settings.model_copy(
                    update={
                        "warehouse_memory_limit": retry,
                        "warehouse_memory_retry_limit": None,
                        "warehouse_commit_memory_limit": None,
                    }
                )
            )
        attempts.append(
            settings.model_copy(
                update={
                    "warehouse_memory_limit": None,
                    "warehouse_memory_retry_limit": None,
                    "warehouse_commit_memory_limit": None,
                }
            )
        )
    for attempt, after in itertools.pairwise(attempts):
        try:
            return work(attempt)
        except duckdb.OutOfMemoryException as exc:
            failure = str(exc).splitlines()[0]
        # outside the except block: the traceback's frames (and the failed attempt's
        # connection, which keeps its database open under the old configuration) are gone
        log.warning(
            "DuckDB ran out of memory under warehouse_memory_limit=%s (%s); retrying %s",
            attempt.warehouse_memory_limit,
            failure,
            f"under {after.warehouse_memory_limit}"
            if after.warehouse_memory_limit
            else "without it",
        )
        gc.collect()
        if before_retry is not None:
            before_retry()
    return work(attempts[-1])


def connect(
    warehouse: Path,
    sql_dir: Path,
    *,
    lookback_days: int | None = None,
    settings: Settings | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse for writing with its models applied, with ``writer_config``'s memory
    limit, spill folder and threads."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse), config=writer_config(warehouse, settings))
    except duckdb.IOException as exc:  # held by another process
        raise RetryableError(f"cannot open warehouse {warehouse}: {exc}") from exc
    apply_models(con, sql_dir, lookback_days)
    return con


def _setting_text(value: str) -> str:
    """A size setting as a SQL string literal's body (``SET`` takes no parameters)."""
    return value.replace("'", "''")


@contextlib.contextmanager
def writing(
    warehouse: Path,
    sql_dir: Path,
    *,
    lookback_days: int | None = None,
    settings: Settings | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse open for writing with its models applied, under the writer lock, inside one
    transaction committed when the block ends (with the changes it marked for publishing)."""
    with writer_lock(warehouse):
        con = connect(warehouse, sql_dir, lookback_days=lookback_days, settings=settings)
        try:
            with transaction(con):
                crash_point("load.begin")
                yield con
                _commit_marks(con)
                commit_limit = settings.warehouse_commit_memory_limit if settings else None
                if commit_limit:
                    con.execute(f"SET memory_limit = '{_setting_text(commit_limit)}'")
                crash_point("load.commit")
            crash_point("load.committed")
        finally:
            con.close()


def load_interval(
    warehouse: Path,
    sql_dir: Path,
    data_dir: Path,
    ds: str,
    *,
    rebuild: bool = True,
    datasets: Sequence[str] = LOADED_DATASETS,
    lookback_days: int | None = None,
) -> dict[str, int]:
    """Replace interval ``ds`` in every raw table from its Parquet partitions, then bring the core
    tables up to date with what changed (unless ``rebuild`` is False, for a backfill that calls
    ``rebuild_core`` once), all in one transaction. ``datasets`` narrows the load to some raw
    tables."""

    def work(settings: Settings) -> dict[str, int]:
        with writing(warehouse, sql_dir, lookback_days=lookback_days, settings=settings) as con:
            return replace_interval(con, sql_dir, data_dir, ds, rebuild=rebuild, datasets=datasets)

    counts = memory_fallback(work)
    log.info("loaded interval %s: %s", ds, counts)
    return counts


def replace_interval(
    con: duckdb.DuckDBPyConnection,
    sql_dir: Path,
    data_dir: Path,
    ds: str,
    *,
    rebuild: bool = True,
    datasets: Sequence[str] = LOADED_DATASETS,
) -> dict[str, int]:
    """``load_interval`` inside the caller's transaction (`writing`)."""
    counts: dict[str, int] = {}
    refresh = rebuild and bool({"articles", "events"} & set(datasets))
    if refresh:
        _track_touched(con, [ds])
    for dataset in datasets:
        path = partition_path(data_dir, dataset, ds)
        table = f"raw_{dataset}"
        con.execute(f"DELETE FROM {table} WHERE ds = ?", [ds])
        crash_point("load.delete")
        con.execute("CREATE TEMP TABLE IF NOT EXISTS _marks (table_name VARCHAR, chunk VARCHAR)")
        con.execute("INSERT INTO _marks VALUES (?, ?)", [table, ds])
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
    if refresh:
        _track_touched(con, [ds])
        refreshed = _refresh_touched(con, sql_dir)
        log.debug("refreshed core tables: %s", refreshed)
    _mark(con, "load_log")
    return counts


def load_intervals(
    warehouse: Path,
    sql_dir: Path,
    data_dir: Path,
    days: Sequence[str],
    *,
    rebuild: bool = True,
    lookback_days: int | None = None,
) -> dict[str, dict[str, int]]:
    """Replace several intervals at once (a backfill): one transaction, one parallel scan of their
    Parquet partitions per raw table, one core refresh. Leaves the same tables as loading each
    interval in turn with ``load_interval``."""

    def work(settings: Settings) -> dict[str, dict[str, int]]:
        with writing(warehouse, sql_dir, lookback_days=lookback_days, settings=settings) as con:
            return replace_intervals(con, sql_dir, data_dir, days, rebuild=rebuild)

    counts = memory_fallback(work)
    log.info("loaded %d intervals in one transaction", len(counts))
    return counts


def replace_intervals(
    con: duckdb.DuckDBPyConnection,
    sql_dir: Path,
    data_dir: Path,
    days: Sequence[str],
    *,
    rebuild: bool = True,
) -> dict[str, dict[str, int]]:
    """``load_intervals`` inside the caller's transaction (`writing`)."""
    days = sorted(set(days))
    counts: dict[str, dict[str, int]] = {ds: {} for ds in days}
    if rebuild:
        _track_touched(con, days)
    for dataset in LOADED_DATASETS:
        table = f"raw_{dataset}"
        paths = {ds: partition_path(data_dir, dataset, ds) for ds in days}
        present = [ds for ds in days if paths[ds].exists()]
        con.execute(f"DELETE FROM {table} WHERE list_contains(CAST(? AS DATE[]), ds)", [days])
        con.execute("CREATE TEMP TABLE IF NOT EXISTS _marks (table_name VARCHAR, chunk VARCHAR)")
        if days:
            con.executemany("INSERT INTO _marks VALUES (?, ?)", [[table, ds] for ds in days])
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
            [[ds, dataset, counts[ds][dataset], str(paths[ds]), SCHEMA_VERSION] for ds in present],
        )
    if rebuild:
        _track_touched(con, days)
        refreshed = _refresh_touched(con, sql_dir)
        log.debug("refreshed core tables: %s", refreshed)
    _mark(con, "load_log")
    return counts
