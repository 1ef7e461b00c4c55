"""Where events happened in the warehouse: each mention keeps its place, an event takes the most
specific place its mentions agree on, and places never merge or split events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pipeline import store
from pipeline.check import run_checks
from pipeline.load import load_interval
from tests.warehouse.factory import Report, Story, query, rows
from tests.warehouse.seeded import SQL

D = dt.date
DS = "2023-03-01"

GENEVA = ("Geneva", "city", "CHE", 46.20222, 6.14569, 2660646, "city", "stated")
VIENNA = ("Vienna", "city", "AUT", 48.20849, 16.37208, 2761369, "city", "stated")
SWITZERLAND = ("Switzerland", "country", "CHE", 47.36667, 8.55, 2658434, "country", "stated")
RUSSIA_HOME = ("Russia", "country", "RUS", 55.75204, 37.61781, 2017370, "country", "actor_country")
METONYMY = (None, None, None, None, None, None, "none", "capital_metonymy")
FIELDS = ("name", "kind", "country", "latitude", "longitude", "geonames_id", "precision", "basis")


def _placed(row: dict[str, Any], place: tuple[Any, ...] | None) -> dict[str, Any]:
    loc = {k: v for k, v in zip(FIELDS, place or (), strict=False) if v is not None}
    return {f"location_{f}": loc.get(f) for f in FIELDS} | {
        "location_phrase": loc.get("name"),
        "location_precision": loc.get("precision", "none"),
        "location_basis": loc.get("basis", "unknown"),
    }


def _load(tmp: Path, stories: list[tuple[Story, list[tuple[Any, ...] | None]]]) -> Path:
    """Write one interval whose mentions carry the given places (in story, mention order)."""
    data, db = tmp / "data", tmp / "w.duckdb"
    articles, events = [], []
    for story, places in stories:
        article, story_events = rows(story, DS)
        articles.append(article)
        it = iter(places)
        for event in story_events:
            event["mentions"] = [m | _placed(m, next(it)) for m in event["mentions"]]
            event.update(_placed(event, None))
        events.extend(story_events)
    store.write_partition(data, "articles", DS, store.to_table("articles", articles))
    store.write_partition(data, "events", DS, store.to_table("events", events))
    store.write_partition(data, "fetch_errors", DS, store.to_table("fetch_errors", []))
    load_interval(db, SQL, data, DS)
    failures = {k: v for k, v in run_checks(db, SQL, raise_on_failure=False).items() if v}
    assert failures == {}
    return db


def _talks(article: str, outlet: str, sentence: str) -> Story:
    report = Report(
        f"x-{article}",
        [sentence],
        event_type="consultation",
        source=("Russia", "RUS"),
        target=("United States", "USA"),
        subject="New START",
    )
    return Story(article, outlet, D(2023, 3, 1), [report])


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (GENEVA, SWITZERLAND, ("Geneva", "city", "stated", 1)),  # the finer place they agree on
        (SWITZERLAND, GENEVA, ("Geneva", "city", "stated", 1)),
        (GENEVA, GENEVA, ("Geneva", "city", "stated", 2)),
        (GENEVA, RUSSIA_HOME, ("Geneva", "city", "stated", 1)),  # stated beats a home fallback
        (GENEVA, VIENNA, (None, "none", "unknown", 0)),  # two cities: no agreed place
        (GENEVA, None, ("Geneva", "city", "stated", 1)),
        (None, None, (None, "none", "unknown", 0)),
        (METONYMY, None, (None, "none", "capital_metonymy", 0)),
        (METONYMY, GENEVA, ("Geneva", "city", "stated", 1)),
    ],
)
def test_an_event_takes_the_most_specific_place_its_reports_agree_on(
    tmp_path: Path,
    first: tuple[Any, ...] | None,
    second: tuple[Any, ...] | None,
    expected: tuple[Any, ...],
) -> None:
    db = _load(
        tmp_path,
        [
            (_talks("a", "Wire", "Russian and U.S. negotiators met on Wednesday."), [first]),
            (_talks("b", "Herald", "Russian and U.S. diplomats met on Wednesday."), [second]),
        ],
    )
    events = query(db, "SELECT * FROM events")
    assert len(events) == 1  # the place neither merged nor split the reports
    e = events[0]
    got = (e["location_name"], e["location_precision"], e["location_basis"], e["location_support"])
    assert got == expected
    mentions = query(db, "SELECT location_name FROM event_mentions ORDER BY article_id")
    assert [m["location_name"] for m in mentions] == [p[0] if p else None for p in (first, second)]
    mart = query(db, "SELECT * FROM mart_locations")
    if expected[0] is None:
        assert mart == []
    else:
        assert [(r["location_name"], r["event_type"], r["event_count"]) for r in mart] == [
            (expected[0], "consultation", 1)
        ]
        assert mart[0]["month"] == D(2023, 3, 1)


def test_seed_talks_in_istanbul_are_on_the_warehouse_map(seeded_warehouse: Path) -> None:
    events = query(
        seeded_warehouse,
        "SELECT * FROM mart_events "
        "WHERE location_name = 'Istanbul' AND event_type = 'consultation'",
    )
    assert len(events) == 1
    e = events[0]
    assert (e["location_country"], e["location_precision"], e["location_basis"]) == (
        "TUR",
        "city",
        "stated",
    )
    assert e["location_country_name"]
    assert abs(e["location_latitude"] - 41.01) < 0.2 and abs(e["location_longitude"] - 28.98) < 0.2
    places = query(
        seeded_warehouse,
        "SELECT location_name, sum(event_count) AS n FROM mart_locations GROUP BY 1 ORDER BY 1",
    )
    names = {p["location_name"] for p in places}
    assert {"Istanbul", "Beijing"} <= names
    # every located mart event is also counted in mart_locations, none twice
    located = query(
        seeded_warehouse,
        "SELECT count(*) AS n FROM mart_events WHERE location_precision <> 'none'",
    )[0]["n"]
    assert sum(int(p["n"]) for p in places) == located
