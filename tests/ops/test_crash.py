"""Crash safety: the pipeline killed with SIGKILL at exact points inside Parquet writes and
DuckDB loads, then rerun, ends byte-identical to a run that was never interrupted.

A subprocess runs fetch -> extract -> load of one interval with ``COMMUNIQUE_CRASH_AT`` naming a
crash point (``pipeline.observe.crash_point``) and the hit that kills it. After each kill:

* every partition a reader can see is whole (it reads, and is byte-identical to the reference
  run's, since partitions are deterministic) and temp files are invisible to readers;
* each DuckDB table holds the interval all or nothing (old rows or new, never a mix, no
  duplicates);
* a clean rerun of the interval gives the reference Parquet bytes and table contents.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from pipeline.settings import Settings
from pipeline.store import DATASETS, list_partitions, partition_path
from tests.conftest import ROOT
from tests.ops.conftest import FIRST_DAY, run_days, settings_for
from tests.ops.corpus import day_range, make_corpus, parquet_digest, table_digest

log = logging.getLogger(__name__)
pytestmark = pytest.mark.slow

DAY1, DAY2 = day_range(FIRST_DAY, 2)
DRIVER = """
import datetime as dt, sys
from pipeline import runner
from pipeline.models import Interval
from pipeline.settings import Settings
settings, interval = Settings(), Interval.for_day(dt.date.fromisoformat(sys.argv[1]))
runner.run_fetch(settings, interval)
runner.run_extract(settings, interval)
runner.run_load(settings, interval)
"""
# Partitions are written in this order by one interval's run: articles, fetch_errors, events,
# extract_errors, run_summary; the load is one transaction (begin, a DELETE and an INSERT per
# dataset: articles, events, fetch_errors, extract_errors, then the run summary written and its
# DELETE and INSERT, commit).
STORE_POINTS = [
    (label, n)
    for n in (1, 2, 3, 4, 5)
    for label in ("store.write", "store.written", "store.synced", "store.replaced")
]
LOAD_POINTS = [
    ("load.begin", 1),
    *((label, n) for n in (1, 2, 3, 4, 5) for label in ("load.delete", "load.insert")),
    ("load.commit", 1),
    ("load.committed", 1),
]
# the same interval run again over a complete earlier run: old or new, never half
RERUN_POINTS = [
    ("store.synced", 1),
    ("store.replaced", 3),
    ("load.delete", 2),
    ("load.insert", 3),
    ("load.commit", 1),
    ("load.committed", 1),
]
CASES = [("first run", p) for p in STORE_POINTS + LOAD_POINTS] + [
    ("rerun", p) for p in RERUN_POINTS
]
KEYS = {
    "raw_articles": "article_id",
    "raw_events": "event_id",
    "raw_fetch_errors": "url, stage",
    "raw_run_summary": "ds",
}


def _copy(src: Path, dst: Path) -> Settings:
    shutil.copytree(src / "data", dst / "data")
    shutil.copytree(src / "warehouse", dst / "warehouse")
    shutil.copytree(src / "src", dst / "src")
    return settings_for(dst, dst / "src" / "sources.toml")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A reference run of both intervals, and a base state with only the first one done."""
    root = tmp_path_factory.mktemp("crash")
    make_corpus(root / "base" / "src", [DAY1, DAY2], per_day=3)
    # a broken file: each interval's run records a fetch failure for it
    (root / "base" / "src" / "articles" / "zz-broken.json").write_text('{"title": "Half', "utf-8")
    base = settings_for(root / "base", root / "base" / "src" / "sources.toml")
    run_days(base, [DAY1])
    reference = _copy(root / "base", root / "reference")
    run_days(reference, [DAY2])
    return {
        "root": root,
        "base": root / "base",
        "reference": root / "reference",
        "parquet": parquet_digest(reference.data_dir),
        "tables": table_digest(reference.warehouse),
        "counts": _interval_counts(reference.warehouse, DAY2.isoformat()),
    }


def _interval_counts(warehouse: Path, ds: str) -> dict[str, tuple[int, int]]:
    """Rows of the interval in each raw table, and how many of them are distinct."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            table: tuple(  # type: ignore[misc]
                con.execute(
                    f"SELECT count(*), count(DISTINCT ({key})) FROM {table} WHERE ds = ?", [ds]
                ).fetchone()
            )
            for table, key in KEYS.items()
        }
    finally:
        con.close()


def _visible_files(data_dir: Path) -> dict[str, list[str]]:
    """What readers see of each dataset: pyarrow datasets, DuckDB globs, list_partitions."""
    out: dict[str, list[str]] = {}
    for dataset in DATASETS:
        root = data_dir / dataset
        if not root.is_dir():
            continue
        files = sorted(pads.dataset(root, format="parquet", partitioning="hive").files)
        con = duckdb.connect()
        try:
            globbed = sorted(
                str(r[0])
                for r in con.execute("SELECT file FROM glob(?)", [f"{root}/*/*.parquet"]).fetchall()
            )
        finally:
            con.close()
        listed = [
            str(partition_path(data_dir, dataset, ds)) for ds in list_partitions(data_dir, dataset)
        ]
        assert files == globbed == sorted(listed), (dataset, files, globbed, listed)
        out[dataset] = files
    return out


def _run_one(runs: dict[str, Any], scenario: str, label: str, n: int) -> dict[str, Any]:
    start = runs["reference"] if scenario == "rerun" else runs["base"]
    case = runs["root"] / f"{scenario.replace(' ', '-')}-{label}-{n}"
    settings = _copy(start, case)
    env = {
        **os.environ,
        "COMMUNIQUE_DATA_DIR": str(settings.data_dir),
        "COMMUNIQUE_WAREHOUSE": str(settings.warehouse),
        "COMMUNIQUE_SOURCES": str(settings.sources),
        "COMMUNIQUE_CRASH_AT": f"{label}:{n}",
    }
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, DAY2.isoformat()],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, (label, n, proc.returncode, proc.stderr[-2000:])

    # after the kill: whole partitions only, temp files invisible, all-or-nothing tables
    visible = _visible_files(settings.data_dir)
    for dataset, files in visible.items():
        for f in files:
            rel = str(Path(f).relative_to(settings.data_dir))
            pq.read_table(f)  # readable, footer and all
            if dataset != "run_summary":
                assert Path(f).read_bytes() and rel in runs["parquet"], rel
                assert parquet_digest(settings.data_dir)[rel] == runs["parquet"][rel], rel
    temps = sorted(str(p.relative_to(settings.data_dir)) for p in settings.data_dir.rglob(".*.tmp"))
    counts = _interval_counts(settings.warehouse, DAY2.isoformat())
    for table, (rows, distinct) in counts.items():
        assert rows == distinct, f"duplicates in {table} after kill at {label}:{n}"
        expected = runs["counts"][table][0]
        if scenario == "rerun" and table != "raw_run_summary":
            assert rows == expected, (table, rows, expected)
        else:
            assert rows in (0, expected), (table, rows, expected)
    loaded_after_kill = {t: c[0] for t, c in counts.items()}

    # a clean rerun of the interval recovers the reference exactly
    run_days(settings, [DAY2])
    assert parquet_digest(settings.data_dir) == runs["parquet"]
    assert table_digest(settings.warehouse) == runs["tables"]
    assert _interval_counts(settings.warehouse, DAY2.isoformat()) == runs["counts"]
    _visible_files(settings.data_dir)
    outcome = {
        "scenario": scenario,
        "crash_at": f"{label}:{n}",
        "killed": True,
        "partitions_visible_after_kill": sum(len(v) for v in visible.values()),
        "temp_files_left": temps,
        "rows_after_kill": loaded_after_kill,
        "recovered_identical": True,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    shutil.rmtree(case)
    return outcome


def test_kill_anywhere_then_rerun_is_identical(runs: dict[str, Any]) -> None:
    assert len({p for _, p in CASES}) >= 20
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda c: _run_one(runs, c[0], *c[1]), CASES))
    report = runs["root"] / "crash_report.json"
    report.write_text(json.dumps(outcomes, indent=1), encoding="utf-8")
    for o in outcomes:
        log.info(
            "%-9s %-18s killed; %d partitions visible, %d temp files left, rows %s; "
            "rerun identical",
            o["scenario"],
            o["crash_at"],
            o["partitions_visible_after_kill"],
            len(o["temp_files_left"]),
            o["rows_after_kill"],
        )
    assert len(outcomes) == len(CASES) and all(o["recovered_identical"] for o in outcomes)
    assert runs["counts"]["raw_fetch_errors"] == (1, 1)
    # a writer killed between write and rename leaves its temp file: never seen, swept later
    assert any(o["temp_files_left"] for o in outcomes)


def test_stale_temp_files_are_swept_by_the_next_write(tmp_path: Path) -> None:
    from pipeline.store import to_table, write_partition

    folder = tmp_path / "articles" / "ds=2023-03-06"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".part-0.parquet.dead.tmp", folder / ".part-0.parquet.live.tmp"
    stale.write_bytes(b"half a file")
    fresh.write_bytes(b"a writer still at work")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    assert list_partitions(tmp_path, "articles") == []
    write_partition(tmp_path, "articles", "2023-03-06", to_table("articles", []))
    assert not stale.exists() and fresh.exists()
    assert list_partitions(tmp_path, "articles") == ["2023-03-06"]
    assert dt.date.fromisoformat(list_partitions(tmp_path, "articles")[0]) == FIRST_DAY
