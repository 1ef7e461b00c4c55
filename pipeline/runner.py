"""The stages as one call each, keyed on the data interval. The DAG and the CLI both call these.

Each stage reads its inputs from the previous stage's Parquet partition and returns the path it
wrote, so tasks pass paths (never data) and a rerun of an interval replaces exactly its partition.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.models import Article, Interval
from pipeline.observe import stage_timer, timed
from pipeline.settings import Settings
from pipeline.store import list_partitions, partition_path, to_table, write_partition

log = logging.getLogger(__name__)


def _seen_elsewhere(settings: Settings, ds: str) -> set[str]:
    """Article ids already stored under another interval: seen before, not fetched again."""
    seen: set[str] = set()
    for other in list_partitions(settings.data_dir, "articles"):
        if other != ds:
            path = partition_path(settings.data_dir, "articles", other)
            seen.update(
                str(v) for v in pq.read_table(path, columns=["article_id"]).column(0).to_pylist()
            )
    return seen


@timed("fetch")
def run_fetch(settings: Settings, interval: Interval) -> dict[str, str]:
    """Fetch every source for the interval; write articles and fetch errors partitions."""
    from pipeline.fetch import fetch_all
    from pipeline.sources import load_sources

    result = fetch_all(load_sources(settings.sources), interval)
    seen = _seen_elsewhere(settings, interval.ds)
    fresh = [a for a in result.articles if a.article_id not in seen]
    if len(fresh) < len(result.articles):
        log.info("skipped %d articles seen in earlier runs", len(result.articles) - len(fresh))
    articles = write_partition(
        settings.data_dir,
        "articles",
        interval.ds,
        to_table("articles", (a.to_row() for a in fresh)),
    )
    errors = write_partition(
        settings.data_dir,
        "fetch_errors",
        interval.ds,
        to_table("fetch_errors", (e.to_row() for e in result.errors)),
    )
    log.info("fetched %d articles, %d failures", len(fresh), len(result.errors))
    return {"articles": str(articles), "fetch_errors": str(errors)}


def _articles_from_table(path: Path) -> list[Article]:
    table = pq.read_table(path)
    out = []
    for row in table.to_pylist():
        row.pop("content_hash", None)
        out.append(Article(**row))
    return out


@timed("extract")
def run_extract(settings: Settings, interval: Interval) -> str:
    """Extract events from the interval's articles (duplicates link to their first copy)."""
    from pipeline.extract import extract_article

    articles = _articles_from_table(partition_path(settings.data_dir, "articles", interval.ds))
    rows: list[dict[str, Any]] = []
    ingested = interval.start.date()
    for article in articles:
        if article.duplicate_of:
            continue
        rows.extend(e.to_row() for e in extract_article(article, ingested))
    path = write_partition(settings.data_dir, "events", interval.ds, to_table("events", rows))
    log.info("extracted %d events from %d articles", len(rows), len(articles))
    return str(path)


def run_load(settings: Settings, interval: Interval) -> dict[str, int]:
    """Load the interval into DuckDB, then write and load its run summary."""
    from pipeline.load import load_interval
    from pipeline.ops import record_run_summary

    with stage_timer(settings.staging_dir, interval.ds, "load"):
        counts = load_interval(settings.warehouse, settings.sql_dir, settings.data_dir, interval.ds)
    record_run_summary(settings, interval)
    return counts


def run_check(settings: Settings) -> dict[str, int]:
    from pipeline.check import run_checks

    return run_checks(settings.warehouse, settings.sql_dir)


def run_publish(settings: Settings) -> str:
    """Publish the warehouse for analysts and BI tools (an atomic, read-only copy)."""
    from pipeline.publish import publish

    publish(settings.warehouse, settings.sql_dir, settings.publish_path)
    return str(settings.publish_path)


def run_all(settings: Settings, day: dt.date) -> dict[str, Any]:
    """The whole pipeline for one day's interval, no Airflow needed."""
    interval = Interval.for_day(day)
    fetched = run_fetch(settings, interval)
    events = run_extract(settings, interval)
    loaded = run_load(settings, interval)
    checks = run_check(settings)
    published = run_publish(settings)
    return {
        "fetch": fetched,
        "extract": events,
        "load": loaded,
        "check": checks,
        "publish": published,
    }
