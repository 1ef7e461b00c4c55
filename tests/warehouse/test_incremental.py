"""Incremental loads equal a full rebuild: randomised 60-day sequences (tests/warehouse/cases/
incremental.toml) of shuffled days, late reports, articles stored again under a later interval,
reloads, reprocessing with a new extractor version and batched loads are loaded one by one (each
load refreshing only what it can change); along the way and at the end, every core table and mart
must equal a warehouse rebuilt from scratch from the same partitions."""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import store
from pipeline.load import load_interval, load_intervals, rebuild_core
from tests.warehouse.factory import Report, Story, checksum, query, rows
from tests.warehouse.seeded import SQL

CASES = tomllib.loads((Path(__file__).parent / "cases" / "incremental.toml").read_text())
DEFAULTS: dict[str, Any] = CASES["defaults"]
CORE = (
    "articles",
    "int_event_extractions",
    "int_event_clusters",
    "int_event_days",
    "event_mentions",
    "events",
    "sources",
    # the load state that lets a night skip coarse reports no new event can change
    "load_state.coarse_best",
    "load_state.coarse_reports",
)
TYPES = ["suspension", "consultation", "policy_change_call"]
SOURCES = [("Russia", "RUS"), ("United States", "USA"), ("Anatoly Antonov", None)]
TARGETS = [(None, None), ("United States", "USA"), ("Russia", "RUS"), ("China", "CHN")]
SUBJECTS = [None, "New START", "Black Sea Grain Initiative"]
OUTLETS = ["Wire One", "Daily Two", "Weekly Three"]
WORDS = ["said", "announced", "confirmed", "reported", "stated"]


@dataclass
class World:
    """The generated news of a sequence: each day's stories at each extractor version."""

    seed: int
    start: dt.date
    cfg: dict[str, Any]
    versions: dict[int, int] = field(default_factory=dict)
    moved: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def ds(self, day: int) -> str:
        return (self.start + dt.timedelta(days=day)).isoformat()

    def articles(self, day: int) -> list[tuple[str, str, dt.datetime | None, int]]:
        """(article id, outlet, published, report count) of a day, fixed across versions."""
        rng = random.Random(f"{self.seed}/articles/{day}")
        lo, hi = self.cfg["articles_per_day"]
        out = []
        for n in range(rng.randint(lo, hi)):
            date = self.start + dt.timedelta(days=day)
            if rng.random() < self.cfg["late_report"]:
                date -= dt.timedelta(days=rng.randint(3, 40))
            published: dt.datetime | None = dt.datetime.combine(
                date, dt.time(rng.randint(0, 23)), tzinfo=dt.UTC
            )
            if rng.random() < self.cfg["unknown_published"]:
                published = None
            lo_r, hi_r = self.cfg["reports_per_article"]
            out.append((f"a{day:02d}x{n}", rng.choice(OUTLETS), published, rng.randint(lo_r, hi_r)))
        return out

    def stories(self, day: int) -> list[Story]:
        version = self.versions.get(day, 1)
        rng = random.Random(f"{self.seed}/reports/{day}/{version}")
        stories = []
        for article_id, outlet, published, n_reports in self.articles(day):
            anchor = published.date() if published else self.start + dt.timedelta(days=day)
            reports = []
            for r in range(n_reports):
                # a new extractor keeps some event ids and changes others
                suffix = f"v{version}" if version > 1 and rng.random() < 0.5 else ""
                event_id = f"e{article_id}r{r}{suffix}"
                basis = rng.choices(
                    ["explicit", "relative", "publication", "before-publication", "ingested"],
                    [3, 2, 4, 2, 1],
                )[0]
                precision = "day"
                date: dt.date | None = None
                if basis in ("explicit", "relative"):
                    date = anchor - dt.timedelta(days=rng.randint(0, 6))
                    precision = rng.choices(["day", "week", "month"], [6, 1, 1])[0]
                    if precision == "week":
                        date -= dt.timedelta(days=date.weekday())
                    elif precision == "month":
                        date = date.replace(day=1)
                sentence = (
                    f"{article_id} {rng.choice(WORDS)} report {r} of version {version} on "
                    f"day {day}."
                )
                reports.append(
                    Report(
                        event_id=event_id,
                        sentences=[sentence] * rng.choice([1, 1, 2]),
                        event_type=rng.choice(TYPES),
                        source=rng.choice(SOURCES),
                        target=rng.choice(TARGETS),
                        subject=rng.choice(SUBJECTS),
                        modality=rng.choices(["asserted", "negated", "future"], [8, 1, 1])[0],
                        event_date=date,
                        date_precision=precision,
                        date_basis=basis,
                        extra={
                            "extractor_version": f"test/{version}",
                            "confidence": round(rng.uniform(0.5, 1.0), 2),
                        },
                    )
                )
            stories.append(Story(article_id, outlet, published, reports))
        return stories

    def write(self, data: Path, day: int) -> None:
        """Write a day's partitions as they stand (its version, the copies stored under it)."""
        ds = self.ds(day)
        articles, events = [], []
        for story in self.stories(day):
            article, story_events = rows(story, ds)
            articles.append(article)
            events.extend(story_events)
        for source_day, n in self.moved.get(day, []):
            # an article of an earlier interval stored again (not extracted again)
            story = self.stories(source_day)[n]
            copy = Story(story.article_id, story.outlet, None, story.reports)
            articles.append(rows(copy, ds)[0])
        store.write_partition(data, "articles", ds, store.to_table("articles", articles))
        store.write_partition(data, "events", ds, store.to_table("events", events))
        store.write_partition(data, "fetch_errors", ds, store.to_table("fetch_errors", []))


def _objects(db: Path) -> tuple[str, ...]:
    marts = query(
        db,
        "SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'mart_%' "
        "AND NOT internal ORDER BY view_name",
    )
    return CORE + tuple(r["view_name"] for r in marts)


def _full_rebuild(data: Path, days: list[str], db: Path, lookback: int | None) -> Path:
    db.unlink(missing_ok=True)
    load_intervals(db, SQL, data, days, rebuild=False, lookback_days=lookback)
    rebuild_core(db, SQL, lookback_days=lookback)
    return db


def _sequences() -> list[Any]:
    params = []
    for case in CASES["sequence"]:
        marks = [pytest.mark.slow] if case.get("slow") else []
        params.append(pytest.param({**DEFAULTS, **case}, id=f"seed{case['seed']}", marks=marks))
    return params


@pytest.mark.parametrize("cfg", _sequences())
def test_incremental_loads_equal_a_full_rebuild(cfg: dict[str, Any], tmp_path: Path) -> None:
    rng = random.Random(cfg["seed"])
    world = World(cfg["seed"], dt.date.fromisoformat(cfg["start"]), cfg)
    lookback = cfg.get("lookback_days")
    days = list(range(cfg["days"]))
    for day in days:  # some articles are stored again under a later interval
        for n in range(len(world.articles(day))):
            if rng.random() < cfg["moved_article"] and day + 1 < cfg["days"]:
                later = rng.randint(day + 1, min(cfg["days"] - 1, day + 10))
                world.moved.setdefault(later, []).append((day, n))
    # mostly forward with local shuffles and some days held back (late loads)
    order = sorted(days, key=lambda d: d + rng.uniform(-4, 4) + (30 if rng.random() < 0.1 else 0))
    data, db = tmp_path / "data", tmp_path / "incremental.duckdb"
    loaded: list[int] = []
    checks = {round(len(order) * (k + 1) / cfg["checkpoints"]) for k in range(cfg["checkpoints"])}
    done, compared, i = 0, 0, 0
    while i < len(order):
        if rng.random() < cfg["batch"] and i + 1 < len(order):
            batch = order[i : i + rng.randint(2, 3)]
            for day in batch:
                world.write(data, day)
            load_intervals(db, SQL, data, [world.ds(d) for d in batch], lookback_days=lookback)
            loaded.extend(batch)
            i += len(batch)
        else:
            world.write(data, order[i])
            load_interval(db, SQL, data, world.ds(order[i]), lookback_days=lookback)
            loaded.append(order[i])
            i += 1
        if loaded and rng.random() < cfg["reload"]:
            load_interval(db, SQL, data, world.ds(rng.choice(loaded)), lookback_days=lookback)
        if loaded and rng.random() < cfg["reprocess"]:
            day = rng.choice(loaded)
            world.versions[day] = world.versions.get(day, 1) + 1
            world.write(data, day)
            load_interval(db, SQL, data, world.ds(day), lookback_days=lookback)
        done = i
        if any(done >= c > done - 3 for c in checks) or i == len(order):
            checks = {c for c in checks if c > done}
            held = sorted({world.ds(d) for d in loaded})
            reference = _full_rebuild(data, held, tmp_path / "full.duckdb", lookback)
            objects = _objects(db)
            assert checksum(db, objects) == checksum(reference, objects), f"after {done} days"
            compared += 1
    assert compared >= 2
    # the sequence exercised what it claims: merged reports, reprocessed days
    stats = query(
        db,
        "SELECT count(*) AS events, sum(extraction_count) AS extractions, "
        "count(*) FILTER (WHERE extraction_count > 1) AS merged FROM events",
    )[0]
    assert stats["merged"] > 10 and stats["extractions"] > stats["events"]
    assert len(world.versions) > 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        versions = con.execute("SELECT DISTINCT extractor_version FROM raw_events").fetchall()
    finally:
        con.close()
    assert len(versions) > 1


def test_a_warehouse_loaded_before_the_kept_best_gets_it_on_its_next_load(tmp_path: Path) -> None:
    """A warehouse without load_state.coarse_best (loaded by an older version) fills it on its
    next load, which then equals a full rebuild."""
    cfg = {**DEFAULTS, **CASES["sequence"][0], "days": 16}
    world = World(cfg["seed"], dt.date.fromisoformat(cfg["start"]), cfg)
    data, db = tmp_path / "data", tmp_path / "incremental.duckdb"
    for day in range(cfg["days"]):
        world.write(data, day)
    for day in range(12):
        load_interval(db, SQL, data, world.ds(day))
    con = duckdb.connect(str(db))
    try:
        con.execute("DROP SCHEMA load_state CASCADE")
    finally:
        con.close()
    for day in range(12, cfg["days"]):
        load_interval(db, SQL, data, world.ds(day))
    held = [world.ds(d) for d in range(cfg["days"])]
    reference = _full_rebuild(data, held, tmp_path / "full.duckdb", None)
    objects = _objects(db)  # load_state.coarse_best among them
    assert checksum(db, objects) == checksum(reference, objects)
