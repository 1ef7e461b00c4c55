"""Parquet partitions: schema version in metadata, deterministic bytes, atomic replacement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import store
from pipeline.models import Article
from pipeline.schema import SCHEMA_VERSION


def _articles(n: int) -> list[Article]:
    t = dt.datetime(2023, 1, 2, tzinfo=dt.UTC)
    return [
        Article(article_id=f"a{i}", source="s", text=f"text {i}", fetched_at=t) for i in range(n)
    ]


def test_partition_roundtrip_and_metadata(tmp_path: Path) -> None:
    table = store.to_table("articles", (a.to_row() for a in _articles(3)))
    path = store.write_partition(tmp_path, "articles", "2023-01-02", table)
    assert path == tmp_path / "articles" / "ds=2023-01-02" / "part-0.parquet"
    meta = pq.read_schema(path).metadata
    assert meta[b"communique.schema_version"] == SCHEMA_VERSION.encode()
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    assert store.read_partition(tmp_path, "articles", "2023-01-02").num_rows == 3
    assert store.list_partitions(tmp_path, "articles") == ["2023-01-02"]


def test_same_rows_in_any_order_give_identical_files(tmp_path: Path) -> None:
    rows = [a.to_row() for a in _articles(5)]
    a = store.write_partition(tmp_path / "x", "articles", "d", store.to_table("articles", rows))
    b = store.write_partition(
        tmp_path / "y", "articles", "d", store.to_table("articles", reversed(rows))
    )
    assert a.read_bytes() == b.read_bytes()


def test_failed_write_leaves_previous_partition_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = store.to_table("articles", (a.to_row() for a in _articles(2)))
    path = store.write_partition(tmp_path, "articles", "d", good)
    before = path.read_bytes()

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store.pq.ParquetWriter, "write_table", boom)
    with pytest.raises(OSError, match="disk full"):
        store.write_partition(tmp_path, "articles", "d", good.slice(0, 1))
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["part-0.parquet"]


def test_empty_partition_is_written(tmp_path: Path) -> None:
    path = store.write_partition(tmp_path, "events", "d", store.to_table("events", []))
    assert pq.read_table(path).num_rows == 0
