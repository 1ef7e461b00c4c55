"""Read-only connections for people at the command line (``communique sql``, ``events``).

Readers open the published copy (``pipeline.publish``), which no load ever locks, so a query never
waits for, or fails on, the nightly load; ``--live`` reads the working warehouse instead and waits
a little for a writer to let go. Either way the connection is a sandbox for ad-hoc SQL:

* ``read_only``: no table of the warehouse can be created, changed or dropped;
* ``enable_external_access = false``: no file is read or written outside the database
  (``COPY ... TO``, ``read_text``, ``read_csv``, ``glob``, ``ATTACH``, ``EXPORT``), nothing is
  fetched over the network, no extension is installed or loaded;
* extension autoload and autoinstall off, and ``lock_configuration`` so that no ``SET`` turns any
  of this back on;
* the one exception is the folder of Parquet chunk files beside the database (``tables/``), which
  the published copy's views read (``pipeline.publish``): it is an allowed directory, and since an
  allowed directory could also be written to, every statement but a query (``SELECT``,
  ``EXPLAIN``, ``PRAGMA``) is refused before it runs.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from pipeline.errors import RetryableError

READER_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}
READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA"})
LIVE_WAIT_SECONDS = 10.0  # how long a --live reader waits for a load to release the file


def open_reader(path: Path, *, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """``path`` opened read-only in the sandbox above; retries for ``wait`` seconds while a
    writer holds the file."""
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(path), read_only=True, config=READER_CONFIG)
        except duckdb.IOException as exc:
            if time.monotonic() >= deadline:
                raise RetryableError(
                    f"{path} is held by a load; read the published copy (drop --live) or retry"
                ) from exc
            time.sleep(0.1)
            continue
        tables = path.parent / "tables"  # publish.tables_dir: the published views' Parquet
        if tables.is_dir():
            con.execute("SET allowed_directories = ?", [[f"{tables.resolve()}/"]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        return con


def read_query(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run ``sql`` on a reader after checking that every statement of it only reads."""
    for statement in con.extract_statements(sql):
        kind = statement.type.name
        if kind not in READ_STATEMENTS:
            raise duckdb.PermissionException(
                f"{kind} statements are not allowed: only queries (SELECT, EXPLAIN, PRAGMA)"
            )
    return con.execute(sql, params or [])


def explain(exc: duckdb.Error) -> str:
    """One line saying why a query failed; writes and outside access say they are refused."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, duckdb.PermissionException) or "read-only mode" in first:
        return (
            "refused: queries are read-only and reach no file, network or extension "
            f"outside the database ({first})"
        )
    return first
