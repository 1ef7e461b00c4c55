"""Two runs of one interval at once: they serialise on the interval lock and neither replaces the
other's articles (issue 13, point 3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.intervals import FETCHED_BY, interval_lock
from pipeline.settings import Settings
from tests.conftest import SEEDS
from tests.runs.conftest import run, start

DAY = "2023-06-10"
FOLDERS = {
    "a": ["newstart-suspension-wire.json", "start-talks.txt"],
    "b": ["saudi-iran-restore-ties.txt", "turkey-egypt-ambassadors.txt"],
}


def _folders(root: Path) -> dict[str, Path]:
    out = {}
    for name, files in FOLDERS.items():
        folder = root / "sources" / name
        folder.mkdir(parents=True)
        for f in files:
            shutil.copy(SEEDS / f, folder / f)
        out[name] = folder
    return out


def _partition(root: Path, dataset: str) -> Path:
    return root / "data" / dataset / f"ds={DAY}" / "part-0.parquet"


def _fetched_by(root: Path) -> dict[str, int]:
    meta = pq.read_schema(_partition(root, "articles")).metadata
    return {",".join(g["sources"]): len(g["article_ids"]) for g in json.loads(meta[FETCHED_BY])}


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


@pytest.mark.slow
def test_two_runs_of_one_interval_at_once_keep_both_sources(root: Path) -> None:
    folders = _folders(root)
    procs = [start(root, "run", "--date", DAY, "--sources", str(f)) for f in folders.values()]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
        assert f"interval {DAY} done" in out
    # one of them waited for the other, and said so
    assert any("is held by pid" in err for _, err in outs)
    assert _fetched_by(root) == {"a": 2, "b": 2}
    articles = pq.read_table(_partition(root, "articles"))
    assert articles.num_rows == 4
    warehouse = root / "warehouse" / "communique.duckdb"
    published = root / "warehouse" / "published" / "communique.duckdb"
    for db in (warehouse, published):
        assert _count(db, "SELECT count(*) FROM raw_articles") == 4
        # every article's events are there: each of the four seeds yields at least one
        assert _count(db, "SELECT count(DISTINCT article_id) FROM raw_events") == 4
    events = pq.read_table(_partition(root, "events"))
    assert set(events.column("article_id").to_pylist()) == set(
        articles.column("article_id").to_pylist()
    )

    # a rerun of one source replaces its own rows only, byte for byte the same partition
    before = _partition(root, "articles").read_bytes()
    again = run(root, "run", "--date", DAY, "--sources", str(folders["a"]))
    assert again.returncode == 0, again.stderr[-2000:]
    assert "kept 2 articles and 0 failures of sources ['b']" in again.stderr
    assert _partition(root, "articles").read_bytes() == before
    assert _count(warehouse, "SELECT count(*) FROM raw_articles") == 4

    # a file removed from folder a disappears from the interval; b is untouched
    (folders["a"] / FOLDERS["a"][1]).unlink()
    again = run(root, "run", "--date", DAY, "--sources", str(folders["a"]))
    assert again.returncode == 0, again.stderr[-2000:]
    assert _fetched_by(root) == {"a": 1, "b": 2}
    assert _count(warehouse, "SELECT count(*) FROM raw_articles") == 3


def test_a_run_gives_up_on_a_held_interval_with_one_clear_line(root: Path) -> None:
    folders = _folders(root)
    settings = Settings(data_dir=root / "data", warehouse=root / "warehouse" / "communique.duckdb")
    with interval_lock(settings, DAY, purpose="a test holding it"):
        done = run(
            root,
            "run",
            "--date",
            DAY,
            "--sources",
            str(folders["a"]),
            COMMUNIQUE_INTERVAL_LOCK_TIMEOUT="1",
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert f"interval {DAY} is held by pid" in last and "a test holding it" in last
    assert "gave up after 1 s" in last
    assert not _partition(root, "articles").exists()  # nothing written, nothing lost


def test_interval_lock_is_reentrant_and_released(root: Path) -> None:
    settings = Settings(data_dir=root / "data", warehouse=root / "w" / "c.duckdb")
    with interval_lock(settings, DAY), interval_lock(settings, DAY, timeout=0):
        pass
    with interval_lock(settings, DAY, timeout=0):  # released: taken at once
        pass
