"""Every event row the extractor gives for the seed articles and the committed case texts, so a
change meant only for speed can be checked to leave outputs byte-identical.

    uv run python bench/extract_outputs.py dump before.jsonl   # on the old code
    uv run python bench/extract_outputs.py dump after.jsonl    # on the new code; then cmp them
    uv run python bench/extract_outputs.py time [--passes 2]   # process CPU seconds of the passes

Timings are for ratios of runs alternated in one session (the machine is shared): run the old
and the new code in turn several times, and compare the least of each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

log = logging.getLogger("bench.extract_outputs")
INGESTED = dt.date(2026, 1, 1)
CASES = (
    "gold",
    "plover_dev",
    "constructions",
    "non_diplomatic",
    "meantime_dev",
    "actors_wire",
    "scope_articles",
    "clauses",
    "targets",
    "verb_coverage",
    "scope",
)


def texts() -> list[tuple[str, dt.date | None, str]]:
    """(source, publication date, text) of every seed article and case text."""
    from bench_extract import seed_texts

    out: list[tuple[str, dt.date | None, str]] = [("seed", None, t) for t in seed_texts()]
    for name in CASES:
        with (ROOT / "tests" / "extract" / "cases" / f"{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                case = json.loads(line)
                if "text" in case:
                    pub = case.get("published")
                    out.append(
                        (name, dt.date.fromisoformat(pub[:10]) if pub else None, case["text"])
                    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("dump", "time"))
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--passes", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from pipeline.extract import extract_text
    from pipeline.files import write_text

    cases = texts()
    if args.mode == "dump":
        if args.out is None:
            parser.error("dump needs an output path")
        rows = [
            json.dumps(e.to_row(), default=str, sort_keys=True)
            for i, (source, published, text) in enumerate(cases)
            for e in extract_text(
                text, article_id=f"{source}-{i}", published=published, ingested=INGESTED
            )
        ]
        write_text(args.out, "".join(r + "\n" for r in rows))
        log.info("%d texts, %d events -> %s", len(cases), len(rows), args.out)
        return
    extract_text(cases[0][2], article_id="warm-up", published=None, ingested=INGESTED)
    start = time.process_time()
    for _ in range(args.passes):
        for i, (source, published, text) in enumerate(cases):
            extract_text(text, article_id=f"{source}-{i}", published=published, ingested=INGESTED)
    log.info("%.3f", time.process_time() - start)


if __name__ == "__main__":
    main()
