"""Store stage: Parquet datasets partitioned by the run's data interval (``ds=YYYY-MM-DD``).

Each partition is one file, replaced atomically: the new file is written beside the old one and
renamed over it, so a reader (or a crash) sees the old partition or the new one, never half of
either. pyarrow's ``existing_data_behavior="delete_matching"`` deletes first and is not atomic.
Paths go through ``pyarrow.fs`` so the same code writes to a local folder or to object storage.

``data_dir`` is a local folder (a ``Path``, a plain path string or a ``file://`` URI: the code path
above, with fsync) or a URI that ``pyarrow.fs.FileSystem.from_uri`` knows (``s3://bucket/prefix``,
``gs://...``, ``hdfs://...``; credentials from the environment) or, failing that, fsspec
(``memory://``, ...). On object storage a partition is one object, written in one upload: it
becomes visible whole when the upload completes, which is the object store's atomic replace.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, overload

import pyarrow as pa
import pyarrow.fs as pafs
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
    "extract_errors": ["article_id"],
}


# object stores where a single object appears whole once its upload completes
ATOMIC_PUT_FILESYSTEMS = frozenset({"s3", "gcs", "abfs"})


def local_dir(data_dir: Path | str) -> Path | None:
    """The local folder ``data_dir`` names (a path or a ``file://`` URI), else None."""
    if isinstance(data_dir, Path):
        return data_dir
    if "://" not in data_dir:
        return Path(data_dir)
    if data_dir.startswith("file://"):
        return Path(pafs.FileSystem.from_uri(data_dir)[1])
    return None


def filesystem(uri: str) -> tuple[pafs.FileSystem, str]:
    """The filesystem and root path of a URI: pyarrow's own (s3, gs, hdfs, file), else fsspec's."""
    try:
        return pafs.FileSystem.from_uri(uri)
    except (pa.ArrowInvalid, ValueError):
        import fsspec

        fs, path = fsspec.core.url_to_fs(uri)
        return pafs.PyFileSystem(pafs.FSSpecHandler(fs)), str(path)  # type: ignore[abstract]


def partition_dir(data_dir: Path, dataset: str, ds: str) -> Path:
    return data_dir / dataset / f"ds={ds}"


@overload
def partition_path(data_dir: Path, dataset: str, ds: str) -> Path: ...
@overload
def partition_path(data_dir: str, dataset: str, ds: str) -> Path | str: ...
def partition_path(data_dir: Path | str, dataset: str, ds: str) -> Path | str:
    """The partition's file: a local Path, or a URI string on a remote filesystem."""
    local = local_dir(data_dir)
    if local is not None:
        return partition_dir(local, dataset, ds) / PART_FILE
    return f"{str(data_dir).rstrip('/')}/{dataset}/ds={ds}/{PART_FILE}"


def to_table(dataset: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows to a table of the dataset's schema, sorted so equal inputs give equal files."""
    schema = DATASETS[dataset]
    table = pa.Table.from_pylist(list(rows), schema=schema)
    keys: list[tuple[str, Literal["ascending", "descending"]]] = [
        (k, "ascending") for k in SORT_KEYS[dataset]
    ]
    return table.sort_by(keys) if table.num_rows else table


@overload
def write_partition(
    data_dir: Path,
    dataset: str,
    ds: str,
    table: pa.Table,
    metadata: dict[bytes, bytes] | None = ...,
) -> Path: ...
@overload
def write_partition(
    data_dir: str, dataset: str, ds: str, table: pa.Table, metadata: dict[bytes, bytes] | None = ...
) -> Path | str: ...
def write_partition(
    data_dir: Path | str,
    dataset: str,
    ds: str,
    table: pa.Table,
    metadata: dict[bytes, bytes] | None = None,
) -> Path | str:
    """Write one partition atomically and return its path. An empty table still writes a file:
    'this interval was processed and had nothing' differs from 'never processed'. ``metadata``
    adds keys to the file's schema metadata (e.g. which sources fetched which articles)."""
    schema = DATASETS[dataset]
    table = table.cast(schema).replace_schema_metadata(
        {
            **(metadata or {}),
            b"communique.dataset": dataset.encode(),
            b"communique.schema_version": SCHEMA_VERSION.encode(),
            b"communique.partition": ds.encode(),
        }
    )
    local = local_dir(data_dir)
    if local is None:
        return _write_remote(str(data_dir), dataset, ds, table)
    target = partition_path(local, dataset, ds)
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


def _write_remote(uri: str, dataset: str, ds: str, table: pa.Table) -> str:
    """Write a partition on a remote filesystem: one upload on an object store, else a temp
    file moved over the target."""
    fs, root = filesystem(uri)
    folder = f"{root.rstrip('/')}/{dataset}/ds={ds}"
    target = f"{folder}/{PART_FILE}"
    fs.create_dir(folder, recursive=True)
    options: dict[str, Any] = {
        "compression": "zstd",
        "row_group_size": 64_000,
        "write_statistics": True,
        "filesystem": fs,
    }
    crash_point("store.write")
    if fs.type_name in ATOMIC_PUT_FILESYSTEMS:
        pq.write_table(table, target, **options)
    else:
        tmp = f"{folder}/.{PART_FILE}.{uuid.uuid4().hex}.tmp"
        try:
            pq.write_table(table, tmp, **options)
            crash_point("store.written")
            fs.move(tmp, target)
        finally:
            with contextlib.suppress(OSError, FileNotFoundError):
                if fs.get_file_info(tmp).type != pafs.FileType.NotFound:
                    fs.delete_file(tmp)
    crash_point("store.replaced")
    path = f"{uri.rstrip('/')}/{dataset}/ds={ds}/{PART_FILE}"
    log.info("wrote %s rows to %s", table.num_rows, path)
    return path


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


def read_partition(data_dir: Path | str, dataset: str, ds: str) -> pa.Table:
    """Read one partition, checking it was written with this schema version."""
    path = partition_path(data_dir, dataset, ds)
    if isinstance(path, Path):
        table = pq.read_table(path)
    else:
        fs, root = filesystem(str(data_dir))
        table = pq.read_table(f"{root.rstrip('/')}/{dataset}/ds={ds}/{PART_FILE}", filesystem=fs)
    meta = table.schema.metadata or {}
    version = meta.get(b"communique.schema_version", b"?").decode()
    if version != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema version {version}, expected {SCHEMA_VERSION}")
    return table


def list_partitions(data_dir: Path | str, dataset: str) -> Sequence[str]:
    """The intervals of a dataset that have a partition file (temp files never count)."""
    local = local_dir(data_dir)
    if local is None:
        return _list_remote(str(data_dir), dataset)
    root = local / dataset
    if not root.is_dir():
        return []
    return sorted(
        p.name.removeprefix("ds=")
        for p in root.iterdir()
        if p.name.startswith("ds=") and (p / PART_FILE).exists()
    )


def _list_remote(uri: str, dataset: str) -> Sequence[str]:
    fs, root = filesystem(uri)
    base = f"{root.rstrip('/')}/{dataset}"
    found = fs.get_file_info(pafs.FileSelector(base, allow_not_found=True, recursive=True))
    return sorted(
        Path(info.path).parent.name.removeprefix("ds=")
        for info in found
        if info.type == pafs.FileType.File
        and Path(info.path).name == PART_FILE
        and Path(info.path).parent.name.startswith("ds=")
        and Path(info.path).parent.parent.as_posix().rstrip("/") == base.rstrip("/")
    )
