"""The DAG imports cleanly, is wired as designed and stays cheap to parse."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def dagbag():  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def test_no_import_errors(dagbag) -> None:  # type: ignore[no-untyped-def]
    assert dagbag.import_errors == {}
    assert "communique_nightly" in dagbag.dags


def test_shape_tags_retries_and_schedule(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["communique_nightly"]
    assert set(dag.tags) >= {"communique", "nightly"}
    assert [t.task_id for t in dag.topological_sort()] == [
        "plan_sources",
        "fetch_source",
        "fetch",
        "plan_extract",
        "extract_shard",
        "extract",
        "load",
        "check",
        "publish",
    ]
    for t in dag.tasks:
        if t.task_id != "check":
            assert t.retries >= 2, t.task_id
            assert t.retry_exponential_backoff
    # fetching fans out over the declared sources (dynamic task mapping)
    assert type(dag.get_task("fetch_source")).__name__.endswith("MappedOperator")
    # and extraction over shards of the interval's articles
    assert type(dag.get_task("extract_shard")).__name__.endswith("MappedOperator")
    assert dag.get_task("fetch").trigger_rule == "all_done"
    assert dag.get_task("load").max_active_tis_per_dag == 1
    assert dag.get_task("check").retries == 0
    # a cron schedule that carries a one-day data interval, not a bare cron trigger
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert dag.catchup is False
    assert dag.default_args["retry_delay"] == timedelta(minutes=2)


def test_parsing_does_not_import_heavy_modules() -> None:
    code = (
        "import sys, json, runpy; import airflow.sdk; before = set(sys.modules); "
        "runpy.run_path(sys.argv[1]); "
        "print(json.dumps(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in "
        "('pandas', 'pyarrow', 'duckdb', 'trafilatura', 'feedparser', 'pipeline'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "dags" / "communique_nightly.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    # the settings alone (pydantic, which Airflow has loaded already): the deadline is read there
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["pipeline", "pipeline.settings"]
