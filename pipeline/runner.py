"""The stages as one call each, keyed on the data interval. The DAG and the CLI both call these.

Each stage reads its inputs from the previous stage's Parquet partition and returns the path it
wrote, so tasks pass paths (never data) and a rerun of an interval replaces exactly its partition.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import uuid
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.intervals import interval_lock
from pipeline.models import Article, FetchError, Interval
from pipeline.observe import stage_timer, timed
from pipeline.settings import Settings
from pipeline.store import list_partitions, partition_path, to_table, write_partition

if TYPE_CHECKING:
    from pipeline.fetch import FetchResult
    from pipeline.fetch.dedup import NearDuplicateIndex
    from pipeline.sources import SourceConfig

log = logging.getLogger(__name__)
NEAR_DUPLICATE_LOOKBACK = 14  # earlier articles partitions compared for syndicated copies


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


def _stored_urls(settings: Settings, ds: str) -> set[str]:
    """Canonical URLs of articles stored under other intervals: not requested again."""
    from pipeline.fetch.urls import try_canonicalize

    urls: set[str] = set()
    for other in list_partitions(settings.data_dir, "articles"):
        if other == ds:
            continue
        path = partition_path(settings.data_dir, "articles", other)
        table = pq.read_table(path, columns=["url", "canonical_url"])
        for url, canonical in zip(*(c.to_pylist() for c in table.columns), strict=True):
            if canonical:
                urls.add(str(canonical))
            if url and (normal := try_canonicalize(str(url))):
                urls.add(normal)
    return urls


def _near_duplicate_history(settings: Settings, ds: str) -> NearDuplicateIndex:
    """Sketches of the first copies stored by the latest earlier intervals, oldest first."""
    from pipeline.fetch.dedup import NearDuplicateIndex, sketch

    index = NearDuplicateIndex()
    earlier = [d for d in list_partitions(settings.data_dir, "articles") if d < ds]
    for other in earlier[-NEAR_DUPLICATE_LOOKBACK:]:
        path = partition_path(settings.data_dir, "articles", other)
        table = pq.read_table(path, columns=["article_id", "text", "content_hash", "duplicate_of"])
        for row in table.to_pylist():
            if not row["duplicate_of"]:
                index.add(row["article_id"], sketch(row["text"]), row["content_hash"])
    return index


def _has_remote(sources: list[SourceConfig]) -> bool:
    from pipeline.fetch import REMOTE_KINDS

    return any(s.kind in REMOTE_KINDS for s in sources)


@timed("fetch")
def run_fetch(settings: Settings, interval: Interval) -> dict[str, str]:
    """Fetch every source for the interval; write articles and fetch errors partitions."""
    from pipeline.fetch import fetch_all
    from pipeline.sources import load_sources

    sources = load_sources(settings.sources)
    stats: dict[str, Counter[str]] = {}
    with interval_lock(settings, interval.ds, purpose="fetch"):
        if _has_remote(sources):
            result = fetch_all(
                sources,
                interval,
                seen=_stored_urls(settings, interval.ds),
                history=_near_duplicate_history(settings, interval.ds),
                settings=settings,
                stats=stats,
            )
        else:
            result = fetch_all(sources, interval)
        return _write_fetched(settings, interval, result, stats, [s.name for s in sources])


def _write_fetched(
    settings: Settings,
    interval: Interval,
    result: FetchResult,
    stats: dict[str, Counter[str]],
    declared: list[str],
) -> dict[str, str]:
    """Write the interval's articles (less those stored under other intervals) and failures,
    keeping the stored rows of sources this fetch does not declare (`merge_by_source`)."""
    from pipeline.fetch import summarize
    from pipeline.intervals import FETCHED_BY, merge_by_source

    seen = _seen_elsewhere(settings, interval.ds)
    fresh = [a for a in result.articles if a.article_id not in seen]
    if len(fresh) < len(result.articles):
        log.info("skipped %d articles seen in earlier runs", len(result.articles) - len(fresh))
    stored, failures, fetched_by = merge_by_source(
        settings, interval.ds, declared, fresh, list(result.errors)
    )
    articles = write_partition(
        settings.data_dir,
        "articles",
        interval.ds,
        to_table("articles", (a.to_row() for a in stored)),
        {FETCHED_BY: fetched_by},
    )
    errors = write_partition(
        settings.data_dir,
        "fetch_errors",
        interval.ds,
        to_table("fetch_errors", (e.to_row() for e in failures)),
    )
    log.info("fetched %d articles, %d failures", len(fresh), len(result.errors))
    skipped = Counter(a.source for a in result.articles if a.article_id in seen)
    summarize(fresh, result.errors, stats, skipped)
    return {"articles": str(articles), "fetch_errors": str(errors)}


def _staging_paths(settings: Settings, ds: str, source_name: str) -> tuple[Path, Path]:
    folder = settings.staging_dir / f"ds={ds}"
    name = f"source={quote(source_name, safe='')}.parquet"
    return folder / name, folder / "errors" / name


def _write_staging(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def run_fetch_source(settings: Settings, interval: Interval, source_name: str) -> dict[str, str]:
    """Fetch one declared source into staging files (for a task mapped over the sources);
    `run_merge_fetched` then builds the interval's partitions from every source's files."""
    from pipeline.errors import ConfigError
    from pipeline.fetch import REMOTE_KINDS, fetch_source
    from pipeline.schema import ARTICLES, FETCH_ERRORS
    from pipeline.sources import load_sources

    by_name = {s.name: s for s in load_sources(settings.sources)}
    if source_name not in by_name:
        raise ConfigError(f"no source named {source_name!r} in {settings.sources}")
    source = by_name[source_name]
    stats: Counter[str] = Counter()
    seen = _stored_urls(settings, interval.ds) if source.kind in REMOTE_KINDS else frozenset()
    result = fetch_source(source, interval, seen=seen, settings=settings, stats=stats)
    articles_path, errors_path = _staging_paths(settings, interval.ds, source_name)
    # Articles keep their fetch order: the merge's "first copy" must match a single-task run.
    articles = pa.Table.from_pylist([a.to_row() for a in result.articles], schema=ARTICLES)
    meta = {b"communique.fetch_stats": json.dumps(dict(stats), sort_keys=True).encode()}
    _write_staging(articles_path, articles.replace_schema_metadata(meta))
    errors = pa.Table.from_pylist([e.to_row() for e in result.errors], schema=FETCH_ERRORS)
    _write_staging(errors_path, errors)
    log.info(
        "staged %d articles, %d failures of source %s",
        len(result.articles),
        len(result.errors),
        source_name,
    )
    return {"articles": str(articles_path), "fetch_errors": str(errors_path)}


@timed("fetch")
def run_merge_fetched(settings: Settings, interval: Interval) -> dict[str, str]:
    """Merge every source's staging files into the interval's articles and fetch_errors
    partitions, deduplicating as `run_fetch` does. A source without staging files is a failure."""
    from pipeline.sources import load_sources

    sources = load_sources(settings.sources)
    with interval_lock(settings, interval.ds, purpose="merge fetched"):
        return _merge_fetched(settings, interval, sources)


def _merge_fetched(
    settings: Settings, interval: Interval, sources: list[SourceConfig]
) -> dict[str, str]:
    from pipeline.errors import RetryableError
    from pipeline.fetch import REMOTE_KINDS, FetchResult, dedupe

    merged = FetchResult(interval)
    stats: dict[str, Counter[str]] = {}
    for source in sources:
        articles_path, errors_path = _staging_paths(settings, interval.ds, source.name)
        if not (articles_path.exists() and errors_path.exists()):
            missing = RetryableError(f"no staged fetch of source {source.name} for {interval.ds}")
            merged.fail(source.name, source.location, "merge", missing)
            continue
        table = pq.read_table(articles_path)
        raw_stats = (table.schema.metadata or {}).get(b"communique.fetch_stats", b"{}")
        stats[source.name] = Counter(json.loads(raw_stats))
        for row in table.to_pylist():
            row.pop("content_hash", None)
            merged.add(Article(**row))
        merged.errors.extend(FetchError(**row) for row in pq.read_table(errors_path).to_pylist())
    remote = {s.name for s in sources if s.kind in REMOTE_KINDS}
    history = _near_duplicate_history(settings, interval.ds) if remote else None
    result = dedupe(merged, history=history, near_sources=remote)
    return _write_fetched(settings, interval, result, stats, [s.name for s in sources])


def _articles_from_table(path: Path) -> list[Article]:
    table = pq.read_table(path)
    out = []
    for row in table.to_pylist():
        row.pop("content_hash", None)
        out.append(Article(**row))
    return out


@timed("extract")
def run_extract(settings: Settings, interval: Interval) -> str:
    """Extract events from the interval's articles (duplicates link to their first copy). An
    article whose extraction fails becomes an ``extract_errors`` row (`pipeline.boundary`).
    Streams: one extract shard reads the articles in record batches and writes the events as it
    goes, then the merge writes the partition (the same bytes as any number of shards)."""
    from pipeline.ops import extract_shard, merge_shards

    with interval_lock(settings, interval.ds, purpose="extract"):
        stored = partition_path(settings.data_dir, "articles", interval.ds)
        if not stored.exists():
            from pipeline.errors import BadInputError

            msg = f"no stored articles for {interval.ds}: run `communique fetch` for it first"
            raise BadInputError(msg)
        extract_shard(settings, interval, 0, 1)
        return merge_shards(settings, interval, 1)


def run_load(settings: Settings, interval: Interval) -> dict[str, int]:
    """Load the interval into DuckDB, then write and load its run summary."""
    from pipeline.load import load_interval
    from pipeline.ops import record_run_summary

    with interval_lock(settings, interval.ds, purpose="load"):
        with stage_timer(settings.staging_dir, interval.ds, "load"):
            counts = load_interval(
                settings.warehouse, settings.sql_dir, settings.data_dir, interval.ds
            )
        record_run_summary(settings, interval)
    return counts


def run_check(settings: Settings) -> dict[str, int]:
    from pipeline.check import run_checks

    return run_checks(settings.warehouse, settings.sql_dir)


def run_publish(settings: Settings) -> str:
    """Publish the warehouse for analysts and BI tools (an atomic, read-only copy)."""
    from pipeline.marts import export_marts
    from pipeline.publish import publish

    publish(settings.warehouse, settings.sql_dir, settings.publish_path)
    export_marts(settings.publish_path)
    return str(settings.publish_path)


def run_all(settings: Settings, day: dt.date) -> dict[str, Any]:
    """The whole pipeline for one day's interval, no Airflow needed."""
    interval = Interval.for_day(day)
    with interval_lock(settings, interval.ds, purpose="run"):  # fetch to publish, one run at once
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
