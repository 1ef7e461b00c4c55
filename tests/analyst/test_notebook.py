"""The notebook API returns pandas DataFrames from the published copy, filtered like the CLI."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

import pipeline
from pipeline.notebook import NoPublishedDataError


def test_read_events_filters_like_sql(published: Path) -> None:
    df = pipeline.read_events(since="2023-01-01", types=["suspension"], database=published)
    assert isinstance(df, pd.DataFrame)
    con = duckdb.connect(str(published), read_only=True)
    try:
        expected = con.execute(
            "SELECT event_id FROM mart_events WHERE event_type = 'suspension' "
            "AND coalesce(event_date, first_reported_date) >= DATE '2023-01-01'"
        ).fetchall()
    finally:
        con.close()
    assert sorted(df["event_id"]) == sorted(r[0] for r in expected)
    assert len(df) > 0 and set(df["event_type"]) == {"suspension"}
    assert pd.api.types.is_datetime64_any_dtype(df["first_reported_at"])
    assert getattr(df["first_reported_at"].dt, "tz", None) is None  # UTC, naive


def test_reports_and_query(published: Path) -> None:
    reports = pipeline.read_event_reports(
        types="backchannel_contact", actor="USA", database=published
    )
    assert len(reports) >= 2 and reports["evidence_sentence"].notna().all()
    total = pipeline.query("SELECT count(*) AS n FROM mart_events", database=published)
    assert int(total["n"][0]) == len(pipeline.read_events(database=published))


def test_missing_published_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(NoPublishedDataError, match="make demo"):
        pipeline.read_events(database=tmp_path / "none.duckdb")
