"""The report's world map: Natural Earth shapes drawn offline, one point per located event by
precision, and a click on a point showing that event's evidence, in a real headless browser."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pytest

from pipeline.report import build_report
from pipeline.report_map import HEIGHT, WIDTH, country_paths, project
from tests.report.test_report import _browser_dom, needs_chromium
from tests.warehouse.factory import query


@pytest.fixture(scope="module")
def report(seeded_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(seeded_warehouse, tmp_path_factory.mktemp("map") / "report.html")


def test_shapes_cover_the_world_without_strokes_across_it() -> None:
    paths = country_paths()
    assert len(paths) >= 170  # Natural Earth 1:110m, Antarctica left out
    names = {p["name"] for p in paths}
    assert {"Turkey", "Oman", "Russia", "Fiji", "Brazil"} <= names
    for p in paths:
        for ring in p["d"].split("M")[1:]:
            xs = [float(v) for v in re.findall(r"(?:^|L)(-?[\d.]+) ", ring)]
            assert len(xs) >= 3 and min(xs) >= 0 and max(xs) <= WIDTH, p["name"]
            for a, b in itertools.pairwise(xs):
                assert abs(a - b) < WIDTH / 2, p["name"]  # no stroke spans half the world
    x, y = project(28.98, 41.01)  # Istanbul lands on the map, north-east of its centre
    assert WIDTH / 2 < x < WIDTH and 0 < y < HEIGHT / 2


def test_the_page_credits_the_map_and_the_gazetteer(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "Natural Earth" in page and "world-atlas" in page and "GeoNames (CC BY 4.0)" in page


@needs_chromium
def test_points_are_drawn_and_a_click_shows_the_evidence(
    report: Path, seeded_warehouse: Path, tmp_path: Path
) -> None:
    located = query(
        seeded_warehouse,
        "SELECT event_id, location_name, location_precision, evidence_sentence "
        "FROM mart_events WHERE location_precision <> 'none'",
    )
    istanbul = next(e for e in located if e["location_name"] == "Istanbul")

    dom = _browser_dom(report, tmp_path / "profile", f"#map={istanbul['event_id']}")

    assert 'data-ready="true"' in dom, re.findall(r'<ul id="errors">.*?</ul>', dom, re.S)
    assert '<svg viewBox="0 0 960 470" role="img" aria-label="Where events happened"' in dom
    assert dom.count('class="land"') == len(country_paths())
    points = re.findall(r'<circle [^>]*class="mpt (\w+)[^"]*"[^>]*data-event-id="([\w-]+)"', dom)
    assert len(points) == len(located) > 5
    assert {(e["event_id"], e["location_precision"]) for e in located} == {
        (eid, precision) for precision, eid in points
    }
    assert {p for p, _ in points} >= {"city", "country"}
    # the click on Istanbul's point filled the evidence panel with that event
    shown = re.search(r'<blockquote id="d-evidence">(.*?)</blockquote>', dom, re.S)
    assert shown and html.unescape(shown.group(1)) == istanbul["evidence_sentence"]
    place = re.search(r'<dd id="d-place">(.*?)</dd>', dom, re.S)
    assert place and html.unescape(place.group(1)) == "Istanbul [TUR] · city, stated"
    assert f'data-event-id="{istanbul["event_id"]}"' in dom
    assert re.search(rf'class="mpt city selected"[^>]*data-event-id="{istanbul["event_id"]}"', dom)
    assert len(re.findall(r'class="[^"]*\bselected\b', dom)) == 1
