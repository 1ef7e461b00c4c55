"""A seeded generator of hostile extractor inputs, shared by the CI fuzz test and ``make fuzz``.

Case ``i`` of seed ``s`` is generated from ``random.Random(f"{s}:{i}")`` alone, so any case can be
regenerated from its number, and workers can split a run without sharing state. Kinds:

* ``mutated_seed``: a bundled seed file (``seeds/``) with spans deleted, repeated, swapped, case
  flipped, punctuation removed and random words, triggers and dates inserted;
* ``word_salad``: function words, trigger words, actor names, dates and modality cues at random;
* ``code_points``: random code points from every plane (controls, combining marks, right-to-left
  scripts, private use, unpaired surrogates), mixed with triggers;
* ``run_on``: one long sentence of clauses joined by commas and "and", never a full stop;
* ``trigger_dense``: triggers and actors with hardly any other word.

Each case carries a publication date (or none) and an ingestion date anywhere from year 1 to
``max_year`` (9999 by default), weighted towards both ends of the calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
VOCABULARY = Path(__file__).parent / "cases" / "fuzz_vocabulary.json"
KINDS = ("mutated_seed", "word_salad", "code_points", "run_on", "trigger_dense")
SUFFIXES = ("", "", "ed", "s", "ing", "es", "ion", "ions", "d", "ment")


@dataclass(frozen=True, slots=True)
class FuzzCase:
    index: int
    kind: str
    text: str
    published: dt.date | None
    ingested: dt.date


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    seeds: tuple[str, ...]
    triggers: tuple[str, ...]
    actors: tuple[str, ...]
    words: tuple[str, ...]
    dates: tuple[str, ...]
    cues: tuple[str, ...]
    punctuation: tuple[str, ...]


@functools.cache
def vocabulary() -> _Vocabulary:
    data = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    lexicon = tomllib.loads((ROOT / "pipeline" / "data" / "lexicon.toml").read_text("utf-8"))
    stems = [s.rstrip("$") for s in lexicon["prefilter"]["stems"]]
    actors: list[str] = []
    for line in (ROOT / "pipeline" / "data" / "actors.tsv").read_text("utf-8").splitlines()[1:]:
        if line and not line.startswith("#"):
            actors.append(line.split("\t", 1)[0])
    seeds = sorted(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "seeds").iterdir()
        if p.suffix in (".txt", ".json", ".jsonl", ".html")
    )
    return _Vocabulary(
        seeds=tuple(seeds),
        triggers=tuple(stems),
        actors=tuple(a for a in actors if a != "pattern"),
        words=tuple(data["function_words"]),
        dates=tuple(data["date_phrases"]),
        cues=tuple(data["cues"]),
        punctuation=tuple(data["punctuation"]),
    )


def _trigger(rng: random.Random, v: _Vocabulary) -> str:
    word = rng.choice(v.triggers) + rng.choice(SUFFIXES)
    return word.capitalize() if rng.random() < 0.2 else word


def _token(rng: random.Random, v: _Vocabulary, trigger_share: float) -> str:
    r = rng.random()
    if r < trigger_share:
        return _trigger(rng, v)
    r = rng.random()
    if r < 0.25:
        return rng.choice(v.actors)
    if r < 0.35:
        return rng.choice(v.dates)
    if r < 0.45:
        return rng.choice(v.cues)
    if r < 0.47:
        return str(rng.randint(0, 10_000))
    return rng.choice(v.words)


def _words(rng: random.Random, v: _Vocabulary, chars: int, share: float, stops: bool) -> str:
    out: list[str] = []
    size = 0
    while size < chars:
        token = _token(rng, v, share)
        sep = rng.choice(v.punctuation) if stops and rng.random() < 0.12 else " "
        if not stops and rng.random() < 0.1:
            sep = rng.choice((", ", " and ", ", and ", " but ", " while ", " - "))
        out.append(token + sep)
        size += len(token) + len(sep)
    return "".join(out)[:chars]


def _code_point(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return chr(rng.randint(0x20, 0x7E))
    if r < 0.4:
        return chr(rng.randint(0, 0x1F))
    if r < 0.5:
        return chr(rng.randint(0x80, 0x2FF))
    if r < 0.6:
        return chr(rng.choice((0x0300, 0x0301, 0x200B, 0x200D, 0x202E, 0x2028, 0x3000, 0xFEFF)))
    if r < 0.7:
        return chr(rng.randint(0x0590, 0x06FF))  # Hebrew, Arabic
    if r < 0.8:
        return chr(rng.randint(0x4E00, 0x9FFF))
    if r < 0.85:
        return chr(rng.randint(0xD800, 0xDFFF))  # unpaired surrogates
    if r < 0.9:
        return chr(rng.randint(0xE000, 0xF8FF))
    return chr(rng.randint(0x10000, 0x10FFFF))


def _mutate(rng: random.Random, v: _Vocabulary, text: str, chars: int) -> str:
    buf = text
    for _ in range(rng.randint(1, 12)):
        if not buf:
            break
        op = rng.random()
        a = rng.randrange(len(buf))
        b = min(len(buf), a + rng.randint(1, 400))
        if op < 0.2:
            buf = buf[:a] + buf[b:]
        elif op < 0.35:
            buf = buf[:b] + buf[a:b] * rng.randint(1, 5) + buf[b:]
        elif op < 0.5:
            c = rng.randrange(len(buf))
            buf = buf[:a] + buf[c : c + (b - a)] + buf[b:]
        elif op < 0.6:
            buf = buf[:a] + buf[a:b].swapcase() + buf[b:]
        elif op < 0.7:
            buf = buf[:a] + buf[a:b].replace(".", "").replace(",", "") + buf[b:]
        elif op < 0.85:
            buf = buf[:a] + " " + _words(rng, v, rng.randint(5, 200), 0.3, True) + buf[a:]
        elif op < 0.95:
            buf = buf[:a] + "".join(_code_point(rng) for _ in range(rng.randint(1, 20))) + buf[a:]
        else:
            buf = buf[:a]
    return buf[:chars]


def _date(rng: random.Random, min_year: int, max_year: int) -> dt.date:
    first = dt.date(min_year, 1, 1).toordinal()
    last = dt.date(max_year, 12, 31).toordinal()
    r = rng.random()
    if r < 0.2:
        return dt.date.fromordinal(first + rng.randint(0, 800))
    if r < 0.4:
        return dt.date.fromordinal(last - rng.randint(0, 800))
    if r < 0.7:
        return dt.date.fromordinal(
            rng.randint(
                max(first, dt.date(1990, 1, 1).toordinal()),
                min(last, dt.date(2030, 1, 1).toordinal()),
            )
        )
    return dt.date.fromordinal(rng.randint(first, last))


def case(
    seed: int,
    index: int,
    *,
    max_chars: int = 3_000,
    min_year: int = 1,
    max_year: int = 9999,
    huge_share: float = 0.0,
) -> FuzzCase:
    """Case ``index`` of ``seed``: up to ``max_chars`` characters; three cases in a hundred up to
    ten times that, and a ``huge_share`` of them up to a hundred times, so long inputs (where
    super-linear work shows) are covered too."""
    rng = random.Random(f"{seed}:{index}")
    v = vocabulary()
    kind = KINDS[index % len(KINDS)]
    chars = rng.randint(0, max_chars)
    if rng.random() < 0.03:
        chars *= 10
    elif rng.random() < huge_share:
        chars *= 100
    if kind == "mutated_seed":
        text = _mutate(rng, v, rng.choice(v.seeds) * rng.randint(1, 3), chars)
    elif kind == "word_salad":
        text = _words(rng, v, chars, 0.2, True)
    elif kind == "code_points":
        mix = rng.random()
        parts = []
        size = 0
        while size < chars:  # runs of random code points between trigger words
            if rng.random() < mix:
                part = _trigger(rng, v) + " "
            else:
                part = "".join(_code_point(rng) for _ in range(rng.randint(1, 24)))
            parts.append(part)
            size += len(part)
        text = "".join(parts)[:chars]
    elif kind == "run_on":
        text = _words(rng, v, chars, 0.25, False)
    else:
        text = _words(rng, v, chars, 0.7, rng.random() < 0.5)
    published = None if rng.random() < 0.1 else _date(rng, min_year, max_year)
    return FuzzCase(index, kind, text, published, _date(rng, min_year, max_year))


def cases(
    seed: int,
    count: int,
    *,
    start: int = 0,
    max_chars: int = 3_000,
    min_year: int = 1,
    max_year: int = 9999,
    huge_share: float = 0.0,
) -> Iterator[FuzzCase]:
    for i in range(start, start + count):
        yield case(
            seed,
            i,
            max_chars=max_chars,
            min_year=min_year,
            max_year=max_year,
            huge_share=huge_share,
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    case: FuzzCase
    cpu_seconds: float
    failure: str | None  # an exception, or evidence that does not point into the text

    @property
    def ms_per_10k(self) -> float:
        """CPU milliseconds per 10,000 characters; shorter inputs are charged as 10,000
        characters, so a short input must also finish within the per-10,000 budget."""
        return self.cpu_seconds * 1000 * 10_000 / max(len(self.case.text), 10_000)


def warm() -> None:
    """Extract every seed once, so that lazily loaded data (lexicon, gazetteers, place names) is
    not charged to the first fuzz case."""
    from pipeline.extract import extract_text

    for text in vocabulary().seeds:
        extract_text(
            text, article_id="warm", published=dt.date(2023, 3, 1), ingested=dt.date(2023, 3, 1)
        )


def run(fuzz: FuzzCase) -> Outcome:
    """Extract one case; any exception, or a mention whose offsets do not hold its sentence and
    trigger, is a failure."""
    import time
    import traceback

    from pipeline.extract import extract_text

    started = time.process_time()
    failure = None
    try:
        events = extract_text(
            fuzz.text, article_id="fuzz", published=fuzz.published, ingested=fuzz.ingested
        )
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        failure = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
        events = []
    spent = time.process_time() - started
    for event in events:
        for m in event.mentions:
            if fuzz.text[m.sentence_start : m.sentence_end] != m.sentence or not (
                m.sentence_start <= m.trigger_start < m.trigger_end <= m.sentence_end
                and fuzz.text[m.trigger_start : m.trigger_end] == m.trigger
            ):
                failure = failure or f"mention offsets do not hold their text: {m}"
    return Outcome(fuzz, spent, failure)


def describe(outcome: Outcome, seed: int) -> str:
    c = outcome.case
    return (
        f"case {c.index} of seed {seed} ({c.kind}, {len(c.text)} chars, published {c.published}, "
        f"ingested {c.ingested}): {outcome.failure}"
    )
