"""A small dated corpus for operations tests: seed articles copied onto consecutive days."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb

from tests.conftest import SEEDS

SOURCES_TOML = """[[source]]
name = "ops-corpus"
kind = "folder"
location = "articles"
window = "published"
"""


def day_range(first: dt.date, n: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(n)]


def make_corpus(dest: Path, days: list[dt.date], per_day: int = 2) -> Path:
    """Seed JSON articles rewritten to be published on each of ``days`` (``per_day`` each, with
    unique URLs and texts), in a folder source with ``window = "published"``; returns the
    sources file."""
    seeds = sorted(p for p in SEEDS.glob("*.json") if isinstance(json.loads(p.read_text()), dict))
    folder = dest / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    k = 0
    for day in days:
        for j in range(per_day):
            obj = json.loads(seeds[k % len(seeds)].read_text(encoding="utf-8"))
            k += 1
            obj["published_at"] = f"{day.isoformat()}T{8 + j:02d}:00:00Z"
            obj["url"] = f"https://ops-corpus.test/{day.isoformat()}/{j}"
            obj["text"] = f"{obj['text']}\n\nFiled as corpus copy {day.isoformat()} number {j}."
            (folder / f"{day.isoformat()}-{j}.json").write_text(json.dumps(obj), encoding="utf-8")
    toml = dest / "sources.toml"
    toml.write_text(SOURCES_TOML, encoding="utf-8")
    return toml


DATA_TABLES = ("raw_articles", "raw_events", "raw_fetch_errors", "load_log", "events", "articles")
# durations and times differ on every run; the rest of a summary must not
SUMMARY_STABLE = (
    "ds, mode, articles_fetched, articles_duplicate, articles_failed, events_total, "
    "events_asserted, events_by_type, extractor_version, event_extractor_versions"
)


def parquet_digest(data_dir: Path) -> dict[str, str]:
    """sha256 of every dataset Parquet file readers can see (run_summary and staging aside)."""
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*.parquet"))
        if not ({"staging", "run_summary"} & set(p.relative_to(data_dir).parts))
    }


def table_digest(warehouse: Path, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, Any]:
    """Row count and content checksum of each table, plus the stable part of the summaries.
    Paths under the warehouse's parent folder (load_log's source files) count as relative."""
    root = str(warehouse.parent.parent)
    con = duckdb.connect(str(warehouse), read_only=True)

    def digest(rows: list[Any]) -> tuple[int, str]:
        text = repr(rows).replace(root, "<root>")
        return len(rows), hashlib.sha256(text.encode()).hexdigest()

    try:
        out: dict[str, Any] = {}
        for table in tables:
            out[table] = digest(con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall())
        sql = f"SELECT {SUMMARY_STABLE} FROM raw_run_summary ORDER BY ds"
        out["raw_run_summary"] = digest(con.execute(sql).fetchall())
        return out
    finally:
        con.close()
