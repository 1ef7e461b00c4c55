"""A multi-writer warehouse: DuckLake with its catalog in PostgreSQL, two writer processes
replacing intervals of one table at once, nothing lost or doubled.

DuckDB 2.0 cannot download extensions here, so this runs in a separate interpreter with DuckDB
1.5.5 and the PyPI packages ``duckdb-extensions``, ``duckdb-extension-ducklake`` and
``duckdb-extension-postgres`` (which load offline). Opt-in: set ``COMMUNIQUE_DUCKLAKE_PYTHON`` to
that interpreter, e.g. after
``uv venv /tmp/lake && uv pip install --python /tmp/lake/bin/python duckdb==1.5.5
duckdb-extensions duckdb-extension-ducklake==1.5.5 duckdb-extension-postgres==1.5.5``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.ops.airflow_stack import PG_BIN, Postgres

log = logging.getLogger(__name__)
PYTHON = os.environ.get("COMMUNIQUE_DUCKLAKE_PYTHON", "")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PYTHON, reason="COMMUNIQUE_DUCKLAKE_PYTHON is not set"),
]
COMMITS = 30
ROWS = 1000

WRITER = """
import json, sys, time
import duckdb
from duckdb_extensions import import_extension

port, data = sys.argv[1], sys.argv[2]
writer, commits, rows = (int(a) for a in sys.argv[3:6])
con = duckdb.connect()
for ext in ("postgres", "ducklake"):
    import_extension(ext, con=con)
    con.execute(f"LOAD {ext}")
con.execute(
    f"ATTACH 'ducklake:postgres:host=127.0.0.1 port={port} user=airflow dbname=lake' AS lake "
    f"(DATA_PATH '{data}')"
)
if writer == 0:
    con.execute(
        "CREATE TABLE lake.raw_events (ds DATE, writer INTEGER, seq INTEGER, payload VARCHAR)"
    )
    sys.exit()
done = retries = 0
t0 = time.perf_counter()
for i in range(commits):
    ds = f"2026-03-{1 + i % 28:02d}"
    while True:
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM lake.raw_events WHERE ds = ? AND writer = ?", [ds, writer])
            con.execute(
                "INSERT INTO lake.raw_events SELECT CAST(? AS DATE), ?, range, repeat('x', 200) "
                "FROM range(?)",
                [ds, writer, rows],
            )
            con.execute("COMMIT")
            done += 1
            break
        except duckdb.Error:
            retries += 1
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            if retries > 20 * commits:
                raise
if writer == 99:
    print(json.dumps(con.execute(
        "SELECT writer, count(*), count(DISTINCT ds), count(DISTINCT (ds, seq)) "
        "FROM lake.raw_events GROUP BY 1 ORDER BY 1").fetchall()))
else:
    print(json.dumps({"writer": writer, "commits": done, "retries": retries,
                      "seconds": round(time.perf_counter() - t0, 2)}))
"""


def test_two_ducklake_writers_on_postgres(tmp_path: Path) -> None:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 server binaries are not installed")
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    data = tmp_path / "lake"
    data.mkdir()
    pg = Postgres()
    try:
        pg.start()
        pg._run(
            str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "airflow", "lake"
        )

        def writers(*ids: int, commits: int = COMMITS) -> list[str]:
            procs = [
                subprocess.Popen(
                    [
                        PYTHON,
                        str(script),
                        str(pg.port),
                        f"{data}/",
                        str(w),
                        str(commits),
                        str(ROWS),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for w in ids
            ]
            outs = [p.communicate(timeout=300) for p in procs]
            for p, (_, err) in zip(procs, outs, strict=True):
                assert p.returncode == 0, err[-2000:]
            return [o.strip() for o, _ in outs]

        writers(0)
        t0 = time.perf_counter()
        one = json.loads(writers(1)[0])
        serial = time.perf_counter() - t0
        t0 = time.perf_counter()
        both = [json.loads(o) for o in writers(2, 3)]
        concurrent = time.perf_counter() - t0
        counts = json.loads(writers(99, commits=0)[0])
    finally:
        pg.stop()
    intervals = min(COMMITS, 28)
    assert counts == [[w, intervals * ROWS, intervals, intervals * ROWS] for w in (1, 2, 3)]
    assert one["commits"] == COMMITS and all(b["commits"] == COMMITS for b in both)
    log.info(
        "DuckLake on PostgreSQL: 1 writer %d commits in %.1f s; 2 writers 2x%d commits in %.1f s "
        "with %d retries",
        COMMITS,
        serial,
        COMMITS,
        concurrent,
        sum(b["retries"] for b in both),
    )
