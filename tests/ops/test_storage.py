"""Storage: a file:// URI as data_dir runs the whole pipeline with the same bytes as a plain
path; any other URI (object storage is reached as a mounted folder) is refused up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import store
from pipeline.settings import Settings
from tests.ops.conftest import FIRST_DAY, run_days, settings_for
from tests.ops.corpus import day_range, make_corpus, parquet_digest


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
    assert store.list_partitions(via_uri.data_dir, "events") == [d.isoformat() for d in days]


@pytest.mark.parametrize("uri", ["s3://bucket/communique", "memory://communique/data"])
def test_a_remote_data_dir_is_refused_with_a_clear_error(
    uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", uri)
    with pytest.raises(ValueError, match="local folder or a file:// URI"):
        Settings()
