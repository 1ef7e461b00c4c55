"""A publish killed mid-copy leaves a temp file; the next publish sweeps it once it is stale,
never one a live publish may still rename (issue 13, point 8)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import duckdb

from pipeline.files import STALE_TEMP_SECONDS
from pipeline.publish import sweep_stale_temps
from tests.runs.conftest import run, seeded


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name)


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_publish_killed_mid_copy_leaves_a_temp_file_the_next_publish_sweeps(
    root: Path,
) -> None:
    seeded(root)
    published = root / "warehouse" / "published" / "communique.duckdb"
    before = published.read_bytes()
    killed = run(root, "publish", COMMUNIQUE_CRASH_AT="publish.copied:1")
    assert killed.returncode == -9  # SIGKILL: no finally, no cleanup
    left = _temps(published.parent)
    assert left, "the killed publish left its temp copy"
    assert published.read_bytes() == before  # readers still see the last good copy

    # a fresh temp file may belong to a publish about to rename it: left alone
    again = run(root, "publish")
    assert again.returncode == 0, again.stderr[-2000:]
    assert _temps(published.parent) == left

    # once stale, the next publish removes it (and only it)
    for path in left:
        _age(path, STALE_TEMP_SECONDS + 60)
    again = run(root, "publish")
    assert again.returncode == 0, again.stderr[-2000:]
    assert _temps(published.parent) == []
    assert "removed stale temp file" in again.stderr
    con = duckdb.connect(str(published), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw_articles").fetchone() == (3,)
    finally:
        con.close()


def test_sweep_takes_only_stale_publish_temps(tmp_path: Path) -> None:
    target = tmp_path / "communique.duckdb"
    stale = tmp_path / ".communique.duckdb.0a1b.tmp"
    stale_wal = tmp_path / ".communique.duckdb.0a1b.tmp.wal"
    fresh = tmp_path / ".communique.duckdb.9f8e.tmp"
    other = tmp_path / ".other.duckdb.0a1b.tmp"
    for path in (stale, stale_wal, fresh, other, target):
        path.write_bytes(b"x")
    for path in (stale, stale_wal, other):
        _age(path, STALE_TEMP_SECONDS + 1)
    assert sweep_stale_temps(target) == [stale, stale_wal]
    assert {p.name for p in tmp_path.iterdir()} == {fresh.name, other.name, target.name}
