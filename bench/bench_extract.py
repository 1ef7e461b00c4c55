"""Extraction speed on real news text, beside a spaCy floor measured in the same run.

    uv run python bench/bench_extract.py [--rounds 5]

Text: the 120 Wikinews articles of the MEANTIME corpus (NewsReader, CC BY 4.0; as committed in
tests/extract/cases/meantime_dev.jsonl) and the bundled seed articles.
Reported, with the issue's floors:

- throughput: extraction against a blank spaCy English pipeline (tokenizer + sentencizer) over
  the same articles, same process: the ratio must stay >= 0.30;
- scaling: time per word on articles of about 10,000 words (real articles concatenated) against
  articles of about 500 words: the ratio must stay <= 1.3 (work per article is linear);
- peak RSS, so memory stays flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

log = logging.getLogger("bench.extract")
_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m)$")
INGESTED = dt.date(2026, 1, 1)


def meantime_texts() -> list[str]:
    """Running text of every MEANTIME article, as the committed dev set holds it (rebuilt from
    the corpus's tokens by scripts/convert_meantime.py)."""
    path = ROOT / "tests" / "extract" / "cases" / "meantime_dev.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def seed_texts() -> list[str]:
    from pipeline.fetch.parse import parse_document

    texts = []
    for path in sorted((ROOT / "seeds").iterdir()):
        if path.is_file() and path.suffix in (".txt", ".json", ".jsonl", ".html", ".htm"):
            docs, _ = parse_document(path.name, path.read_bytes())
            texts.extend(d.text for d in docs)
    return texts


def joined(texts: list[str], words: int) -> list[str]:
    """Articles of about ``words`` words made by concatenating real articles in turn."""
    out, cur, n = [], [], 0
    for _ in range(2):
        for t in texts:
            cur.append(t)
            n += len(t.split())
            if n >= words:
                out.append("\n\n".join(cur))
                cur, n = [], 0
    return out


def timed(fn: Callable[[str], object], texts: list[str], rounds: int) -> float:
    """Best of ``rounds`` passes over texts, in seconds (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    import spacy

    from pipeline.extract import extract_text

    texts = meantime_texts() + seed_texts()
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    counter = {"events": 0}

    def extract(text: str) -> None:
        counter["events"] += len(
            extract_text(text, article_id="bench", published=None, ingested=INGESTED)
        )

    extract(texts[0])  # load dictionaries once, outside the timing
    nlp(texts[0])
    t_spacy = timed(nlp, texts, args.rounds)
    t_ours = timed(extract, texts, args.rounds)
    events = counter["events"] // (args.rounds + 1)
    log.info("corpus: %d real articles, %d words; %d events per pass", len(texts), words, events)
    log.info("spaCy blank tokenizer + sentencizer: %.3f s (%.0f words/s)", t_spacy, words / t_spacy)
    log.info("communique extract:                  %.3f s (%.0f words/s)", t_ours, words / t_ours)
    ratio = t_spacy / t_ours
    log.info("throughput ratio extract/spaCy = %.2fx (floor 0.30x)", ratio)

    short, long_ = joined(texts, 500), joined(texts, 10_000)
    per_word = {}
    for name, docs in (("500-word", short), ("10,000-word", long_)):
        n = sum(len(d.split()) for d in docs)
        per_word[name] = timed(extract, docs, args.rounds) / n
        log.info("%-12s articles: %3d, %.2f µs per word", name, len(docs), per_word[name] * 1e6)
    scaling = per_word["10,000-word"] / per_word["500-word"]
    log.info(
        "scaling: time per word at 10,000 words / at 500 words = %.2fx (ceiling 1.3x)", scaling
    )
    log.info("peak RSS %.0f MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if ratio < 0.30 or scaling > 1.3:
        log.error("below the speed floor")
        sys.exit(1)


if __name__ == "__main__":
    main()
