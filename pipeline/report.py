"""The analysts' report: one self-contained HTML file of timelines drawn from the marts.

``communique report`` reads the published (or working) warehouse read-only and writes a single
HTML file with its data, style and drawing script inline: no CDN, no network, it opens offline
and can be mailed as is. It shows events by type per month (stacked bars), a timeline per subject
and a timeline per country dyad, and a world map of where events happened; every point reveals
its evidence sentence, actors, date basis, place and article link when clicked (or when the page
is opened with ``#event=<event_id>``, or ``#map=<event_id>`` to click a point of the map).

The page reports its own health for automated checks: ``<body data-ready="true">`` once every
chart is drawn, ``data-ready="error"`` and an ``#errors`` list otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import jinja2

from pipeline.files import write_text
from pipeline.report_map import ATTRIBUTION, map_data
from pipeline.report_map import SCRIPT as MAP_SCRIPT
from pipeline.report_map import STYLE as MAP_STYLE

log = logging.getLogger(__name__)

MAX_SUBJECTS = 25
MAX_DYADS = 25

_EVENTS_SQL = """
SELECT
    event_id,
    strftime(coalesce(event_date, first_reported_date), '%Y-%m-%d')     AS start,
    strftime(
        CASE date_precision
            WHEN 'week' THEN event_date + 6
            WHEN 'month' THEN last_day(event_date)
            WHEN 'year' THEN make_date(year(event_date), 12, 31)
            ELSE coalesce(event_date, first_reported_date)
        END,
        '%Y-%m-%d'
    )                                                                   AS "end",
    event_date IS NULL                                                  AS undated,
    date_label,
    date_precision,
    date_basis,
    event_type,
    source_actor,
    source_country,
    target_actor,
    target_country,
    CASE WHEN source_country IS NOT NULL AND target_country IS NOT NULL
         THEN country_dyad END                                          AS dyad,
    subject,
    modality,
    is_private,
    evidence_sentence,
    article_url,
    article_title,
    article_outlet,
    mention_count,
    article_count,
    outlet_count,
    location_name,
    location_country,
    location_latitude,
    location_longitude,
    location_precision,
    location_basis
FROM {view}
ORDER BY coalesce(event_date, first_reported_date), first_reported_at, event_id
"""

_COUNTS_SQL = """
SELECT strftime(month, '%Y-%m') AS month, event_type, CAST(sum(event_count) AS BIGINT) AS n
FROM {view}
WHERE date_known  -- undated events belong to no month (the date-unknown bucket)
GROUP BY month, event_type
ORDER BY month, event_type
"""


# The palette and legend order: one row per type of the taxonomy (taxonomy.toml -> ref_event_types).
_TYPES_SQL = """
SELECT event_type, event_type_label AS label, color
FROM ref_event_types
ORDER BY sort_order
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description] if cur.description else []
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def collect(con: duckdb.DuckDBPyConnection, *, all_modalities: bool = False) -> dict[str, Any]:
    """Everything the page draws, as JSON-ready data."""
    suffix = "_all_modalities" if all_modalities else ""
    events = _rows(con, _EVENTS_SQL.format(view=f"mart_events{suffix}"))
    counts = _rows(con, _COUNTS_SQL.format(view=f"mart_monthly_counts{suffix}"))
    return {
        "events": events,
        "monthly_counts": counts,
        "event_types": _rows(con, _TYPES_SQL),
        "all_modalities": all_modalities,
        "max_subjects": MAX_SUBJECTS,
        "max_dyads": MAX_DYADS,
        "map": map_data(),
    }


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no '</script>', no HTML comment openers."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return (resources.files("pipeline") / "assets" / "report" / name).read_text(encoding="utf-8")


def render(data: dict[str, Any], *, title: str, generated: str) -> str:
    """The complete HTML page: the Jinja2 template ``assets/report/report.html`` (autoescaped)
    with its style, script and data inlined."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "assets/report"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("report.html").render(
        title=title,
        generated=generated,
        scope="all modalities" if data["all_modalities"] else "asserted events",
        style=_asset("report.css") + MAP_STYLE,
        script=_asset("report.js").replace("/*__MAP__*/", MAP_SCRIPT),
        attribution=ATTRIBUTION,
        data=_json_for_script(data),
    )


def build_report(
    db: Path,
    out: Path,
    *,
    all_modalities: bool = False,
    title: str = "Communique: diplomatic events",
) -> Path:
    """Write the report for the warehouse file ``db`` to ``out`` (atomically); returns ``out``."""
    if not db.exists():
        raise FileNotFoundError(f"no warehouse at {db}: run `communique run` first")
    con = duckdb.connect(str(db), read_only=True)
    try:
        data = collect(con, all_modalities=all_modalities)
    finally:
        con.close()
    generated = f"{db.name}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    page = render(data, title=title, generated=generated)
    write_text(out, page)
    log.info("report of %d events written to %s", len(data["events"]), out)
    return out
