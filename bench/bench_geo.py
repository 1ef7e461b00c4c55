"""What locating events costs the extractor: extraction with and without the locator, one run.

    uv run python bench/bench_geo.py [--articles 5000] [--rounds 3]

Same generated corpus as bench_extract.py. "without" replaces the engine's one call to the
locator by a function that returns no location, so the ratio is the locator's whole cost on
realistic copy (the gazetteer index is built once before timing, as in a long-running task).
Rounds alternate so that machine load hits both sides alike; the best round of each is compared.
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
    parser.add_argument("--rounds", type=int, default=3)
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

    def run(path: Path, locator: object) -> tuple[float, int, int]:
        engine.locate_event = locator  # type: ignore[assignment]
        events = located = 0
        t0 = time.perf_counter()
        for text, published in read_corpus(path):
            for e in extract_text(text, article_id="bench", published=published, ingested=ingested):
                events += 1
                located += e.location is not None and e.location.precision != "none"
        return time.perf_counter() - t0, events, located

    best = {"without": float("inf"), "with": float("inf")}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_corpus(path, args.articles)
        run(path, locate_event)  # warm caches on both code paths
        for i in range(args.rounds):
            for name, fn in (("without", no_location), ("with", locate_event)):
                seconds, events, located = run(path, fn)
                best[name] = min(best[name], seconds)
                log.info(
                    "round %d %-8s %6.2f s  %7.1f articles/s  events %d, located %d",
                    i + 1,
                    name,
                    seconds,
                    args.articles / seconds,
                    events,
                    located,
                )
    engine.locate_event = locate_event
    log.info(
        "ratio with/without locator (best of %d): %.3f (throughput %.1f%% of before)",
        args.rounds,
        best["with"] / best["without"],
        100 * best["without"] / best["with"],
    )


if __name__ == "__main__":
    main()
