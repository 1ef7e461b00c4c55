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
import html
import json
import logging
import os
import uuid
from pathlib import Path
from typing import Any

import duckdb

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
GROUP BY month, event_type
ORDER BY month, event_type
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
        "all_modalities": all_modalities,
        "max_subjects": MAX_SUBJECTS,
        "max_dyads": MAX_DYADS,
        "map": map_data(),
    }


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no '</script>', no HTML comment openers."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(data: dict[str, Any], *, title: str, generated: str) -> str:
    """The complete HTML page."""
    return (
        _PAGE.replace("__TITLE__", html.escape(title))
        .replace("__GENERATED__", html.escape(generated))
        .replace("__SCOPE__", "all modalities" if data["all_modalities"] else "asserted events")
        .replace("__STYLE__", _STYLE + MAP_STYLE)
        .replace("__SCRIPT__", _SCRIPT.replace("/*__MAP__*/", MAP_SCRIPT))
        .replace("__ATTRIBUTION__", html.escape(ATTRIBUTION))
        .replace("__DATA__", _json_for_script(data))
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
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("report of %d events written to %s", len(data["events"]), out)
    return out


_STYLE = """
:root { --ink: #1d2430; --muted: #5f6b7a; --line: #d9dee5; --bg: #f7f8fa; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); }
header { padding: 18px 28px 8px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: var(--muted); }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 20px; padding: 20px 28px; }
section.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px;
                padding: 12px 16px; margin-bottom: 20px; }
section.chart h2 { margin: 0 0 2px; font-size: 15px; }
section.chart p.note { margin: 0 0 8px; color: var(--muted); font-size: 12px; }
svg { display: block; width: 100%; height: auto; overflow: visible; }
svg text { font-size: 11px; fill: var(--muted); }
svg text.lane { fill: var(--ink); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .pt { cursor: pointer; stroke: #fff; stroke-width: 1.2; }
svg .pt.undated { fill-opacity: 0.25; stroke-width: 1.6; stroke-dasharray: 2 1.5; }
svg .pt:focus, svg .pt.selected { stroke: #000; stroke-width: 2.2; outline: none; }
svg .span { opacity: 0.28; }
svg .bar { cursor: default; }
#legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 0 0 14px; padding: 0;
          list-style: none; }
#legend li { display: flex; align-items: center; gap: 6px; font-size: 12px; }
#legend i { width: 11px; height: 11px; border-radius: 50%; display: inline-block; }
aside { position: sticky; top: 12px; align-self: start; background: #fff;
        border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; }
aside h2 { margin: 0 0 8px; font-size: 15px; }
aside dl { display: grid; grid-template-columns: 88px 1fr; gap: 3px 10px; margin: 0 0 10px; }
aside dt { color: var(--muted); }
aside dd { margin: 0; }
aside blockquote { margin: 8px 0; padding: 8px 10px; background: var(--bg);
                   border-left: 3px solid var(--accent); }
aside a { color: var(--accent); word-break: break-all; }
p.controls { margin: 0 0 12px; color: var(--muted); }
#errors { color: #a1001b; }
#errors:empty { display: none; }
footer { padding: 0 28px 24px; color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } aside { position: static; } }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var errors = [];
  function fail(message) {
    errors.push(String(message));
    var li = document.createElement("li");
    li.textContent = String(message);
    document.getElementById("errors").appendChild(li);
    document.body.setAttribute("data-ready", "error");
  }
  window.addEventListener("error", function (e) { fail(e.message || "script error"); });

  var SVG = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
                 "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173"];
  var TYPES = ["suspension", "policy_change_call", "backchannel_contact", "consultation",
               "conditional_refusal", "rejection", "resumption", "agreement", "withdrawal",
               "expulsion", "sanctions", "accusation", "threat", "proposal"];
  var DAY = 86400000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function text(parent, x, y, content, attrs) {
    var t = el("text", Object.assign({x: x, y: y}, attrs || {}), parent);
    t.textContent = content;
    return t;
  }
  function ms(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function colour(type) {
    var i = TYPES.indexOf(type);
    return PALETTE[(i < 0 ? TYPES.length : i) % PALETTE.length];
  }
  function label(s) { return String(s).replace(/_/g, " "); }
  function actor(name, country) {
    if (!name && !country) { return "\u2014"; }
    return (name || "") + (country ? " [" + country + "]" : "");
  }

  function timeTicks(lo, hi) {
    var ticks = [];
    var a = new Date(lo), b = new Date(hi);
    var years = b.getUTCFullYear() - a.getUTCFullYear();
    if (years >= 3) {
      var step = Math.max(1, Math.ceil(years / 10));
      for (var y = a.getUTCFullYear() + 1; y <= b.getUTCFullYear(); y += step) {
        ticks.push({t: Date.UTC(y, 0, 1), label: String(y)});
      }
    } else {
      var months = years * 12 + b.getUTCMonth() - a.getUTCMonth();
      var mstep = Math.max(1, Math.ceil(months / 10));
      var d = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + 1, 1));
      while (d.getTime() <= hi) {
        ticks.push({t: d.getTime(), label: d.toISOString().slice(0, 7)});
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + mstep, 1));
      }
    }
    return ticks;
  }

/*__MAP__*/
  var selected = null;
  function select(ev, node) {
    if (selected) { selected.classList.remove("selected"); }
    selected = node || null;
    if (selected) { selected.classList.add("selected"); }
    var panel = document.getElementById("detail");
    panel.setAttribute("data-event-id", ev.event_id);
    function set(id, value) { document.getElementById(id).textContent = value; }
    set("d-type", label(ev.event_type) + (ev.is_private ? " (private)" : ""));
    set("d-date", ev.date_label + " \u00b7 " + ev.date_precision + ", " + ev.date_basis);
    set("d-source", actor(ev.source_actor, ev.source_country));
    set("d-target", actor(ev.target_actor, ev.target_country));
    set("d-subject", ev.subject || "\u2014");
    set("d-modality", ev.modality);
    set("d-support", ev.mention_count + " mentions, " + ev.article_count + " articles, " +
        ev.outlet_count + " outlets");
    set("d-place", placeLabel(ev));
    set("d-evidence", ev.evidence_sentence || "");
    var link = document.getElementById("d-link");
    link.textContent = ev.article_title || ev.article_url || "";
    if (ev.article_url && /^https?:/i.test(ev.article_url)) {
      link.setAttribute("href", ev.article_url);
    } else {
      link.removeAttribute("href");
    }
    set("d-outlet", ev.article_outlet || "");
    document.getElementById("detail-body").hidden = false;
    document.getElementById("detail-empty").hidden = true;
  }

  function timeline(container, events, laneOf, lanes, note) {
    var W = 900, left = 190, right = 16, top = 24, laneH = 26;
    var H = top + lanes.length * laneH + 8;
    var lo = Infinity, hi = -Infinity;
    events.forEach(function (e) { lo = Math.min(lo, ms(e.start)); hi = Math.max(hi, ms(e.end)); });
    if (!isFinite(lo)) { container.appendChild(document.createTextNode("No events.")); return; }
    lo -= 20 * DAY; hi += 20 * DAY;
    var x = function (t) { return left + (t - lo) / (hi - lo) * (W - left - right); };
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": note});
    timeTicks(lo, hi).forEach(function (tick) {
      el("line", {x1: x(tick.t), x2: x(tick.t), y1: top - 6, y2: H - 6, "class": "grid"}, svg);
      text(svg, x(tick.t) + 2, top - 10, tick.label);
    });
    lanes.forEach(function (lane, i) {
      var y = top + i * laneH + laneH / 2;
      el("line", {x1: left, x2: W - right, y1: y, y2: y, "class": "grid"}, svg);
      var t = text(svg, left - 8, y + 4, lane.length > 30 ? lane.slice(0, 29) + "\u2026" : lane,
                   {"text-anchor": "end", "class": "lane"});
      el("title", {}, t).textContent = lane;
    });
    events.forEach(function (ev) {
      var i = lanes.indexOf(laneOf(ev));
      if (i < 0) { return; }
      var y = top + i * laneH + laneH / 2;
      var x0 = x(ms(ev.start)), x1 = x(ms(ev.end));
      if (x1 - x0 > 2) {
        el("rect", {x: x0, y: y - 5, width: x1 - x0, height: 10, rx: 3, "class": "span",
                    fill: colour(ev.event_type)}, svg);
      }
      var dot = el("circle", {cx: x0, cy: y, r: 5.5, fill: colour(ev.event_type),
                              "class": "pt" + (ev.undated ? " undated" : ""), tabindex: 0,
                              "data-event-id": ev.event_id}, svg);
      el("title", {}, dot).textContent = ev.date_label + " \u2014 " + label(ev.event_type) +
          ": " + actor(ev.source_actor, ev.source_country) + " \u2192 " +
          actor(ev.target_actor, ev.target_country);
      dot.addEventListener("click", function () { select(ev, dot); });
      dot.addEventListener("keydown", function (k) {
        if (k.key === "Enter" || k.key === " ") { k.preventDefault(); select(ev, dot); }
      });
    });
    container.appendChild(svg);
  }

  function topLanes(events, key, max) {
    var counts = {};
    events.forEach(function (e) { var k = key(e); if (k) { counts[k] = (counts[k] || 0) + 1; } });
    return Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || (a < b ? -1 : 1);
    }).slice(0, max);
  }

  function bars(container, counts) {
    var months = [], byMonth = {}, max = 0;
    counts.forEach(function (c) {
      if (!byMonth[c.month]) { byMonth[c.month] = []; months.push(c.month); }
      byMonth[c.month].push(c);
    });
    months.sort();
    if (!months.length) { container.appendChild(document.createTextNode("No events.")); return; }
    months.forEach(function (m) {
      max = Math.max(max, byMonth[m].reduce(function (s, c) { return s + c.n; }, 0));
    });
    var W = 900, H = 240, left = 36, bottom = 52, top = 10;
    var bw = Math.min(36, (W - left - 10) / months.length);
    var y = function (v) { return top + (1 - v / max) * (H - top - bottom); };
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img",
                         "aria-label": "Events by type per month"});
    var step = Math.max(1, Math.ceil(max / 5));
    for (var v = 0; v <= max; v += step) {
      el("line", {x1: left, x2: W - 10, y1: y(v), y2: y(v), "class": "grid"}, svg);
      text(svg, left - 6, y(v) + 4, String(v), {"text-anchor": "end"});
    }
    var every = Math.max(1, Math.ceil(months.length / 30));
    months.forEach(function (m, i) {
      var x0 = left + 4 + i * bw, acc = 0;
      byMonth[m].forEach(function (c) {
        var r = el("rect", {x: x0, y: y(acc + c.n), width: Math.max(1, bw - 3),
                            height: y(acc) - y(acc + c.n), fill: colour(c.event_type),
                            "class": "bar"}, svg);
        el("title", {}, r).textContent = m + ": " + c.n + " " + label(c.event_type);
        acc += c.n;
      });
      if (i % every === 0) {
        var cx = x0 + bw / 2, cy = H - bottom + 10;
        text(svg, cx, cy, m, {"text-anchor": "end",
                              transform: "rotate(-40 " + cx + " " + cy + ")"});
      }
    });
    container.appendChild(svg);
  }

  function legend(events, counts) {
    var seen = {};
    events.forEach(function (e) { seen[e.event_type] = true; });
    counts.forEach(function (c) { seen[c.event_type] = true; });
    var ul = document.getElementById("legend");
    Object.keys(seen).sort(function (a, b) {
      return TYPES.indexOf(a) - TYPES.indexOf(b);
    }).forEach(function (t) {
      var li = document.createElement("li");
      var swatch = document.createElement("i");
      swatch.style.background = colour(t);
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(label(t)));
      ul.appendChild(li);
    });
  }

  function draw() {
    var data = JSON.parse(document.getElementById("report-data").textContent);
    var events = data.events;
    document.getElementById("summary").textContent = events.length + " events, " +
        new Set(events.map(function (e) { return e.subject; }).filter(Boolean)).size +
        " subjects, " +
        new Set(events.map(function (e) { return e.dyad; }).filter(Boolean)).size +
        " country dyads";
    legend(events, data.monthly_counts);
    bars(document.getElementById("chart-types"), data.monthly_counts);
    function drawTimelines(year) {
      var shown = events.filter(function (e) {
        return !year || (e.start.slice(0, 4) <= year && e.end.slice(0, 4) >= year);
      });
      ["chart-subjects", "chart-dyads"].forEach(function (id) {
        document.getElementById(id).textContent = "";
      });
      var subjects = topLanes(shown, function (e) { return e.subject; }, data.max_subjects);
      timeline(document.getElementById("chart-subjects"), shown,
               function (e) { return e.subject; }, subjects, "Timeline by subject");
      var dyads = topLanes(shown, function (e) { return e.dyad; }, data.max_dyads);
      timeline(document.getElementById("chart-dyads"), shown,
               function (e) { return e.dyad; }, dyads, "Timeline by country dyad");
    }
    var range = document.getElementById("range");
    var years = {};
    events.forEach(function (e) { years[e.start.slice(0, 4)] = true; });
    Object.keys(years).sort().reverse().forEach(function (y) {
      var option = document.createElement("option");
      option.value = y;
      option.textContent = y;
      range.appendChild(option);
    });
    range.addEventListener("change", function () { drawTimelines(range.value); });
    drawTimelines("");
    if (data.map) {
      var located = worldMap(document.getElementById("chart-map"), data.map, events);
      document.getElementById("map-count").textContent = String(located);
    }
    var byId = {};
    events.forEach(function (e) { byId[e.event_id] = e; });
    function fromHash() {
      var onMap = /map=([\w-]+)/.exec(window.location.hash);
      if (onMap) {  // the point's own click handler, as a reader's click runs it
        var spot = document.querySelector('.mpt[data-event-id="' + onMap[1] + '"]');
        if (spot) { spot.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
        return;
      }
      var m = /event=([\w-]+)/.exec(window.location.hash);
      if (m && byId[m[1]]) {
        var node = document.querySelector('.pt[data-event-id="' + m[1] + '"]');
        select(byId[m[1]], node);
      }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  try {
    draw();
    if (!errors.length) { document.body.setAttribute("data-ready", "true"); }
  } catch (e) {
    fail(e && e.stack ? e.stack : e);
  }
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>__TITLE__</title>
<style>__STYLE__</style>
</head>
<body data-ready="false">
<header>
  <h1>__TITLE__</h1>
  <p><span id="summary"></span> (__SCOPE__) &middot; from __GENERATED__</p>
</header>
<noscript><p>This report draws its charts with JavaScript; enable it to see them.</p></noscript>
<ul id="errors"></ul>
<main>
  <div>
    <ul id="legend"></ul>
    <p class="controls"><label>Timelines show
      <select id="range"><option value="">all dates</option></select></label></p>
    <section class="chart">
      <h2>Events by type per month</h2>
      <p class="note">Events are counted in the month they happened, or in the month they were
        first reported when their date is not known to the month.</p>
      <div id="chart-types"></div>
    </section>
    <section class="chart">
      <h2>Where events happened</h2>
      <p class="note"><span id="map-count"></span> events whose place the text states (or, for
        acts done at home, their actor's country): small points for a city or venue, larger for a
        region, a faint disc for a whole country. Click a point for its evidence.</p>
      <div id="chart-map"></div>
    </section>
    <section class="chart">
      <h2>Timeline by subject</h2>
      <p class="note">One lane per subject. A bar spans a date known only to the week, month or
        year; hollow points are undated events, placed on the day they were first reported.
        Click a point for its evidence.</p>
      <div id="chart-subjects"></div>
    </section>
    <section class="chart">
      <h2>Timeline by country dyad</h2>
      <p class="note">One lane per source &rarr; target country pair.</p>
      <div id="chart-dyads"></div>
    </section>
  </div>
  <aside id="detail" aria-live="polite">
    <h2>Evidence</h2>
    <p id="detail-empty">Select a point to read the sentence it was extracted from.</p>
    <div id="detail-body" hidden>
      <dl>
        <dt>type</dt><dd id="d-type"></dd>
        <dt>date</dt><dd id="d-date"></dd>
        <dt>source</dt><dd id="d-source"></dd>
        <dt>target</dt><dd id="d-target"></dd>
        <dt>subject</dt><dd id="d-subject"></dd>
        <dt>place</dt><dd id="d-place"></dd>
        <dt>modality</dt><dd id="d-modality"></dd>
        <dt>support</dt><dd id="d-support"></dd>
      </dl>
      <blockquote id="d-evidence"></blockquote>
      <p><span id="d-outlet"></span><br><a id="d-link" rel="noopener noreferrer"></a></p>
    </div>
  </aside>
</main>
<footer>Communique &middot; first mention shown as evidence; counts include every report.
  &middot; __ATTRIBUTION__</footer>
<script type="application/json" id="report-data">__DATA__</script>
<script>__SCRIPT__</script>
</body>
</html>
"""
