"""Operations: the run summary of each data interval, and reprocessing stored articles.

The run summary is one row per data interval, written after the interval is loaded: how many
articles were stored, duplicated and failed, how many events of each type came out, how long each
stage took (from the timings ``pipeline.observe`` records) and which extractor produced them. It is
a Parquet dataset (``run_summary``, partitioned by ``ds`` like the others) loaded into
``raw_run_summary``. Unlike the data datasets it is not byte-identical across reruns: it records
durations and times of the latest run.

Reprocessing re-extracts and reloads a range of intervals from their stored ``articles``
partitions, without fetching: after an extractor change, each interval's ``events`` partition is
replaced (each row carries its ``extractor_version``), and with no change it is rewritten
byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.intervals import interval_lock
from pipeline.models import Interval
from pipeline.observe import read_timings, stage_timer
from pipeline.schema import SCHEMA_VERSION
from pipeline.settings import Settings
from pipeline.store import list_partitions, partition_path, to_table, write_partition

log = logging.getLogger(__name__)

FETCH_MODE = "fetch"
REPROCESS_MODE = "reprocess"


def current_run_id(default: str = "cli") -> str:
    """The Airflow run id when called from a task, else ``default``."""
    return os.environ.get("AIRFLOW_CTX_DAG_RUN_ID") or default


def _column(path: Path, columns: list[str]) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = pq.read_table(path, columns=columns).to_pylist()
    return rows


def _extract_seconds(timings: dict[str, dict[str, Any]]) -> float | None:
    """The extract stage, or an extract fanned out over shards (each shard and the merge)."""
    if "extract" in timings:
        return float(timings["extract"]["seconds"])
    parts = [t["seconds"] for name, t in timings.items() if name.startswith("extract_shard:")]
    parts += [t["seconds"] for name, t in timings.items() if name == "merge_events"]
    return float(sum(parts)) if parts else None


def _fetch_seconds(timings: dict[str, dict[str, Any]]) -> float | None:
    """The fetch stage, or a fetch fanned out over sources (each source and the merge)."""
    if "fetch" in timings:
        return float(timings["fetch"]["seconds"])
    parts = [t["seconds"] for name, t in timings.items() if name.startswith("fetch_source:")]
    parts += [t["seconds"] for name, t in timings.items() if name == "merge_fetched"]
    return float(sum(parts)) if parts else None


def build_run_summary(
    settings: Settings, ds: str, *, mode: str | None = None, run_id: str | None = None
) -> dict[str, Any]:
    """The summary row of interval ``ds`` from its stored partitions and recorded timings."""
    from pipeline.extract import engine  # read at call time: a patched version shows

    data = settings.data_dir
    articles = _column(partition_path(data, "articles", ds), ["duplicate_of"])
    failures = _column(partition_path(data, "fetch_errors", ds), ["stage"])
    events = _column(
        partition_path(data, "events", ds), ["event_type", "modality", "extractor_version"]
    )
    timings = read_timings(settings.staging_dir, ds)
    by_type = Counter(str(e["event_type"]) for e in events)

    def seconds(stage: str) -> float | None:
        return float(timings[stage]["seconds"]) if stage in timings else None

    return {
        "run_id": run_id or current_run_id(),
        "mode": mode or str(timings.get("fetch", {}).get("mode", FETCH_MODE)),
        "recorded_at": dt.datetime.now(dt.UTC),
        "articles_fetched": len(articles),
        "articles_duplicate": sum(1 for a in articles if a["duplicate_of"]),
        "articles_failed": len(failures),
        "events_total": len(events),
        "events_asserted": sum(1 for e in events if e["modality"] == "asserted"),
        "events_by_type": sorted(by_type.items()),
        "fetch_seconds": _fetch_seconds(timings),
        "extract_seconds": _extract_seconds(timings),
        "load_seconds": seconds("load"),
        "stage_seconds": sorted((k, float(v["seconds"])) for k, v in timings.items()),
        "extractor_version": engine.EXTRACTOR_VERSION,
        "event_extractor_versions": sorted({str(e["extractor_version"]) for e in events}),
        "schema_version": SCHEMA_VERSION,
    }


def record_run_summary(
    settings: Settings, interval: Interval, *, mode: str | None = None, run_id: str | None = None
) -> dict[str, Any]:
    """Write interval's run summary partition and load it into ``raw_run_summary``."""
    import pyarrow as pa

    from pipeline.load import load_interval
    from pipeline.schema import RUN_SUMMARY

    row = build_run_summary(settings, interval.ds, mode=mode, run_id=run_id)
    table = pa.Table.from_pylist([row], schema=RUN_SUMMARY)
    write_partition(settings.data_dir, "run_summary", interval.ds, table)
    load_interval(
        settings.warehouse,
        settings.sql_dir,
        settings.data_dir,
        interval.ds,
        rebuild=False,
        datasets=("run_summary",),
    )
    log.info(
        "run summary %s: %d articles (%d duplicates), %d failures, %d events; "
        "fetch %s s, extract %s s, load %s s",
        interval.ds,
        row["articles_fetched"],
        row["articles_duplicate"],
        row["articles_failed"],
        row["events_total"],
        row["fetch_seconds"],
        row["extract_seconds"],
        row["load_seconds"],
        extra={
            "ds": interval.ds,
            "run_summary": {
                k: v for k, v in row.items() if k not in ("recorded_at", "stage_seconds")
            },
        },
    )
    return row


def reuse_fetched(settings: Settings, interval: Interval) -> dict[str, str]:
    """The fetch stage of a reprocessing run: reuse the interval's stored articles partition
    instead of fetching (same return value as ``run_fetch``)."""
    from pipeline.errors import BadInputError
    from pipeline.store import read_partition

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
    return sorted({str(r["extractor_version"]) for r in _column(path, ["extractor_version"])})


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
    from pipeline.check import run_checks
    from pipeline.load import load_interval, rebuild_core
    from pipeline.runner import run_extract

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
            events_before = len(_column(events_path, ["event_id"]))
            reuse_fetched(settings, interval)
            run_extract(settings, interval)
            with stage_timer(settings.staging_dir, ds, "load"):
                load_interval(
                    settings.warehouse, settings.sql_dir, settings.data_dir, ds, rebuild=False
                )
            summary = record_run_summary(
                settings, interval, mode=REPROCESS_MODE, run_id=current_run_id(REPROCESS_MODE)
            )
        results.append(
            {
                "ds": ds,
                "events_before": events_before,
                "events_after": summary["events_total"],
                "versions_before": versions_before,
                "versions_after": summary["event_extractor_versions"],
                "changed": before != _digest(events_path),
            }
        )
    if results:
        rebuild_core(settings.warehouse, settings.sql_dir)
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


# ---------------------------------------------------------------------------------------------
# Extraction fanned out over shards of an interval's articles (a mapped Airflow task per shard)

SHARD_ARTICLES = 500  # articles per extract shard
MAX_SHARDS = 16


def extract_plan(
    settings: Settings,
    interval: Interval,
    *,
    shard_articles: int = SHARD_ARTICLES,
    max_shards: int = MAX_SHARDS,
) -> list[dict[str, int]]:
    """The shards to extract the interval's articles in: one per ``shard_articles`` articles,
    at least one and at most ``max_shards``, as keyword arguments of ``run_extract_shard``."""
    path = partition_path(settings.data_dir, "articles", interval.ds)
    rows = pq.ParquetFile(path).metadata.num_rows if path.exists() else 0
    shards = max(1, min(max_shards, -(-rows // max(shard_articles, 1))))
    return [{"shard": k, "shards": shards} for k in range(shards)]


def shard_of(article_id: str, shards: int) -> int:
    """The shard an article belongs to: a stable hash of its id, the same on every machine."""
    return int(hashlib.sha256(article_id.encode()).hexdigest()[:8], 16) % shards


def shard_path(settings: Settings, ds: str, shard: int, shards: int) -> Path:
    return (
        settings.staging_dir / f"ds={ds}" / "events" / f"shard-{shard:03d}-of-{shards:03d}.parquet"
    )


def _errors_shard(path: Path) -> Path:
    return path.with_name(path.name.replace(".parquet", ".errors.parquet"))


def _write_staged(path: Path, table: Any) -> None:
    import uuid

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# articles extracted per record batch: memory stays bounded whatever the interval holds
EXTRACT_BATCH = 256


def run_extract_shard(settings: Settings, interval: Interval, shard: int, shards: int) -> str:
    """Extract the events of one shard of the interval's articles into a staging file; articles
    whose extraction fails go to a staging file of extract errors (`pipeline.boundary`). Streams:
    articles are read and events written in record batches of ``EXTRACT_BATCH`` articles."""
    if not 0 <= shard < shards:
        raise ValueError(f"shard {shard} of {shards}")
    with stage_timer(settings.staging_dir, interval.ds, f"extract_shard:{shard}"):
        return extract_shard(settings, interval, shard, shards)


def extract_shard(settings: Settings, interval: Interval, shard: int, shards: int) -> str:
    """``run_extract_shard`` without recording a stage timing (``run_extract`` records one)."""
    import uuid

    from pipeline.boundary import Boundary
    from pipeline.models import Article
    from pipeline.schema import DATASETS

    source = pq.ParquetFile(partition_path(settings.data_dir, "articles", interval.ds))
    path = shard_path(settings, interval.ds, shard, shards)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    events = articles = 0
    try:
        with (
            Boundary(settings.extract_timeout).installed() as boundary,
            pq.ParquetWriter(tmp, DATASETS["events"], compression="zstd") as writer,
        ):
            for batch in source.iter_batches(batch_size=EXTRACT_BATCH):
                rows: list[dict[str, Any]] = []
                for row in batch.to_pylist():
                    if row["duplicate_of"] or shard_of(str(row["article_id"]), shards) != shard:
                        continue
                    row.pop("content_hash", None)
                    articles += 1
                    found = boundary.extract(Article(**row), interval.start.date())
                    rows.extend(e.to_row() for e in found)
                events += len(rows)
                writer.write_table(to_table("events", rows))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    failures = to_table("extract_errors", (f.to_row() for f in boundary.failures))
    _write_staged(_errors_shard(path), failures)
    log.info(
        "shard %d/%d of %s: %d events from %d articles",
        shard,
        shards,
        interval.ds,
        events,
        articles,
    )
    return str(path)


def _sorted(dataset: str, tables: list[Any]) -> Any:
    """Shard tables concatenated and sorted as ``to_table`` sorts one table of the rows."""
    import pyarrow as pa

    from pipeline.schema import DATASETS
    from pipeline.store import SORT_KEYS

    schema = DATASETS[dataset]
    table = pa.concat_tables([t.cast(schema) for t in tables]) if tables else schema.empty_table()
    if not table.num_rows:
        return table
    return table.sort_by([(k, "ascending") for k in SORT_KEYS[dataset]]).combine_chunks()


def run_merge_events(settings: Settings, interval: Interval, shards: int) -> str:
    """Merge every shard's events into the interval's events partition (the same bytes as one
    ``run_extract``), then remove the shard files. A missing shard is a retryable failure."""

    with stage_timer(settings.staging_dir, interval.ds, "merge_events"):
        return merge_shards(settings, interval, shards)


def merge_shards(settings: Settings, interval: Interval, shards: int) -> str:
    """``run_merge_events`` without recording a stage timing (``run_extract`` records one)."""
    from pipeline.errors import RetryableError

    paths = [shard_path(settings, interval.ds, k, shards) for k in range(shards)]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise RetryableError(f"extract shards missing for {interval.ds}: {missing}")
    # Arrow tables, not Python rows: the merge holds the events in columnar form only
    events = _sorted("events", [pq.read_table(p) for p in paths])
    failed = _sorted(
        "extract_errors",
        [pq.read_table(_errors_shard(p)) for p in paths if _errors_shard(p).exists()],
    )
    with interval_lock(settings, interval.ds, purpose="merge events"):
        target = write_partition(settings.data_dir, "events", interval.ds, events)
        write_partition(settings.data_dir, "extract_errors", interval.ds, failed)
    for p in paths:
        p.unlink(missing_ok=True)
        _errors_shard(p).unlink(missing_ok=True)
    log.info("merged %d shards of %s: %d events", shards, interval.ds, events.num_rows)
    return str(target)
