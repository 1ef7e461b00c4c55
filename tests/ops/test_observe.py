"""Crash points, the deadline alert and its callback."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline import observe
from tests.conftest import ROOT

CRASH_TWICE = (
    "from pipeline.observe import crash_point\n"
    "crash_point('x'); crash_point('y'); crash_point('x')\n"
    "print('alive', flush=True)\n"
)


@pytest.mark.parametrize(
    ("spec", "killed"),
    [("x:2", True), ("x:1", True), ("y:1", True), ("x:3", False), ("z:1", False), ("", False)],
)
def test_crash_point_kills_on_the_nth_hit(spec: str, killed: bool) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CRASH_TWICE],
        env={"COMMUNIQUE_CRASH_AT": spec, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if killed:
        assert out.returncode == -signal.SIGKILL and "alive" not in out.stdout
    else:
        assert out.returncode == 0 and "alive" in out.stdout, out.stderr


def test_crash_point_is_a_no_op_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMUNIQUE_CRASH_AT", raising=False)
    observe.reset_crash_points()
    for _ in range(1000):
        observe.crash_point("store.write")
    assert not observe._HITS


def test_deadline_callback_logs_and_appends_an_alert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    alerts = tmp_path / "alerts" / "alerts.jsonl"
    monkeypatch.setenv("COMMUNIQUE_ALERTS_FILE", str(alerts))
    context: dict[str, Any] = {
        "dag_run": {
            "dag_id": "communique_nightly",
            "dag_run_id": "scheduled__2023-03-07T00:00:00+00:00",
            "logical_date": "2023-03-07T00:00:00Z",
            "data_interval_start": "2023-03-06T00:00:00Z",
            "data_interval_end": "2023-03-07T00:00:00Z",
            "state": "running",
        },
        "deadline": {"id": "d1", "deadline_time": "2023-03-07T06:00:00Z"},
    }
    observe.deadline_missed(context=context, team="data-platform")
    observe.deadline_missed()  # no context at all still records the miss
    records = [json.loads(line) for line in alerts.read_text().splitlines()]
    assert len(records) == 2
    first = records[0]
    assert first["alert"] == "deadline_missed" and first["dag_id"] == "communique_nightly"
    assert first["run_id"] == "scheduled__2023-03-07T00:00:00+00:00"
    assert first["data_interval_start"] == "2023-03-06T00:00:00Z"
    assert first["deadline_time"] == "2023-03-07T06:00:00Z" and first["team"] == "data-platform"
    assert any("deadline missed" in r.getMessage() for r in caplog.records)


def test_alerts_default_beside_the_datasets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMMUNIQUE_ALERTS_FILE", raising=False)
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "data"))
    assert observe.alerts_path() == tmp_path / "data" / "_alerts" / "alerts.jsonl"


def _load_dag() -> Any:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert bag.import_errors == {}
    return bag.dags["communique_nightly"]


def test_deadline_alert_is_configured_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from airflow.sdk import DeadlineReference, SyncCallback

    monkeypatch.setenv("COMMUNIQUE_DEADLINE_HOURS", "2.5")
    dag = _load_dag()
    alerts = dag.deadline if isinstance(dag.deadline, list) else [dag.deadline]
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.reference == DeadlineReference.DAGRUN_QUEUED_AT
    assert alert.interval == dt.timedelta(hours=2.5)
    assert isinstance(alert.callback, SyncCallback)
    assert alert.callback.path == "pipeline.observe.deadline_missed"

    monkeypatch.setenv("COMMUNIQUE_DEADLINE_HOURS", "0")
    assert not _load_dag().deadline
    monkeypatch.delenv("COMMUNIQUE_DEADLINE_HOURS")
    assert not _load_dag().deadline


def test_observe_imports_nothing_heavy() -> None:
    # pydantic comes with the settings (the one reader of COMMUNIQUE_* variables); Airflow has it
    # loaded already wherever the deadline callback runs
    code = (
        "import sys, json; before = set(sys.modules); import pipeline.observe; "
        "print(json.dumps(sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] in ('pyarrow', 'duckdb', 'pandas', 'airflow'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert json.loads(out.stdout.strip()) == [], out.stderr
