"""Fixtures for the warehouse tests: the seeds over three intervals, loaded warehouses, and a
separate virtual environment with DuckDB 1.x to open the published file as old clients do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.warehouse.seeded import FIRST, SECOND, THIRD, build_seed_data, load


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Parquet partitions of the seeds, fetched and extracted over three intervals."""
    return build_seed_data(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="session")
def seeded_warehouse(seed_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the three seed intervals loaded in order (treat as read-only)."""
    return load(
        tmp_path_factory.mktemp("wh") / "communique.duckdb", seed_data, [FIRST, SECOND, THIRD]
    )


def _uv() -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    home = Path.home() / ".local" / "bin" / "uv"
    return str(home) if home.exists() else None


@pytest.fixture(scope="session")
def duckdb1_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a fresh virtual environment with DuckDB 1.x (needs the package registry)."""
    uv = _uv()
    if uv is None:
        pytest.skip("uv is not installed: cannot create the DuckDB 1.x environment")
    venv = tmp_path_factory.mktemp("duckdb1") / "venv"
    python = venv / "bin" / "python"
    steps = [
        [uv, "venv", "--quiet", str(venv), "--python", "3.11"],
        [uv, "pip", "install", "--quiet", "--python", str(python), "duckdb>=1.4,<2"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.skip(f"cannot install DuckDB 1.x from the package registry: {done.stderr}")
    return python
