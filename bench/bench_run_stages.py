"""RSS of each stage of ``communique run`` in one process: where the run's peak is.

    uv run python bench/bench_run_stages.py [--articles 10000] [--from-stage load]

Writes the corpus of ``bench_run_memory.py`` (real text, varied ids), then calls the stages as
``communique run`` does (``runner.stages``, in this process) while a thread samples this process's
VmRSS every 50 ms. For each stage: RSS before it, its peak and RSS after it; for the peak of the
run, the last log records before it (which step of the stage it was in). ``--from-stage load``
runs the fetch and extraction first unmeasured in a child process, then only the stages from
the load on here, in a fresh process (their cost without what the earlier stages leave).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
log = logging.getLogger("bench.run_stages")
DAY = dt.date(2026, 11, 23)


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """VmRSS of this process every ``every`` seconds, with the log records made meanwhile."""

    def __init__(self, every: float = 0.05) -> None:
        self.every = every
        self.samples: list[tuple[float, float]] = []
        self.records: list[tuple[float, str]] = []
        self.started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter() - self.started, rss_mib()))
            time.sleep(self.every)

    def __enter__(self) -> Sampler:
        sampler = self

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                t = time.perf_counter() - sampler.started
                sampler.records.append((t, f"{record.name}: {record.getMessage()[:160]}"))
                if record.levelno >= logging.WARNING:
                    for _, before in sampler.records[-4:-1]:
                        log.warning("  after: %s", before)
                    log.warning("%s: %s", record.name, record.getMessage()[:400])

        self._handler = Handler(level=logging.DEBUG)
        logging.getLogger("pipeline").addHandler(self._handler)
        logging.getLogger("pipeline").setLevel(logging.DEBUG)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        logging.getLogger("pipeline").removeHandler(self._handler)

    def now(self) -> float:
        return time.perf_counter() - self.started

    def peak(self, start: float, end: float) -> tuple[float, float]:
        inside = [(rss, t) for t, rss in self.samples if start <= t <= end] or [(rss_mib(), end)]
        rss, t = max(inside)
        return rss, t


def prepare(n: int, work: Path) -> None:
    from bench.bench_run_memory import write_articles

    write_articles(work / "articles", n)
    os.environ["COMMUNIQUE_DATA_DIR"] = str(work / "data")
    os.environ["COMMUNIQUE_WAREHOUSE"] = str(work / "warehouse" / "communique.duckdb")
    os.environ["COMMUNIQUE_SOURCES"] = str(work / "articles")


def replicate(data: Path, times: int) -> None:
    """Each article and event of the interval's partitions ``times`` over, with new ids (a
    larger interval for the stages from the load on, without extracting it again)."""
    import duckdb

    from pipeline.store import partition_path

    ds = DAY.isoformat()
    con = duckdb.connect()
    suffix = "'-' || CAST(k AS VARCHAR)"
    for dataset, replace, order in (
        (
            "articles",
            f"article_id || {suffix} AS article_id, url || {suffix} AS url, "
            f"canonical_url || {suffix} AS canonical_url, "
            f"content_hash || {suffix} AS content_hash, duplicate_of || {suffix} AS duplicate_of",
            "article_id",
        ),
        (
            "events",
            f"event_id || {suffix} AS event_id, article_id || {suffix} AS article_id",
            "article_id, event_id",
        ),
    ):
        path = partition_path(data, dataset, ds)
        out = path.with_name(path.name + ".replicated")
        con.execute(
            f"COPY (SELECT * REPLACE ({replace}) FROM read_parquet('{path}'), range({times}) "
            f"AS t(k) ORDER BY {order}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
        )
        out.replace(path)
    con.close()


def with_duckdb_settings(extra: dict[str, str]) -> None:
    """Add DuckDB settings to every connection the stages open (to try one before it is made
    the product's): ``writer_config`` wrapped where each stage looks it up."""
    import importlib

    from pipeline import load

    plain = load.writer_config

    def config(*args: object, **kwargs: object) -> object:
        return {**plain(*args, **kwargs), **extra}  # type: ignore[arg-type,dict-item]

    for name in ("pipeline.load", "pipeline.check", "pipeline.publish", "pipeline.marts"):
        module = importlib.import_module(name)
        if getattr(module, "writer_config", None) is plain:
            module.writer_config = config  # type: ignore[attr-defined]


def measure(first: str) -> list[dict[str, object]]:
    """Run the stages from ``first`` on in this process, sampled."""
    from pipeline import runner
    from pipeline.models import Interval
    from pipeline.settings import Settings

    interval = Interval.for_day(DAY)
    steps = runner.stages(Settings(), interval)
    names = [name for name, _ in steps]
    rows: list[dict[str, object]] = []
    with Sampler() as sampler:
        for name, step in steps[names.index(first) :]:
            start, before = sampler.now(), rss_mib()
            step()
            end, after = sampler.now(), rss_mib()
            peak, at = sampler.peak(start, end)
            rows.append(
                {
                    "stage": name,
                    "before": round(before, 1),
                    "peak": round(peak, 1),
                    "after": round(after, 1),
                    "seconds": round(end - start, 1),
                    "peak_at": round(at, 1),
                }
            )
        overall = max(rows, key=lambda r: float(r["peak"]))  # type: ignore[arg-type]
        at = float(overall["peak_at"])  # type: ignore[arg-type]
        lead = [m for t, m in sampler.records if t <= at][-5:]
    for r in rows:
        log.info(
            "%-8s before %6.1f  peak %6.1f  after %6.1f MiB  (%.1f s)",
            r["stage"],
            r["before"],
            r["peak"],
            r["after"],
            r["seconds"],
        )
    log.info("peak %.1f MiB in %s; the log records before it:", overall["peak"], overall["stage"])
    for m in lead:
        log.info("    %s", m)
    # the steps with the highest RSS: each log record closes the step it reports on (the load
    # logs each statement when it ends), so a step's peak is the peak since the record before
    steps = []
    previous = 0.0
    for t, message in sampler.records:
        inside = [rss for at, rss in sampler.samples if previous <= at <= t]
        steps.append((max(inside, default=0.0), message))
        previous = t
    log.info("the steps with the highest RSS:")
    for peak, message in sorted(steps, reverse=True)[:12]:
        log.info("  %6.1f MiB  %s", peak, message)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--from-stage", default="fetch", choices=["fetch", "load"])
    parser.add_argument(
        "--keep",
        type=Path,
        help="with --from-stage load: keep the fetched and extracted data folder here and reuse "
        "it when it exists (the load and later stages then start from a copy of it)",
    )
    parser.add_argument(
        "--replicate",
        type=int,
        default=1,
        help="with --from-stage load: load the articles and events this many times over",
    )
    parser.add_argument(
        "--duckdb",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a DuckDB setting added to the stages' connections (repeatable)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("pipeline").propagate = False
    work = Path(tempfile.mkdtemp(prefix="communique-bench-stages-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    try:
        prepare(args.articles, work)
        kept = args.keep / "data" if args.keep else None
        if kept is not None and kept.exists():
            shutil.copytree(kept, work / "data")
        elif args.from_stage == "load":
            code = (
                "import datetime as dt; from pipeline import runner; "
                "from pipeline.models import Interval; from pipeline.settings import Settings; "
                "[s() for n, s in runner.stages(Settings(), Interval.for_day(dt.date(2026, 11, "
                "23)))[:2]]"
            )
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            if kept is not None:
                shutil.copytree(work / "data", kept)
        else:  # the place index built first, as on any machine after its first run
            subprocess.run(
                [sys.executable, "-c", "from pipeline.extract.geo import index; index()"],
                check=True,
                cwd=ROOT,
            )
        if args.replicate > 1:
            replicate(work / "data", args.replicate)
        if args.duckdb:
            with_duckdb_settings(dict(kv.split("=", 1) for kv in args.duckdb))
        measure(args.from_stage)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
