"""Read-only connections for people at the command line (``communique sql``, ``events``).

Readers open the published copy (``pipeline.publish``), which no load ever locks, so a query never
waits for, or fails on, the nightly load; ``--live`` reads the working warehouse instead and waits
a little for a writer to let go. Either way the connection is a sandbox for ad-hoc SQL:

* ``read_only``: no table of the warehouse can be created, changed or dropped;
* ``enable_external_access = false``: no file is read or written outside the database
  (``COPY ... TO``, ``read_text``, ``read_csv``, ``glob``, ``ATTACH``, ``EXPORT``), nothing is
  fetched over the network, no extension is installed or loaded;
* extension autoload and autoinstall off, and ``lock_configuration`` so that no ``SET`` turns any
  of this back on.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from pipeline.errors import RetryableError

READER_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}
LIVE_WAIT_SECONDS = 10.0  # how long a --live reader waits for a load to release the file


def open_reader(path: Path, *, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """``path`` opened read-only in the sandbox above; retries for ``wait`` seconds while a
    writer holds the file."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=True, config=READER_CONFIG)
        except duckdb.IOException as exc:
            if time.monotonic() >= deadline:
                raise RetryableError(
                    f"{path} is held by a load; read the published copy (drop --live) or retry"
                ) from exc
            time.sleep(0.1)


def explain(exc: duckdb.Error) -> str:
    """One line saying why a query failed; writes and outside access say they are refused."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, duckdb.PermissionException) or "read-only mode" in first:
        return (
            "refused: queries are read-only and reach no file, network or extension "
            f"outside the database ({first})"
        )
    return first
