"""The demo warehouse, built once per session the way `make demo` builds it: every seed article
in the interval of the day it was published (sources.toml), through the real stages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.backfill import backfill, published_days
from pipeline.settings import Settings
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    root = tmp_path_factory.mktemp("analyst-demo")
    settings = Settings(
        data_dir=root / "data",
        warehouse=root / "warehouse" / "communique.duckdb",
        sources=ROOT / "sources.toml",
    )
    backfill(settings, published_days(settings))
    yield settings


@pytest.fixture(scope="session")
def published(demo_settings: Settings) -> Path:
    return demo_settings.publish_path
