"""End to end through a real Airflow ``dag.test()``: seeds in, Parquet and DuckDB out."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import ROOT, SEEDS

RUN_DAY = dt.date(2026, 11, 23)


def _run_dag(logical: dt.datetime) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    dag = DagBag(dag_folder=str(ROOT / "dags")).dags["communique_nightly"]
    return dag.test(logical_date=logical)


def _logical() -> dt.datetime:
    """A run at midnight after RUN_DAY covers RUN_DAY's data interval."""
    after = RUN_DAY + dt.timedelta(days=1)
    return dt.datetime(after.year, after.month, after.day, tzinfo=dt.UTC)


def _digest(tmp: Path) -> dict[str, str]:
    """Bytes of every Parquet file and a checksum of every warehouse table's content."""
    out = {
        str(p.relative_to(tmp)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((tmp / "data").rglob("*.parquet"))
        if "staging" not in p.parts and "run_summary" not in p.parts  # it records durations
    }
    con = duckdb.connect(str(tmp / "warehouse" / "communique.duckdb"), read_only=True)
    try:
        for table in ("raw_articles", "raw_events", "raw_fetch_errors", "load_log"):
            rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
            out[f"{table}.count"] = str(len(rows))
    finally:
        con.close()
    return out


def _seed_events(tmp: Path) -> dict[str, dict[str, Any]]:
    con = duckdb.connect(str(tmp / "warehouse" / "communique.duckdb"), read_only=True)
    try:
        cur = con.execute(
            "SELECT e.* FROM raw_events e JOIN raw_articles a USING (article_id, ds) "
            "WHERE a.title LIKE 'Russia Calls for a Shift%'"
        )
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    by_type: dict[str, dict[str, Any]] = {}
    for r in rows:
        assert r["event_type"] not in by_type, f"duplicate {r['event_type']}: mentions not merged"
        by_type[r["event_type"]] = r
    return by_type


@pytest.fixture(scope="module")
def seeded_run(
    airflow_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str], dict[str, str]]:
    """Run the DAG over a copy of the seeds plus broken inputs, then rerun the same interval."""
    tmp = tmp_path_factory.mktemp("nightly")
    src = tmp / "seeds"
    shutil.copytree(SEEDS, src)
    (src / "zz-garbage.txt").write_bytes(bytes(range(256)) * 16)
    (src / "zz-empty.json").write_bytes(b"")
    (src / "zz-invalid.json").write_bytes(b'{"title": "Half an article", "text": ')
    mp = pytest.MonkeyPatch()
    mp.setenv("COMMUNIQUE_DATA_DIR", str(tmp / "data"))
    mp.setenv("COMMUNIQUE_WAREHOUSE", str(tmp / "warehouse" / "communique.duckdb"))
    mp.setenv("COMMUNIQUE_SOURCES", str(src))
    try:
        run = _run_dag(_logical())
        assert str(run.state).endswith("success")
        first = _digest(tmp)
        rerun = _run_dag(_logical())
        assert str(rerun.state).endswith("success")
        second = _digest(tmp)
    finally:
        mp.undo()
    return tmp, first, second


def test_four_seed_events_field_by_field(seeded_run: tuple[Path, Any, Any]) -> None:
    tmp, _, _ = seeded_run
    ev = _seed_events(tmp)
    assert {
        "policy_change_call",
        "conditional_refusal",
        "backchannel_contact",
        "suspension",
    } <= set(ev)
    undated = {"event_date": None, "date_precision": "unknown"}

    call = ev["policy_change_call"]
    assert (call["source_name"], call["source_role"], call["source_country"]) == (
        "Anatoly Antonov",
        "ambassador",
        "RUS",
    )
    assert call["source_sector"] == "diplomatic"
    assert (call["target_name"], call["target_country"]) == ("United States", "USA")
    assert call["subject"] == "New START"
    assert call["modality"] == "asserted"
    assert call["mention_count"] >= 2  # headline + body restatements merged
    assert {k: call[k] for k in undated} == undated and call["date_basis"] == "ingested"
    assert call["date_anchor"] == RUN_DAY

    refusal = ev["conditional_refusal"]
    assert refusal["source_country"] == "RUS"
    assert refusal["source_name"] in ("Dmitry Peskov", "Russia")
    assert "Dmitry Peskov" in (refusal["source_name"], refusal["reported_by"])
    assert refusal["target_name"] == "Western partners" and refusal["target_country"] is None
    assert refusal["subject"] == "New START"
    assert refusal["modality"] == "conditional"
    assert "unless" in refusal["sentence"]

    contact = ev["backchannel_contact"]
    assert contact["source_country"] == "USA"
    assert contact["source_name"] in ("Mallory Stewart", "United States")
    assert (contact["target_name"], contact["target_country"]) == ("Russia", "RUS")
    assert contact["target_text"] == "Moscow"
    assert contact["private"] is True
    assert contact["subject"] == "New START"
    assert contact["modality"] == "asserted"
    assert "Mallory Stewart" in contact["sentence"]

    suspension = ev["suspension"]
    assert (suspension["source_name"], suspension["source_country"]) == ("Russia", "RUS")
    assert suspension["reported_by"] == "Sergei Naryshkin"
    assert suspension["subject"] == "New START"
    assert suspension["modality"] == "asserted"
    assert suspension["date_basis"] == "before-publication"
    assert suspension["event_date"] is None and suspension["date_precision"] == "unknown"
    assert suspension["sentence"].startswith("Earlier, Sergei Naryshkin")

    for e in ev.values():
        assert e["extractor_version"] and e["rule_id"] and 0 < e["confidence"] <= 1
        assert e["sentence_end"] > e["sentence_start"]


def test_no_asserted_event_from_the_analysts_paragraph(seeded_run: tuple[Path, Any, Any]) -> None:
    tmp, _, _ = seeded_run
    for e in _seed_events(tmp).values():
        for m in e["mentions"]:
            if m["sentence"].startswith(("Analysts", "They stress", "Observers")):
                assert e["modality"] != "asserted", m["sentence"]


def test_rerun_of_the_interval_is_identical(seeded_run: tuple[Path, Any, Any]) -> None:
    _, first, second = seeded_run
    assert first == second
    assert int(first["raw_events.count"]) > 4


def test_broken_inputs_are_recorded_and_the_rest_loads(seeded_run: tuple[Path, Any, Any]) -> None:
    tmp, _, _ = seeded_run
    con = duckdb.connect(str(tmp / "warehouse" / "communique.duckdb"), read_only=True)
    try:
        errors = dict(
            con.execute(
                "SELECT regexp_extract(url, '[^/]+$'), message FROM raw_fetch_errors"
            ).fetchall()
        )
        articles = con.execute("SELECT count(*) FROM raw_articles").fetchone()
    finally:
        con.close()
    assert "binary content" in errors["zz-garbage.txt"]
    assert "empty document" in errors["zz-empty.json"]
    assert "invalid JSON" in errors["zz-invalid.json"]
    good = [p for p in SEEDS.iterdir() if p.suffix in (".txt", ".json", ".html")]
    jsonl = sum(1 for p in SEEDS.glob("*.jsonl") for line in p.open() if line.strip())
    assert articles is not None and articles[0] == len(good) + jsonl
