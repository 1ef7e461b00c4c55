"""The notebook API: the published warehouse as pandas DataFrames.

    >>> import pipeline
    >>> pipeline.read_events(since="2023-01-01", types=["suspension"])   # one row per event
    >>> pipeline.read_event_reports(types=["backchannel_contact"])       # one row per report
    >>> pipeline.query("SELECT * FROM mart_monthly_counts")

Every call opens the published copy read-only (``COMMUNIQUE_PUBLISH_PATH``, by default
``warehouse/published/communique.duckdb``) and closes it again, so a notebook never blocks a load
and each call sees the latest published data. Times are UTC ``datetime64`` columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.queries import EventFilter, read_reports
from pipeline.queries import read_events as read_events_sql
from pipeline.readers import open_reader, read_query
from pipeline.settings import get_settings

if TYPE_CHECKING:
    import pandas as pd


class NoPublishedDataError(FileNotFoundError):
    """The published warehouse does not exist yet: run the pipeline (``make demo``) first."""


def _day(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _database(path: Path | str | None) -> Path:
    db = Path(path) if path is not None else get_settings().publish_path
    if not db.exists():
        raise NoPublishedDataError(f"no published warehouse at {db}: run `make demo` first")
    return db


def query(
    sql: str, params: Sequence[Any] | None = None, *, database: Path | str | None = None
) -> pd.DataFrame:
    """Run read-only SQL against the published warehouse; returns a DataFrame."""
    con = open_reader(_database(database))
    try:
        return read_query(con, sql, list(params or [])).df()
    finally:
        con.close()


def read_events(
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    types: Sequence[str] | str | None = None,
    actor: str | None = None,
    *,
    all_modalities: bool = False,
    database: Path | str | None = None,
) -> pd.DataFrame:
    """Real-world events (every column of ``mart_events``), one row each, filtered by event
    date (or first report when undated), event types and actor name or country code."""
    flt = EventFilter(
        types=[types] if isinstance(types, str) else tuple(types or ()),
        actor=actor,
        since=_day(since),
        until=_day(until),
        all_modalities=all_modalities,
    )
    sql, params = read_events_sql(flt)
    return query(sql, params, database=database)


def read_event_reports(
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    types: Sequence[str] | str | None = None,
    actor: str | None = None,
    *,
    all_modalities: bool = False,
    database: Path | str | None = None,
) -> pd.DataFrame:
    """Every article reporting the selected events: URL, outlet, time and sentence per row."""
    flt = EventFilter(
        types=[types] if isinstance(types, str) else tuple(types or ()),
        actor=actor,
        since=_day(since),
        until=_day(until),
        all_modalities=all_modalities,
    )
    sql, params = read_reports(flt)
    return query(sql, params, database=database)
