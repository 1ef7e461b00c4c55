"""The locator: gazetteer resolution, traps, and its hook into extraction and the event schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.extract import extract_text
from pipeline.extract.geo import BASES, PRECISIONS, agreed, index, km, locate
from pipeline.fetch.parse import parse_document
from pipeline.models import Event, Location
from pipeline.schema import EVENTS
from tests.conftest import SEEDS

CASES = Path(__file__).parent / "cases"


class _Actor:
    def __init__(self, country: str | None, kind: str = "country") -> None:
        self.country, self.kind = country, kind


def _where(text: str, trigger: str, *countries: str | None) -> tuple[str | None, str | None, str]:
    start = text.index(trigger)
    got = locate(text, start, start + len(trigger), [_Actor(c) for c in countries])
    return got.name, got.country, got.basis


@pytest.mark.parametrize(
    ("text", "trigger", "countries", "expected"),
    [
        ("Blinken met Lavrov in Paris on Monday.", "met", ("USA", "RUS"), ("Paris", "FRA")),
        ("Officials met in Paris, Texas, on Monday.", "met", ("USA",), ("Paris", "USA")),
        ("Blinken met Kobakhidze in Georgia.", "met", ("USA", "GEO"), ("Georgia", "GEO")),
        ("Biden held a rally in Georgia and urged voters.", "urged", ("USA",), ("Georgia", "USA")),
        ("He met Orban in Budapest.", "met", ("HUN",), ("Budapest", "HUN")),
        (
            "They agreed at the UN in New York.",
            "agreed",
            (),
            ("United Nations Headquarters", "USA"),
        ),
        ("Modi met Putin in Moscow and Beijing.", "met", ("IND", "RUS"), ("Moscow", "RUS")),
    ],
)
def test_stated_places_resolve(
    text: str, trigger: str, countries: tuple[str, ...], expected: tuple[str, str]
) -> None:
    name, country, basis = _where(text, trigger, *countries)
    assert (name, country) == expected
    assert basis == "stated"


@pytest.mark.parametrize(
    ("text", "trigger", "basis"),
    [
        ("Jordan Bardella called on Paris to act.", "called on", "capital_metonymy"),
        (
            "In an interview with the Washington Post, Kuleba urged allies to act.",
            "urged",
            "unknown",
        ),
        ("Writing in the New York Times, he urged Biden to resume talks.", "urged", "unknown"),
        ("The ministry in Moscow said it was suspending talks.", "suspending", "unknown"),
        ("Moscow said it would suspend its participation.", "suspend", "capital_metonymy"),
        ("In Washington's view, Iran rejected the offer.", "rejected", "capital_metonymy"),
        (
            "Talks on the war in Ukraine stalled after Russia rejected a plan.",
            "rejected",
            "unknown",
        ),
    ],
)
def test_traps_give_no_place(text: str, trigger: str, basis: str) -> None:
    name, _, got = _where(text, trigger, "FRA")
    assert name is None
    assert got == basis


def test_home_acts_fall_back_to_the_actors_country() -> None:
    text = "Germany expelled two Russian diplomats on Monday."
    start = text.index("expelled")
    got = locate(text, start, start + 8, [_Actor("DEU"), _Actor("RUS")], "expulsion")
    assert (got.name, got.precision, got.basis) == ("Germany", "country", "actor_country")
    assert got.latitude is not None and got.longitude is not None
    assert 47 < got.latitude < 55 and 6 < got.longitude < 15  # inside Germany


def test_venues_sit_in_their_city() -> None:
    idx = index()
    for pattern, venue in idx.venues.items():
        city = idx.city_by_id(venue.geonames_id)
        assert city is not None, pattern
        assert city.country == venue.country, pattern
        assert km(city.latitude, city.longitude, venue.latitude, venue.longitude) < 40, pattern


def test_events_and_mentions_carry_a_location_that_fits_the_schema() -> None:
    text = (
        "Iranian and American negotiators held indirect talks in Muscat on Saturday. "
        "Russia accused the United States of undermining strategic stability."
    )
    events = extract_text(
        text, article_id="a", published=dt.date(2025, 4, 14), ingested=dt.date(2025, 4, 14)
    )
    where = {e.event_type: e.location for e in events}
    assert where["backchannel_contact"] is not None
    assert where["backchannel_contact"].name == "Muscat"
    assert where["backchannel_contact"].geonames_id == 287286
    assert where["accusation"] is not None and where["accusation"].precision == "none"
    for e in events:
        assert e.location is not None
        assert e.location.precision in PRECISIONS and e.location.basis in BASES
        assert all(m.location is not None for m in e.mentions)
    table = pa.Table.from_pylist([e.to_row() for e in events], schema=EVENTS)
    assert table.column("location_name").to_pylist().count("Muscat") == 1
    assert table.column("mentions").to_pylist()[0][0]["location_country"] in ("OMN", None)


def _seed_events(name: str) -> list[Event]:
    path = SEEDS / name
    docs, _ = parse_document(path.name, path.read_bytes())
    doc = docs[0]
    published = doc.published_at.date() if doc.published_at else None
    return extract_text(
        doc.text, article_id=name, published=published, ingested=dt.date(2026, 1, 1)
    )


def test_the_first_seed_gets_no_invented_place() -> None:
    events = _seed_events("start-talks.txt")
    assert events
    for e in events:
        assert e.location is not None
        assert e.location.basis != "stated" and e.location.precision != "city", e.location


def test_seed_talks_in_a_named_city_are_placed_there() -> None:
    expected = [
        json.loads(line)
        for line in (CASES / "seeds_expected.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    checked = 0
    for case in expected:
        with_place = [g for g in case["events"] if "location" in g]
        if not with_place:
            continue
        events = _seed_events(case["file"])
        for g in with_place:
            e = next(e for e in events if e.event_type == g["event_type"])
            assert e.location is not None
            if g["location"] is None:
                assert e.location.precision != "city"
                continue
            checked += 1
            assert (e.location.name, e.location.country) == (
                g["location"]["place"],
                g["location"]["country"],
            )
            assert e.location.basis == g["location"]["basis"]
            assert e.location.latitude is not None and e.location.longitude is not None
            lat, lon = g["location"]["lat"], g["location"]["lon"]
            assert km(e.location.latitude, e.location.longitude, lat, lon) < 25
    assert checked >= 1


def _loc(name: str | None, country: str | None, precision: str, basis: str) -> Location:
    return Location(
        name,
        "city" if precision == "city" else precision,
        country,
        0.0,
        0.0,
        None,
        precision,
        basis,
    )


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        (
            [("Geneva", "CHE", "city", "stated"), ("Switzerland", "CHE", "country", "stated")],
            "Geneva",
        ),
        ([("Geneva", "CHE", "city", "stated"), ("Vienna", "AUT", "city", "stated")], None),
        (
            [("Geneva", "CHE", "city", "stated"), ("Russia", "RUS", "country", "actor_country")],
            "Geneva",
        ),
        (
            [("Russia", "RUS", "country", "actor_country"), (None, None, "none", "unknown")],
            "Russia",
        ),
    ],
)
def test_an_event_takes_the_place_its_mentions_agree_on(
    mentions: list[tuple[str | None, str | None, str, str]], expected: str | None
) -> None:
    assert agreed([_loc(*m) for m in mentions]).name == expected


@pytest.mark.slow  # builds the gazetteer index twice
def test_the_index_is_cached_on_disk_and_rebuilt_when_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.extract import geo

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = geo._cache_path()
    assert path.parent == tmp_path / "communique" and not path.exists()
    geo.index.cache_clear()
    try:
        built = geo.index()
        assert path.exists()
        geo.index.cache_clear()
        assert geo.index() == built  # read back from the file
        path.write_bytes(b"not a pickle")
        geo.index.cache_clear()
        assert geo.index() == built  # a broken cache is rebuilt, not trusted
    finally:
        geo.index.cache_clear()


def test_the_city_table_answers_as_the_dict_of_postings_it_is_built_from() -> None:
    """The place index keeps cities as columns and name keys in one hash table (a few MiB where
    tuples and a dict took 60, resident through an extraction): every key, colliding or not,
    gives its postings in their order, and a city comes back as the Place it was built from."""
    from pipeline.extract.geo import Place, _Cities

    rows = [
        (
            f"Town {i}",
            ("FRA", "USA", "DEU")[i % 3],
            i / 7,
            -i / 3,
            1000 + i,
            i * 11,
            "CA" * (i % 2),
            i == 5,
        )
        for i in range(300)
    ]
    names: dict[str, list[int]] = {}
    for i in range(300):
        names.setdefault(f"town {i}", []).append(2 * i + 1)
        names.setdefault(f"alias {i % 40}", []).append(2 * i)  # shared keys: many postings
    table = _Cities.build(rows, names)
    assert len(table.slots) >= 2 * len(names)
    for key, postings in names.items():
        assert list(table.postings_of(key)) == postings
    assert list(table.postings_of("town 300")) == [] and list(table.postings_of("")) == []
    for i, (name, iso3, lat, lon, gid, pop, admin1, capital) in enumerate(rows):
        assert table.city(i) == Place(
            name, "city", iso3, lat, lon, gid, pop, admin1 or None, capital
        )
        assert table.row_of(gid) == i
    assert table.row_of(None) is None and table.row_of(1) is None


def test_the_real_index_finds_every_city_by_its_own_name() -> None:
    from pipeline.extract.geo import _key

    idx = index()
    cities = idx.cities_of
    for row in range(0, len(cities.geonames_id), 97):
        own = cities.city(row)
        assert (own, True) in idx.cities(_key(own.name))
        assert idx.city_by_id(own.geonames_id) == own
