"""Real-world events: extractions of the same event across articles merge into one, with stable
ids, counts and a best-supported date; different events stay apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.check import run_checks
from pipeline.load import load_interval
from tests.warehouse.factory import Report, Story, query, write_interval
from tests.warehouse.seeded import FIRST, SECOND, SQL

D = dt.date


def _event_of(db: Path, extraction_id: str) -> dict[str, Any]:
    rows = query(
        db,
        "SELECT e.* FROM events e JOIN event_mentions m USING (event_id) "
        "WHERE m.extraction_id = ? LIMIT 1",
        [extraction_id],
    )
    assert rows, f"extraction {extraction_id} is in no event"
    return rows[0]


def _members(db: Path, event_id: str) -> set[str]:
    rows = query(
        db, "SELECT DISTINCT extraction_id FROM event_mentions WHERE event_id = ?", [event_id]
    )
    return {r["extraction_id"] for r in rows}


def _load(tmp: Path, intervals: dict[str, list[Story]], order: list[str] | None = None) -> Path:
    data, db = tmp / "data", tmp / "w.duckdb"
    for ds, stories in intervals.items():
        write_interval(data, ds, stories)
    for ds in order or list(intervals):
        load_interval(db, SQL, data, ds)
    failures = {k: v for k, v in run_checks(db, SQL, raise_on_failure=False).items() if v}
    assert failures == {}
    return db


def test_same_event_in_two_outlets_is_one_event_with_counts(tmp_path: Path) -> None:
    db = _load(
        tmp_path,
        {
            "2023-02-22": [
                Story(
                    "wire",
                    "Example Wire",
                    D(2023, 2, 22),
                    [
                        Report(
                            "x-wire",
                            ["Russia suspended New START on Tuesday.", "Russia suspends the pact."],
                            event_date=D(2023, 2, 21),
                            date_basis="relative",
                        )
                    ],
                )
            ],
            "2023-02-23": [
                Story(
                    "herald",
                    "Herald Daily",
                    # published later the next day of the event, with no date phrase
                    dt.datetime(2023, 2, 22, 18, 0, tzinfo=dt.UTC),
                    [Report("x-herald", ["Moscow froze its New START participation."])],
                ),
                Story(
                    "digest",
                    "Example Wire",
                    D(2023, 3, 1),
                    [
                        Report(
                            "x-earlier",
                            ["Russia had earlier suspended New START."],
                            date_basis="before-publication",
                        )
                    ],
                ),
            ],
        },
    )
    event = _event_of(db, "x-wire")
    assert _members(db, event["event_id"]) == {"x-wire", "x-herald", "x-earlier"}
    assert (event["mention_count"], event["extraction_count"]) == (4, 3)
    assert (event["article_count"], event["outlet_count"]) == (3, 2)
    # the explicit/relative day wins over the publication-based and the undated reports
    assert (event["event_date"], event["date_precision"], event["date_basis"]) == (
        D(2023, 2, 21),
        "day",
        "relative",
    )
    assert event["event_id"] == "ev_x-wire"  # the earliest report's extraction
    assert query(db, "SELECT count(*) AS n FROM events")[0]["n"] == 1
    mart = query(db, "SELECT * FROM mart_events")
    assert (
        len(mart) == 1 and mart[0]["evidence_sentence"] == "Russia suspended New START on Tuesday."
    )
    assert mart[0]["article_url"].endswith("/wire")


def test_different_events_stay_apart(tmp_path: Path) -> None:
    base = {"event_date": D(2023, 2, 21), "date_basis": "explicit"}
    reports = [
        Report("a", ["Russia suspended New START talks."], **base),
        # another day, beyond both windows
        Report(
            "b",
            ["Russia suspended New START again."],
            event_date=D(2023, 3, 9),
            date_basis="explicit",
        ),
        # negated: another modality class
        Report("c", ["Russia did not suspend New START."], modality="negated", **base),
        # another target than a's (once a has one)
        Report("d", ["Russia suspended talks with China."], target=("China", "CHN"), **base),
        Report(
            "e",
            ["Russia suspended talks with Washington."],
            target=("United States", "USA"),
            **base,
        ),
        # another subject
        Report(
            "f", ["Russia suspended the grain deal."], subject="Black Sea Grain Initiative", **base
        ),
        # another source country
        Report("g", ["Ukraine suspended New START talks."], source=("Ukraine", "UKR"), **base),
        # another type
        Report("h", ["Russia rejected New START talks."], event_type="rejection", **base),
    ]
    db = _load(tmp_path, {"2023-02-22": [Story("one", "Wire", D(2023, 2, 22), reports)]})
    events = {e: _event_of(db, e)["event_id"] for e in "abcdefgh"}
    # "a" has no target, and the reports of its day name two (China and the United States): it
    # joins neither, so a missing target never bridges two events with different targets
    assert len({events[e] for e in "abcdefgh"}) == 8


def test_a_coarse_date_attaches_to_one_day_event(tmp_path: Path) -> None:
    reports = [
        Report(
            "m1",
            ["Russia suspended New START in February."],
            event_date=D(2023, 2, 1),
            date_precision="month",
            date_basis="explicit",
        ),
        Report(
            "m2",
            ["Russia suspended New START on Feb. 21."],
            event_date=D(2023, 2, 21),
            date_basis="explicit",
        ),
        Report(
            "m3",
            ["Russia suspended New START on February 21."],
            event_date=D(2023, 2, 21),
            date_basis="explicit",
        ),
        Report(
            "m4",
            ["Russia suspended New START on February 20."],
            event_date=D(2023, 2, 20),
            date_basis="explicit",
        ),
    ]
    db = _load(tmp_path, {"2023-03-01": [Story("s", "Wire", D(2023, 3, 1), reports)]})
    event = _event_of(db, "m1")
    # the month attaches to one day event (the one nearest the report), and does not bridge the
    # 20th and the 21st into one event
    assert _members(db, event["event_id"]) == {"m1", "m2", "m3"}
    assert _members(db, _event_of(db, "m4")["event_id"]) == {"m4"}
    # the most precise date: two reports say the 21st
    assert (event["event_date"], event["date_precision"]) == (D(2023, 2, 21), "day")
    assert (event["date_support"], event["stated_date_count"]) == (2, 2)


def test_an_undated_report_joins_the_latest_event_before_its_anchor(tmp_path: Path) -> None:
    db = _load(
        tmp_path,
        {
            "2023-06-01": [
                Story(
                    "old",
                    "Wire",
                    D(2023, 6, 1),
                    [
                        Report(
                            "jan",
                            ["Russia suspended New START in January."],
                            event_date=D(2023, 1, 10),
                            date_basis="explicit",
                        ),
                        Report(
                            "may",
                            ["Russia suspended New START in May."],
                            event_date=D(2023, 5, 10),
                            date_basis="explicit",
                        ),
                        Report(
                            "jul",
                            ["Russia suspended New START in July."],
                            event_date=D(2023, 7, 10),
                            date_basis="explicit",
                        ),
                    ],
                ),
                Story(
                    "later",
                    "Herald",
                    D(2023, 6, 2),
                    [
                        Report(
                            "undated",
                            ["Russia had suspended New START."],
                            date_basis="before-publication",
                        )
                    ],
                ),
            ]
        },
    )
    assert _event_of(db, "undated")["event_id"] == _event_of(db, "may")["event_id"]
    assert _event_of(db, "jan")["event_id"] != _event_of(db, "may")["event_id"]


def _story(article: str, outlet: str, day: D, extraction: str) -> Story:
    return Story(
        article,
        outlet,
        day,
        [
            Report(
                extraction,
                [f"Russia suspended New START ({article})."],
                event_date=D(2023, 2, 21),
                date_basis="explicit",
            )
        ],
    )


def test_event_id_is_stable_when_a_later_interval_adds_a_mention(tmp_path: Path) -> None:
    data, db = tmp_path / "data", tmp_path / "w.duckdb"
    write_interval(data, "2023-02-22", [_story("first", "Wire", D(2023, 2, 22), "zz-first")])
    write_interval(data, "2023-02-23", [_story("second", "Herald", D(2023, 2, 23), "aa-second")])
    load_interval(db, SQL, data, "2023-02-22")
    before = query(db, "SELECT * FROM events")
    load_interval(db, SQL, data, "2023-02-23")
    after = query(db, "SELECT * FROM events")
    assert len(before) == len(after) == 1
    # the later report has the lower extraction id, yet the id stays the first report's
    assert before[0]["event_id"] == after[0]["event_id"] == "ev_zz-first"
    assert (before[0]["article_count"], after[0]["article_count"]) == (1, 2)
    assert after[0]["first_reported_at"] == before[0]["first_reported_at"]
    assert after[0]["first_load_date"] == D(2023, 2, 22) and after[0]["last_load_date"] == D(
        2023, 2, 23
    )


def test_seed_new_start_suspension_is_one_event(seeded_warehouse: Path) -> None:
    """The wire and the herald report Russia's suspension of New START on consecutive days."""
    db = seeded_warehouse
    extractions = query(
        db,
        "SELECT e.event_id AS extraction_id, e.mention_count, a.url, a.source AS outlet "
        "FROM raw_events e JOIN raw_articles a USING (article_id) "
        "WHERE e.event_type = 'suspension' AND e.source_country = 'RUS' "
        "AND e.subject = 'New START' AND e.modality = 'asserted' AND a.url LIKE ?",
        ["%new-start%"],
    )
    by_article = {r["url"].rsplit("/", 1)[-1]: r for r in extractions}
    # the two seed articles: seeds/newstart-suspension-wire.json and -herald.txt
    assert set(by_article) == {"russia-suspends-new-start", "new-start-freeze"}, by_article
    wire = by_article["russia-suspends-new-start"]
    herald = by_article["new-start-freeze"]
    event = _event_of(db, wire["extraction_id"])
    assert _event_of(db, herald["extraction_id"])["event_id"] == event["event_id"]
    members = query(
        db,
        "SELECT m.extraction_id, m.article_id, m.outlet FROM event_mentions m WHERE m.event_id = ?",
        [event["event_id"]],
    )
    raw = query(
        db,
        "SELECT sum(mention_count) AS n FROM raw_events WHERE event_id IN "
        "(SELECT extraction_id FROM event_mentions WHERE event_id = ?)",
        [event["event_id"]],
    )[0]["n"]
    assert (
        event["mention_count"]
        == len(members)
        == raw
        >= wire["mention_count"] + herald["mention_count"]
    )
    assert event["article_count"] == len({m["article_id"] for m in members}) >= 2
    assert event["outlet_count"] == len({m["outlet"] for m in members}) >= 2
    assert {"Example Wire", "Herald Daily"} <= {m["outlet"] for m in members}
    assert (event["event_date"], event["date_precision"]) == (D(2023, 2, 21), "day")
    assert event["event_id"] == "ev_" + wire["extraction_id"]  # the wire reported it first
    timeline = query(
        db,
        "SELECT * FROM mart_subject_timeline WHERE subject = 'New START' AND event_id = ?",
        [event["event_id"]],
    )
    assert len(timeline) == 1 and timeline[0]["date_label"] == "2023-02-21"


def test_seed_intervals_pass_every_check(seeded_warehouse: Path) -> None:
    results = run_checks(seeded_warehouse, SQL, raise_on_failure=False)
    assert {k: v for k, v in results.items() if v} == {}
    assert len(results) >= 18


def test_counts_and_marts_are_consistent(seeded_warehouse: Path) -> None:
    db = seeded_warehouse
    totals = query(
        db,
        "SELECT (SELECT count(*) FROM mart_events) AS events, "
        "(SELECT sum(event_count) FROM mart_daily_counts) AS daily, "
        "(SELECT sum(event_count) FROM mart_monthly_counts) AS monthly, "
        "(SELECT count(*) FROM events WHERE modality = 'asserted') AS core, "
        "(SELECT count(*) FROM mart_events_all_modalities) AS all_events, "
        "(SELECT count(*) FROM events) AS all_core, "
        "(SELECT count(*) FROM event_mentions) AS mentions, "
        "(SELECT sum(mention_count) FROM raw_events) AS raw_mentions",
    )[0]
    assert totals["events"] == totals["daily"] == totals["monthly"] == totals["core"] > 0
    assert totals["all_events"] == totals["all_core"] > totals["events"]
    assert totals["mentions"] == totals["raw_mentions"]
    summary = query(db, "SELECT * FROM mart_run_summary ORDER BY load_date")
    assert [str(r["load_date"]) for r in summary] == [FIRST, SECOND, "2026-11-23"]
    assert sum(r["new_event_count"] for r in summary) == totals["all_core"]
    assert all(r["extractor_versions"] for r in summary if r["extraction_count"])
