"""Typed settings with environment overrides (prefix ``COMMUNIQUE_``).

Defaults point at the project checkout so the bundled demo runs with no configuration:
``COMMUNIQUE_DATA_DIR`` (Parquet datasets), ``COMMUNIQUE_WAREHOUSE`` (DuckDB file),
``COMMUNIQUE_SOURCES`` (source config file, or a folder of articles).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from pydantic import Field, field_validator, model_validator
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
    publish_path: Path = Field(
        default=PROJECT_ROOT / "warehouse" / "published" / "communique.duckdb",
        description="Read-only copy of the warehouse for analysts and BI tools, replaced "
        "atomically after each load (default: published/ beside the warehouse).",
    )
    cluster_lookback_days: int = Field(
        default=28,
        ge=0,
        description="How many days before its report an undated event may have happened: an "
        "undated report joins an event only within this look-back.",
    )
    user_agent: str = Field(
        default="Communique/0.1 (+https://example.org/communique)",
        description="User agent sent with every HTTP request.",
    )

    extract_shards: int = Field(
        default=1,
        ge=1,
        le=256,
        description="Most extract tasks the DAG maps an interval's articles over (one per "
        "extract_shard_articles articles, merged into the same bytes as one task).",
    )
    extract_shard_articles: int = Field(
        default=500, ge=1, description="Articles per extract shard, up to extract_shards."
    )
    extract_timeout: float = Field(
        default=20.0,
        ge=0,
        description="CPU seconds one article's extraction may take; an article over it (or whose "
        "extraction raises) becomes an extract_errors row and the others go on. 0: no budget.",
    )
    interval_lock_timeout: float = Field(
        default=3600.0,
        ge=0,
        description="Seconds a run waits for another run of the same interval to finish before "
        "it fails (retryably) naming the holder.",
    )
    warehouse_memory_limit: str | None = Field(
        default="512MB",
        description="DuckDB memory limit of a load, its checks and a publish (empty: DuckDB's, "
        "80% of the machine's memory). Past it DuckDB spills to warehouse_temp_dir; not "
        "everything spills, so a cap too small for an interval fails its load with an "
        "out-of-memory error is run once more without it (128MB loads 100,000 articles into a new "
        "warehouse, but a night over 100 days of history needs more).",
    )
    warehouse_memory_retry_limit: str | None = Field(
        default=None,
        description="DuckDB memory limit of a second attempt after a load, its checks or a "
        "publish ran out of memory under warehouse_memory_limit, before a last one without a "
        "limit (empty: straight to no limit). `communique run` sets it to "
        "warehouse_memory_limit when it runs under run_memory_limit.",
    )
    run_memory_limit: str | None = Field(
        default="128MB",
        description="DuckDB memory limit of the load, checks and publish of `communique run`, "
        "which share one process with its fetch and extraction (empty: warehouse_memory_limit). "
        "128MB keeps a run of 100,000 articles into a new warehouse near 400 MiB resident; over "
        "it they run again under warehouse_memory_limit, then without a limit.",
    )
    run_read_memory_limit: str | None = Field(
        default="96MB",
        description="DuckDB memory limit of the checks and publish of `communique run` (empty: "
        "run_memory_limit). They read the warehouse and write Parquet, and their buffers mostly "
        "hold cached blocks of what they read; at 100,000 articles each filled run_memory_limit "
        "on top of what the load left. Over it they run again under run_memory_limit, then "
        "without a limit.",
    )
    warehouse_commit_memory_limit: str | None = Field(
        default=None,
        description="DuckDB memory limit while a load's transaction commits (empty: the load's "
        "own). The commit writes what the load spilled and needs few buffers, where the core "
        "refresh before it needs many; a commit that runs out under it is retried with the "
        "load, without it.",
    )
    run_commit_memory_limit: str | None = Field(
        default="64MB",
        description="warehouse_commit_memory_limit of the load of `communique run` (empty: "
        "warehouse_commit_memory_limit). Loading 100,000 articles, the commit under 128MB was "
        "the load's peak, 31 MiB over the core refresh's; under 64MB it stays below it (32MB "
        "ran out).",
    )
    warehouse_threads: int | None = Field(
        default=2,
        ge=1,
        description="DuckDB threads of a load, its checks and a publish (empty: one per core). "
        "Each thread holds its own buffers, so fewer threads keep a load's memory lower.",
    )
    run_threads: int | None = Field(
        default=1,
        ge=1,
        description="warehouse_threads of the load, checks and publish of `communique run` "
        "(empty: warehouse_threads): they share one process with the fetch and extraction, and "
        "each DuckDB thread holds its own buffers on top of what those leave.",
    )
    warehouse_temp_dir: Path | None = Field(
        default=None,
        description="Where DuckDB spills past warehouse_memory_limit (default: <warehouse>.tmp "
        "beside the warehouse file, on the same disk).",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="Log lines as text, or as one JSON object per line."
    )
    alerts_file: Path | None = Field(
        default=None,
        description="Where missed deadlines are recorded (default: _alerts/alerts.jsonl in "
        "data_dir).",
    )
    deadline_hours: float = Field(
        default=0.0,
        ge=0,
        description="The DAG alerts when a run is not done this many hours after it was queued "
        "(0: no alert).",
    )
    crash_at: str | None = Field(
        default=None,
        description="Crash-safety tests only: ``<label>:<n>`` kills the process the n-th time the "
        "crash point ``label`` is reached.",
    )

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format(cls, value: Any) -> Any:
        """Anything but ``json`` (any case) is text, as before."""
        return "json" if str(value or "").strip().lower() == "json" else "text"

    @field_validator("deadline_hours", mode="before")
    @classmethod
    def _no_deadline(cls, value: Any) -> Any:
        return value or 0.0  # set but empty: no alert

    @field_validator(
        "alerts_file",
        "crash_at",
        "warehouse_memory_limit",
        "warehouse_memory_retry_limit",
        "run_memory_limit",
        "run_read_memory_limit",
        "warehouse_commit_memory_limit",
        "run_commit_memory_limit",
        "warehouse_threads",
        "run_threads",
        "warehouse_temp_dir",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return value or None

    @field_validator("data_dir", mode="before")
    @classmethod
    def _file_uri(cls, value: Any) -> Any:
        """``file:///srv/communique/data`` names a local folder, like the plain path; any other
        URI is refused (object storage is mounted as a folder: docs/DEPLOYMENT.md)."""
        if isinstance(value, str) and value.startswith("file://"):
            return Path(unquote(urlparse(value).path))
        if isinstance(value, str) and "://" in value:
            raise ValueError(
                f"data_dir {value!r}: give a local folder or a file:// URI (mount object "
                "storage as a folder)"
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _publish_beside_warehouse(cls, data: Any) -> Any:
        """Unless set, the published copy lives in ``published/`` beside the warehouse file."""
        if isinstance(data, dict) and not data.get("publish_path") and data.get("warehouse"):
            warehouse = Path(data["warehouse"])
            data = {**data, "publish_path": warehouse.parent / "published" / warehouse.name}
        return data

    @cached_property
    def staging_dir(self) -> Path:
        """Per-interval working files (fetched articles, extracted events) passed between tasks."""
        return self.data_dir / "staging"


def get_settings() -> Settings:
    """Read settings from the environment now (tasks call this at run time, never at parse time)."""
    return Settings()
