"""Peak memory and throughput of ``communique run`` against the number of articles it processes.

    uv run python bench/bench_run_memory.py [--articles 1000,10000] [--extract-sample 2000]

Real text: the 120 Wikinews articles of MEANTIME (NewsReader, CC BY 4.0, as committed in
tests/extract/cases/meantime_dev.jsonl) and the bundled seed articles, repeated with varied ids
(each copy its own title, URL, outlet and closing line, so deduplication keeps them all), written
as JSON Lines files of ``FILE_ARTICLES`` articles. For each size, in a fresh data folder and
warehouse:

- ``communique run`` in its own process: peak RSS (``ru_maxrss``), RSS sampled every 0.2 s (the
  curve: RSS at 25/50/75/100% of the wall time), wall time and articles per second;
- extraction alone (the extractor over the same articles, already parsed, in another process)
  over the first ``--extract-sample`` articles of the same corpus (one sample covers every base
  text ``--extract-sample // bases`` times, so its rate is the corpus's rate): articles per second.

Reported with the issue's targets: peak RSS <= 400 MiB at 100,000 articles, flat in the article
count; end-to-end throughput >= 0.6x extraction-only throughput.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
log = logging.getLogger("bench.run_memory")
FILE_ARTICLES = 500
DAY = "2026-11-23"
TARGET_PEAK_MIB = 400.0
TARGET_RATIO = 0.6


def base_texts() -> list[str]:
    """MEANTIME articles, then the seed articles' texts (as parsed by the pipeline)."""
    from bench.bench_extract import meantime_texts, seed_texts

    return [t for t in meantime_texts() + seed_texts() if t.strip()]


def article(i: int, bases: list[str]) -> dict[str, str]:
    """Article ``i`` of the corpus: base text ``i mod len(bases)`` with its own id and line."""
    text = f"{bases[i % len(bases)].rstrip()}\n\nFiled as dispatch {i} by the bench desk."
    return {
        "title": f"Dispatch {i}",
        "url": f"https://bench.test/dispatch/{i}",
        "published": f"{DAY}T{i % 24:02d}:00:00Z",
        "source": f"Outlet {i % 17}",
        "text": text,
    }


def write_articles(folder: Path, n: int) -> None:
    bases = base_texts()
    folder.mkdir(parents=True)
    for start in range(0, n, FILE_ARTICLES):
        lines = (json.dumps(article(i, bases)) for i in range(start, min(n, start + FILE_ARTICLES)))
        (folder / f"part-{start // FILE_ARTICLES:05d}.jsonl").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )


def _rss_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run(articles: Path, work: Path) -> dict[str, object]:
    """One ``communique run`` over ``articles``: peak RSS, the RSS curve and wall time."""
    env = {
        **os.environ,
        "COMMUNIQUE_DATA_DIR": str(work / "data"),
        "COMMUNIQUE_WAREHOUSE": str(work / "warehouse" / "communique.duckdb"),
        "COMMUNIQUE_SOURCES": str(articles),
    }
    samples: list[tuple[float, float]] = []
    started = time.perf_counter()
    errors = work.parent / f"run-{work.name}.stderr"
    with errors.open("wb") as stderr:
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("communique")), "run", "--date", DAY],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )

    def sample() -> None:
        while proc.poll() is None:
            rss = _rss_mib(proc.pid)
            if rss is not None:
                samples.append((time.perf_counter() - started, rss))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    took = time.perf_counter() - started
    sampler.join()
    if code:
        tail = errors.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"communique run exited with {code}:\n{tail}")
    curve = []
    for q in (0.25, 0.5, 0.75, 1.0):
        before = [rss for t, rss in samples if t <= q * took]
        curve.append(round(max(before), 1) if before else None)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_mib": round(peak_kib / 1024, 1), "curve_mib": curve, "seconds": round(took, 2)}


def extract_only(articles: Path, sample: int) -> dict[str, float]:
    """Extraction alone over the first ``sample`` articles of the corpus: parsed first (not
    timed), then only the extractor timed, as the extract stage calls it."""
    from pipeline.extract import engine
    from pipeline.models import Article

    rows: list[dict[str, str]] = []
    for path in sorted(articles.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
        if len(rows) >= sample:
            break
    fetched = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    docs = [
        Article(
            article_id=f"a{i}",
            source=r["source"],
            text=r["text"],
            fetched_at=fetched,
            url=r["url"],
            title=r["title"],
            published_at=dt.datetime.fromisoformat(r["published"]),
        )
        for i, r in enumerate(rows[:sample])
    ]
    engine.extract_article(docs[0], dt.date(2026, 11, 23))  # warm the caches, as a run does
    started = time.perf_counter()
    events = sum(len(engine.extract_article(d, dt.date(2026, 11, 23))) for d in docs)
    took = time.perf_counter() - started
    return {"articles": len(docs), "events": events, "seconds": round(took, 2)}


def _in_process(fn: str, *args: str) -> dict[str, object]:
    """Call ``fn`` of this file in a fresh process (its peak never masks the next one's)."""
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]); import bench_run_memory as b; "
        "from pathlib import Path; "
        f"print(json.dumps(b.{fn}(*[Path(a) if '/' in a else int(a) for a in sys.argv[2:]])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "bench"), *args], capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"{fn} failed:\n{done.stderr[-4000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,10000", help="comma-separated sizes")
    parser.add_argument("--extract-sample", type=int, default=2000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="communique-bench-memory-"))
    # a private cache folder, warmed once: the gazetteer index is built before the runs measured,
    # as on any machine after its first run (a cache shared with other checkouts of other data
    # would be rebuilt, and its build measured, in every process)
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    subprocess.run(
        [sys.executable, "-c", "from pipeline.extract.geo import index; index()"],
        check=True,
        cwd=ROOT,
    )
    try:
        results = []
        for n in (int(x) for x in args.articles.split(",")):
            folder = work / f"articles-{n}"
            write_articles(folder, n)
            e2e = _in_process("run", str(folder), str(work / str(n)))
            alone = _in_process("extract_only", str(folder), str(min(n, args.extract_sample)))
            rate = n / float(e2e["seconds"])  # type: ignore[arg-type]
            alone_rate = float(alone["articles"]) / float(alone["seconds"])  # type: ignore[arg-type]
            row = {"articles": n, **e2e, "run_per_s": round(rate, 1)}
            row["extract_per_s"] = round(alone_rate, 1)
            row["ratio"] = round(rate / alone_rate, 2)
            log.info("%d articles: %s", n, row)
            results.append(row)
            shutil.rmtree(work / str(n), ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
        out = sys.stdout
        out.write(
            f"{'articles':>9} {'peak RSS':>10} {'RSS at 25/50/75/100% of the run':>34} "
            f"{'wall':>8} {'run/s':>7} {'extract/s':>9} {'ratio':>6}\n"
        )
        for r in results:
            curve = "/".join(f"{c:.0f}" if c is not None else "-" for c in r["curve_mib"])  # type: ignore[attr-defined]
            out.write(
                f"{r['articles']:>9} {r['peak_mib']:>7.0f}MiB {curve:>34} {r['seconds']:>7.1f}s "
                f"{r['run_per_s']:>7.1f} {r['extract_per_s']:>9.1f} {r['ratio']:>6.2f}\n"
            )
        if len(results) > 1:
            first, last = results[0], results[-1]
            out.write(
                f"peak at {last['articles']} / at {first['articles']} articles: "
                f"{float(last['peak_mib']) / float(first['peak_mib']):.2f}x "  # type: ignore[arg-type]
                f"(target: peak <= {TARGET_PEAK_MIB:.0f} MiB at 100,000)\n"
            )
        worst = min(float(r["ratio"]) for r in results)  # type: ignore[arg-type]
        out.write(
            f"lowest run / extraction-only throughput: {worst:.2f} (target >= {TARGET_RATIO})\n"
        )
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
