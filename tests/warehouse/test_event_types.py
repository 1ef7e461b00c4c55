"""Event types live in pipeline/data/taxonomy.toml only: the warehouse loads them as
ref_event_types, which the data checks and the report's palette read.

The end-to-end test adds a type the way a maintainer would, by editing data files alone in a copy
of the project, then runs the real stages in that copy (fetch, extract, load, checks, report)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.extract.gazetteer import load_taxonomy
from tests.conftest import ROOT
from tests.warehouse.factory import query

# The new type, as a maintainer would add it: a taxonomy table and a lexicon change.
NEW_TYPE = """
[mediation]
label = "Mediation"
description = "An actor mediates between two others."
cameo = "045"
cameo_alternatives = []
plover = "CONSULT"
plover_mode = ""
plover_context = "diplomatic"
goldstein = 5.0
quad_class = 1
color = "#123456"
priority = 4
symmetric = false
sources = ["CAMEO 2.0 045: Mediate", "CAMEO2PLOVER-2021.txt: '045: CONSULT'"]
"""
ARTICLE = "Qatar mediated between Russia and Ukraine on Monday, officials said.\n"
DAY = "2024-03-05"
# Run inside the copy: every stage as the pipeline runs it.
STAGES = f"""
import datetime as dt, json, sys
from pathlib import Path
import duckdb
from pipeline.check import run_checks
from pipeline.load import load_interval
from pipeline.models import Interval
from pipeline.report import build_report, collect
from pipeline.runner import run_extract, run_fetch
from pipeline.settings import Settings
root = Path.cwd()
db = root / "w.duckdb"
settings = Settings(data_dir=root / "data", sources=root / "sources", warehouse=db)
interval = Interval.for_day(dt.date.fromisoformat({DAY!r}))
run_fetch(settings, interval)
run_extract(settings, interval)
load_interval(db, root / "warehouse", root / "data", {DAY!r})
checked = run_checks(db, root / "warehouse", raise_on_failure=False)
failing = {{k: v for k, v in checked.items() if v}}
con = duckdb.connect(str(db), read_only=True)
events = con.execute(
    "SELECT event_type, cameo_code, plover_category FROM events ORDER BY event_id"
).fetchall()
types = collect(con)["event_types"]
con.close()
page = build_report(db, root / "report.html").read_text(encoding="utf-8")
import pipeline
json.dump({{"failing": failing, "checked": len(checked), "events": events, "types": types,
           "in_page": "#123456" in page, "code": pipeline.__file__}}, sys.stdout)
"""


def _copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pipeline", "warehouse", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


def _changed_files(copy: Path) -> set[str]:
    changed = set()
    for path in copy.rglob("*"):
        rel = path.relative_to(copy)
        if path.is_file() and rel.parts[0] in ("pipeline", "warehouse", "scripts"):
            original = ROOT / rel
            if not original.exists() or original.read_bytes() != path.read_bytes():
                changed.add(rel.as_posix())
    return changed


@pytest.mark.slow
def test_a_new_event_type_needs_data_files_only(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path / "project")
    data = copy / "pipeline" / "data"
    taxonomy = data / "taxonomy.toml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + NEW_TYPE, encoding="utf-8")
    lexicon = data / "lexicon.toml"
    text = lexicon.read_text(encoding="utf-8")
    rule = 'id = "consult.mediate"\ntype = "consultation"'
    assert rule in text
    lexicon.write_text(text.replace(rule, 'id = "consult.mediate"\ntype = "mediation"'), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    # the warehouse's reference views are regenerated from the data files (no hand edit)
    subprocess.run(
        [sys.executable, "scripts/build_reference_models.py"], cwd=copy, env=env, check=True
    )
    assert _changed_files(copy) == {
        "pipeline/data/taxonomy.toml",
        "pipeline/data/lexicon.toml",
        "warehouse/models/054_ref_event_types.sql",
    }
    (copy / "sources").mkdir()
    (copy / "sources" / "mediation.txt").write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", STAGES], cwd=copy, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert Path(result["code"]).is_relative_to(copy)  # the copy's code ran, not the repository's
    assert result["failing"] == {} and result["checked"] > 10
    assert ["mediation", "045", "CONSULT"] in result["events"]
    assert {"event_type": "mediation", "label": "Mediation", "color": "#123456"} in result["types"]
    assert result["types"][-1]["event_type"] == "mediation"
    assert result["in_page"]


def test_reference_views_are_up_to_date() -> None:
    """warehouse/models/05x_ref_*.sql are generated from the data files: rerun
    scripts/build_reference_models.py after editing taxonomy.toml (or the other inputs)."""
    done = subprocess.run(
        [sys.executable, "scripts/build_reference_models.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_ref_event_types_is_the_taxonomy(seeded_warehouse: Path) -> None:
    rows = query(seeded_warehouse, "SELECT * FROM ref_event_types ORDER BY sort_order")
    taxonomy = load_taxonomy()
    assert [r["event_type"] for r in rows] == list(taxonomy)
    for r in rows:
        t = taxonomy[r["event_type"]]
        assert (r["event_type_label"], r["cameo_code"], r["plover_category"], r["color"]) == (
            t.label,
            t.cameo,
            t.plover,
            t.color,
        )
        assert (r["is_container"], r["is_symmetric"], r["priority"]) == (
            t.container,
            t.symmetric,
            t.priority,
        )
    # every type the warehouse holds is in the taxonomy: the checks accept exactly these
    held = query(seeded_warehouse, "SELECT DISTINCT event_type FROM events")
    assert {h["event_type"] for h in held} <= set(taxonomy)


def test_checks_reject_a_type_outside_the_taxonomy(seeded_warehouse: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(seeded_warehouse, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("UPDATE raw_events SET event_type = 'picnic' WHERE rowid = 0")
        check = (ROOT / "warehouse" / "checks" / "accepted_event_type.sql").read_text()
        bad = con.execute(f"SELECT count(*) FROM ({check})").fetchone()
    finally:
        con.close()
    assert bad == (1,)
