"""Every data check passes on good data and fails on a batch crafted to break its invariant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.check import run_checks
from pipeline.errors import DataCheckError
from pipeline.load import load_interval
from tests.warehouse.factory import Report, Story, rows, write_interval
from tests.warehouse.seeded import SQL

DS = "2023-02-22"


def _stories(**extra: object) -> list[Story]:
    return [
        Story(
            "wire",
            "Example Wire",
            dt.date(2023, 2, 22),
            [
                Report(
                    "e1", ["Russia suspended New START.", "Russia halts the treaty."], extra=extra
                ),
                Report(
                    "e2",
                    ["Blinken urged Moscow to reverse course."],
                    event_type="policy_change_call",
                    source=("Antony Blinken", "USA"),
                    target=("Russia", "RUS"),
                ),
            ],
        )
    ]


def _load(tmp: Path, stories: list[Story]) -> Path:
    data, db = tmp / "data", tmp / "w.duckdb"
    write_interval(data, DS, stories)
    load_interval(db, SQL, data, DS)
    return db


def _tamper(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(sql)
    finally:
        con.close()


def _failing(db: Path) -> set[str]:
    return {k for k, v in run_checks(db, SQL, raise_on_failure=False).items() if v}


def test_good_batch_passes_every_check(tmp_path: Path) -> None:
    db = _load(tmp_path, _stories())
    results = run_checks(db, SQL)
    assert set(results) >= {
        "core_unique_keys",
        "core_not_null_keys",
        "core_accepted_values",
        "core_plausible_dates",
        "core_mention_has_article",
        "core_mention_has_event",
        "core_event_has_mentions",
        "core_extraction_is_clustered",
        "core_event_matches_mentions",
        "mention_count_matches",
        "unique_article_id",
    }


def _duplicate_extraction(tmp: Path) -> Path:
    """The same extraction loaded under two intervals: one mention id twice in the core."""
    data, db = tmp / "data", tmp / "w.duckdb"
    write_interval(data, DS, _stories())
    write_interval(data, "2023-02-23", _stories())
    for ds in (DS, "2023-02-23"):
        load_interval(db, SQL, data, ds)
    return db


def _duplicate_article(tmp: Path) -> Path:
    data, db = tmp / "data", tmp / "w.duckdb"
    article, events = rows(_stories()[0], DS)
    store.write_partition(data, "articles", DS, store.to_table("articles", [article, article]))
    store.write_partition(data, "events", DS, store.to_table("events", events))
    load_interval(db, SQL, data, DS)
    return db


def _with(**extra: object) -> Callable[[Path], Path]:
    return lambda tmp: _load(tmp, _stories(**extra))


def _no_outlet(tmp: Path) -> Path:
    stories = _stories()
    stories[0].outlet = ""
    return _load(tmp, stories)


def _tampered(sql: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        db = _load(tmp, _stories())
        _tamper(db, sql)
        return db

    return build


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("mention_count_matches", _with(mention_count=7)),
    ("unique_article_id", _duplicate_article),
    ("core_unique_keys", _duplicate_extraction),
    ("core_not_null_keys", _no_outlet),
    ("core_accepted_values", _with(event_type="picnic")),
    ("core_plausible_dates", _with(event_date=dt.date(1700, 1, 1), date_basis="explicit")),
    ("core_mention_has_article", _with(article_id="no-such-article")),
    ("core_mention_has_event", _tampered("DELETE FROM events WHERE event_id = 'ev_e1'")),
    ("core_event_has_mentions", _tampered("UPDATE events SET mention_count = 5")),
    (
        "core_extraction_is_clustered",
        _tampered("DELETE FROM event_mentions WHERE mention_index = 2"),
    ),
    ("core_event_matches_mentions", _tampered("UPDATE events SET source_country = 'FRA'")),
    ("core_event_matches_mentions", _tampered("UPDATE events SET event_type = 'threat'")),
    ("core_event_matches_mentions", _tampered("UPDATE events SET target_country = 'CHN'")),
    ("core_event_matches_mentions", _tampered("UPDATE events SET subject = 'JCPOA'")),
    ("core_event_matches_mentions", _tampered("UPDATE events SET event_date = DATE '2023-01-01'")),
    ("core_event_matches_mentions", _tampered("UPDATE events SET modality = 'negated'")),
    (
        "core_event_matches_mentions",
        _tampered("UPDATE event_mentions SET modality_class = 'negated' WHERE mention_index = 2"),
    ),
]


@pytest.mark.parametrize(
    ("check", "build"), CASES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(CASES)]
)
def test_each_check_fails_on_a_crafted_bad_batch(
    tmp_path: Path, check: str, build: Callable[[Path], Path]
) -> None:
    db = build(tmp_path)
    assert check in _failing(db)
    with pytest.raises(DataCheckError) as info:
        run_checks(db, SQL)
    assert any(f.startswith(check) for f in info.value.failures)


def test_every_check_file_is_exercised() -> None:
    covered = {c for c, _ in CASES} | {
        # crafted in tests/load/test_load.py
        "accepted_event_type",
        "accepted_modality",
        "accepted_date_precision",
        "plausible_event_date",
        "event_has_article",
        "evidence_span",
        "not_null_keys",
        "unique_event_id",
    }
    assert {p.stem for p in (SQL / "checks").glob("*.sql")} <= covered
