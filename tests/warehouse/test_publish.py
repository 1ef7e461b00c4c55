"""The published copy: atomic for readers holding it open, readable by DuckDB 1.x clients and by
SQLAlchemy (duckdb-engine, as Superset uses it), with every mart and the data dictionary."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import IO, Any

import pytest
import sqlalchemy as sa

from pipeline.publish import STORAGE_VERSION, manifest_path, publish, tables_dir
from pipeline.schema_docs import data_dictionary
from tests.warehouse.factory import checksum, query
from tests.warehouse.seeded import FIRST, SECOND, SQL, THIRD, load

MARTS = [p.stem.split("_", 1)[1] for p in sorted((SQL / "models").glob("3*_mart_*.sql"))]


@pytest.fixture(scope="module")
def published(seeded_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("published") / "communique.duckdb"
    publish(seeded_warehouse, SQL, target)
    return target


def _objects(db: Path) -> dict[str, dict[str, Any]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            d.name: {
                "kind": d.kind,
                "comment": d.comment,
                "columns": [(c.name, c.comment) for c in d.columns],
                "rows": con.execute(f'SELECT count(*) FROM "{d.name}"').fetchall()[0][0],
            }
            for d in data_dictionary(con)
        }
    finally:
        con.close()


def test_published_copy_has_every_object_tables_over_parquet(
    seeded_warehouse: Path, published: Path
) -> None:
    source, copy = _objects(seeded_warehouse), _objects(published)
    assert set(copy) == set(source)
    assert len(MARTS) >= 12 and set(MARTS) <= set(copy)
    for name, obj in source.items():
        assert copy[name]["kind"] == "view", name  # tables read their Parquet chunk files
        assert copy[name]["rows"] == obj["rows"], name
        assert copy[name]["comment"] == obj["comment"] and obj["comment"], name
        assert copy[name]["columns"] == obj["columns"], name
    assert not list(published.parent.glob(".*.tmp*")), "temporary files left behind"


_OLD_CLIENT = textwrap.dedent(
    """
    import json, sys
    import duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    objects = con.execute(
        "SELECT table_name, 'table' FROM duckdb_tables() WHERE NOT internal "
        "UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal"
    ).fetchall()
    rows = {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n, _ in objects}
    documented = con.execute(
        "SELECT count(*), count(comment) FROM duckdb_columns() "
        "WHERE NOT internal AND database_name = current_database()"
    ).fetchall()[0]
    sample = con.execute(
        "SELECT event_id, evidence_sentence, article_url FROM mart_events LIMIT 1"
    ).fetchall()
    print(json.dumps({"version": duckdb.__version__, "kinds": dict(objects), "rows": rows,
                      "documented": documented, "sample": sample}))
    """
)


def test_duckdb_1x_opens_and_queries_the_published_file(
    published: Path, duckdb1_python: Path, tmp_path: Path
) -> None:
    script = tmp_path / "old_client.py"
    script.write_text(_OLD_CLIENT)
    done = subprocess.run(
        [str(duckdb1_python), str(script), str(published)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["version"].startswith("1."), seen["version"]
    expected = _objects(published)
    assert seen["rows"] == {name: obj["rows"] for name, obj in expected.items()}
    total, documented = seen["documented"]
    assert total == documented > 100  # the data dictionary survives the older format
    assert seen["sample"] and seen["sample"][0][0].startswith("ev_")
    assert STORAGE_VERSION.startswith("v1.")


def test_sqlalchemy_duckdb_engine_reads_every_mart(published: Path) -> None:
    engine = sa.create_engine(f"duckdb:///{published}?access_mode=read_only")
    expected = _objects(published)
    try:
        with engine.connect() as con:
            inspector = sa.inspect(con)
            tables = set(inspector.get_table_names()) | set(inspector.get_view_names())
            assert set(MARTS) <= tables
            for mart in MARTS:
                result = con.execute(sa.text(f'SELECT * FROM "{mart}"'))
                assert list(result.keys()) == [c for c, _ in expected[mart]["columns"]]
                assert len(result.fetchall()) == expected[mart]["rows"], mart
            with pytest.raises(sa.exc.DBAPIError):
                con.execute(sa.text("CREATE TABLE scratch (a INTEGER)"))
    finally:
        engine.dispose()


_READER = textwrap.dedent(
    """
    import sys, threading, time
    import duckdb
    path = sys.argv[1]
    con = duckdb.connect(path, read_only=True)
    SQL = "SELECT count(*) FROM mart_events_all_modalities"
    state = {"queries": 0, "errors": [], "last": None, "stop": False}
    def poll():
        cur = con.cursor()
        while not state["stop"]:
            try:
                state["last"] = cur.execute(SQL).fetchall()[0][0]
                state["queries"] += 1
            except Exception as exc:
                state["errors"].append(repr(exc))
            time.sleep(0.005)
    thread = threading.Thread(target=poll)
    thread.start()
    while state["queries"] == 0 and not state["errors"]:
        time.sleep(0.01)
    print("ready", state["last"], flush=True)
    for line in sys.stdin:
        if line.strip() == "stats":
            print("stats", state["queries"], state["last"], len(state["errors"]), flush=True)
        elif line.strip() == "reopen":
            state["stop"] = True
            thread.join()
            con.close()
            con = duckdb.connect(path, read_only=True)
            print("count", con.execute(SQL).fetchall()[0][0], flush=True)
            break
    """
)


def _ask(proc: subprocess.Popen[str], command: str) -> list[str]:
    stdin: IO[str] | None = proc.stdin
    stdout: IO[str] | None = proc.stdout
    assert stdin is not None and stdout is not None
    stdin.write(command + "\n")
    stdin.flush()
    return stdout.readline().split()


def test_a_reader_keeps_working_during_load_and_publish(seed_data: Path, tmp_path: Path) -> None:
    db = load(tmp_path / "w.duckdb", seed_data, [FIRST])
    target = tmp_path / "published" / "communique.duckdb"
    publish(db, SQL, target)
    before = query(target, "SELECT count(*) AS n FROM mart_events_all_modalities")[0]["n"]
    script = tmp_path / "reader.py"
    script.write_text(_READER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().split() == ["ready", str(before)]
        load(db, seed_data, [SECOND])  # the reader holds the published file open meanwhile
        publish(db, SQL, target)
        _, queries, last, errors = _ask(proc, "stats")
        assert int(queries) > 1 and errors == "0"
        assert int(last) == before  # the open file still shows the data it was opened with
        after = query(target, "SELECT count(*) AS n FROM mart_events_all_modalities")[0]["n"]
        assert after > before
        assert _ask(proc, "reopen") == ["count", str(after)]
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode in (0, -9), err


def test_a_publish_rewrites_only_the_chunks_loads_changed(seed_data: Path, tmp_path: Path) -> None:
    db = load(tmp_path / "w.duckdb", seed_data, [FIRST, SECOND])
    target = tmp_path / "published" / "communique.duckdb"
    publish(db, SQL, target)
    before = json.loads(manifest_path(target).read_text())["tables"]
    load(db, seed_data, [THIRD])
    publish(db, SQL, target)
    after = json.loads(manifest_path(target).read_text())["tables"]
    # the raw chunks of the intervals loaded before are the same files, the new one is added
    for table in ("raw_articles", "raw_events"):
        assert after[table][FIRST] == before[table][FIRST], table
        assert after[table][SECOND] == before[table][SECOND], table
        assert THIRD in after[table] and THIRD not in before[table]
    # a publish with no load in between writes no chunk of a chunked table
    publish(db, SQL, target)
    again = json.loads(manifest_path(target).read_text())["tables"]
    assert again["raw_events"] == after["raw_events"] and again["events"] == after["events"]
    # the same content as a publish from scratch, and as the warehouse itself
    fresh = tmp_path / "fresh" / "communique.duckdb"
    publish(db, SQL, fresh)
    names = tuple(sorted(_objects(db)))
    assert checksum(target, names) == checksum(fresh, names) == checksum(db, names)
    # chunk files of the last publishes only (older readers keep theirs), no temporary files
    kept = {p.name for p in (tables_dir(target) / "raw_events").iterdir()}
    assert kept == {name for name, _ in again["raw_events"].values()}
    assert not [p for p in tables_dir(target).rglob(".*")]


@pytest.mark.parametrize(
    "share", [0.25, pytest.param(0.0, marks=pytest.mark.slow)], ids=["deltas", "folded"]
)
def test_keyed_tables_publish_deltas_equal_to_the_warehouse(
    share: float, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loads of generated days (late reports, reloads, reprocessing) each followed by a publish:
    the keyed core tables are published as deltas of the rows the loads changed (or, with no
    room for deltas, folded into their chunks at once), and every published object equals the
    warehouse after every publish."""
    import datetime as dt

    from pipeline import publish as publishing
    from pipeline.load import ROW_KEYS, load_interval
    from tests.warehouse.test_incremental import DEFAULTS, World

    monkeypatch.setattr(publishing, "DELTA_SHARE", share)
    world = World(5, dt.date(2024, 1, 1), {**DEFAULTS, "articles_per_day": [3, 6]})
    data, db = tmp_path / "data", tmp_path / "w.duckdb"
    target = tmp_path / "published" / "communique.duckdb"
    days = [0, 1, 3, 2, 1, 4, 2]  # out of order, with reloads
    deltas: set[str] = set()
    for n, day in enumerate(days):
        if n == 5:
            world.versions[2] = 2  # reprocessed with a new extractor version
        world.write(data, day)
        load_interval(db, SQL, data, world.ds(day))
        publish(db, SQL, target)
        names = tuple(sorted(_objects(db)))
        assert checksum(target, names) == checksum(db, names), f"after load {n}"
        manifest = json.loads(manifest_path(target).read_text())
        for table in ROW_KEYS:
            if any(c.startswith("~") for c in manifest["tables"][table]):
                deltas.add(table)
    # every keyed table went through deltas (and folds, at this size), or never with no room
    assert deltas == (set(ROW_KEYS) if share else set())
