"""Shared fixtures. Airflow reads its configuration at import, so its home is set up here,
before any test module imports it: a private AIRFLOW_HOME with a SQLite metadata database (one
per process, so parallel test workers each have their own).

`make pytest` runs the suite on parallel workers (pytest-xdist, ``--dist loadgroup``).
``pytest_collection_modifyitems`` below keeps the tests that share an expensive session- or
module-scoped fixture on one worker, so it is built once, and puts the slow tests first, so no
long test starts last while the other worker sits idle."""

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


class _Groups:
    """Union-find over fixture keys: tests sharing any expensive fixture share a group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, keys: list[str]) -> str:
        roots = sorted({self.find(k) for k in keys})
        for other in roots[1:]:
            self.parent[other] = roots[0]
        return roots[0]


def _shared_fixtures(item: pytest.Item) -> list[str]:
    """Keys of the session- and module-scoped fixtures of this project that the test uses
    (built-in ones such as ``tmp_path_factory`` cost nothing and are left out)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    keys = []
    for name in item.fixturenames:  # type: ignore[attr-defined]
        defs = info.name2fixturedefs.get(name)
        if not defs:
            continue
        fixture = defs[-1]
        where = Path(fixture.func.__code__.co_filename)
        if ROOT / "tests" not in where.parents:
            continue
        if fixture.scope == "session":
            keys.append(name)
        elif fixture.scope in ("module", "package"):
            keys.append(str(where.relative_to(ROOT)))
    return keys


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    groups = _Groups()
    uses = [(item, _shared_fixtures(item)) for item in items]
    for _, keys in uses:
        if keys:
            groups.union(keys)
    for item, keys in uses:
        if keys:
            group = groups.find(keys[0])
            item.add_marker(pytest.mark.xdist_group(group))
            # xdist sets ``loadgroup`` on the controller and passes it to the workers (whose
            # ``dist`` is "no"); a run without xdist has neither
            loadgroup = bool(getattr(config.option, "loadgroup", False))
            if loadgroup and not item.nodeid.endswith(f"@{group}"):
                _join_group(item, group)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # the scheduler sends groups first; of the single tests, the slow ones go first (a
        # stable sort keeps the order of the rest, and of every group)
        items.sort(key=lambda item: not item.get_closest_marker("slow") and not _grouped(item))


def _grouped(item: pytest.Item) -> bool:
    return item.get_closest_marker("xdist_group") is not None


def _join_group(item: pytest.Item, group: str) -> None:
    """The ``loadgroup`` scheduler reads a test's group from its node id ("id@group").
    pytest-xdist 3.8.0 writes that suffix to ``_nodeid``, which pytest 9.2 no longer reads
    (pytest-dev/pytest-xdist#1386, with a fix proposed in #1388), so it is written here."""
    from _pytest.nodeid import NodeId

    item._id = NodeId.parse(f"{item.nodeid}@{group}")  # type: ignore[attr-defined]


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
