"""Reprocessing: re-extract and reload a range of intervals from their stored ``articles``
partitions, without fetching.

After an extractor change, each interval's ``events`` partition is replaced (each row carries its
``extractor_version``), and with no change it is rewritten byte-identical. Built on the stages of
``pipeline.runner``; nothing below imports this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path
from typing import Any

from pipeline.check import run_checks
from pipeline.errors import BadInputError
from pipeline.intervals import interval_lock
from pipeline.load import rebuild_core
from pipeline.models import Interval
from pipeline.observe import stage_timer
from pipeline.runner import run_extract, run_load
from pipeline.settings import Settings
from pipeline.store import (
    list_partitions,
    partition_path,
    read_partition,
    to_table,
    write_partition,
)
from pipeline.summary import REPROCESS_MODE, current_run_id, read_column

log = logging.getLogger(__name__)


def reuse_fetched(settings: Settings, interval: Interval) -> dict[str, str]:
    """The fetch stage of a reprocessing run: reuse the interval's stored articles partition
    instead of fetching (same return value as ``run_fetch``)."""
    with stage_timer(settings.staging_dir, interval.ds, "fetch") as info:
        info["mode"] = REPROCESS_MODE
        articles = partition_path(settings.data_dir, "articles", interval.ds)
        if not articles.exists():
            raise BadInputError(f"no stored articles for {interval.ds}: nothing to reprocess")
        stored = read_partition(settings.data_dir, "articles", interval.ds)  # checks the version
        errors = partition_path(settings.data_dir, "fetch_errors", interval.ds)
        if not errors.exists():
            write_partition(
                settings.data_dir, "fetch_errors", interval.ds, to_table("fetch_errors", [])
            )
        info["articles"] = stored.num_rows
    log.info("reprocessing %s: reusing %d stored articles", interval.ds, stored.num_rows)
    return {"articles": str(articles), "fetch_errors": str(errors)}


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _versions(path: Path) -> list[str]:
    return sorted({str(r["extractor_version"]) for r in read_column(path, ["extractor_version"])})


def days(since: dt.date, until: dt.date) -> list[dt.date]:
    if until < since:
        raise ValueError(f"--until {until} is before --since {since}")
    return [since + dt.timedelta(days=i) for i in range((until - since).days + 1)]


def reprocess(
    settings: Settings, since: dt.date, until: dt.date, *, check: bool = True
) -> list[dict[str, Any]]:
    """Re-extract and reload every interval from ``since`` to ``until`` (inclusive) that has a
    stored articles partition, without fetching; intervals never fetched are skipped. Each
    interval's events partition and warehouse rows are replaced; the core tables are rebuilt once
    at the end and the data checks run (unless ``check`` is False). Returns one row per interval:
    its events before and after, their extractor versions, and whether the partition changed."""
    stored = set(list_partitions(settings.data_dir, "articles"))
    results: list[dict[str, Any]] = []
    for day in days(since, until):
        ds = day.isoformat()
        if ds not in stored:
            log.info("reprocess: no stored articles for %s, skipped", ds)
            continue
        interval = Interval.for_day(day)
        with interval_lock(settings, ds, purpose="reprocess"):
            events_path = partition_path(settings.data_dir, "events", ds)
            before = _digest(events_path)
            versions_before = _versions(events_path)
            events_before = len(read_column(events_path, ["event_id"]))
            reuse_fetched(settings, interval)
            run_extract(settings, interval)
            run_load(
                settings,
                interval,
                rebuild=False,
                mode=REPROCESS_MODE,
                run_id=current_run_id(REPROCESS_MODE),
            )
        results.append(
            {
                "ds": ds,
                "events_before": events_before,
                "events_after": len(read_column(events_path, ["event_id"])),
                "versions_before": versions_before,
                "versions_after": _versions(events_path),
                "changed": before != _digest(events_path),
            }
        )
    if results:
        rebuild_core(
            settings.warehouse,
            settings.sql_dir,
            lookback_days=settings.cluster_lookback_days,
            settings=settings,
        )
        if check:
            run_checks(settings.warehouse, settings.sql_dir)
    log.info(
        "reprocessed %d intervals from %s to %s, %d changed",
        len(results),
        since,
        until,
        sum(1 for r in results if r["changed"]),
    )
    return results
