"""Check stage: data invariants as SQL files; any returned row is a failure that fails the run."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb

from pipeline.db import writer_lock
from pipeline.errors import DataCheckError
from pipeline.load import memory_fallback, writer_config
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def run_checks(
    warehouse: Path,
    sql_dir: Path,
    *,
    raise_on_failure: bool = True,
    settings: Settings | None = None,
) -> dict[str, int]:
    """Run every check in ``warehouse/checks``; returns failing-row counts by check name. DuckDB
    runs with a load's memory limit, spill folder and threads (``writer_config``), and over the
    limit again as a load does (``memory_fallback``)."""

    def work(attempt: Settings) -> dict[str, int]:
        results: dict[str, int] = {}
        with writer_lock(warehouse):  # a read-only open fails while a writer holds the file
            con = duckdb.connect(
                str(warehouse), read_only=True, config=writer_config(warehouse, attempt)
            )
            try:
                for path in sorted((sql_dir / "checks").glob("*.sql")):
                    sql = path.read_text(encoding="utf-8").strip().rstrip(";")
                    row = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
                    results[path.stem] = int(row[0]) if row else 0
            finally:
                con.close()
        return results

    results = memory_fallback(work, settings)
    failures = [f"{name}: {n} bad rows" for name, n in results.items() if n]
    if failures:
        log.error("data checks failed: %s", failures)
        if raise_on_failure:
            raise DataCheckError(failures)
    else:
        log.info("all %d data checks passed", len(results))
    return results
