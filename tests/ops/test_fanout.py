"""Extraction fanned out over shards of an interval's articles: any number of shards merges to
the same events partition, byte for byte, as one extract task."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from pipeline import runner
from pipeline.errors import RetryableError
from pipeline.models import Interval
from pipeline.observe import read_timings
from pipeline.settings import Settings
from pipeline.store import partition_path
from tests.ops.conftest import FIRST_DAY
from tests.ops.corpus import day_range


def _events_digest(settings: Settings, ds: str) -> str:
    return hashlib.sha256(partition_path(settings.data_dir, "events", ds).read_bytes()).hexdigest()


@pytest.mark.parametrize("shards", [1, 3, 7])
def test_sharded_extract_equals_one_extract(
    three_days: tuple[Settings, list[dt.date]], shards: int
) -> None:
    settings, days = three_days
    interval = Interval.for_day(days[0])
    whole = _events_digest(settings, interval.ds)
    plan = runner.extract_plan(settings, interval, shard_articles=1, max_shards=shards)
    assert plan == [{"shard": k, "shards": min(shards, 2)} for k in range(min(shards, 2))]
    paths = [runner.run_extract_shard(settings, interval, **kw) for kw in plan]
    assert all(Path(p).exists() for p in paths)
    runner.run_merge_events(settings, interval, len(plan))
    assert _events_digest(settings, interval.ds) == whole
    assert not any(Path(p).exists() for p in paths)  # shard files removed once merged
    timings = read_timings(settings.staging_dir, interval.ds)
    assert {f"extract_shard:{k}" for k in range(len(plan))} | {"merge_events"} <= set(timings)


def test_more_shards_than_articles_and_a_missing_shard(
    three_days: tuple[Settings, list[dt.date]],
) -> None:
    settings, days = three_days
    interval = Interval.for_day(days[1])
    whole = _events_digest(settings, interval.ds)
    for k in range(5):  # two articles over five shards: most are empty
        runner.run_extract_shard(settings, interval, k, 5)
    runner.run_merge_events(settings, interval, 5)
    assert _events_digest(settings, interval.ds) == whole
    runner.run_extract_shard(settings, interval, 0, 2)
    with pytest.raises(RetryableError, match="missing"):
        runner.run_merge_events(settings, interval, 2)
    with pytest.raises(ValueError):
        runner.run_extract_shard(settings, interval, 2, 2)


def test_plan_scales_with_the_articles(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", sources=tmp_path)
    interval = Interval.for_day(day_range(FIRST_DAY, 1)[0])
    assert runner.extract_plan(settings, interval) == [{"shard": 0, "shards": 1}]  # nothing stored
    assert runner.shard_of("a", 4) == runner.shard_of("a", 4) and 0 <= runner.shard_of("b", 4) < 4
