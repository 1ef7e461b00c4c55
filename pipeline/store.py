"""Store stage: Parquet datasets partitioned by the run's data interval (``ds=YYYY-MM-DD``).

Each partition is one file, replaced atomically (`pipeline.files.atomic_write`): the new file is
written beside the old one and renamed over it, so a reader (or a crash) sees the old partition or
the new one, never half of either. pyarrow's ``existing_data_behavior="delete_matching"`` deletes
first and is not atomic.

``data_dir`` is a local folder (``Settings`` also accepts a ``file://`` URI for it). Object storage
is reached as a mounted folder (see docs/DEPLOYMENT.md): the DuckDB load, the interval locks and
the staging files all need a path every task sees.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.files import atomic_write, sweep_stale_temps
from pipeline.observe import crash_point
from pipeline.schema import DATASETS, SCHEMA_VERSION

log = logging.getLogger(__name__)
PART_FILE = "part-0.parquet"

# rows per row group: a partition is written (and read back) one row group at a time, so these
# bound a stage's memory whatever the interval holds (text-heavy datasets get small groups)
ROW_GROUP_ROWS: dict[str, int] = {"articles": 1_000, "events": 10_000}
DEFAULT_ROW_GROUP_ROWS = 64_000

SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "events": ["article_id", "event_id"],
    "fetch_errors": ["source", "url", "stage", "message"],
    "extract_errors": ["article_id"],
}


def partition_dir(data_dir: Path, dataset: str, ds: str) -> Path:
    return data_dir / dataset / f"ds={ds}"


def partition_path(data_dir: Path, dataset: str, ds: str) -> Path:
    """The partition's file."""
    return partition_dir(data_dir, dataset, ds) / PART_FILE


def to_table(dataset: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows to a table of the dataset's schema, sorted so equal inputs give equal files."""
    schema = DATASETS[dataset]
    table = pa.Table.from_pylist(list(rows), schema=schema)
    keys: list[tuple[str, Literal["ascending", "descending"]]] = [
        (k, "ascending") for k in SORT_KEYS[dataset]
    ]
    return table.sort_by(keys) if table.num_rows else table


def keep_pandas_out() -> None:
    """Keep pandas out of a process that runs the stages. pyarrow imports pandas (about 50 MiB
    resident, for good) the first time it converts Python values (``Table.from_pylist``,
    ``pa.array``), only to check whether they are pandas objects; no stage hands it any. Its
    pandas shim is told once that pandas is missing; ``to_pandas`` and ``from_pandas`` still
    import pandas when called (the shim tries again when pandas itself is needed). Not done on
    import of the notebook API: there ``pa.array`` of a pandas Series must know it is one."""
    shim = getattr(pa.lib, "_pandas_api", None)
    if shim is None or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` fails here
    try:
        shim.have_pandas  # noqa: B018  # the shim tries its import once, now, and records it
    except Exception:  # another pyarrow: it imports pandas as usual
        pass
    finally:
        del sys.modules["pandas"]


def write_partition(
    data_dir: Path,
    dataset: str,
    ds: str,
    table: pa.Table,
    metadata: dict[bytes, bytes] | None = None,
) -> Path:
    """Write one partition atomically and return its path. An empty table still writes a file:
    'this interval was processed and had nothing' differs from 'never processed'. ``metadata``
    adds keys to the file's schema metadata (e.g. which sources fetched which articles)."""
    return write_partition_stream(data_dir, dataset, ds, [table], metadata)


def _row_groups(tables: Iterable[pa.Table], rows: int) -> Iterator[pa.Table]:
    """The rows of ``tables`` in order, regrouped into tables of exactly ``rows`` rows (the last
    one shorter): row groups then fall at the same rows however the input was batched."""
    pending: list[pa.Table] = []
    held = 0
    for table in tables:
        pending.append(table)
        held += table.num_rows
        while held >= rows:
            merged = pa.concat_tables(pending)
            yield merged.slice(0, rows).combine_chunks()
            rest = merged.slice(rows)
            pending, held = [rest], rest.num_rows
    if held:
        yield pa.concat_tables(pending).combine_chunks()


def write_partition_stream(
    data_dir: Path,
    dataset: str,
    ds: str,
    tables: Iterable[pa.Table],
    metadata: dict[bytes, bytes] | None = None,
) -> Path:
    """``write_partition`` from tables that arrive one after another (already in the dataset's
    order): at most one row group of rows is held, so a partition of any size is written in
    bounded memory, and the bytes are the same however the rows were split into tables."""
    schema = DATASETS[dataset].with_metadata(
        {
            **(metadata or {}),
            b"communique.dataset": dataset.encode(),
            b"communique.schema_version": SCHEMA_VERSION.encode(),
            b"communique.partition": ds.encode(),
        }
    )
    target = partition_path(data_dir, dataset, ds)
    rows = 0
    crash_point("store.write")
    with (
        atomic_write(target, step=lambda point: crash_point(f"store.{point}")) as tmp,
        pq.ParquetWriter(tmp, schema, compression="zstd", write_statistics=True) as writer,
    ):
        size = ROW_GROUP_ROWS.get(dataset, DEFAULT_ROW_GROUP_ROWS)
        casted = (
            t.cast(DATASETS[dataset]).replace_schema_metadata(schema.metadata) for t in tables
        )
        for group in _row_groups(casted, size):
            writer.write_table(group, row_group_size=size)
            rows += group.num_rows
        if not rows:
            writer.write_table(schema.empty_table())
    sweep_stale_temps(target.parent, PART_FILE)
    log.info("wrote %s rows to %s", rows, target)
    return target


def read_file(path: Path, columns: Sequence[str] | None = None) -> pa.Table:
    """One Parquet file (some ``columns`` of it), read without ``pyarrow.dataset``: that module,
    which ``pq.read_table`` imports, adds about 55 MiB to a process's memory for good."""
    return pq.ParquetFile(path).read(columns=list(columns) if columns is not None else None)


def read_partition(data_dir: Path, dataset: str, ds: str) -> pa.Table:
    """Read one partition, checking it was written with this schema version."""
    path = partition_path(data_dir, dataset, ds)
    table = read_file(path)
    meta = table.schema.metadata or {}
    version = meta.get(b"communique.schema_version", b"?").decode()
    if version != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema version {version}, expected {SCHEMA_VERSION}")
    return table


def list_partitions(data_dir: Path, dataset: str) -> Sequence[str]:
    """The intervals of a dataset that have a partition file (temp files never count)."""
    root = data_dir / dataset
    if not root.is_dir():
        return []
    return sorted(
        p.name.removeprefix("ds=")
        for p in root.iterdir()
        if p.name.startswith("ds=") and (p / PART_FILE).exists()
    )
