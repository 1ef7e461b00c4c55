"""Fixtures of the operations tests: settings over a private data dir and a dated corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.models import Interval
from pipeline.settings import Settings
from tests.ops.corpus import day_range, make_corpus

FIRST_DAY = dt.date(2023, 3, 6)


def settings_for(root: Path, sources: Path) -> Settings:
    return Settings(
        data_dir=root / "data",
        warehouse=root / "warehouse" / "communique.duckdb",
        sources=sources,
    )


def run_days(settings: Settings, days: list[dt.date]) -> None:
    """fetch -> extract -> load for each day, as the DAG's tasks do (no Airflow)."""
    from pipeline import runner

    for day in days:
        interval = Interval.for_day(day)
        runner.run_fetch(settings, interval)
        runner.run_extract(settings, interval)
        runner.run_load(settings, interval)


@pytest.fixture
def three_days(tmp_path: Path) -> tuple[Settings, list[dt.date]]:
    """Three consecutive intervals of two articles each, fetched, extracted and loaded."""
    days = day_range(FIRST_DAY, 3)
    settings = settings_for(tmp_path, make_corpus(tmp_path / "src", days))
    run_days(settings, days)
    return settings, days
