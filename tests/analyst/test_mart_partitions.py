"""The mart Parquet partitions: a night rewrites only the partitions its loads changed, the result
equals a full export, and a reader of ``marts/<mart>/*.parquet`` sees one whole generation even
when an export dies half way."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.load import load_interval, load_intervals
from pipeline.marts import (
    CURRENT,
    KEEP_GENERATIONS,
    SOURCE,
    SPLITS,
    _months_filter,
    export_marts,
    mart_glob,
    marts_dir,
    read_manifest,
)
from pipeline.publish import publish
from tests.warehouse import test_incremental as inc
from tests.warehouse.seeded import SQL

DAYS = 75


def _rounded(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(round(v, 9) if isinstance(v, float) else v for v in row)


def _sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted((_rounded(r) for r in rows), key=repr)


def _glob_rows(published: Path, mart: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    try:
        return _sorted(
            con.execute(f"SELECT * FROM read_parquet('{mart_glob(published, mart)}')").fetchall()
        )
    finally:
        con.close()


def _view_rows(published: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(published), read_only=True)
    try:
        names = [
            str(r[0])
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'mart_%'"
            ).fetchall()
        ]
        return {n: _sorted(con.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names}
    finally:
        con.close()


def _inodes(published: Path, mart: str) -> dict[str, int]:
    folder = marts_dir(published) / CURRENT
    manifest = read_manifest(folder.resolve())
    assert manifest is not None
    return {
        part: os.stat(folder / mart / name).st_ino
        for part, (name, _) in manifest["marts"][mart].items()
    }


def _replaced_labels(published: Path, previous: Path, label: str) -> set[str]:
    """``label`` of the events the loads since the ``previous`` generation replaced, in that
    generation's rows of ``SOURCE`` and in the current ones."""
    manifest = read_manifest(previous)
    assert manifest is not None
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{published}' AS pub (READ_ONLY)")
        keys = (
            "SELECT key FROM pub.main.publish_keys WHERE table_name = 'events' "
            f"AND seq > {int(manifest['seq'])}"
        )
        labels: set[str] = set()
        for folder in (previous, (marts_dir(published) / CURRENT).resolve()):
            rows = con.execute(
                f"SELECT DISTINCT {label} FROM read_parquet('{folder / SOURCE}/*.parquet') "
                f"WHERE event_id IN ({keys})"
            ).fetchall()
            labels |= {str(r[0]) for r in rows}
        return labels
    finally:
        con.close()


@pytest.fixture
def history(tmp_path: Path) -> tuple[inc.World, Path, Path, Path]:
    """75 days (three months) loaded, published and exported: (world, data, warehouse,
    published)."""
    world = inc.World(5, dt.date(2023, 11, 1), dict(inc.DEFAULTS))
    data, db = tmp_path / "data", tmp_path / "warehouse" / "communique.duckdb"
    published = tmp_path / "warehouse" / "published" / "communique.duckdb"
    for day in range(DAYS):
        world.write(data, day)
    load_intervals(db, SQL, data, [world.ds(d) for d in range(DAYS)])
    publish(db, SQL, published)
    export_marts(published)
    return world, data, db, published


def _night(world: inc.World, data: Path, db: Path, published: Path, day: int) -> None:
    """A scheduled night: the next day, and an older day extracted again (its events change)."""
    world.write(data, day)
    load_interval(db, SQL, data, world.ds(day))
    world.versions[day - 10] = world.versions.get(day - 10, 1) + 1
    world.write(data, day - 10)
    load_interval(db, SQL, data, world.ds(day - 10))
    publish(db, SQL, published)


def test_a_night_rewrites_only_the_partitions_it_changed(
    history: tuple[inc.World, Path, Path, Path], tmp_path: Path
) -> None:
    world, data, db, published = history
    before = {
        m: _inodes(published, m)
        for m in (
            "mart_events",
            "mart_event_reports",
            "mart_daily_counts",
            "mart_subject_timeline",
            "mart_subject_timeline_all_modalities",
            "mart_run_summary",
            SOURCE,
        )
    }
    previous = (marts_dir(published) / CURRENT).resolve()
    _night(world, data, db, published, DAYS)
    written = export_marts(published)
    views = _view_rows(published)
    assert set(views) == set(written)
    # a timeline rewrites the months of the replaced events alone: a number counted within the
    # day moves in no later month
    replaced = _replaced_labels(published, previous, SPLITS["mart_subject_timeline"].source)
    for mart in ("mart_subject_timeline", "mart_subject_timeline_all_modalities"):
        now = _inodes(published, mart)
        rewritten = {p for p in now if now[p] != before[mart].get(p)}
        assert rewritten and rewritten <= replaced, mart
    for mart, rows in views.items():
        assert _glob_rows(published, mart) == rows, mart
    # a full export of the same published file (a copy of it: its views name the same tables)
    full = tmp_path / "full" / "communique.duckdb"
    full.parent.mkdir()
    shutil.copy(published, full)
    full_written = export_marts(full)
    for mart in views:
        assert _glob_rows(full, mart) == _glob_rows(published, mart), mart
    assert sum(written.values()) < sum(full_written.values())
    for mart, old in before.items():
        now = _inodes(published, mart)
        kept = {p for p in old if now.get(p) == old[p]}
        assert kept, f"{mart}: every partition rewritten"
        assert kept != set(now), f"{mart}: no partition rewritten"
    assert written["mart_events"] < len(views["mart_events"])
    # nothing changed: nothing written, every file linked again
    again = {m: _inodes(published, m) for m in SPLITS}
    assert all(n == 0 for m, n in export_marts(published).items() if m in SPLITS)
    assert {m: _inodes(published, m) for m in SPLITS} == again
    generations = [p for p in (marts_dir(published) / ".versions").iterdir() if p.is_dir()]
    assert len(generations) == KEEP_GENERATIONS


def test_an_export_killed_half_way_leaves_readers_the_previous_generation(
    history: tuple[inc.World, Path, Path, Path],
) -> None:
    world, data, db, published = history
    old = _view_rows(published)
    current = (marts_dir(published) / CURRENT).resolve()
    _night(world, data, db, published, DAYS)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from pipeline.marts import export_marts; "
            "export_marts(Path(sys.argv[1]))",
            str(published),
        ],
        env={**os.environ, "COMMUNIQUE_CRASH_AT": "marts.partition:6"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr[-2000:]
    assert (marts_dir(published) / CURRENT).resolve() == current
    for mart, rows in old.items():
        assert _glob_rows(published, mart) == rows, mart
    # the next export picks up from the previous generation and finishes
    export_marts(published)
    for mart, rows in _view_rows(published).items():
        assert _glob_rows(published, mart) == rows, mart


def test_a_missing_partition_file_makes_the_next_export_write_everything(
    history: tuple[inc.World, Path, Path, Path],
) -> None:
    _, _, _, published = history
    folder = (marts_dir(published) / CURRENT).resolve()
    victim = next((folder / "mart_events").glob("*.parquet"))
    victim.unlink()
    written = export_marts(published)
    views = _view_rows(published)
    assert written["mart_events"] == len(views["mart_events"])
    for mart, rows in views.items():
        assert _glob_rows(published, mart) == rows, mart


def test_incremental_exports_over_several_nights_equal_a_full_export(
    history: tuple[inc.World, Path, Path, Path], tmp_path: Path
) -> None:
    """Nights exported one after the other, each patching the row-level marts with its replaced
    events and computing the asserted-only marts from their base's files, leave every mart with
    the rows of a full export (an old day re-extracted too: its events' partitions change)."""
    world, data, db, published = history
    for night in range(3):
        day = DAYS + night
        if night == 1:  # a day of the first month extracted again as well
            world.versions[3] = world.versions.get(3, 1) + 1
            world.write(data, 3)
            load_interval(db, SQL, data, world.ds(3))
        _night(world, data, db, published, day)
        written = export_marts(published)
        assert written["mart_events"] < len(_glob_rows(published, "mart_events"))
    views = _view_rows(published)
    full = tmp_path / "full" / "communique.duckdb"
    full.parent.mkdir()
    shutil.copy(published, full)
    export_marts(full)
    for mart, rows in views.items():
        assert _glob_rows(published, mart) == rows, mart
        assert _glob_rows(full, mart) == rows, mart


def test_a_months_filter_selects_the_days_of_those_months_only() -> None:
    """The run summary's months are selected on its day column as ranges: December's end is the
    next year's first day, and 'undated' the days without one."""
    con = duckdb.connect()
    days = con.execute(
        "SELECT d FROM (SELECT unnest(generate_series(DATE '2024-10-30', DATE '2025-02-02', "
        "INTERVAL 1 DAY))::DATE AS d UNION ALL SELECT NULL) "
        f"WHERE {_months_filter('d', {'2024-12', '2025-02', 'undated'})} ORDER BY d NULLS LAST"
    ).fetchall()
    got = [r[0] for r in days]
    assert got[0] == dt.date(2024, 12, 1) and dt.date(2024, 12, 31) in got
    assert dt.date(2025, 1, 1) not in got and dt.date(2024, 11, 30) not in got
    assert got[-3:] == [dt.date(2025, 2, 1), dt.date(2025, 2, 2), None]
    assert len(got) == 31 + 2 + 1
