"""What a fetch leaves in the process of `communique run`: the interpreter frees a 1 MiB arena of
small objects only when every object in it is freed, so a few objects made among the articles'
objects and kept after them hold the arenas around them (77 MiB after 100,000 articles)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

from pipeline import runner
from pipeline.models import Interval
from pipeline.settings import Settings

DAY = dt.date(2026, 11, 23)


def _articles(folder: Path, n: int) -> None:
    folder.mkdir()
    rows = (
        {
            "title": f"Dispatch {i}",
            "url": f"https://outlet{i % 7}.test/dispatch/{i}",
            "published": f"{DAY}T{i % 24:02d}:00:00Z",
            "source": f"Outlet {i % 7}",
            "text": f"Ministers met in Geneva on talks, dispatch {i}.",
        }
        for i in range(n)
    )
    (folder / "part-0.jsonl").write_text("\n".join(map(json.dumps, rows)) + "\n", encoding="utf-8")


def test_no_url_split_made_during_a_fetch_outlives_it(tmp_path: Path) -> None:
    _articles(tmp_path / "articles", 300)
    settings = Settings(
        data_dir=tmp_path / "data",
        warehouse=tmp_path / "wh" / "c.duckdb",
        sources=tmp_path / "articles",
    )
    fetch = dict(runner.stages(settings, Interval.for_day(DAY)))["fetch"]
    tracemalloc.start(12)
    try:
        fetch()  # and the release of memory that follows it in a run
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    kept = snapshot.filter_traces([tracemalloc.Filter(True, "*/urllib/parse.py", all_frames=True)])
    assert sum(s.count for s in kept.statistics("filename")) == 0


def test_the_url_module_brings_the_host_name_codec_with_it() -> None:
    code = "import sys, pipeline.fetch.urls; print('encodings.idna' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
