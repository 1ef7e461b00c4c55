"""Peak memory of ``communique run`` against the number of articles it processes.

    uv run python bench/bench_run_memory.py [--articles 1000,10000]

Writes a folder of ``.txt`` articles made from the bundled seeds' sentences (each article a
different random draw of sentences, with its own title and URL, so deduplication keeps them all),
then runs ``communique run`` over it once per size in a fresh data folder and warehouse, and reports
the child process's peak RSS and wall time. Streaming stages keep the peak flat in the number of
articles: the articles are read and the events written in record batches.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("bench.run_memory")


def _sentences() -> list[str]:
    """Sentences of the bundled seed articles (text, HTML and JSON bodies alike)."""
    out: list[str] = []
    for path in sorted((ROOT / "seeds").iterdir()):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            data = json.loads(text)
            items = data if isinstance(data, list) else [data]
            text = " ".join(str(i.get("text", "")) for i in items if isinstance(i, dict))
        text = re.sub(r"<[^>]+>", " ", text)
        for line in text.splitlines():
            if ":" in line[:12] and len(line) < 200:
                continue  # header lines
            out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s) > 40)
    return out


def write_articles(folder: Path, n: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    pool = _sentences()
    folder.mkdir(parents=True)
    for i in range(n):
        body = " ".join(rng.sample(pool, k=min(len(pool), 12)))
        (folder / f"article-{i:06d}.txt").write_text(
            f"Title: Bench dispatch {i}\nURL: https://bench.test/{i}\n"
            f"Published: 2026-11-23T0{i % 10}:00:00Z\nSource: Outlet {i % 17}\n\n"
            f"{body}\n",
            encoding="utf-8",
        )


def run(articles: Path, work: Path) -> tuple[float, float]:
    """Peak RSS (MiB) and wall seconds of one ``communique run`` over ``articles``."""
    env = {
        **os.environ,
        "COMMUNIQUE_DATA_DIR": str(work / "data"),
        "COMMUNIQUE_WAREHOUSE": str(work / "warehouse" / "communique.duckdb"),
        "COMMUNIQUE_SOURCES": str(articles),
    }
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).with_name("communique")), "run", "--date", "2026-11-23"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    took = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak_kib / 1024, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,10000")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="communique-bench-memory-"))
    try:
        results = []
        for n in (int(x) for x in args.articles.split(",")):
            folder = work / f"articles-{n}"
            write_articles(folder, n)
            # each size in its own process, so the peak of one does not mask the next
            code = (
                "import sys; sys.path.insert(0, sys.argv[1]); from bench_run_memory import run; "
                "from pathlib import Path; print(*run(Path(sys.argv[2]), Path(sys.argv[3])))"
            )
            done = subprocess.run(
                [sys.executable, "-c", code, str(ROOT / "bench"), str(folder), str(work / str(n))],
                check=True,
                capture_output=True,
                text=True,
            )
            peak, took = (float(x) for x in done.stdout.split())
            log.info("%d articles: peak %.0f MiB in %.1fs", n, peak, took)
            results.append((n, peak, took))
        sys.stdout.write(f"{'articles':>9} {'peak RSS':>10} {'wall':>8}\n")
        for n, peak, took in results:
            sys.stdout.write(f"{n:>9} {peak:>7.0f}MiB {took:>7.1f}s\n")
        if len(results) > 1:
            sys.stdout.write(
                f"peak at {results[-1][0]} / at {results[0][0]} articles: "
                f"{results[-1][1] / results[0][1]:.2f}x\n"
            )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
