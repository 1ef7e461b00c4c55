"""Shared fixtures. Airflow reads its configuration at import, so its home is set up here,
before any test module imports it: a private AIRFLOW_HOME with a SQLite metadata database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="communique-airflow-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
    }
)


@pytest.fixture(scope="session")
def airflow_db() -> Iterator[Path]:
    """A migrated Airflow metadata database, once per test session."""
    airflow = Path(sys.executable).with_name("airflow")
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True)
    yield _AIRFLOW_HOME
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every stage at a temporary data dir and warehouse."""
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE", str(tmp_path / "warehouse" / "communique.duckdb"))
    monkeypatch.setenv("COMMUNIQUE_SOURCES", str(SEEDS))
    return tmp_path


@pytest.fixture(autouse=True)
def _no_airflow_task_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """``dag.test()`` runs tasks in this process and leaves AIRFLOW_CTX_* variables behind; a
    later test must not look as if it ran inside that task."""
    for name in list(os.environ):
        if name.startswith("AIRFLOW_CTX_"):
            monkeypatch.delenv(name)
