"""The marts as Parquet files beside the published database, the format every BI tool reads.

DuckDB 2.x database files cannot be opened by DuckDB 1.x clients (Evidence, older ODBC drivers,
notebooks pinned to 1.x), and many tools read no DuckDB at all; Parquet they all read. After each
publish, every ``mart_*`` object of the published file is written as a folder of Parquet files,
one per partition (``SPLITS``: the event's day of first load for the events and their reports, a
month or year of activity for the counts, a hash of the subject and a month for the timelines),
so a night rewrites only the partitions its changes reach, not the whole history:

* the partitions to rewrite follow from what the loads since the last export changed: the load
  days of ``events`` they marked in ``publish_log`` (the events' and reports' partitions) and the
  events they replaced in ``publish_keys`` (where those events were and are counted). A
  partition of the row-level event marts (``SOURCE`` and the reports) is its previous file less
  the replaced events' rows plus their new rows, which the marts' own SQL computes over those
  events, their mentions and articles alone (``_changed_rows``); aggregated marts are computed by
  their own SQL over the exported event rows of the partitions to write, and the asserted-only
  marts (``DERIVED``) from their base mart's new files, never from the whole event view. A
  first export, a change of the marts'
  SQL or columns, loads too far behind (``publish_keys`` pruned) or a full rebuild of a core
  table writes everything; so does a missing partition file;
* each export is a new generation folder ``marts/.versions/<n>/<mart>/`` holding the rewritten
  partitions and hard links to the unchanged ones, plus ``manifest.json`` (which file holds which
  partition, how many rows). The symlink ``marts/current`` is then swapped to it in one rename,
  and each ``marts/<mart>`` is a fixed symlink to ``current/<mart>``: a reader of
  ``marts/<mart>/*.parquet`` sees the whole previous set or the whole new one, for every mart at
  once, never a mix that counts an event twice. File names are unique per write, so a reader
  that listed the old set and opens a file after the swap finds the same file or none.
  Generations a reader may still hold are kept (``KEEP_GENERATIONS``), older ones removed.
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
from pipeline.db import writer_lock
from pipeline.load import PUBLISH_KEYS_KEPT, memory_fallback, writer_config
from pipeline.observe import crash_point
from pipeline.publish import parquet_options
from pipeline.settings import Settings

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
CURRENT = "current"
VERSIONS = ".versions"
# generations kept for readers that resolved ``current`` before a swap
KEEP_GENERATIONS = 3
# the event rows every event mart is built from, and the column that names an event
SOURCE = "mart_events_all_modalities"
EVENT_KEY = "event_id"
EMPTY = "empty"  # the partition of a mart with no rows: one file with its columns
PART = "__part"  # the column that names a row's partition while it is written


def _month(expr: str) -> str:
    return f"coalesce(strftime({expr}, '%Y-%m'), 'undated')"


def _year(expr: str) -> str:
    return f"coalesce(strftime({expr}, '%Y'), 'undated')"


def _day(expr: str) -> str:
    return f"coalesce(strftime({expr}, '%Y-%m-%d'), 'undated')"


@dataclass(frozen=True, slots=True)
class Split:
    """How a mart splits into partition files: ``label`` over the mart's own rows (None: the label
    of its event's row of ``SOURCE``), and ``source`` the same label over the rows of ``SOURCE``
    (which events feed which partition). ``day_column``: the DATE column whose day ``label`` is, so
    the partitions to write are selected on it (a filter DuckDB pushes into the view's scan of
    events, which a filter on the label's string does not). ``kind``: ``events`` marts are read from
    the published views; ``reports`` and ``aggregated`` marts are computed by their own SQL over the
    exported rows of ``SOURCE`` in the partitions to write (and, for reports, those events' mentions
    and articles), so their cost follows those partitions; ``loads`` marts (a row per load day) by
    their own SQL over the inputs of the load days that changed (``LOAD_DAYS``, ``LOAD_COLUMNS``,
    ``LOAD_INPUTS``), spliced into those days' month files. A partition's rows must follow from
    the ``SOURCE`` rows of that partition alone (a running number over earlier partitions would
    move with every old event added)."""

    label: str | None
    source: str
    kind: str = "aggregated"
    day_column: str | None = None


_FIRST_LOAD = Split(
    _day("first_load_date"), _day("first_load_date"), kind="events", day_column="first_load_date"
)
_REPORTS = Split(None, _day("first_load_date"), kind="reports")
_DAILY = Split(
    _month("coalesce(day, report_day)"),
    _month("coalesce(activity_day, CASE WHEN NOT date_known THEN first_reported_date END)"),
)
_MONTHLY = Split(
    _year("coalesce(month, report_month)"),
    _year("coalesce(activity_month, CASE WHEN NOT date_known THEN first_reported_date END)"),
)
_ACTIVITY_YEAR = Split(_year("month"), _year("activity_month"))
# the operators' mart of load days: a month of load days per file; the rows of the days the loads
# since the last export changed (``LOAD_DAYS``, ``LOAD_COLUMNS``) computed again from those days'
# inputs alone (``LOAD_INPUTS``) and spliced into their months' files
_LOAD_MONTH = Split(_month("load_date"), _month("load_date"), kind="loads", day_column="load_date")
_SUBJECT_GROUP = "coalesce(left(md5(subject), 1), 'none')"
_SUBJECT_MONTH = _month("coalesce(event_date, first_reported_date)")
# a timeline numbers its events within their day (``day_position``), so a month's rows follow
# from that month's events alone: an old event added moves no number of a later month
_SUBJECT = Split(
    f"{_SUBJECT_GROUP} || '/' || {_SUBJECT_MONTH}", f"{_SUBJECT_GROUP} || '/' || {_SUBJECT_MONTH}"
)

# marts not listed are written whole every time (one partition): the operators' small marts
SPLITS: dict[str, Split] = {
    "mart_events_all_modalities": _FIRST_LOAD,
    "mart_events": _FIRST_LOAD,
    "mart_event_reports_all_modalities": _REPORTS,
    "mart_event_reports": _REPORTS,
    "mart_daily_counts_all_modalities": _DAILY,
    "mart_daily_counts": _DAILY,
    "mart_monthly_counts_all_modalities": _MONTHLY,
    "mart_monthly_counts": _MONTHLY,
    "mart_dyads_monthly_all_modalities": _ACTIVITY_YEAR,
    "mart_dyads_monthly": _ACTIVITY_YEAR,
    "mart_locations_all_modalities": _ACTIVITY_YEAR,
    "mart_locations": _ACTIVITY_YEAR,
    "mart_subject_timeline_all_modalities": _SUBJECT,
    "mart_subject_timeline": _SUBJECT,
    "mart_run_summary": _LOAD_MONTH,
}
# the tables whose chunks are the load days a ``loads`` mart's rows are computed from: a chunk
# these loads marked is a load day whose row changes (a '*' mark: every row)
LOAD_DAYS = ("raw_articles", "raw_events", "raw_fetch_errors")
# the rest of a ``loads`` mart's row, cheap to compute for every day (its load log entry, the
# events first loaded that day): a day whose values differ from the exported row's changes too
LOAD_COLUMNS = (
    "SELECT load_date, schema_version, coalesce(n, 0) AS new_event_count FROM "
    "(SELECT ds AS load_date, max(schema_version) AS schema_version FROM pub.main.load_log "
    "GROUP BY ds) LEFT JOIN (SELECT first_load_date AS load_date, count(*) AS n "
    "FROM pub.main.events GROUP BY ALL) USING (load_date)"
)
# what a ``loads`` mart is computed from: its input tables by their load day column, and the
# views between them and the mart. The months to write are computed by the mart's SQL over the
# rows of those months only (a filter on the mart's day reaches the first table of its joins
# alone: every staging row of history was read)
LOAD_INPUTS = {
    "load_log": "ds",
    "raw_articles": "ds",
    "raw_events": "ds",
    "raw_fetch_errors": "ds",
    "events": "first_load_date",
}
LOAD_VIEWS = ("stg_articles", "stg_events", "stg_fetch_errors")
# the columns of the mentions and articles that the row-level event marts read (and the export's
# own keys): for the replaced events only these are fetched (the events' mentions lie on most
# load days of history, so a filter on those days skips little, and every column of those days'
# mentions was decoded to find a few)
FETCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "event_mentions": (
        "mention_id",
        "event_id",
        "extraction_id",
        "mention_index",
        "article_id",
        "load_date",
        "reported_at",
        "event_date",
        "date_precision",
        "date_basis",
        "date_phrase",
        "evidence_sentence",
        "trigger_text",
        "source_actor_text",
        "target_actor_text",
        "confidence",
    ),
    "articles": ("article_id", "load_date", "url", "title", "outlet", "published_at"),
}
# core tables whose full rebuild (a '*' mark) changes rows the event marts read
EVENT_TABLES = ("events", "event_mentions", "articles")
# marts that are their base mart's rows filtered or renumbered within a partition (``SELECT * ...``
# of the base, same split): a partition of theirs is computed from the base's new files of that
# partition, not from the published views again
DERIVED: dict[str, str] = {
    "mart_events": "mart_events_all_modalities",
    "mart_event_reports": "mart_event_reports_all_modalities",
    "mart_daily_counts": "mart_daily_counts_all_modalities",
    "mart_monthly_counts": "mart_monthly_counts_all_modalities",
    "mart_dyads_monthly": "mart_dyads_monthly_all_modalities",
    "mart_locations": "mart_locations_all_modalities",
    "mart_subject_timeline": "mart_subject_timeline_all_modalities",
}
NEW = "__new_"  # temp table of a row-level event mart's rows for the replaced events
FILE = "__file"  # the column naming the Parquet file a row was read from


def marts_dir(published: Path) -> Path:
    """Where the mart Parquet files of a published database live."""
    return published.parent / "marts"


def mart_glob(published: Path, mart: str) -> Path:
    """The one glob that reads a mart: every Parquet file of its current partitions."""
    return marts_dir(published) / mart / "*.parquet"


def mart_names(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> list[str]:
    where = f"table_catalog = {_literal(catalog)} AND " if catalog else ""
    rows = con.execute(
        f"SELECT table_name FROM information_schema.tables WHERE {where}"
        "table_schema = 'main' AND table_name LIKE 'mart\\_%' ESCAPE '\\' ORDER BY 1"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _values(labels: set[str]) -> str:
    return ", ".join(_literal(x) for x in sorted(labels))


def _safe(label: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]", "_", label)[:40] or "all"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a generation folder, or None when missing, unreadable or of another
    version (the next export then writes everything)."""
    try:
        data: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("version") != MANIFEST_VERSION:
        return None
    for mart, parts in data.get("marts", {}).items():  # every file it names must be there
        for name, _ in parts.values():
            if not (folder / mart / name).is_file():
                log.warning("mart file %s/%s missing: exporting everything", mart, name)
                return None
    return data


def _signature(con: duckdb.DuckDBPyConnection) -> str:
    """The marts' SQL and columns: when these change, every partition is written anew (the views
    of tables are left out: they name the chunk files of each publish)."""
    views = con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE database_name = 'pub' "
        "AND schema_name = 'main' AND NOT internal AND view_name LIKE 'mart\\_%' ESCAPE '\\' "
        "ORDER BY 1"
    ).fetchall()
    columns = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = 'pub' AND schema_name = 'main' AND table_name LIKE 'mart\\_%' "
        "ESCAPE '\\' ORDER BY table_name, column_index"
    ).fetchall()
    return json.dumps(
        {
            "splits": {k: [v.label, v.source, v.kind] for k, v in SPLITS.items()},
            "views": views,
            "columns": columns,
        },
        default=str,
    )


def _changes(
    con: duckdb.DuckDBPyConnection, since: int
) -> tuple[int, set[str] | None, set[str] | None]:
    """The last ``publish_log`` entry, the load days of ``events`` marked since ``since`` and
    those of the ``LOAD_DAYS`` tables (None: everything must be written); the events replaced
    since go to the temp table ``__keys``."""
    row = con.execute("SELECT coalesce(max(seq), 0) FROM pub.main.publish_log").fetchone()
    seq = int(row[0]) if row else 0
    if since < 0 or since < seq - PUBLISH_KEYS_KEPT:
        return seq, None, None
    marks = con.execute(
        "SELECT DISTINCT table_name, chunk FROM pub.main.publish_log WHERE seq > ?", [since]
    ).fetchall()
    load_days: set[str] | None = {str(c) for t, c in marks if str(t) in LOAD_DAYS}
    if "*" in (load_days or set()):
        load_days = None
    if any(str(t) in EVENT_TABLES and str(c) == "*" for t, c in marks):
        return seq, None, load_days
    days = {str(c) for t, c in marks if str(t) == "events"}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE __keys AS SELECT DISTINCT key AS k FROM "
        f"pub.main.publish_keys WHERE table_name = 'events' AND seq > {int(since)}"
    )
    return seq, days, load_days


def _labelled(select: str, label: str) -> str:
    """``select`` with its rows' partition as column ``PART`` (``label`` PART: it has it)."""
    return select if label == PART else f"SELECT *, {label} AS {PART} FROM ({select})"


def _copy_partitions(
    con: duckdb.DuckDBPyConnection, select: str, label: str, folder: Path
) -> dict[str, list[Any]]:
    """Write the rows of ``select`` as one new Parquet file per ``label`` value in ``folder``
    (``PART``: ``select`` gives it as that column); returns {label: [file, rows]}."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{uuid.uuid4().hex}"
    try:
        con.execute(
            f"COPY ({_labelled(select, label)}) TO {_literal(str(staging))} "
            f"({parquet_options()}, PARTITION_BY ({PART}), "
            "WRITE_PARTITION_COLUMNS false)"
        )
        out: dict[str, list[Any]] = {}
        for part in sorted(staging.iterdir()) if staging.exists() else []:
            part_label = unquote(part.name.split("=", 1)[1])
            for path in sorted(part.glob("*.parquet")):
                final = folder / f"{_safe(part_label)}-{uuid.uuid4().hex[:12]}.parquet"
                files.move_fresh(path, final)
                n = con.execute(
                    f"SELECT count(*) FROM read_parquet({_literal(str(final))})"
                ).fetchone()
                if part_label in out:
                    raise RuntimeError(f"more than one file for partition {part_label}")
                out[part_label] = [final.name, int(n[0]) if n else 0]
        return out
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _copy_empty(con: duckdb.DuckDBPyConnection, select: str, label: str, folder: Path) -> list[Any]:
    """One file with the mart's columns and no row: a glob must match a file to know them."""
    final = folder / f"{EMPTY}-{uuid.uuid4().hex[:12]}.parquet"
    with files.atomic_write(final) as tmp:
        con.execute(
            f"COPY (SELECT * EXCLUDE ({PART}) FROM ({_labelled(select, label)}) LIMIT 0) "
            f"TO {_literal(str(tmp))} "
            f"({parquet_options()})"
        )
    return [final.name, 0]


def _link(src: Path, dst: Path) -> None:
    """An unchanged partition in the new generation: a hard link (a copy where links fail)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _parts_select(folder: Path, mart: str, parts: dict[str, list[Any]]) -> str:
    """The rows of these partition files of ``mart`` (in ``folder``), each with its partition
    as column ``PART``."""
    paths = {str(folder / mart / name): label for label, (name, _) in parts.items()}
    listed = "[" + ", ".join(_literal(p) for p in sorted(paths)) + "]"
    labels = ", ".join(f"({_literal(p)}, {_literal(label)})" for p, label in sorted(paths.items()))
    return (
        f"SELECT t.* EXCLUDE ({FILE}), m.{PART} FROM read_parquet({listed}, filename = "
        f"{_literal(FILE)}) AS t JOIN (VALUES {labels}) AS m(f, {PART}) ON t.{FILE} = m.f"
    )


def _fetch_by_key(
    con: duckdb.DuckDBPyConnection, table: str, key: str, day: str, where: str, into: str
) -> None:
    """Copy the rows of published ``table`` matching ``where`` into temp table ``into``: found on
    the key and day columns first, then read whole from the files of those days only (a filter
    on the day column skips the other chunk files; a filter on keys alone decodes every column
    of every row of the history)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE __found AS SELECT DISTINCT {key} AS k, {day} AS d "
        f"FROM pub.main.{table} WHERE {where}"
    )
    days = {
        "undated" if r[0] is None else str(r[0])
        for r in con.execute("SELECT DISTINCT d FROM __found").fetchall()
    }
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {into} AS SELECT * FROM pub.main.{table} "
        f"WHERE ({_days_filter(day, days)}) AND {key} IN (SELECT k FROM __found)"
    )
    con.execute("DROP TABLE __found")


def _changed_rows(con: duckdb.DuckDBPyConnection, views: dict[str, str], marts: list[str]) -> None:
    """The rows of the row-level event marts ``marts`` (``SOURCE`` first) for the events replaced
    since the last export (temp table ``__keys``), with their partition as ``PART``, into temp
    tables ``NEW<mart>``: the marts' own SQL over those events, their mentions and articles
    only, so the cost follows the events a night changed, not the history. The mentions and
    articles are fetched with the ``FETCH_COLUMNS`` alone; a mart that reads another column
    fails to bind, and they are fetched whole."""
    try:
        _changed_rows_of(con, views, marts, FETCH_COLUMNS)
    except duckdb.BinderException as exc:
        log.warning("the event marts read more than FETCH_COLUMNS, fetching whole rows: %s", exc)
        _changed_rows_of(con, views, marts, {})


def _changed_rows_of(
    con: duckdb.DuckDBPyConnection,
    views: dict[str, str],
    marts: list[str],
    columns: dict[str, tuple[str, ...]],
) -> None:
    for name in views:
        if not name.startswith("mart_") and name not in EVENT_TABLES:
            con.execute(
                f"CREATE OR REPLACE VIEW memory.main.{_quote(name)} AS "
                f"SELECT * FROM pub.main.{_quote(name)}"
            )
    keys = "SELECT k FROM __keys WHERE k IS NOT NULL"
    _fetch_by_key(con, "events", EVENT_KEY, "first_load_date", f"{EVENT_KEY} IN ({keys})", "__ev")
    for table, key, where, into in (
        (
            "event_mentions",
            "mention_id",
            f"{EVENT_KEY} IN (SELECT {EVENT_KEY} FROM __ev) "
            "OR mention_id IN (SELECT evidence_mention_id FROM __ev)",
            "__men",
        ),
        (
            "articles",
            "article_id",
            "article_id IN (SELECT article_id FROM __men) "
            "OR article_id IN (SELECT evidence_article_id FROM __ev)",
            "__art",
        ),
    ):
        if table in columns:  # one scan: a few columns of every row cost less than two scans
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {into} AS SELECT "
                f"{', '.join(_quote(c) for c in columns[table])} FROM pub.main.{table} "
                f"WHERE {where}"
            )
        else:
            _fetch_by_key(con, table, key, "load_date", where, into)
    for name, table in (("events", "__ev"), ("event_mentions", "__men"), ("articles", "__art")):
        con.execute(f"CREATE OR REPLACE VIEW memory.main.{name} AS SELECT * FROM {table}")
    for mart in marts:
        con.execute(views[mart].replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
        label = SPLITS[mart].label
        select = f"SELECT *, {label} AS {PART} FROM memory.main.{_quote(mart)}"
        if label is None:  # the partition of the row's event
            select = (
                f"SELECT m.*, e.{PART} FROM memory.main.{_quote(mart)} AS m JOIN "
                f"(SELECT {EVENT_KEY}, {PART} FROM {NEW}{SOURCE}) AS e USING ({EVENT_KEY})"
            )
        con.execute(f"CREATE OR REPLACE TEMP TABLE {NEW}{mart} AS {select}")
        got = [
            tuple(r[:2])
            for r in con.execute(f"DESCRIBE SELECT * EXCLUDE ({PART}) FROM {NEW}{mart}").fetchall()
        ]
        expected = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'pub' "
            f"AND schema_name = 'main' AND table_name = {_literal(mart)} ORDER BY column_index"
        ).fetchall()
        if got != expected:  # a mart that reads the fetched tables' columns by ``*``
            raise duckdb.BinderException(f"{mart}: columns {got} instead of {expected}")
        # the later marts (those derived from this one) read these rows, not the view again
        con.execute(
            f"CREATE OR REPLACE VIEW memory.main.{_quote(mart)} AS "
            f"SELECT * EXCLUDE ({PART}) FROM {NEW}{mart}"
        )


class _Export:
    """One export: the previous generation, the new one being written, what to rewrite."""

    def __init__(self, con: duckdb.DuckDBPyConnection, old: Path | None, new: Path) -> None:
        self.con = con
        self.old = old
        self.new = new

    def files_of(self, folder: Path, mart: str, parts: dict[str, list[Any]]) -> str:
        paths = [str(folder / mart / name) for name, _ in parts.values()]
        return "[" + ", ".join(_literal(p) for p in sorted(paths)) + "]"

    def labels_of_events(
        self, folder: Path, mart: str, parts: dict[str, list[Any]], label: str
    ) -> set[str]:
        """``label`` of the rows of the replaced events (temp table ``__keys``) in these files
        of ``SOURCE``."""
        if not parts:
            return set()
        rows = self.con.execute(
            f"SELECT DISTINCT {label} FROM read_parquet({self.files_of(folder, mart, parts)}) "
            f"WHERE {EVENT_KEY} IN (SELECT k FROM __keys)"
        ).fetchall()
        return {str(r[0]) for r in rows}

    def dirty(
        self,
        split: Split,
        old: dict[str, list[Any]],
        new: dict[str, list[Any]],
        source_dirty: set[str],
    ) -> set[str] | None:
        """The partitions of a mart where the replaced events were counted and are counted now:
        their rows are in the partitions of SOURCE rewritten for their load days."""
        if self.old is None:
            return None

        def touched(parts: dict[str, list[Any]]) -> dict[str, list[Any]]:
            return {p: f for p, f in parts.items() if p in source_dirty}

        return self.labels_of_events(
            self.new, SOURCE, touched(new), split.source
        ) | self.labels_of_events(self.old, SOURCE, touched(old), split.source)

    def write_changed(
        self, mart: str, old: dict[str, list[Any]], dirty: set[str]
    ) -> tuple[dict[str, list[Any]], int, set[str]]:
        """A row-level event mart's partitions where the replaced events were or are now: their
        old rows less those events' plus the events' new rows (temp table ``NEW<mart>``); the
        others linked. Returns the partitions, rows written and those rewritten."""
        assert self.old is not None
        folder = self.new / mart
        folder.mkdir(parents=True, exist_ok=True)
        new = f"{NEW}{mart}"
        labels = {
            str(r[0]) for r in self.con.execute(f"SELECT DISTINCT {PART} FROM {new}").fetchall()
        }
        scope = dirty | labels
        rewritten = {p: f for p, f in old.items() if p in scope}
        kept = {p: f for p, f in old.items() if p not in scope and p != EMPTY}
        select = f"SELECT * FROM {new}"
        if rewritten:
            select = (
                f"SELECT * FROM ({_parts_select(self.old, mart, rewritten)}) WHERE {EVENT_KEY} "
                f"NOT IN (SELECT k FROM __keys WHERE k IS NOT NULL) UNION ALL BY NAME {select}"
            )
        fresh = _copy_partitions(self.con, select, PART, folder) if scope else {}
        for name, _ in kept.values():
            _link(self.old / mart / name, folder / name)
        parts = {**kept, **fresh}
        if not parts:
            parts = {EMPTY: _copy_empty(self.con, f"SELECT * FROM {new}", PART, folder)}
        return parts, sum(int(n) for _, n in fresh.values()), scope

    def load_days(self, mart: str, old: dict[str, list[Any]], days: set[str]) -> set[str]:
        """The load days of a ``loads`` mart whose rows change: those these loads marked
        (``days``) and those where ``LOAD_COLUMNS`` differ from the exported rows' (day labels,
        ``_day``)."""
        assert self.old is not None
        split = SPLITS[mart]
        assert split.day_column is not None
        marked = (
            "SELECT TRY_CAST(d AS DATE) AS load_date FROM "
            f"unnest([{_values(days) or 'NULL'}]) AS t(d)"
        )
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE __load_columns AS {LOAD_COLUMNS}")
        columns = [str(r[0]) for r in self.con.execute("DESCRIBE __load_columns").fetchall()]
        exported = (
            f"SELECT {', '.join(_quote(c) for c in columns)} FROM "
            f"read_parquet({self.files_of(self.old, mart, old)})"
        )
        rows = self.con.execute(
            f"SELECT DISTINCT {_day(split.day_column)} FROM ("
            f"SELECT load_date FROM ({marked}) WHERE {'true' if days else 'false'} "
            f"UNION ALL SELECT load_date FROM ({exported} EXCEPT FROM __load_columns) "
            f"UNION ALL SELECT load_date FROM (FROM __load_columns EXCEPT {exported}))"
        ).fetchall()
        self.con.execute("DROP TABLE __load_columns")
        return {str(r[0]) for r in rows}

    def write_load_days(
        self,
        mart: str,
        views: dict[str, str],
        old: dict[str, list[Any]],
        days: set[str],
        published: Path,
        config: Any,
    ) -> tuple[dict[str, list[Any]], int]:
        """A ``loads`` mart whose rows of ``days`` change: the month files holding those days
        are their other days' rows plus the days' new rows, which the mart's own SQL computes
        over its inputs' rows of those days (``LOAD_INPUTS``), on a connection of its own where
        the inputs' names stand for those rows alone. The other months are linked."""
        assert self.old is not None
        split = SPLITS[mart]
        assert split.day_column is not None and split.label is not None
        con = duckdb.connect(":memory:", config=config)
        try:
            con.execute(f"ATTACH {_literal(str(published))} AS pub (READ_ONLY)")
            for table, column in LOAD_INPUTS.items():
                con.execute(
                    f"CREATE VIEW memory.main.{_quote(table)} AS SELECT * FROM "
                    f"pub.main.{_quote(table)} WHERE {_days_filter(column, days)}"
                )
            for name in (*LOAD_VIEWS, mart):
                con.execute(views[name])
            months = {
                str(r[0])
                for r in con.execute(
                    f"SELECT DISTINCT {split.label} FROM (SELECT TRY_CAST(d AS DATE) AS "
                    f"{split.day_column} FROM unnest([{_values(days)}]) AS t(d))"
                ).fetchall()
            }
            rows = f"SELECT *, {split.label} AS {PART} FROM memory.main.{_quote(mart)}"
            touched = {p: f for p, f in old.items() if p in months}
            if touched:
                rows = (
                    f"SELECT * FROM ({_parts_select(self.old, mart, touched)}) WHERE "
                    f"({_days_filter(split.day_column, days)}) IS NOT TRUE "
                    f"UNION ALL BY NAME {rows}"
                )
            return _Export(con, self.old, self.new).write(mart, rows, PART, old, months)
        finally:
            con.close()

    def write(
        self,
        mart: str,
        select: str,
        label: str,
        old: dict[str, list[Any]] | None,
        dirty: set[str] | None,
        where: str | None = None,
    ) -> tuple[dict[str, list[Any]], int]:
        """The mart's partitions in the new generation: ``dirty`` ones (None: all) written from
        ``select`` (the rows of ``where``, by default those whose ``label`` is dirty), the others
        linked from the old generation. Returns them and rows written."""
        folder = self.new / mart
        folder.mkdir(parents=True, exist_ok=True)
        if old is None or dirty is None or self.old is None:
            fresh = _copy_partitions(self.con, select, label, folder)
            kept: dict[str, list[Any]] = {}
        else:
            kept = {p: f for p, f in old.items() if p not in dirty and p != EMPTY}
            fresh = (
                _copy_partitions(
                    self.con,
                    f"SELECT * FROM ({select}) WHERE {where or f'{label} IN ({_values(dirty)})'}",
                    label,
                    folder,
                )
                if dirty
                else {}
            )
            for name, _ in kept.values():
                _link(self.old / mart / name, folder / name)
        parts = {**kept, **fresh}
        if not parts and old is not None and dirty is not None and self.old and EMPTY in old:
            _link(self.old / mart / old[EMPTY][0], folder / old[EMPTY][0])
            parts = {EMPTY: old[EMPTY]}
        elif not parts:
            parts = {EMPTY: _copy_empty(self.con, select, label, folder)}
        return parts, sum(int(n) for _, n in fresh.values())


def _days_filter(column: str, labels: set[str]) -> str:
    """A filter on ``column`` selecting the rows whose day label (``_day``) is in ``labels``."""
    days = sorted(d for d in labels if d != "undated")
    terms = [f"{column} IN ({', '.join('DATE ' + _literal(d) for d in days)})"] if days else []
    if "undated" in labels:
        terms.append(f"{column} IS NULL")
    return " OR ".join(terms) or "false"


def _months_filter(column: str, labels: set[str]) -> str:
    """A filter on ``column`` selecting the rows whose month label (``_month``) is in
    ``labels``, as ranges of the column (a filter DuckDB pushes into the scans of a view)."""
    terms = []
    for label in sorted(labels):
        if label == "undated":
            terms.append(f"{column} IS NULL")
            continue
        year, month = (int(x) for x in label.split("-"))
        end = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01"
        terms.append(f"({column} >= DATE '{label}-01' AND {column} < DATE '{end}')")
    return " OR ".join(terms) or "false"


def _shadow(
    con: duckdb.DuckDBPyConnection, views: dict[str, str], source: str, materialize: bool = False
) -> None:
    """Define the reports and aggregated marts in the in-memory catalog over ``source`` (a
    SELECT of ``SOURCE`` rows) instead of the published event view, and over the mentions and
    articles of those events only: the same SQL, over the exported event rows to rewrite.
    ``materialize`` reads those mentions and articles once into tables (the reports marts read
    them several times each; as views every read scanned all mentions again).
    Views are created in the order their inputs exist."""
    con.execute(f"CREATE OR REPLACE VIEW memory.main.{SOURCE} AS {source}")
    mentions = (
        f"SELECT * FROM pub.main.event_mentions WHERE {EVENT_KEY} IN (SELECT {EVENT_KEY} FROM "
        f"memory.main.{SOURCE})"
    )
    articles = (
        "SELECT * FROM pub.main.articles "
        "WHERE article_id IN (SELECT article_id FROM memory.main.event_mentions)"
    )
    if materialize:
        con.execute(f"CREATE OR REPLACE TABLE memory.main.__mentions AS {mentions}")
        mentions = "SELECT * FROM memory.main.__mentions"
    con.execute(f"CREATE OR REPLACE VIEW memory.main.event_mentions AS {mentions}")
    if materialize:
        con.execute(f"CREATE OR REPLACE TABLE memory.main.__articles AS {articles}")
        articles = "SELECT * FROM memory.main.__articles"
    con.execute(f"CREATE OR REPLACE VIEW memory.main.articles AS {articles}")
    pending = [n for n in views if n in SPLITS and SPLITS[n].kind in ("reports", "aggregated")]
    for _ in range(len(pending) + 1):
        failed = []
        for name in pending:
            try:
                con.execute(views[name].replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
            except duckdb.CatalogException:
                failed.append(name)
        if not failed:
            return
        pending = failed
    raise RuntimeError(f"marts that cannot be built from {SOURCE}: {pending}")


def export_marts(published: Path, settings: Settings | None = None) -> dict[str, int]:
    """Write every mart of ``published`` as Parquet partitions (zstd), rewriting only those the
    loads since the last export changed; returns rows written per mart. DuckDB runs with a
    load's memory limit, spill folder and threads (``writer_config`` of ``settings``)."""
    out = marts_dir(published)
    out.mkdir(parents=True, exist_ok=True)
    with writer_lock(out / VERSIONS / "export"):  # one export at a time
        return memory_fallback(lambda attempt: _export(published, out, attempt), settings)


def _current(out: Path) -> Path | None:
    link = out / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _export(published: Path, out: Path, settings: Settings | None = None) -> dict[str, int]:
    versions = out / VERSIONS
    versions.mkdir(exist_ok=True)
    old_dir = _current(out)
    state = read_manifest(old_dir) if old_dir else None
    numbers = [int(p.name) for p in versions.iterdir() if p.name.isdigit()]
    new_dir = versions / f"{max(numbers, default=0) + 1:06d}"
    shutil.rmtree(new_dir, ignore_errors=True)
    con = duckdb.connect(":memory:", config=writer_config(published, settings))
    written: dict[str, int] = {}
    try:
        con.execute(f"ATTACH {_literal(str(published))} AS pub (READ_ONLY)")
        signature = _signature(con)
        seq, days, load_days = _changes(con, int(state["seq"]) if state else -1)
        old: dict[str, dict[str, list[Any]]] = {}
        if state is not None and state.get("signature") == signature and days is not None:
            old = state["marts"]
        else:
            days = None
        views = dict(
            (str(n), str(s))
            for n, s in con.execute(
                "SELECT view_name, sql FROM duckdb_views() WHERE database_name = 'pub' "
                "AND schema_name = 'main' AND NOT internal"
            ).fetchall()
        )
        export = _Export(con, old_dir if old else None, new_dir)
        marts: dict[str, dict[str, list[Any]]] = {}
        names = mart_names(con, "pub")
        source_dirty: set[str] | None = None
        shadowed: tuple[str, bool] | None = None  # the rows the shadow marts read now
        dirty_by_label: dict[str, set[str] | None] = {}  # partitions to write, by split label
        if days is not None:
            source_dirty = (
                set(
                    str(r[0])
                    for r in con.execute(
                        f"SELECT DISTINCT {_FIRST_LOAD.source} FROM "
                        f"(SELECT TRY_CAST(d AS DATE) AS first_load_date FROM "
                        f"unnest([{_values(days) or 'NULL'}]) AS t(d))"
                    ).fetchall()
                )
                if days
                else set()
            )
        # the row-level event marts first (the aggregated ones are computed from SOURCE's files),
        # the marts derived from another last
        ordered = sorted(
            names,
            key=lambda n: (
                n in DERIVED,
                n in SPLITS and SPLITS[n].kind != "events",
                n != SOURCE,
                n,
            ),
        )
        incremental = bool(old) and source_dirty is not None
        # the row-level event marts; their asserted-only ones are filtered from the base's new
        # files (patching them from their own previous files as well measured no faster)
        changed = [
            n
            for n in ordered
            if n in SPLITS and SPLITS[n].kind in ("events", "reports") and n not in DERIVED
        ]
        if incremental and SOURCE in changed and old.get(SOURCE) is not None:
            _changed_rows(con, views, changed)
        else:
            changed = []
        scopes: dict[str, set[str]] = {}  # partitions rewritten, by mart
        for mart in ordered:
            split = SPLITS.get(mart)
            started = time.perf_counter()
            select = f"SELECT * FROM pub.main.{_quote(mart)}"
            previous = old.get(mart)
            dirty: set[str] | None = None
            if split is None:  # small operators' marts: written whole
                marts[mart], written[mart] = export.write(mart, select, "'all'", None, None)
                log.debug("%s: %d rows written whole", mart, written[mart])
                continue
            if split.kind == "loads" and split.label is not None:
                if previous is not None and load_days is not None and source_dirty is not None:
                    dirty = export.load_days(mart, previous, load_days)
                if dirty and previous is not None:
                    marts[mart], written[mart] = export.write_load_days(
                        mart, views, previous, dirty, published, writer_config(published, settings)
                    )
                else:
                    marts[mart], written[mart] = export.write(
                        mart, select, split.label, previous, dirty
                    )
                log.debug(
                    "%s: %d rows written, %s load days computed",
                    mart,
                    written[mart],
                    "all" if dirty is None else len(dirty),
                )
                continue
            if previous is not None and source_dirty is not None:
                if split.kind in ("events", "reports"):
                    dirty = source_dirty
                elif SOURCE in marts:
                    if split.source not in dirty_by_label:  # marts that share a split share it
                        dirty_by_label[split.source] = export.dirty(
                            split, old.get(SOURCE, {}), marts[SOURCE], source_dirty
                        )
                    dirty = dirty_by_label[split.source]
            base = DERIVED.get(mart)
            if mart in changed and previous is not None and dirty is not None:
                marts[mart], written[mart], scopes[mart] = export.write_changed(
                    mart, previous, dirty
                )
            elif base is not None and base in marts:
                if dirty is not None and base in scopes:
                    dirty = dirty | scopes[base]
                base_parts = marts[base]
                scope = base_parts
                if dirty is not None:
                    scope = {p: f for p, f in base_parts.items() if p in dirty}
                rows = (
                    _parts_select(new_dir, base, scope)
                    if scope
                    else f"SELECT *, NULL AS {PART} FROM "
                    f"read_parquet({export.files_of(new_dir, base, base_parts)}) WHERE false"
                )
                con.execute(f"CREATE OR REPLACE VIEW memory.main.{_quote(base)} AS {rows}")
                con.execute(views[mart].replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
                select = f"SELECT * FROM memory.main.{_quote(mart)}"
                marts[mart], written[mart] = export.write(mart, select, PART, previous, dirty)
            else:
                label = split.label or PART
                if split.kind != "events" and SOURCE in marts and dirty != set():
                    parts = marts[SOURCE]
                    if split.kind == "reports" and dirty is not None:
                        parts = {p: f for p, f in parts.items() if p in dirty}
                    scope_sql = f" WHERE {split.source} IN ({_values(dirty)})" if dirty else ""
                    source = (
                        f"SELECT * FROM read_parquet({export.files_of(new_dir, SOURCE, parts)})"
                        + scope_sql
                    )
                    materialize = split.kind == "reports"
                    if shadowed != (source, True) and shadowed != (source, materialize):
                        _shadow(con, views, source, materialize)
                        shadowed = (source, materialize)
                    select = f"SELECT * FROM memory.main.{_quote(mart)}"
                    if split.label is None:  # the partition of the row's event
                        select = (
                            f"SELECT m.*, e.{PART} FROM ({select}) AS m JOIN (SELECT "
                            f"{EVENT_KEY}, {split.source} AS {PART} FROM memory.main.{SOURCE}) "
                            f"AS e USING ({EVENT_KEY})"
                        )
                where = (
                    _days_filter(split.day_column, dirty) if split.day_column and dirty else None
                )
                marts[mart], written[mart] = export.write(
                    mart, select, label, previous, dirty, where
                )
            log.debug(
                "%s: %d rows in %s partitions written in %.3fs",
                mart,
                written[mart],
                "all" if dirty is None else len(dirty),
                time.perf_counter() - started,
            )
            crash_point("marts.partition")
        manifest = {
            "version": MANIFEST_VERSION,
            "seq": seq,
            "signature": signature,
            "marts": marts,
        }
    finally:
        con.close()
    files.write_text(new_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    for folder in [new_dir, *(new_dir / m for m in marts)]:
        files.fsync_dir(folder)
    crash_point("marts.written")
    _swap(out, new_dir, sorted(marts))
    _sweep(out, new_dir)
    log.info(
        "marts exported to %s: %d rows written (%s)",
        new_dir,
        sum(written.values()),
        "incremental" if old else "everything",
    )
    return written


def _swap(out: Path, new_dir: Path, marts: list[str]) -> None:
    """Point ``current`` at the new generation in one rename, then make sure each mart's fixed
    link exists (and none is left for a mart that is gone, nor a file of the old layout)."""
    files.replace_symlink(out / CURRENT, Path(VERSIONS) / new_dir.name)
    for mart in marts:
        link = out / mart
        if not link.is_symlink():
            if link.is_dir():
                shutil.rmtree(link)
            elif link.exists():
                link.unlink()
            os.symlink(Path(CURRENT) / mart, link)
    for path in out.iterdir():
        if path.name.startswith("mart_") and path.is_symlink() and path.name not in marts:
            path.unlink()
        elif path.suffix == ".parquet" and path.name.startswith("mart_"):
            path.unlink()  # the single files of the layout before partitions
    files.fsync_dir(out)


def _sweep(out: Path, current: Path) -> None:
    """Remove generations older than the last ``KEEP_GENERATIONS`` (and any a failed export
    left after the current one)."""
    versions = sorted(p for p in (out / VERSIONS).iterdir() if p.name.isdigit())
    complete = [p.name for p in versions if p.name <= current.name and (p / MANIFEST).exists()]
    keep = set(complete[-KEEP_GENERATIONS:]) | {current.name}
    for path in versions:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
