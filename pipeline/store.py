"""Store stage: Parquet datasets partitioned by the run's data interval (``ds=YYYY-MM-DD``).

Each partition is one file, replaced atomically: the new file is written beside the old one and
renamed over it, so a reader (or a crash) sees the old partition or the new one, never half of
either. pyarrow's ``existing_data_behavior="delete_matching"`` deletes first and is not atomic.
Paths go through ``pyarrow.fs`` so the same code writes to a local folder or to object storage.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.observe import crash_point
from pipeline.schema import DATASETS, SCHEMA_VERSION

log = logging.getLogger(__name__)
PART_FILE = "part-0.parquet"
# a temp file left by a writer that died is invisible to readers (dot prefix, no .parquet suffix)
# and swept by the next write of its partition once it is this old
STALE_TEMP_SECONDS = 3600.0

SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "events": ["article_id", "event_id"],
    "fetch_errors": ["source", "url", "stage", "message"],
}


def partition_dir(data_dir: Path, dataset: str, ds: str) -> Path:
    return data_dir / dataset / f"ds={ds}"


def partition_path(data_dir: Path, dataset: str, ds: str) -> Path:
    return partition_dir(data_dir, dataset, ds) / PART_FILE


def to_table(dataset: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows to a table of the dataset's schema, sorted so equal inputs give equal files."""
    schema = DATASETS[dataset]
    table = pa.Table.from_pylist(list(rows), schema=schema)
    keys: list[tuple[str, Literal["ascending", "descending"]]] = [
        (k, "ascending") for k in SORT_KEYS[dataset]
    ]
    return table.sort_by(keys) if table.num_rows else table


def write_partition(data_dir: Path, dataset: str, ds: str, table: pa.Table) -> Path:
    """Write one partition atomically and return its path. An empty table still writes a file:
    'this interval was processed and had nothing' differs from 'never processed'."""
    schema = DATASETS[dataset]
    table = table.cast(schema).replace_schema_metadata(
        {
            b"communique.dataset": dataset.encode(),
            b"communique.schema_version": SCHEMA_VERSION.encode(),
            b"communique.partition": ds.encode(),
        }
    )
    target = partition_path(data_dir, dataset, ds)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{PART_FILE}.{uuid.uuid4().hex}.tmp")
    try:
        crash_point("store.write")
        pq.write_table(
            table,
            tmp,
            compression="zstd",
            row_group_size=64_000,
            write_statistics=True,
        )
        crash_point("store.written")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        crash_point("store.synced")
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        crash_point("store.replaced")
    finally:
        tmp.unlink(missing_ok=True)
    _sweep_stale_temps(target.parent)
    log.info("wrote %s rows to %s", table.num_rows, target)
    return target


def _sweep_stale_temps(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove temp files that writers killed mid-write left behind (a live writer's temp file is
    younger than ``older_than`` seconds and is left alone)."""
    now = time.time()
    for path in folder.glob(f".{PART_FILE}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > older_than:
                path.unlink()
                log.info("removed stale temp file %s", path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_partition(data_dir: Path, dataset: str, ds: str) -> pa.Table:
    """Read one partition, checking it was written with this schema version."""
    path = partition_path(data_dir, dataset, ds)
    table = pq.read_table(path)
    meta = table.schema.metadata or {}
    version = meta.get(b"communique.schema_version", b"?").decode()
    if version != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema version {version}, expected {SCHEMA_VERSION}")
    return table


def list_partitions(data_dir: Path, dataset: str) -> Sequence[str]:
    root = data_dir / dataset
    if not root.is_dir():
        return []
    return sorted(
        p.name.removeprefix("ds=")
        for p in root.iterdir()
        if p.name.startswith("ds=") and (p / PART_FILE).exists()
    )
