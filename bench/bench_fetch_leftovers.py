"""What the fetch of ``communique run`` leaves in its process, against the number of articles.

    uv run python bench/bench_fetch_leftovers.py [--articles 10000,100000] [--trace]

For each size, in a fresh process and data folder: the fetch stage as ``runner.stages`` runs it
(and the memory release after it) over the corpus of ``bench_run_memory.py``, then RSS before,
at its peak (sampled every 50 ms) and after; the interpreter's small-object arenas (1 MiB each)
and the bytes live in them, before and after. Arenas held after with the same live bytes are
arenas kept by a few objects made during the fetch among the articles' objects. ``--trace``
also lists where the allocations still live after the fetch were made (``tracemalloc``: slow).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
log = logging.getLogger("bench.fetch_leftovers")


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _arenas() -> tuple[int, int]:
    """Arenas allocated now and bytes in allocated blocks (``sys._debugmallocstats``)."""
    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(write)
        os.close(saved)
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    text = b"".join(chunks).decode()
    arenas = re.search(r"# arenas allocated current\s*=\s*([\d,]+)", text)
    live = re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", text)
    return (
        int(arenas.group(1).replace(",", "")) if arenas else -1,
        int(live.group(1).replace(",", "")) if live else -1,
    )


def measure(articles: str, work: str, trace: int) -> dict[str, object]:
    """The fetch of ``articles`` into ``work`` in this process (called in a fresh one)."""
    os.environ.update(
        COMMUNIQUE_DATA_DIR=f"{work}/data",
        COMMUNIQUE_WAREHOUSE=f"{work}/warehouse/communique.duckdb",
        COMMUNIQUE_SOURCES=articles,
    )
    import tracemalloc

    from pipeline import runner
    from pipeline.models import Interval
    from pipeline.settings import Settings

    fetch = dict(runner.stages(Settings(), Interval.for_day(dt.date(2026, 11, 23))))["fetch"]
    peak = [0.0]

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], _rss_mib())
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    before, (arenas_before, live_before) = _rss_mib(), _arenas()
    if trace:
        tracemalloc.start(8)
    fetch()
    sites: list[str] = []
    if trace:
        stats = tracemalloc.take_snapshot().statistics("traceback")
        tracemalloc.stop()
        for stat in stats[:trace]:
            where = " <- ".join(str(f) for f in reversed(stat.traceback[-3:]))
            sites.append(f"{stat.count} objects, {stat.size} bytes: {where}")
    after, (arenas_after, live_after) = _rss_mib(), _arenas()
    return {
        "rss_mib": [round(before), round(peak[0]), round(after)],
        "arenas": [arenas_before, arenas_after],
        "live_mb": [round(live_before / 1e6, 1), round(live_after / 1e6, 1)],
        "sites": sites,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--trace", type=int, default=0, help="list this many allocation sites")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    from bench.bench_run_memory import write_articles

    work = Path(tempfile.mkdtemp(prefix="communique-bench-fetch-"))
    try:
        for n in (int(x) for x in args.articles.split(",")):
            folder = work / f"articles-{n}"
            write_articles(folder, n)
            code = (
                "import sys, json; sys.path.insert(0, sys.argv[1]); import bench_fetch_leftovers "
                "as b; print(json.dumps(b.measure(sys.argv[2], sys.argv[3], int(sys.argv[4]))))"
            )
            where = [str(ROOT / "bench"), str(folder), str(work / str(n)), str(args.trace)]
            done = subprocess.run(
                [sys.executable, "-c", code, *where],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            if done.returncode:
                raise RuntimeError(done.stderr[-4000:])
            row = json.loads(done.stdout.strip().splitlines()[-1])
            sys.stdout.write(
                f"{n:>9} articles: RSS before/peak/after {row['rss_mib']} MiB, arenas "
                f"{row['arenas'][0]} -> {row['arenas'][1]} holding {row['live_mb'][0]} -> "
                f"{row['live_mb'][1]} MB\n"
            )
            for site in row["sites"]:
                sys.stdout.write(f"    {site}\n")
            shutil.rmtree(work / str(n), ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
