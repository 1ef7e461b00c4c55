"""The run summary of each data interval: one row written as its last step of the load.

The row records how many articles were stored, duplicated and failed, how many events of each type
came out, how long each stage took (from the timings ``pipeline.observe`` records) and which
extractor produced them. It is a Parquet dataset (``run_summary``, partitioned by ``ds`` like the
others) loaded into ``raw_run_summary`` inside the interval's load transaction
(``pipeline.runner.run_load``), so the warehouse holds an interval's data and its summary together
or neither. Unlike the data datasets it is not byte-identical across reruns: it records durations
and times of the latest run.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.extract import engine
from pipeline.observe import read_timings
from pipeline.schema import RUN_SUMMARY, SCHEMA_VERSION
from pipeline.settings import Settings
from pipeline.store import partition_path, read_file, write_partition

log = logging.getLogger(__name__)

FETCH_MODE = "fetch"
REPROCESS_MODE = "reprocess"


def current_run_id(default: str = "cli") -> str:
    """The Airflow run id when called from a task, else ``default``."""
    return os.environ.get("AIRFLOW_CTX_DAG_RUN_ID") or default


def read_column(path: Path, columns: list[str]) -> list[dict[str, Any]]:
    """Some columns of a partition file as rows (none when the file does not exist)."""
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = read_file(path, columns=columns).to_pylist()
    return rows


def _values(path: Path, column: str) -> pa.ChunkedArray[Any]:
    """One column of a partition file, in columnar form (empty when the file does not exist)."""
    if not path.exists():
        return pa.chunked_array([], type=pa.string())
    return read_file(path, columns=[column]).column(0)


def _count(values: pa.ChunkedArray[Any]) -> Counter[str]:
    """How often each value occurs (nulls left out)."""
    counts: Any = pc.value_counts(values)
    keys, ns = counts.field("values").to_pylist(), counts.field("counts").to_pylist()
    return Counter({str(k): int(n) for k, n in zip(keys, ns, strict=True) if k is not None})


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
    settings: Settings,
    ds: str,
    *,
    mode: str | None = None,
    run_id: str | None = None,
    load_seconds: float | None = None,
) -> dict[str, Any]:
    """The summary row of interval ``ds`` from its stored partitions and recorded timings
    (``load_seconds``: the load still running, not recorded yet)."""
    data = settings.data_dir
    duplicates = _values(partition_path(data, "articles", ds), "duplicate_of")
    failures = _values(partition_path(data, "fetch_errors", ds), "stage")
    events = partition_path(data, "events", ds)
    by_type = _count(_values(events, "event_type"))
    modalities = _count(_values(events, "modality"))
    versions = _count(_values(events, "extractor_version"))
    timings = read_timings(settings.staging_dir, ds)
    if load_seconds is not None:
        timings["load"] = {"stage": "load", "seconds": round(load_seconds, 6)}

    def seconds(stage: str) -> float | None:
        return float(timings[stage]["seconds"]) if stage in timings else None

    return {
        "run_id": run_id or current_run_id(),
        "mode": mode or str(timings.get("fetch", {}).get("mode", FETCH_MODE)),
        "recorded_at": dt.datetime.now(dt.UTC),
        "articles_fetched": len(duplicates),
        "articles_duplicate": sum(n for v, n in _count(duplicates).items() if v),
        "articles_failed": len(failures),
        "events_total": by_type.total(),
        "events_asserted": modalities["asserted"],
        "events_by_type": sorted(by_type.items()),
        "fetch_seconds": _fetch_seconds(timings),
        "extract_seconds": _extract_seconds(timings),
        "load_seconds": seconds("load"),
        "stage_seconds": sorted((k, float(v["seconds"])) for k, v in timings.items()),
        "extractor_version": engine.EXTRACTOR_VERSION,
        "event_extractor_versions": sorted(versions),
        "schema_version": SCHEMA_VERSION,
    }


def write_run_summary(
    settings: Settings,
    ds: str,
    *,
    mode: str | None = None,
    run_id: str | None = None,
    load_seconds: float | None = None,
) -> dict[str, Any]:
    """Write interval ``ds``'s run summary partition (the caller loads it) and log it."""
    row = build_run_summary(settings, ds, mode=mode, run_id=run_id, load_seconds=load_seconds)
    write_partition(
        settings.data_dir, "run_summary", ds, pa.Table.from_pylist([row], schema=RUN_SUMMARY)
    )
    log.info(
        "run summary %s: %d articles (%d duplicates), %d failures, %d events; "
        "fetch %s s, extract %s s, load %s s",
        ds,
        row["articles_fetched"],
        row["articles_duplicate"],
        row["articles_failed"],
        row["events_total"],
        row["fetch_seconds"],
        row["extract_seconds"],
        row["load_seconds"],
        extra={
            "ds": ds,
            "run_summary": {
                k: v for k, v in row.items() if k not in ("recorded_at", "stage_seconds")
            },
        },
    )
    return row
