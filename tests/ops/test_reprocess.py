"""Reprocessing stored intervals: no change gives identical data; an extractor change replaces
the events, records its version, and never duplicates a row."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extract.engine import EXTRACTOR_VERSION
from pipeline.ops import reprocess
from pipeline.settings import Settings
from tests.conftest import ROOT
from tests.ops.conftest import FIRST_DAY, run_days, settings_for
from tests.ops.corpus import make_corpus, parquet_digest, table_digest

PATCHED = "communique-rules/99.0.0-reprocess-test"
REPROCESS_PATCHED = f"""
import datetime as dt, sys
import pipeline.extract.engine as engine
engine.EXTRACTOR_VERSION = {PATCHED!r}
from pipeline.ops import reprocess
from pipeline.settings import Settings
reprocess(Settings(), dt.date.fromisoformat(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]))
"""


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "COMMUNIQUE_DATA_DIR": str(settings.data_dir),
        "COMMUNIQUE_WAREHOUSE": str(settings.warehouse),
        "COMMUNIQUE_SOURCES": str(settings.sources),
    }


def _query(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_reprocess_without_change_is_identical(
    three_days: tuple[Settings, list[dt.date]],
) -> None:
    settings, days = three_days
    before = (parquet_digest(settings.data_dir), table_digest(settings.warehouse))
    # the sources are gone: reprocessing must not fetch
    shutil.rmtree(Path(settings.sources).parent / "articles")
    results = reprocess(settings, days[0] - dt.timedelta(days=1), days[-1])
    assert [r["ds"] for r in results] == [d.isoformat() for d in days]  # unfetched day skipped
    assert not any(r["changed"] for r in results)
    assert all(r["events_before"] == r["events_after"] > 0 for r in results)
    assert parquet_digest(settings.data_dir) == before[0]
    after = table_digest(settings.warehouse)
    assert {k: v for k, v in after.items() if k != "raw_run_summary"} == {
        k: v for k, v in before[1].items() if k != "raw_run_summary"
    }
    assert _query(settings, "SELECT DISTINCT mode, run_id FROM raw_run_summary") == [
        ("reprocess", "reprocess")
    ]


def test_reprocess_after_an_extractor_change_replaces_events(
    three_days: tuple[Settings, list[dt.date]],
) -> None:
    settings, days = three_days
    original = (parquet_digest(settings.data_dir), table_digest(settings.warehouse))
    counts = _query(settings, "SELECT ds, count(*) FROM raw_events GROUP BY ds ORDER BY ds")
    # a new extractor version in another process, over the middle and last intervals
    subprocess.run(
        [sys.executable, "-c", REPROCESS_PATCHED, days[1].isoformat(), days[2].isoformat()],
        env=_env(settings),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    versions = _query(
        settings, "SELECT ds, extractor_version, count(*) FROM raw_events GROUP BY 1, 2 ORDER BY 1"
    )
    assert [(str(d), v) for d, v, _ in versions] == [
        (days[0].isoformat(), EXTRACTOR_VERSION),
        (days[1].isoformat(), PATCHED),
        (days[2].isoformat(), PATCHED),
    ]
    assert [(d, n) for d, _, n in versions] == counts  # replaced, not added to
    assert _query(settings, "SELECT count(*) - count(DISTINCT (ds, event_id)) FROM raw_events") == [
        (0,)
    ]
    summaries = _query(
        settings,
        "SELECT ds, mode, extractor_version, event_extractor_versions FROM raw_run_summary "
        "ORDER BY ds",
    )
    assert [s[1:] for s in summaries] == [
        ("fetch", EXTRACTOR_VERSION, [EXTRACTOR_VERSION]),
        ("reprocess", PATCHED, [PATCHED]),
        ("reprocess", PATCHED, [PATCHED]),
    ]
    changed = parquet_digest(settings.data_dir)
    assert changed != original[0]
    assert {k for k in changed if changed[k] != original[0][k]} == {
        f"events/ds={d.isoformat()}/part-0.parquet" for d in days[1:]
    }
    # back to the released extractor through the command line: byte-identical to the start
    result = CliRunner().invoke(
        app,
        ["reprocess", "--since", days[0].isoformat(), "--until", days[-1].isoformat()],
        env=_env(settings),
    )
    assert result.exit_code == 0, result.output
    assert "3 intervals reprocessed" in result.output
    assert parquet_digest(settings.data_dir) == original[0]
    assert table_digest(settings.warehouse)["raw_events"] == original[1]["raw_events"]
    assert table_digest(settings.warehouse)["events"] == original[1]["events"]


def test_reprocess_of_a_range_with_nothing_stored_does_nothing(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, make_corpus(tmp_path / "src", [FIRST_DAY]))
    assert reprocess(settings, FIRST_DAY, FIRST_DAY) == []
    assert not settings.warehouse.exists()
    with pytest.raises(ValueError, match="before"):
        reprocess(settings, FIRST_DAY, FIRST_DAY - dt.timedelta(days=1))


@pytest.mark.slow
def test_dag_reprocess_param_reuses_stored_articles(
    airflow_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from airflow.dag_processing.dagbag import DagBag

    day = dt.date(2026, 3, 2)  # after the DAG's start date
    settings = settings_for(tmp_path, make_corpus(tmp_path / "src", [day]))
    for key, value in _env(settings).items():
        if key.startswith("COMMUNIQUE_"):
            monkeypatch.setenv(key, value)
    run_days(settings, [day])
    before = (parquet_digest(settings.data_dir), table_digest(settings.warehouse))
    shutil.rmtree(tmp_path / "src" / "articles")  # a fetch now would find nothing

    dag = DagBag(dag_folder=str(ROOT / "dags")).dags["communique_nightly"]
    after_day = day + dt.timedelta(days=1)
    run = dag.test(
        logical_date=dt.datetime(after_day.year, after_day.month, after_day.day, tzinfo=dt.UTC),
        run_conf={"reprocess": True},
    )
    assert str(run.state).endswith("success")
    assert parquet_digest(settings.data_dir) == before[0]
    after = table_digest(settings.warehouse)
    assert after["raw_articles"] == before[1]["raw_articles"]
    assert after["raw_events"] == before[1]["raw_events"]
    assert _query(settings, "SELECT mode, run_id LIKE 'manual__%' FROM raw_run_summary") == [
        ("reprocess", True)
    ]
