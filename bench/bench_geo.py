"""What locating events costs the extractor: extraction with and without the locator, one run.

    uv run python bench/bench_geo.py [--articles 5000] [--rounds 2] [--chunk 100]

Same generated corpus as bench_extract.py. "without" replaces the engine's one call to the
locator by a function that returns no location, so the ratio is the locator's whole cost on
realistic copy (the gazetteer index is built once before timing, as in a long-running task).
The corpus is run in chunks, each chunk with and without the locator in alternating order, so
that a busy machine's drifting load hits both sides alike; the ratio is of the summed times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

log = logging.getLogger("bench.geo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=100)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from bench_extract import read_corpus, write_corpus

    from pipeline.extract import engine, extract_text
    from pipeline.extract.geo import UNKNOWN, Located, index, locate_event
    from pipeline.models import Mention

    def no_location(mentions: Sequence[Mention], *_: object) -> Located:
        return Located(UNKNOWN, tuple(mentions))

    ingested = dt.date(2026, 1, 1)
    start = time.perf_counter()
    index()
    log.info("gazetteer index built in %.2f s (once per process)", time.perf_counter() - start)

    def run(docs: list[tuple[str, dt.date]], locator: object) -> tuple[float, int, int]:
        engine.locate_event = locator  # type: ignore[assignment]
        events = located = 0
        t0 = time.perf_counter()
        for text, published in docs:
            for e in extract_text(text, article_id="bench", published=published, ingested=ingested):
                events += 1
                located += e.location is not None and e.location.precision != "none"
        return time.perf_counter() - t0, events, located

    totals = {"without": 0.0, "with": 0.0}
    counts = {"without": (0, 0), "with": (0, 0)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_corpus(path, args.articles)
        docs = list(read_corpus(path))
    run(docs[:50], locate_event)  # warm caches on both code paths
    run(docs[:50], no_location)
    chunk = max(1, args.chunk)
    for r in range(args.rounds):
        for n, k in enumerate(range(0, len(docs), chunk)):
            part = docs[k : k + chunk]
            # alternate which side goes first, so drifting machine load hits both alike
            sides = [("without", no_location), ("with", locate_event)]
            for name, fn in sides if (n + r) % 2 == 0 else sides[::-1]:
                seconds, events, located = run(part, fn)
                totals[name] += seconds
                ev, lo = counts[name]
                counts[name] = (ev + events, lo + located)
    engine.locate_event = locate_event
    for name in ("without", "with"):
        ev, lo = counts[name]
        log.info(
            "%-8s %7.2f s  %7.1f articles/s  events %d, located %d",
            name,
            totals[name],
            args.rounds * len(docs) / totals[name],
            ev // args.rounds,
            lo // args.rounds,
        )
    log.info(
        "ratio with/without locator: %.3f (throughput %.1f%% of before; %d articles x %d rounds "
        "in alternating chunks of %d)",
        totals["with"] / totals["without"],
        100 * totals["without"] / totals["with"],
        len(docs),
        args.rounds,
        chunk,
    )


if __name__ == "__main__":
    main()
