"""`communique report`: one self-contained HTML file whose charts draw in a real headless browser
without script errors, and whose points reveal their evidence sentence."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report import build_report, render
from tests.cdp import CHROMIUM, HEADLESS_FLAGS, browser
from tests.warehouse.factory import query

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (`make system-deps` installs it with apt-get)",
)


@pytest.fixture(scope="module")
def report(seeded_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report(seeded_warehouse, tmp_path_factory.mktemp("report") / "report.html")


def _browser_dom(page: Path, profile: Path, fragment: str = "") -> str:
    """The DOM after the page's scripts ran, as headless Chromium dumps it."""
    done = subprocess.run(
        [
            str(CHROMIUM),
            *HEADLESS_FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_page_is_self_contained(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "Content-Security-Policy" in page


def test_data_cannot_break_out_of_the_page() -> None:
    evil = "</script><script>alert(1)</script><!--"
    event: dict[str, Any] = {"event_id": "ev_x", "evidence_sentence": evil, "subject": evil}
    page = render(
        {
            "events": [event],
            "monthly_counts": [],
            "all_modalities": False,
            "max_subjects": 1,
            "max_dyads": 1,
        },
        title="<b>t</b>",
        generated="now",
    )
    assert page.count("</script>") == 2 and "<!--" not in page and "<b>t</b>" not in page


@needs_chromium
def test_charts_draw_in_a_headless_browser(
    report: Path, seeded_warehouse: Path, tmp_path: Path
) -> None:
    events = query(
        seeded_warehouse,
        "SELECT event_id, subject, source_country, target_country, evidence_sentence "
        "FROM mart_events",
    )
    bars = query(
        seeded_warehouse,
        "SELECT DISTINCT month, event_type FROM mart_monthly_counts WHERE date_known",
    )
    subjects = {e["subject"] for e in events if e["subject"]}
    assert len(subjects) <= 25, "more subjects than lanes: expected points below would differ"
    placed = sum(1 for e in events if e["subject"]) + sum(
        1 for e in events if e["source_country"] and e["target_country"]
    )
    target = next(e for e in events if e["subject"] == "New START")

    dom = _browser_dom(report, tmp_path / "profile", f"#event={target['event_id']}")

    assert 'data-ready="true"' in dom, re.findall(r'<ul id="errors">.*?</ul>', dom, re.S)
    assert '<ul id="errors"></ul>' in dom
    assert dom.count("<svg") == 4  # bars, two timelines, the world map
    assert dom.count('class="pt') == placed > 10
    assert dom.count('class="bar"') == len(bars) > 5
    # the events table lists every event once, with its count
    assert dom.count("<tr data-event-id=") == len(events)
    assert f"{len(events)} of {len(events)} events" in dom
    shown = re.search(r'<blockquote id="d-evidence">(.*?)</blockquote>', dom, re.S)
    assert shown and html.unescape(shown.group(1)) == target["evidence_sentence"]
    assert f'data-event-id="{target["event_id"]}"' in dom
    assert re.search(r'class="pt[^"]*selected', dom)


LAYOUT = """JSON.stringify({
    page: document.documentElement.clientWidth,
    sections: Math.min(...[...document.querySelectorAll('section.chart')].map(
        s => s.getBoundingClientRect().width)),
    panel: getComputedStyle(document.getElementById('detail')).display,
    panelBox: document.getElementById('detail').getBoundingClientRect().toJSON(),
})"""


@needs_chromium
def test_no_empty_column_beside_the_charts(
    report: Path, seeded_warehouse: Path, tmp_path: Path
) -> None:
    """The charts take the page's width; the evidence panel appears, floating in view, only
    once an event is selected, and its close button hides it again."""
    target = query(seeded_warehouse, "SELECT event_id FROM mart_events LIMIT 1")[0]["event_id"]
    with browser(tmp_path / "profile") as page:
        page.open(report.as_uri())
        page.wait_for("document.body.dataset.ready === 'true'", what="the report's charts")
        before = json.loads(page.evaluate(LAYOUT))
        page.screenshot(tmp_path / "report.png")
        page.evaluate(f"location.hash = 'event={target}'")
        page.wait_for(
            "getComputedStyle(document.getElementById('detail')).display !== 'none'",
            what="the evidence panel",
        )
        after = json.loads(page.evaluate(LAYOUT))
        page.screenshot(tmp_path / "report-selected.png")
        page.evaluate("document.getElementById('detail-close').click()")
        closed = json.loads(page.evaluate(LAYOUT))
        assert not page.errors, page.errors
    assert before["panel"] == "none" and closed["panel"] == "none"
    assert before["sections"] > 0.85 * before["page"], before
    assert after["panel"] != "none"
    box = after["panelBox"]
    assert box["top"] >= 0 and box["bottom"] <= 900 and box["right"] <= after["page"], box


def test_report_command_writes_one_file(
    seeded_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE", str(seeded_warehouse))
    out = tmp_path / "out" / "all.html"
    result = CliRunner().invoke(app, ["report", "--warehouse", "--all", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "all modalities" in out.read_text(encoding="utf-8")
    assert [p.name for p in out.parent.iterdir()] == ["all.html"]
    missing = CliRunner().invoke(app, ["report", "--out", str(out)])  # nothing published there
    assert missing.exit_code == 2
