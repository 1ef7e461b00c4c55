"""The marts BI tools read: one row per real-world event, names and labels, UTC TIMESTAMPs, a
Parquet copy of every mart, totals that agree across readers, and SQLAlchemy reflection."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.marts import mart_glob, marts_dir
from pipeline.settings import Settings

CASES = tomllib.loads((Path(__file__).parent / "cases" / "demo.toml").read_text())


def _rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_marts_have_no_time_zone_columns(published: Path) -> None:
    bad = _rows(
        published,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_name LIKE 'mart%' AND data_type LIKE '%TIME ZONE%'",
    )
    assert bad == []
    types = dict(
        _rows(
            published,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'mart_events'",
        )
    )
    assert types["first_reported_at"] == "TIMESTAMP"
    assert types["article_published_at"] == "TIMESTAMP"


def test_every_mart_is_a_parquet_file_with_the_same_rows(published: Path) -> None:
    marts = [
        str(r[0])
        for r in _rows(
            published,
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'mart_%'",
        )
    ]
    assert "mart_event_reports" in marts and "mart_events" in marts
    for mart in marts:
        paths = sorted((marts_dir(published) / mart).glob("*.parquet"))
        rows = _rows(published, f"SELECT count(*) FROM {mart}")[0][0]
        assert paths, mart
        assert sum(pq.read_metadata(p).num_rows for p in paths) == rows, mart
        con = duckdb.connect()
        try:
            glob = con.execute(f"SELECT count(*) FROM read_parquet('{mart_glob(published, mart)}')")
            assert glob.fetchall() == [(rows,)], mart
        finally:
            con.close()
    assert not list(marts_dir(published).rglob("*.tmp"))


def test_a_subject_timeline_numbers_events_within_their_day(published: Path) -> None:
    """A timeline's order is (timeline_date, day_position): numbered over the whole timeline by a
    reader's window, it is the date order of the subject's events (earliest first report, then
    event id, first within a day), for every modality and for the asserted events alone."""
    for mart, where in (
        ("mart_subject_timeline_all_modalities", "true"),
        ("mart_subject_timeline", "modality = 'asserted'"),
    ):
        got = _rows(
            published,
            "SELECT subject, event_id, row_number() OVER (PARTITION BY subject "
            f"ORDER BY timeline_date, day_position) FROM {mart} ORDER BY ALL",
        )
        expected = _rows(
            published,
            "SELECT subject, event_id, row_number() OVER (PARTITION BY subject ORDER BY "
            "coalesce(event_date, first_reported_date), first_reported_at, event_id) "
            f"FROM mart_events_all_modalities WHERE subject IS NOT NULL AND {where} ORDER BY ALL",
        )
        assert got == expected and len(got) > 1, mart
        days = _rows(
            published,
            f"SELECT count(*), count(DISTINCT (subject, timeline_date, day_position)), "
            f"min(day_position), count(*) FILTER (WHERE timeline_date IS DISTINCT FROM "
            f"coalesce(event_date, first_reported_date)) FROM {mart}",
        )
        assert days[0][0] == days[0][1] and days[0][2] == 1 and days[0][3] == 0, mart


def test_one_row_per_real_world_event(published: Path) -> None:
    case = CASES["new_start_suspension"]
    rows = _rows(
        published,
        "SELECT event_date, article_count, subject_kind, source_country_name FROM mart_events "
        "WHERE event_type = ? AND source_country = ? AND subject = ?",
        [case["event_type"], case["source_country"], case["subject"]],
    )
    assert len(rows) == 1
    event_date, articles, kind, country = rows[0]
    assert event_date == dt.date.fromisoformat(case["event_date"])
    assert int(str(articles)) >= case["min_articles"]
    assert (kind, country) == ("treaty", "Russia")
    reports = _rows(
        published,
        "SELECT count(*), count(DISTINCT r.article_url) FROM mart_event_reports r "
        "JOIN mart_events e USING (event_id) WHERE e.event_type = ? AND e.subject = ? "
        "AND e.source_country = ?",
        [case["event_type"], case["subject"], case["source_country"]],
    )
    assert reports[0][0] == articles


def test_labels_names_kinds_and_pairs(published: Path) -> None:
    kinds = dict(
        _rows(
            published,
            "SELECT DISTINCT subject, subject_kind FROM mart_events WHERE subject IS NOT NULL",
        )
    )
    for subject, kind in CASES["subject_kinds"].items():
        assert kinds[subject] == kind, subject
    names = dict(
        _rows(
            published,
            "SELECT DISTINCT source_country, source_country_name "
            "FROM mart_events WHERE source_country IS NOT NULL",
        )
    )
    for code, name in CASES["country_names"].items():
        assert names[code] == name
    assert (
        _rows(
            published,
            "SELECT count(*) FROM mart_events WHERE source_country IS NOT NULL "
            "AND source_country_name IS NULL",
        )[0][0]
        == 0
    )
    labels = _rows(
        published,
        "SELECT DISTINCT quad_class, quad_class_label, cameo_root, "
        "cameo_root_label FROM mart_events WHERE event_type = 'suspension'",
    )
    assert labels == [(4, "Material conflict", "16", "Reduce relations")]
    pairs = _rows(
        published,
        "SELECT DISTINCT country_pair FROM mart_events "
        "WHERE list_sort([source_country, target_country]) = ['RUS', 'USA']",
    )
    assert pairs == [("RUS - USA",)]


def test_undated_events_are_not_counted_on_a_day(published: Path) -> None:
    undated = _rows(published, "SELECT count(*) FROM mart_events WHERE NOT date_known")[0][0]
    assert undated > 0
    assert (
        _rows(
            published,
            "SELECT count(*) FROM mart_events WHERE NOT date_known "
            "AND (activity_day IS NOT NULL OR activity_month IS NOT NULL)",
        )[0][0]
        == 0
    )
    bucket = _rows(
        published,
        "SELECT sum(event_count), count(*) FILTER (WHERE day IS NOT NULL "
        "OR report_day IS NULL) FROM mart_daily_counts WHERE NOT date_known",
    )
    assert bucket == [(undated, 0)]
    total = _rows(published, "SELECT sum(event_count) FROM mart_monthly_counts")[0][0]
    assert total == _rows(published, "SELECT count(*) FROM mart_events")[0][0]


def test_totals_agree_across_commands(demo_settings: Settings, published: Path) -> None:
    env = {
        "COMMUNIQUE_DATA_DIR": str(demo_settings.data_dir),
        "COMMUNIQUE_WAREHOUSE": str(demo_settings.warehouse),
    }
    runner = CliRunner()
    events = runner.invoke(app, ["events", "--format", "json", "--limit", "100000"], env=env)
    assert events.exit_code == 0, events.output
    reports = runner.invoke(
        app, ["events", "--mentions", "-f", "json", "--limit", "100000"], env=env
    )
    assert reports.exit_code == 0, reports.output
    mart_events = _rows(published, "SELECT count(*) FROM mart_events")[0][0]
    mart_reports = _rows(published, "SELECT count(*) FROM mart_event_reports")[0][0]
    assert len(json.loads(events.output)) == mart_events
    assert len(json.loads(reports.output)) == mart_reports
    ids = [r["event_id"] for r in json.loads(events.output)]
    assert len(ids) == len(set(ids))


def test_sqlalchemy_reflects_every_mart_column(published: Path) -> None:
    """What Superset does on dataset sync, through the installed entry point, in a fresh process."""
    script = (
        "import sys, json, sqlalchemy as sa\n"
        "e = sa.create_engine('duckdb+communique:///' + sys.argv[1],"
        " connect_args={'read_only': True})\n"
        "cols = sa.inspect(e).get_columns('mart_events')\n"
        "t = sa.Table('mart_event_reports', sa.MetaData(), autoload_with=e)\n"
        "print(json.dumps({'cols': [[c['name'], str(c['type']), c['comment']] for c in cols],"
        " 'reports': len(t.columns)}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script, str(published)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    names = [c[0] for c in out["cols"]]
    expected = [
        r[0]
        for r in _rows(
            published,
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'mart_events' ORDER BY ordinal_position",
        )
    ]
    assert names == expected
    types = {c[0]: c[1] for c in out["cols"]}
    assert types["first_reported_at"] == "DATETIME"
    assert types["article_count"] == "BIGINT"
    assert all(c[2] for c in out["cols"]), "every column carries its comment"
    assert out["reports"] > 10


def test_antonov_call_is_its_own_event_with_its_own_sentence(published: Path) -> None:
    fact = CASES["antonov_call"]
    rows = _rows(
        published,
        "SELECT article_count, evidence_sentence FROM mart_events WHERE event_type = ? "
        "AND source_actor = ? AND target_country = ?",
        [fact["event_type"], fact["source_actor"], fact["target_country"]],
    )
    assert len(rows) == 1
    articles, evidence = rows[0]
    assert articles == fact["articles"]
    assert fact["evidence_contains"] in str(evidence)


def test_two_backchannel_contacts_stay_two_events(published: Path) -> None:
    fact = CASES["backchannel_contacts"]
    rows = _rows(
        published,
        "SELECT event_id, evidence_sentence FROM mart_events "
        "WHERE event_type = 'backchannel_contact' AND source_country = 'USA'",
    )
    iran = {e for e, s in rows if fact["us_iran_evidence_contains"] in str(s)}
    sullivan = {e for e, s in rows if fact["sullivan_evidence_contains"] in str(s)}
    assert len(iran) == 1 and len(sullivan) == 1 and iran != sullivan
