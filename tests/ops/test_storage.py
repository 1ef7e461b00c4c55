"""Storage through a filesystem abstraction: file:// URIs run the whole pipeline, and any
pyarrow or fsspec filesystem (here fsspec's in-memory one, standing in for object storage)
holds partitions with the same bytes, listing and replacement."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path

import pyarrow.fs as pafs
import pytest

from pipeline import store
from pipeline.models import Article
from pipeline.settings import Settings
from tests.ops.conftest import FIRST_DAY, run_days, settings_for
from tests.ops.corpus import day_range, make_corpus, parquet_digest


def _articles(n: int) -> store.pa.Table:
    t = dt.datetime(2023, 3, 6, tzinfo=dt.UTC)
    rows = [Article(article_id=f"a{i}", source="s", text=f"t {i}", fetched_at=t) for i in range(n)]
    return store.to_table("articles", (a.to_row() for a in rows))


def test_file_uri_data_dir_runs_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = day_range(FIRST_DAY, 2)
    sources = make_corpus(tmp_path / "src", days)
    plain = settings_for(tmp_path / "plain", sources)
    run_days(plain, days)
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", f"file://{tmp_path}/uri/data")
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE", str(tmp_path / "uri" / "warehouse" / "c.duckdb"))
    monkeypatch.setenv("COMMUNIQUE_SOURCES", str(sources))
    via_uri = Settings()
    assert via_uri.data_dir == tmp_path / "uri" / "data"
    run_days(via_uri, days)
    assert parquet_digest(via_uri.data_dir) == parquet_digest(plain.data_dir)
    uri = f"file://{tmp_path}/uri/data"
    assert store.list_partitions(uri, "events") == [d.isoformat() for d in days]
    assert store.partition_path(uri, "events", "2023-03-06") == (
        tmp_path / "uri" / "data" / "events" / "ds=2023-03-06" / "part-0.parquet"
    )


def test_remote_filesystem_partitions(tmp_path: Path) -> None:
    uri = f"memory://communique-{uuid.uuid4().hex}/data"
    local = store.write_partition(tmp_path, "articles", "2023-03-06", _articles(3))
    path = store.write_partition(uri, "articles", "2023-03-06", _articles(3))
    assert path == f"{uri}/articles/ds=2023-03-06/part-0.parquet"
    fs, root = store.filesystem(uri)
    with fs.open_input_stream(f"{root}/articles/ds=2023-03-06/part-0.parquet") as fh:
        remote_bytes = fh.read()
    assert hashlib.sha256(remote_bytes).digest() == hashlib.sha256(local.read_bytes()).digest()
    # replaced, listed, read back; no temp object left behind
    store.write_partition(uri, "articles", "2023-03-06", _articles(2))
    store.write_partition(uri, "articles", "2023-03-07", _articles(1))
    assert store.list_partitions(uri, "articles") == ["2023-03-06", "2023-03-07"]
    assert store.read_partition(uri, "articles", "2023-03-06").num_rows == 2
    names = [
        Path(i.path).name
        for i in fs.get_file_info(pafs.FileSelector(root, recursive=True))
        if i.type == pafs.FileType.File
    ]
    assert names == ["part-0.parquet", "part-0.parquet"]
    assert store.list_partitions(uri, "events") == []
    assert store.local_dir(uri) is None and store.local_dir(str(tmp_path)) == tmp_path
