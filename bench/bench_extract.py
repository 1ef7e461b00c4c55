"""Extraction throughput on a generated corpus, beside two floors measured on the same text.

    uv run python bench/bench_extract.py [--articles 20000]

Floors: the bare spaCy English tokenizer (what any tokenising pipeline pays before it starts),
and one compiled regex pass over the text. The corpus is generated on the fly and streamed, so
memory must stay flat as it grows: peak RSS is reported at a quarter and at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

log = logging.getLogger("bench.extract")

FILLER = [
    "The central bank left its main interest rate unchanged at {n} percent on {day}.",
    "Shares in the region's largest carmaker rose {n} percent after quarterly results beat forecasts.",
    "Heavy rain flooded low-lying districts of the capital, and emergency services evacuated {n} residents.",
    "The home side scored twice in the second half to win the derby {n}-1 in front of a sold-out crowd.",
    "Officials at the port said container traffic had recovered to levels last seen before the pandemic.",
    "Inflation eased for a {nth} straight month as fuel prices fell, the statistics office said.",
    "The ministry of health reported {n} new cases of measles, most of them among unvaccinated children.",
    "A new high-speed rail line will cut the journey between the two cities to under {n} hours.",
    "Farmers blocked a motorway with tractors to protest against rising fertiliser costs.",
    "The festival drew more than {n},000 visitors over three days, organisers said on {day}.",
    "Analysts expect growth of about {n} percent next year as exports pick up.",
    "The company said it would hire {n}00 engineers at its new plant in the north of the country.",
    "Temperatures are forecast to climb above {n} degrees later in the week, the weather service said.",
    "The court adjourned the corruption trial of the former mayor until next month.",
    "Teachers in several provinces went on strike over pay, closing hundreds of schools.",
    "The museum reopened after a two-year renovation with a new wing devoted to modern art.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _event_sentences() -> list[str]:
    """Event sentences from the gold passages, reused as realistic diplomatic copy."""
    out = []
    with open(ROOT / "tests" / "extract" / "cases" / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            case = json.loads(line)
            if case["events"]:
                out.append(case["text"])
    return out


def corpus(n: int, seed: int = 7) -> Iterator[tuple[str, dt.date]]:
    """n articles of about 500 words; roughly one in five carries a diplomatic event."""
    rng = random.Random(seed)
    events = _event_sentences()
    for i in range(n):
        parts: list[str] = []
        words = 0
        diplomatic = rng.random() < 0.2
        while words < 500:
            tpl = rng.choice(FILLER)
            s = tpl.format(
                n=rng.randint(2, 99), day=rng.choice(DAYS), nth=rng.choice(["third", "fifth"])
            )
            parts.append(s)
            words += len(s.split())
        if diplomatic:
            parts.insert(rng.randint(0, len(parts)), rng.choice(events))
        published = dt.date(2023, 1, 1) + dt.timedelta(days=i % 365)
        yield " ".join(parts), published


def write_corpus(path: Path, n: int) -> None:
    """Generate once to disk (streamed), so every contender reads the same bytes the same way."""
    with path.open("w", encoding="utf-8") as fh:
        for text, published in corpus(n):
            fh.write(json.dumps({"text": text, "published": published.isoformat()}) + "\n")


def read_corpus(path: Path) -> Iterator[tuple[str, dt.date]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield row["text"], dt.date.fromisoformat(row["published"])


def _timed(name: str, path: Path, n: int, fn: Callable[[str, dt.date], object]) -> dict[str, float]:
    nbytes = 0
    start = time.perf_counter()
    rss_quarter = 0
    for i, (text, published) in enumerate(read_corpus(path)):
        nbytes += len(text.encode())
        fn(text, published)
        if i == n // 4:
            rss_quarter = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    elapsed = time.perf_counter() - start
    rss_end = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "name": name,
        "seconds": elapsed,
        "articles_per_s": n / elapsed,
        "mb_per_s": nbytes / elapsed / 1e6,
        "rss_quarter_mb": rss_quarter / 1024,
        "rss_end_mb": rss_end / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from pipeline.extract import extract_text

    ingested = dt.date(2026, 1, 1)
    counter = {"events": 0}

    def extract(text: str, published: dt.date) -> None:
        counter["events"] += len(
            extract_text(text, article_id="bench", published=published, ingested=ingested)
        )

    word = re.compile(r"\w+|[^\w\s]")

    def regex_pass(text: str, published: dt.date) -> None:
        word.findall(text)

    import spacy

    nlp = spacy.blank("en")

    def tokenizer(text: str, published: dt.date) -> None:
        nlp.tokenizer(text)

    extract("Russia met China. He said so.", ingested)  # load data once, outside the timing
    counter["events"] = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_corpus(path, args.articles)
        log.info("corpus: %d articles, %.1f MB", args.articles, path.stat().st_size / 1e6)
        results = [
            _timed("read only (I/O floor)", path, args.articles, lambda t, p: None),
            _timed("regex pass (floor)", path, args.articles, regex_pass),
            _timed("spaCy tokenizer (floor)", path, args.articles, tokenizer),
            _timed("communique extract", path, args.articles, extract),
        ]
    for r in results:
        log.info(
            "%-26s %8.1f articles/s %7.2f MB/s  (%.1f s; peak RSS %.0f MB at 1/4, %.0f MB at end)",
            r["name"],
            r["articles_per_s"],
            r["mb_per_s"],
            r["seconds"],
            r["rss_quarter_mb"],
            r["rss_end_mb"],
        )
    ours, tok, rx = results[3], results[2], results[1]
    log.info("events found: %d in %d articles", counter["events"], args.articles)
    log.info(
        "ratios: extract/spaCy-tokenizer = %.2fx, extract/regex-pass = %.2fx",
        ours["articles_per_s"] / tok["articles_per_s"],
        ours["articles_per_s"] / rx["articles_per_s"],
    )


if __name__ == "__main__":
    main()
