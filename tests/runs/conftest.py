"""Helpers of the run tests: the real ``communique`` command in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMUNIQUE = Path(sys.executable).with_name("communique")


def cli_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI process working under ``root`` (data, warehouse, sources)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}
    env.update(
        COMMUNIQUE_DATA_DIR=str(root / "data"),
        COMMUNIQUE_WAREHOUSE=str(root / "warehouse" / "communique.duckdb"),
        COLUMNS="200",
        **extra,
    )
    return env


def start(root: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(COMMUNIQUE), *args],
        env=cli_env(root, **extra),
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(
    root: Path, *args: str, timeout: float = 300, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMUNIQUE), *args],
        env=cli_env(root, **extra),
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path


SEEDED_DAY = "2023-03-12"
SEEDED_FILES = ["newstart-suspension-wire.json", "saudi-iran-restore-ties.txt", "start-talks.txt"]


def seeded(root: Path, extra: dict[str, bytes] | None = None) -> Path:
    """A whole run (fetch to publish) of a few seed articles, plus ``extra`` files, under
    ``root``; returns the sources folder."""
    import datetime as dt
    import shutil

    from pipeline.runner import run_all
    from pipeline.settings import Settings
    from tests.conftest import SEEDS

    folder = root / "sources" / "seeds"
    folder.mkdir(parents=True)
    for name in SEEDED_FILES:
        shutil.copy(SEEDS / name, folder / name)
    for name, body in (extra or {}).items():
        (folder / name).write_bytes(body)
    settings = Settings(
        data_dir=root / "data",
        warehouse=root / "warehouse" / "communique.duckdb",
        sources=folder,
    )
    run_all(settings, dt.date.fromisoformat(SEEDED_DAY))
    return folder
