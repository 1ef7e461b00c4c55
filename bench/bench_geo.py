"""What locating events costs the extractor: extraction with and without the locator, one run.

    uv run python bench/bench_geo.py [--rounds 3] [--chunk 10]

Same real text as bench_extract.py (the MEANTIME Wikinews articles as committed in
tests/extract/cases/meantime_dev.jsonl, and the bundled seed articles). "without" replaces the engine's one call to the locator by a
function that returns no location, so the ratio is the locator's whole cost (the gazetteer index
is built once before timing, as in a long-running task). The texts are run in chunks, each chunk
with and without the locator in alternating order, so that a busy machine's drifting load hits
both sides alike; the ratio is of the summed times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

log = logging.getLogger("bench.geo")
INGESTED = dt.date(2026, 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from bench_extract import meantime_texts, seed_texts

    from pipeline.extract import engine, extract_text
    from pipeline.extract.geo import UNKNOWN, Located, index, locate_event
    from pipeline.models import Mention

    def no_location(mentions: Sequence[Mention], *_: object) -> Located:
        return Located(UNKNOWN, tuple(mentions))

    texts = meantime_texts() + seed_texts()
    start = time.perf_counter()
    index()
    log.info("gazetteer index ready in %.2f s (once per process)", time.perf_counter() - start)

    def run(docs: Sequence[str], locator: object) -> tuple[float, int, int]:
        engine.locate_event = locator  # type: ignore[assignment]
        events = located = 0
        t0 = time.perf_counter()
        for text in docs:
            for e in extract_text(text, article_id="bench", published=None, ingested=INGESTED):
                events += 1
                located += e.location is not None and e.location.precision != "none"
        return time.perf_counter() - t0, events, located

    run(texts[:5], locate_event)  # warm caches on both code paths
    run(texts[:5], no_location)
    totals = {"without": 0.0, "with": 0.0}
    counts = {"without": [0, 0], "with": [0, 0]}
    chunk = max(1, args.chunk)
    for r in range(args.rounds):
        for n, k in enumerate(range(0, len(texts), chunk)):
            part = texts[k : k + chunk]
            sides = [("without", no_location), ("with", locate_event)]
            for name, fn in sides if (n + r) % 2 == 0 else sides[::-1]:
                seconds, events, located = run(part, fn)
                totals[name] += seconds
                counts[name][0] += events
                counts[name][1] += located
    engine.locate_event = locate_event
    for name in ("without", "with"):
        log.info(
            "%-8s %7.2f s for %d articles x %d rounds; %d events, %d located",
            name,
            totals[name],
            len(texts),
            args.rounds,
            counts[name][0] // args.rounds,
            counts[name][1] // args.rounds,
        )
    log.info(
        "ratio with/without locator: %.3f (throughput %.1f%% of before; ceiling 1.10)",
        totals["with"] / totals["without"],
        100 * totals["without"] / totals["with"],
    )


if __name__ == "__main__":
    main()
