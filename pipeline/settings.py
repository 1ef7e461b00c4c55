"""Typed settings with environment overrides (prefix ``COMMUNIQUE_``).

Defaults point at the project checkout so the bundled demo runs with no configuration:
``COMMUNIQUE_DATA_DIR`` (Parquet datasets), ``COMMUNIQUE_WAREHOUSE`` (DuckDB file),
``COMMUNIQUE_SOURCES`` (source config file, or a folder of articles).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything a stage needs to know about where things live."""

    model_config = SettingsConfigDict(env_prefix="COMMUNIQUE_", frozen=True)

    data_dir: Path = Field(
        default=PROJECT_ROOT / "data", description="Root of the Parquet datasets."
    )
    warehouse: Path = Field(
        default=PROJECT_ROOT / "warehouse" / "communique.duckdb",
        description="DuckDB database file the loads write to.",
    )
    sources: Path = Field(
        default=PROJECT_ROOT / "seeds",
        description="A sources config file (TOML) or a folder of article files.",
    )
    sql_dir: Path = Field(
        default=PROJECT_ROOT / "warehouse", description="Folder of ordered warehouse SQL files."
    )
    user_agent: str = Field(
        default="Communique/0.1 (+https://example.org/communique)",
        description="User agent sent with every HTTP request.",
    )

    @cached_property
    def staging_dir(self) -> Path:
        """Per-interval working files (fetched articles, extracted events) passed between tasks."""
        return self.data_dir / "staging"


def get_settings() -> Settings:
    """Read settings from the environment now (tasks call this at run time, never at parse time)."""
    return Settings()
