"""The marts as Parquet files beside the published database, the format every BI tool reads.

DuckDB 2.x database files cannot be opened by DuckDB 1.x clients (Evidence, older ODBC drivers,
notebooks pinned to 1.x), and many tools read no DuckDB at all; Parquet they all read. After each
publish, every ``mart_*`` object of the published file is written to
``<published dir>/marts/<mart>.parquet``, each file written beside its old copy and renamed over
it, so a reader sees the old file or the new one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from pipeline.files import atomic_write
from pipeline.load import writer_config
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def marts_dir(published: Path) -> Path:
    """Where the mart Parquet files of a published database live."""
    return published.parent / "marts"


def mart_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_name LIKE 'mart\\_%' ESCAPE '\\' ORDER BY 1"
    ).fetchall()
    return [str(r[0]) for r in rows]


def export_marts(published: Path, settings: Settings | None = None) -> dict[str, int]:
    """Write every mart of ``published`` as Parquet (zstd); returns rows written per mart. DuckDB
    runs with a load's memory limit, spill folder and threads (``writer_config``)."""
    out = marts_dir(published)
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(published), read_only=True, config=writer_config(published, settings))
    try:
        for name in mart_names(con):
            with atomic_write(out / f"{name}.parquet") as tmp:
                con.execute(
                    f"COPY (SELECT * FROM \"{name}\") TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)"
                )
            row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            counts[name] = int(row[0]) if row else 0
    finally:
        con.close()
    log.info("wrote %d mart Parquet files to %s", len(counts), out)
    return counts
