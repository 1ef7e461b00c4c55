"""The stages as one call each, keyed on the data interval. The DAG, the CLI, backfills and
reprocessing (`pipeline.ops`) all call these.

Each stage reads its inputs from the previous stage's Parquet partition and returns the path it
wrote, so tasks pass paths (never data) and a rerun of an interval replaces exactly its partition.
The load writes the interval and its run summary (`pipeline.summary`) in one transaction.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import heapq
import json
import logging
import re
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.boundary import Boundary
from pipeline.check import run_checks
from pipeline.errors import BadInputError, ConfigError, RetryableError
from pipeline.extract import load_models
from pipeline.fetch import REMOTE_KINDS, FetchResult, dedupe, fetch_all, fetch_source, summarize
from pipeline.fetch.base import SpooledArticles, TextSpool
from pipeline.fetch.dedup import NearDuplicateIndex, sketch
from pipeline.fetch.urls import try_canonicalize
from pipeline.files import atomic_write
from pipeline.intervals import FETCHED_BY, interval_lock, merge_by_source
from pipeline.load import memory_fallback, replace_interval, replace_intervals, writing
from pipeline.marts import export_marts
from pipeline.models import Article, FetchError, Interval
from pipeline.observe import stage_timer, timed
from pipeline.publish import publish
from pipeline.schema import ARTICLES, DATASETS, FETCH_ERRORS
from pipeline.settings import Settings
from pipeline.sources import SourceConfig, load_sources
from pipeline.store import (
    SORT_KEYS,
    keep_pandas_out,
    list_partitions,
    partition_path,
    read_file,
    to_table,
    write_partition,
    write_partition_stream,
)
from pipeline.summary import write_run_summary

log = logging.getLogger(__name__)
keep_pandas_out()  # no stage needs pandas: about 50 MiB less in every stage's process
NEAR_DUPLICATE_LOOKBACK = 14  # earlier articles partitions compared for syndicated copies
FETCH_BATCH = 1_000  # articles written to the partition per batch
MERGE_ROWS = 4_096  # events per batch when merging extract shards


def _seen_elsewhere(settings: Settings, ds: str) -> set[str]:
    """Article ids already stored under another interval: seen before, not fetched again."""
    seen: set[str] = set()
    for other in list_partitions(settings.data_dir, "articles"):
        if other != ds:
            path = partition_path(settings.data_dir, "articles", other)
            seen.update(
                str(v) for v in read_file(path, columns=["article_id"]).column(0).to_pylist()
            )
    return seen


def _stored_urls(settings: Settings, ds: str) -> set[str]:
    """Canonical URLs of articles stored under other intervals: not requested again."""

    urls: set[str] = set()
    for other in list_partitions(settings.data_dir, "articles"):
        if other == ds:
            continue
        path = partition_path(settings.data_dir, "articles", other)
        table = read_file(path, columns=["url", "canonical_url"])
        for url, canonical in zip(*(c.to_pylist() for c in table.columns), strict=True):
            if canonical:
                urls.add(str(canonical))
            if url and (normal := try_canonicalize(str(url))):
                urls.add(normal)
    return urls


def _near_duplicate_history(settings: Settings, ds: str) -> NearDuplicateIndex:
    """Sketches of the first copies stored by the latest earlier intervals, oldest first."""

    index = NearDuplicateIndex()
    earlier = [d for d in list_partitions(settings.data_dir, "articles") if d < ds]
    for other in earlier[-NEAR_DUPLICATE_LOOKBACK:]:
        path = partition_path(settings.data_dir, "articles", other)
        table = read_file(path, columns=["article_id", "text", "content_hash", "duplicate_of"])
        for row in table.to_pylist():
            if not row["duplicate_of"]:
                index.add(row["article_id"], sketch(row["text"]), row["content_hash"])
    return index


def _has_remote(sources: list[SourceConfig]) -> bool:
    return any(s.kind in REMOTE_KINDS for s in sources)


@timed("fetch")
def run_fetch(settings: Settings, interval: Interval) -> dict[str, str]:
    """Fetch every source for the interval; write articles and fetch errors partitions."""
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
            return _write_fetched(settings, interval, result, stats, [s.name for s in sources])
        # local sources only: the texts wait on disk until the partition is written
        with TextSpool(settings.staging_dir / f"ds={interval.ds}") as spool:
            result = fetch_all(sources, interval, spool=spool)
            names = [s.name for s in sources]
            return _write_fetched(settings, interval, result, stats, names, spool)


def _write_fetched(
    settings: Settings,
    interval: Interval,
    result: FetchResult,
    stats: dict[str, Counter[str]],
    declared: list[str],
    spool: TextSpool | None = None,
) -> dict[str, str]:
    """Write the interval's articles (less those stored under other intervals) and failures,
    keeping the stored rows of sources this fetch does not declare (`merge_by_source`). The
    articles are written ``FETCH_BATCH`` at a time, their texts read back from ``spool``."""
    seen = _seen_elsewhere(settings, interval.ds)
    fetched = result.articles
    fresh: Sequence[Article]
    if isinstance(fetched, SpooledArticles):
        fresh = fetched.kept(i not in seen for i in fetched.article_ids()) if seen else fetched
    else:
        fresh = [a for a in fetched if a.article_id not in seen]
    if len(fresh) < len(fetched):
        log.info("skipped %d articles seen in earlier runs", len(fetched) - len(fresh))
    stored, failures, fetched_by = merge_by_source(
        settings, interval.ds, declared, fresh, list(result.errors)
    )
    batches: Iterator[pa.Table]
    if isinstance(stored, SpooledArticles):  # rows read back from the spool, a batch at a time
        ordered = stored.by_id()
        batches = (
            to_table("articles", ordered.rows(i, i + FETCH_BATCH))
            for i in range(0, len(ordered), FETCH_BATCH)
        )
    else:
        listed = sorted(stored, key=lambda a: a.article_id)
        batches = (
            to_table(
                "articles",
                (spool.row(a) if spool else a.to_row() for a in listed[i : i + FETCH_BATCH]),
            )
            for i in range(0, len(listed), FETCH_BATCH)
        )
    articles = write_partition_stream(
        settings.data_dir, "articles", interval.ds, batches, {FETCHED_BY: fetched_by}
    )
    errors = write_partition(
        settings.data_dir,
        "fetch_errors",
        interval.ds,
        to_table("fetch_errors", (e.to_row() for e in failures)),
    )
    log.info("fetched %d articles, %d failures", len(fresh), len(result.errors))
    skipped = Counter(a.source for a in fetched if a.article_id in seen) if seen else Counter()
    summarize(fresh, result.errors, stats, skipped)
    return {"articles": str(articles), "fetch_errors": str(errors)}


def _staging_paths(settings: Settings, ds: str, source_name: str) -> tuple[Path, Path]:
    folder = settings.staging_dir / f"ds={ds}"
    name = f"source={quote(source_name, safe='')}.parquet"
    return folder / name, folder / "errors" / name


def _write_staging(path: Path, table: pa.Table) -> None:
    with atomic_write(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def run_fetch_source(settings: Settings, interval: Interval, source_name: str) -> dict[str, str]:
    """Fetch one declared source into staging files (for a task mapped over the sources);
    `run_merge_fetched` then builds the interval's partitions from every source's files."""
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

    sources = load_sources(settings.sources)
    with interval_lock(settings, interval.ds, purpose="merge fetched"):
        return _merge_fetched(settings, interval, sources)


def _merge_fetched(
    settings: Settings, interval: Interval, sources: list[SourceConfig]
) -> dict[str, str]:
    merged = FetchResult(interval)
    stats: dict[str, Counter[str]] = {}
    for source in sources:
        articles_path, errors_path = _staging_paths(settings, interval.ds, source.name)
        if not (articles_path.exists() and errors_path.exists()):
            missing = RetryableError(f"no staged fetch of source {source.name} for {interval.ds}")
            merged.fail(source.name, source.location, "merge", missing)
            continue
        table = read_file(articles_path)
        raw_stats = (table.schema.metadata or {}).get(b"communique.fetch_stats", b"{}")
        stats[source.name] = Counter(json.loads(raw_stats))
        for row in table.to_pylist():
            row.pop("content_hash", None)
            merged.add(Article(**row))
        merged.errors.extend(FetchError(**row) for row in read_file(errors_path).to_pylist())
    remote = {s.name for s in sources if s.kind in REMOTE_KINDS}
    history = _near_duplicate_history(settings, interval.ds) if remote else None
    result = dedupe(merged, history=history, near_sources=remote)
    return _write_fetched(settings, interval, result, stats, [s.name for s in sources])


@timed("extract")
def run_extract(settings: Settings, interval: Interval) -> str:
    """Extract events from the interval's articles (duplicates link to their first copy). An
    article whose extraction fails becomes an ``extract_errors`` row (`pipeline.boundary`).
    Streams: one extract shard reads the articles in record batches and writes the events as it
    goes, then the merge writes the partition (the same bytes as any number of shards)."""
    with interval_lock(settings, interval.ds, purpose="extract"):
        stored = partition_path(settings.data_dir, "articles", interval.ds)
        if not stored.exists():
            msg = f"no stored articles for {interval.ds}: run `communique fetch` for it first"
            raise BadInputError(msg)
        extract_shard(settings, interval, 0, 1)
        return merge_shards(settings, interval, 1)


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
    # no pre-buffering: it reads ahead up to 34 MiB of article text for batches of 256 articles
    source = pq.ParquetFile(
        partition_path(settings.data_dir, "articles", interval.ds), pre_buffer=False
    )
    path = shard_path(settings, interval.ds, shard, shards)
    events = articles = 0
    load_models()  # before the budgets start: no article pays for the models' first load
    with (
        atomic_write(path) as tmp,
        Boundary(settings.extract_timeout).installed() as boundary,
        pq.ParquetWriter(tmp, DATASETS["events"], compression="zstd") as writer,
    ):
        # read on this thread: pages that pyarrow's pool threads allocate stay with those
        # threads when freed, out of reach of `release_memory` (13 MiB after 1,000 articles)
        # events go out in row groups of MERGE_ROWS: a writer keeps every row group's metadata
        # until it closes (a group per batch of articles held 50 MiB over 120,000 articles)
        pending: list[pa.Table] = []
        held = 0
        for batch in source.iter_batches(batch_size=EXTRACT_BATCH, use_threads=False):
            rows: list[dict[str, Any]] = []
            for row in batch.to_pylist():
                if row["duplicate_of"] or shard_of(str(row["article_id"]), shards) != shard:
                    continue
                row.pop("content_hash", None)
                articles += 1
                found = boundary.extract(Article(**row), interval.start.date())
                rows.extend(e.to_row() for e in found)
            events += len(rows)
            pending.append(to_table("events", rows))
            held += len(rows)
            if held >= MERGE_ROWS:
                writer.write_table(pa.concat_tables(pending))
                pending, held = [], 0
        if held or not events:
            writer.write_table(pa.concat_tables(pending or [to_table("events", [])]))
    failures = to_table("extract_errors", (f.to_row() for f in boundary.failures))
    _write_staging(_errors_shard(path), failures)
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

    paths = [shard_path(settings, interval.ds, k, shards) for k in range(shards)]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise RetryableError(f"extract shards missing for {interval.ds}: {missing}")
    failed = _sorted(
        "extract_errors",
        [read_file(_errors_shard(p)) for p in paths if _errors_shard(p).exists()],
    )
    with interval_lock(settings, interval.ds, purpose="merge events"):
        target = write_partition_stream(
            settings.data_dir, "events", interval.ds, _merged_events(paths)
        )
        write_partition(settings.data_dir, "extract_errors", interval.ds, failed)
    for p in paths:
        p.unlink(missing_ok=True)
        _errors_shard(p).unlink(missing_ok=True)
    events = pq.ParquetFile(target).metadata.num_rows
    log.info("merged %d shards of %s: %d events", shards, interval.ds, events)
    return str(target)


def _merged_events(paths: list[Path]) -> Iterator[pa.Table]:
    """Every shard's events in the partition's order (article id, event id), ``MERGE_ROWS`` at a
    time. Each shard file is in that order already (its articles are read in id order, and each
    batch's events sorted), so the shards merge as streams: one row group each at a time."""
    files = [pq.ParquetFile(p) for p in paths]
    if len(files) == 1:
        for batch in files[0].iter_batches(batch_size=MERGE_ROWS, use_threads=False):
            yield pa.Table.from_batches([batch])
        return
    schema = DATASETS["events"]
    keys = SORT_KEYS["events"]

    def rows(source: pq.ParquetFile) -> Iterator[dict[str, Any]]:
        for batch in source.iter_batches(batch_size=MERGE_ROWS):
            yield from batch.to_pylist()

    chunk: list[dict[str, Any]] = []
    for row in heapq.merge(*(rows(f) for f in files), key=lambda r: tuple(r[k] for k in keys)):
        chunk.append(row)
        if len(chunk) == MERGE_ROWS:
            yield pa.Table.from_pylist(chunk, schema=schema)
            chunk = []
    if chunk:
        yield pa.Table.from_pylist(chunk, schema=schema)


def run_load(
    settings: Settings,
    interval: Interval,
    *,
    rebuild: bool = True,
    mode: str | None = None,
    run_id: str | None = None,
) -> dict[str, int]:
    """Load the interval into DuckDB and record its run summary, in one transaction (``rebuild``
    False: leave the core tables to one ``rebuild_core`` after many loads)."""
    with (
        interval_lock(settings, interval.ds, purpose="load"),
        stage_timer(settings.staging_dir, interval.ds, "load"),
    ):
        started = time.perf_counter()

        def work(attempt: Settings) -> dict[str, int]:
            with _writing(attempt) as con:
                counts = replace_interval(
                    con, settings.sql_dir, settings.data_dir, interval.ds, rebuild=rebuild
                )
                seconds = time.perf_counter() - started
                _record_summary(con, settings, interval.ds, seconds, mode, run_id)
                return counts

        counts = memory_fallback(work, settings)
    log.info("loaded interval %s: %s", interval.ds, counts)
    return counts


def run_load_intervals(
    settings: Settings, intervals: Sequence[Interval]
) -> dict[str, dict[str, int]]:
    """Load many intervals (a backfill) in one transaction, with their run summaries; the load's
    time is recorded under the last interval."""
    if not intervals:
        return {}
    last = intervals[-1].ds
    with stage_timer(settings.staging_dir, last, "load"):
        started = time.perf_counter()

        def work(attempt: Settings) -> dict[str, dict[str, int]]:
            with _writing(attempt) as con:
                days = [i.ds for i in intervals]
                counts = replace_intervals(con, settings.sql_dir, settings.data_dir, days)
                for ds in sorted(set(days)):
                    seconds = time.perf_counter() - started if ds == last else None
                    _record_summary(con, settings, ds, seconds, None, None)
                return counts

        counts = memory_fallback(work, settings)
    log.info("loaded %d intervals in one transaction", len(counts))
    return counts


def _writing(settings: Settings) -> Any:
    return writing(
        settings.warehouse,
        settings.sql_dir,
        lookback_days=settings.cluster_lookback_days,
        settings=settings,
    )


def _record_summary(
    con: Any,
    settings: Settings,
    ds: str,
    load_seconds: float | None,
    mode: str | None,
    run_id: str | None,
) -> None:
    """Write the interval's run summary partition and load it in the caller's transaction."""
    write_run_summary(settings, ds, mode=mode, run_id=run_id, load_seconds=load_seconds)
    replace_interval(
        con, settings.sql_dir, settings.data_dir, ds, rebuild=False, datasets=("run_summary",)
    )


def run_check(settings: Settings) -> dict[str, int]:
    return run_checks(settings.warehouse, settings.sql_dir, settings=settings)


def run_publish(settings: Settings) -> str:
    """Publish the warehouse for analysts and BI tools (an atomic, read-only copy)."""
    publish(
        settings.warehouse,
        settings.sql_dir,
        settings.publish_path,
        settings=settings,
    )
    export_marts(settings.publish_path, settings)
    return str(settings.publish_path)


def release_memory(*, extractor: bool = False) -> None:
    """Hand memory a finished stage freed back to the system, and with ``extractor`` drop the
    extractor's models too (gazetteers, lexicon, place index: built once per process and cached;
    a later extraction builds them again). ``run_all`` runs every stage in one process: without
    this, the load and publish would sit on top of the fetch's and the extraction's memory."""
    if extractor:
        for name, module in list(sys.modules.items()):
            if name == "pipeline.extract" or name.startswith("pipeline.extract."):
                for value in list(vars(module).values()):
                    clear = getattr(value, "cache_clear", None)
                    if callable(clear):
                        clear()
        re.purge()  # the extractor's patterns compiled on the fly: up to 512 of them
    # ``urlsplit`` keeps its last 128 results, made at the end of a stage among its articles:
    # each would hold an arena of the interpreter's small objects once the articles are freed
    getattr(urllib.parse, "clear_cache", lambda: None)()  # undocumented, so not in stubs
    gc.collect()
    # pyarrow's allocator keeps the pages of a stage's batches after they are freed: after a
    # fetch of 30,000 articles, 56 MiB of the process's 187
    trim_heap()


def trim_heap() -> None:
    """Give the free pages of pyarrow's allocator (mimalloc) and of the C heap (glibc only) back
    to the system, between stages."""
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc() -> Any:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018  # glibc's, not another C library's
        return libc
    return None


_LIBC = _libc()


def stages(settings: Settings, interval: Interval) -> list[tuple[str, Callable[[], Any]]]:
    """The stages of one interval's run in one process, in order (``run_all`` and ``communique
    run``): each frees what it no longer needs before the next starts."""

    def fetch() -> dict[str, str]:
        try:
            return run_fetch(settings, interval)
        finally:
            release_memory()

    def extract() -> str:
        try:
            return run_extract(settings, interval)
        finally:
            release_memory(extractor=True)

    shared = shared_process_settings(settings)
    reading = shared_process_settings(settings, reading=True)
    return [
        ("fetch", fetch),
        ("extract", extract),
        ("load", lambda: run_load(shared, interval)),
        ("check", lambda: run_check(reading)),
        ("publish", lambda: run_publish(reading)),
    ]


def shared_process_settings(settings: Settings, *, reading: bool = False) -> Settings:
    """The settings of a load, checks and publish that run in the process of the fetch and the
    extraction (``stages``): DuckDB under ``run_memory_limit``, so that its buffers and the
    interpreter, libraries and leftovers of the earlier stages fit in one bound together; over
    it, the attempt under ``warehouse_memory_limit`` (and then none) comes next. ``reading``
    (the checks and the publish): under ``run_read_memory_limit``, then ``run_memory_limit``."""
    if not settings.run_memory_limit or not settings.warehouse_memory_limit:
        return settings
    if reading and settings.run_read_memory_limit:
        return shared_process_settings(settings).model_copy(
            update={
                "warehouse_memory_limit": settings.run_read_memory_limit,
                "warehouse_memory_retry_limit": settings.run_memory_limit,
            }
        )
    return settings.model_copy(
        update={
            "warehouse_memory_limit": settings.run_memory_limit,
            "warehouse_memory_retry_limit": settings.warehouse_memory_limit,
            "warehouse_commit_memory_limit": (
                settings.run_commit_memory_limit or settings.warehouse_commit_memory_limit
            ),
            "warehouse_threads": settings.run_threads or settings.warehouse_threads,
        }
    )


def run_all(settings: Settings, day: dt.date) -> dict[str, Any]:
    """The whole pipeline for one day's interval, no Airflow needed."""
    interval = Interval.for_day(day)
    with interval_lock(settings, interval.ds, purpose="run"):  # fetch to publish, one run at once
        return {name: stage() for name, stage in stages(settings, interval)}
