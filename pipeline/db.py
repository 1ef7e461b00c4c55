"""DuckDB writes: the warehouse's single-writer lock and the one transaction helper.

Every write to the warehouse runs under ``writer_lock`` (a ``flock`` beside the database file:
one writer process at a time on this machine) and inside ``transaction``: DuckDB 2.0 no longer
wraps a multi-statement batch in one, so each write says where it begins and ends, and an error
anywhere rolls all of it back.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.errors import RetryableError


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


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block in one explicit transaction: committed when it ends, rolled back when it
    (or the commit) raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
