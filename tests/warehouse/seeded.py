"""The bundled seed articles spread over three data intervals, fetched and extracted by the real
pipeline stages: the warehouse tests load them in different orders and compare the results."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pipeline.load import load_interval
from pipeline.models import Interval
from pipeline.runner import run_extract, run_fetch
from pipeline.settings import Settings
from tests.conftest import ROOT, SEEDS

SQL = ROOT / "warehouse"
WIRE = "newstart-suspension-wire.json"
HERALD = "newstart-suspension-herald.txt"
# the wire story first, the herald's follow-up the next day, everything else later
FIRST, SECOND, THIRD = "2023-02-22", "2023-02-23", "2026-11-23"
SPLIT = {
    FIRST: [WIRE],
    SECOND: [HERALD, "china-ukraine-peace-plan.json", "g20-delhi-blinken-lavrov.json"],
}


def seed_files() -> list[Path]:
    return sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".json", ".jsonl", ".html"))


def build_seed_data(root: Path) -> Path:
    """Fetch and extract each interval's share of the seeds under ``root``; returns the data dir."""
    data = root / "data"
    placed = {name for names in SPLIT.values() for name in names}
    plan = {**SPLIT, THIRD: [p.name for p in seed_files() if p.name not in placed]}
    for ds, names in plan.items():
        folder = root / "sources" / ds / "seeds"
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy(SEEDS / name, folder / name)
        settings = Settings(data_dir=data, sources=folder, warehouse=root / "unused.duckdb")
        interval = Interval.for_day(dt.date.fromisoformat(ds))
        run_fetch(settings, interval)
        run_extract(settings, interval)
    return data


def load(db: Path, data: Path, order: list[str]) -> Path:
    for ds in order:
        load_interval(db, SQL, data, ds)
    return db
