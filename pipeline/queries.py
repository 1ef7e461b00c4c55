"""The read queries behind the command line and the notebook API, kept out of ``cli.py``.

Each function returns ``(sql, params)`` against the marts, so every reader (the ``communique``
command, ``pipeline.read_events``, the tests) asks the same question the same way and the totals
agree: ``events`` counts rows of ``mart_events``, the demo summary counts the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the analyst asked for: event types, an actor (name or country code), a date range
    on the event's date (its first report's day when the date is unknown)."""

    types: Sequence[str] = ()
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    all_modalities: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = ["1=1"]
        params: list[Any] = []
        if self.types:
            clauses.append("list_contains(?, event_type)")
            params.append(list(self.types))
        day = "coalesce(event_date, first_reported_date)"
        if self.since is not None:
            clauses.append(f"{day} >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append(f"{day} <= ?")
            params.append(self.until)
        if self.actor:
            clauses.append(
                "(source_actor ILIKE ? OR target_actor ILIKE ? OR source_country = upper(?) "
                "OR target_country = upper(?) OR source_country_name ILIKE ? "
                "OR target_country_name ILIKE ?)"
            )
            like = f"%{self.actor}%"
            params += [like, like, self.actor, self.actor, like, like]
        return " AND ".join(clauses), params


def events_table(flt: EventFilter, limit: int | None = None) -> tuple[str, list[Any]]:
    """One row per real-world event, readable: date, type, actors, counts and evidence."""
    view = "mart_events_all_modalities" if flt.all_modalities else "mart_events"
    where, params = flt.where()
    modality = "modality, " if flt.all_modalities else ""
    sql = f"""
        SELECT date_label AS date,
               event_type AS type,
               concat_ws(' ', source_actor, '[' || source_country || ']') AS source,
               concat_ws(' ', target_actor, '[' || target_country || ']') AS target,
               subject,
               {modality}mention_count AS mentions,
               article_count AS articles,
               evidence_sentence AS evidence,
               event_id
        FROM {view}
        WHERE {where}
        ORDER BY coalesce(event_date, first_reported_date), event_type, source_actor, event_id
        {"LIMIT " + str(int(limit)) if limit is not None else ""}
    """
    return sql, params


def event_reports_table(flt: EventFilter, limit: int | None = None) -> tuple[str, list[Any]]:
    """One row per event and article reporting it: the per-article view of ``events_table``."""
    view = "mart_event_reports_all_modalities" if flt.all_modalities else "mart_event_reports"
    where, params = flt.where()
    sql = f"""
        SELECT r.event_date_label AS date,
               r.event_type AS type,
               concat_ws(' ', r.source_actor, '[' || r.source_country || ']') AS source,
               concat_ws(' ', r.target_actor, '[' || r.target_country || ']') AS target,
               r.report_no AS report,
               r.article_outlet AS outlet,
               strftime(r.reported_at, '%Y-%m-%d') AS published,
               r.evidence_sentence AS evidence,
               r.article_url AS url,
               r.event_id
        FROM {view} AS r
        WHERE r.event_id IN (
            SELECT event_id FROM mart_events_all_modalities WHERE {where}
        )
        ORDER BY coalesce(r.event_date, CAST(r.reported_at AS DATE)), r.event_type,
                 r.source_actor, r.event_id, r.report_no
        {"LIMIT " + str(int(limit)) if limit is not None else ""}
    """
    return sql, params


def read_events(flt: EventFilter) -> tuple[str, list[Any]]:
    """Every column of the event mart, filtered: what the notebook API returns."""
    view = "mart_events_all_modalities" if flt.all_modalities else "mart_events"
    where, params = flt.where()
    sql = (
        f"SELECT * FROM {view} WHERE {where} "
        "ORDER BY coalesce(event_date, first_reported_date), event_type, event_id"
    )
    return sql, params


SUMMARY_TOTALS = """
    SELECT
        (SELECT count(*) FROM articles)                                  AS articles,
        (SELECT count(*) FROM articles WHERE is_duplicate)               AS duplicates,
        (SELECT count(*) FROM mart_fetch_errors)                         AS failures,
        (SELECT count(*) FROM mart_events)                               AS events,
        (SELECT count(*) FROM mart_events_all_modalities)                AS events_any_modality,
        (SELECT count(*) FROM mart_event_reports)                        AS reports,
        (SELECT count(*) FROM mart_events WHERE NOT date_known)          AS undated_events,
        (SELECT min(ds) FROM load_log)                                   AS first_interval,
        (SELECT max(ds) FROM load_log)                                   AS last_interval,
        (SELECT count(DISTINCT ds) FROM load_log)                        AS intervals
"""

SUMMARY_BY_TYPE = """
    SELECT event_type AS type, count(*) AS events, sum(mention_count) AS mentions,
           sum(article_count) AS reports
    FROM mart_events GROUP BY event_type ORDER BY events DESC, type
"""

SUMMARY_FAILURES = """
    SELECT error_class, count(*) AS failures FROM mart_fetch_errors
    GROUP BY error_class ORDER BY failures DESC, error_class
"""


def read_reports(flt: EventFilter) -> tuple[str, list[Any]]:
    """Every column of the event-report mart for the selected events."""
    view = "mart_event_reports_all_modalities" if flt.all_modalities else "mart_event_reports"
    where, params = flt.where()
    sql = (
        f"SELECT * FROM {view} WHERE event_id IN "
        f"(SELECT event_id FROM mart_events_all_modalities WHERE {where}) "
        "ORDER BY coalesce(event_date, CAST(reported_at AS DATE)), event_type, event_id, report_no"
    )
    return sql, params


INTERVAL_LOADED = "SELECT count(*) FROM load_log WHERE ds = CAST(? AS DATE)"
