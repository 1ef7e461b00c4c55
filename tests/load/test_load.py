"""DuckDB loads on real files: idempotent, order-independent, and guarded by data checks."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import store
from pipeline.check import run_checks
from pipeline.errors import DataCheckError
from pipeline.extract import extract_text
from pipeline.load import load_interval
from pipeline.models import Article
from tests.conftest import ROOT

SQL = ROOT / "warehouse"
TEXTS = {
    "2023-02-21": "Russia suspended its participation in New START on Tuesday, Putin said.",
    "2023-02-22": "U.S. Secretary of State Antony Blinken urged Moscow to reverse its decision.",
    "2023-02-23": "Beijing and Moscow held talks on the treaty, the Kremlin said.",
}


RAW = ("raw_articles", "raw_events", "raw_fetch_errors", "load_log")
CORE_AND_MARTS = (
    "articles",
    "sources",
    "event_mentions",
    "events",
    "mart_events_all_modalities",
    "mart_daily_counts_all_modalities",
    "mart_monthly_counts_all_modalities",
    "mart_dyads_monthly_all_modalities",
    "mart_subject_timeline_all_modalities",
    "mart_fetch_errors",
    "mart_run_summary",
)


def _write_interval(data: Path, ds: str, text: str) -> None:
    day = dt.date.fromisoformat(ds)
    t = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    art = Article(article_id=f"a-{ds}", source="test", text=text, fetched_at=t, published_at=t)
    events = extract_text(text, article_id=art.article_id, published=day, ingested=day)
    store.write_partition(data, "articles", ds, store.to_table("articles", [art.to_row()]))
    store.write_partition(
        data, "events", ds, store.to_table("events", [e.to_row() for e in events])
    )


def _checksum(db: Path) -> dict[str, Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, Any] = {}
        for table in (*RAW, *CORE_AND_MARTS):
            rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            out[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return out
    finally:
        con.close()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for ds, text in TEXTS.items():
        _write_interval(tmp_path / "data", ds, text)
    return tmp_path / "data"


def test_reload_and_out_of_order_loads_are_identical(data: Path, tmp_path: Path) -> None:
    in_order, shuffled = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    for ds in TEXTS:
        load_interval(in_order, SQL, data, ds)
    for ds in ["2023-02-23", "2023-02-21", "2023-02-22", "2023-02-21", "2023-02-23"]:
        load_interval(shuffled, SQL, data, ds)
    assert _checksum(in_order) == _checksum(shuffled)
    assert _checksum(in_order)["raw_articles"][0] == 3
    assert _checksum(in_order)["raw_events"][0] >= 3
    assert _checksum(in_order)["events"][0] >= 3
    assert run_checks(in_order, SQL) == dict.fromkeys(run_checks(in_order, SQL), 0)


def test_reload_replaces_an_interval_that_changed(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    load_interval(db, SQL, data, "2023-02-21")
    _write_interval(data, "2023-02-21", "Nothing diplomatic happened; the river flooded.")
    load_interval(db, SQL, data, "2023-02-21")
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw_events").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM raw_articles").fetchone() == (1,)
    finally:
        con.close()


def _corrupt(data: Path, ds: str, **changes: Any) -> None:
    table = store.read_partition(data, "events", ds)
    rows = table.to_pylist()
    rows[0].update(changes)
    store.write_partition(data, "events", ds, store.to_table("events", rows))


@pytest.mark.parametrize(
    ("changes", "check"),
    [
        ({"event_type": "picnic"}, "accepted_event_type"),
        ({"modality": "probably"}, "accepted_modality"),
        ({"date_precision": "hour"}, "accepted_date_precision"),
        ({"event_date": dt.date(1700, 1, 1)}, "plausible_event_date"),
        ({"article_id": "no-such-article"}, "event_has_article"),
        ({"sentence_start": 5}, "evidence_span"),
        ({"event_id": ""}, "not_null_keys"),
    ],
)
def test_each_check_fails_on_a_crafted_bad_batch(
    data: Path, tmp_path: Path, changes: dict[str, Any], check: str
) -> None:
    db = tmp_path / "w.duckdb"
    _corrupt(data, "2023-02-21", **changes)
    load_interval(db, SQL, data, "2023-02-21")
    with pytest.raises(DataCheckError) as info:
        run_checks(db, SQL)
    assert any(f.startswith(check) for f in info.value.failures)


def test_duplicate_event_ids_fail_the_unique_check(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    rows = store.read_partition(data, "events", "2023-02-21").to_pylist()
    store.write_partition(data, "events", "2023-02-21", store.to_table("events", rows + rows))
    load_interval(db, SQL, data, "2023-02-21")
    with pytest.raises(DataCheckError, match="unique_event_id"):
        run_checks(db, SQL)
