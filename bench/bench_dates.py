"""Benchmark the news temporal resolver against ``dateparser.search.search_dates``.

Both run, in one process, on the annotated cases (``tests/extract/cases/dates.jsonl``) and on
generated news sentences, most of them without a date. The script reports sentences per second,
the speed ratio and accuracy:

* ours: ``resolve_event_date``; right when date and precision equal the expected ones;
* dateparser: ``search_dates(text, settings={"RELATIVE_BASE": anchor, "PREFER_DATES_FROM":
  "past"})``; right when its first date equals the expected date, or when it finds nothing and the
  text has no date phrase (expected phrase or date is null).

Without ``languages``, dateparser detects the language of every sentence, which dominates its cost,
so that configuration runs on the cases plus a sample of the generated sentences; the same call
with ``languages=["en"]`` runs on everything. Ours is timed on exactly the sentences each
dateparser configuration saw.

Real text: the same comparison runs on every sentence of the MEANTIME articles
(``tests/extract/cases/meantime_dev.jsonl``), with ``find_article_dates`` (every date expression of
an article) timed as well.

Usage: ``uv run python bench/bench_dates.py [--generated 3000] [--auto-sample 250] [--seed 7]``
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateparser.search import search_dates

from pipeline.extract.dates import find_article_dates, find_dates, resolve_event_date
from pipeline.extract.sentences import split_sentences

CASES_PATH = Path(__file__).resolve().parent.parent / "tests" / "extract" / "cases" / "dates.jsonl"
MEANTIME_PATH = CASES_PATH.with_name("meantime_dev.jsonl")
GENERATED_ANCHOR = datetime.date(2024, 1, 15)
GENERATED_INGESTED = datetime.date(2024, 1, 20)


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    anchor: datetime.date | None
    ingested: datetime.date
    trigger_pos: int | None
    date: datetime.date | None  # expected event date from ours
    precision: str  # expected precision from ours
    target: datetime.date | None  # the date a date finder should report (None: no date phrase)


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def load_cases(path: Path = CASES_PATH) -> list[Sample]:
    samples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            case: dict[str, Any] = json.loads(line)
            if "expect" not in case:
                continue  # expression cases: every phrase of a text, not an event's date
            expect = case["expect"]
            text: str = case["text"]
            trigger = case.get("trigger")
            date = _date(expect["date"])
            has_phrase = expect["phrase"] is not None and date is not None
            samples.append(
                Sample(
                    text=text,
                    anchor=_date(case["anchor"]),
                    ingested=datetime.date.fromisoformat(case["ingested"]),
                    trigger_pos=text.index(trigger) if trigger else None,
                    date=date,
                    precision=expect["precision"],
                    target=date if has_phrase else None,
                )
            )
    return samples


# --------------------------------------------------------------------------------------------
# Generated sentences

SUBJECTS = (
    "Russia",
    "The Kremlin",
    "Iran's foreign ministry",
    "China",
    "The European Union",
    "NATO allies",
    "Turkey",
    "Washington",
    "Prime Minister May",
    "Theresa May",
    "Ukraine's president",
    "Saudi officials",
    "The UN Security Council",
    "Japan",
    "The African Union",
    "Pyongyang",
    "Seoul",
    "The Group of 20",
    "G20 finance ministers",
    "Brazil's envoy",
)
PAST_VERBS = (
    "suspended",
    "resumed",
    "rejected",
    "called for an end to",
    "agreed to extend",
    "withdrew from",
    "criticised",
    "welcomed",
    "threatened to quit",
    "expelled diplomats over",
    "imposed sanctions over",
    "held talks on",
    "signed",
)
OTHER_VERBS = ("will discuss", "plans to review", "is expected to back", "urges a review of")
OBJECTS = (
    "talks with Moscow",
    "the 2015 nuclear deal",
    "Resolution 1701",
    "the grain corridor",
    "consultations under Article 5",
    "the deployment of 1,500 troops",
    "the G20 communique",
    "a 24/7 military hotline",
    "the border agreement",
    "the New START treaty",
    "the prisoner exchange",
    "the ceasefire in Gaza",
    "the arms embargo",
    "the Minsk accords",
    "the maritime deal",
)
PLAIN_TAILS = (
    "",
    ", officials said",
    ", according to a statement",
    " within 48 hours",
    " for three years",
    " at 2 p.m.",
    " after months of pressure",
    ", the ministry said in a statement",
    " despite objections from 27 member states",
    " in a 90-minute call",
    ", citing national security",
    " amid rising tensions",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
AP_MONTHS = (
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _dated_tail(rng: random.Random) -> tuple[str, datetime.date, str]:
    """A date phrase with its expected date and precision, computed without the resolver."""
    anchor = GENERATED_ANCHOR
    day = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(8 * 365))
    kind = rng.randrange(10)
    month_name = MONTHS[day.month - 1]
    if kind == 0:
        return f" on {AP_MONTHS[day.month - 1]} {day.day}, {day.year}", day, "day"
    if kind == 1:
        return f" on {day.day} {month_name} {day.year}", day, "day"
    if kind == 2:
        return f" on {month_name} {day.day}, {day.year}", day, "day"
    if kind == 3:
        return f" on {day.isoformat()}", day, "day"
    if kind == 4:
        return f" in {month_name} {day.year}", day.replace(day=1), "month"
    if kind == 5:
        return f" in {day.year}", datetime.date(day.year, 1, 1), "year"
    if kind == 6:
        return " yesterday", anchor - datetime.timedelta(days=1), "day"
    if kind == 7:
        # in news, the weekday of publication is the publication day itself
        back = rng.randrange(0, 7)
        previous = anchor - datetime.timedelta(days=back)
        return f" on {WEEKDAYS[previous.weekday()]}", previous, "day"
    if kind == 8:
        middle = anchor - datetime.timedelta(days=7)
        return " over the past two weeks", middle.replace(day=1), "month"
    monday = anchor - datetime.timedelta(days=anchor.weekday() + 7)
    return " last week", monday, "week"


def generate(count: int, seed: int, dated_share: float = 0.15) -> list[Sample]:
    rng = random.Random(seed)
    samples = []
    for _ in range(count):
        subject = rng.choice(SUBJECTS)
        obj = rng.choice(OBJECTS)
        if rng.random() < dated_share:
            tail, date, precision = _dated_tail(rng)
            text = f"{subject} {rng.choice(PAST_VERBS)} {obj}{tail}."
            samples.append(
                Sample(text, GENERATED_ANCHOR, GENERATED_INGESTED, None, date, precision, date)
            )
        else:
            verb = rng.choice(PAST_VERBS + OTHER_VERBS)
            text = f"{subject} {verb} {obj}{rng.choice(PLAIN_TAILS)}."
            samples.append(
                Sample(
                    text,
                    GENERATED_ANCHOR,
                    GENERATED_INGESTED,
                    None,
                    GENERATED_ANCHOR,
                    "day",
                    None,
                )
            )
    return samples


# --------------------------------------------------------------------------------------------
# Runners


def run_ours(samples: Sequence[Sample]) -> list[tuple[datetime.date | None, str]]:
    return [
        (r.date, r.precision)
        for r in (resolve_event_date(s.text, s.anchor, s.ingested, s.trigger_pos) for s in samples)
    ]


def run_find(samples: Sequence[Sample]) -> int:
    found = 0
    for s in samples:
        found += len(find_dates(s.text, s.anchor or s.ingested))
    return found


DateParserRun = Callable[[Sequence[Sample]], list[datetime.date | None]]


def dateparser_runner(languages: list[str] | None) -> DateParserRun:
    def run(samples: Sequence[Sample]) -> list[datetime.date | None]:
        firsts: list[datetime.date | None] = []
        for s in samples:
            base = s.anchor or s.ingested
            settings = {
                "RELATIVE_BASE": datetime.datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "past",
            }
            try:
                if languages is None:
                    found = search_dates(s.text, settings=settings)
                else:
                    found = search_dates(s.text, languages=languages, settings=settings)
            except Exception:  # a crash counts as finding nothing
                found = None
            firsts.append(found[0][1].date() if found else None)
        return firsts

    return run


def timed(function: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall time over ``repeat`` runs, and the last result."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


# --------------------------------------------------------------------------------------------
# Scoring and report


def ours_accuracy(
    samples: Sequence[Sample], got: Sequence[tuple[datetime.date | None, str]]
) -> str:
    date_ok = sum(g[0] == s.date for s, g in zip(samples, got, strict=True))
    both_ok = sum(g == (s.date, s.precision) for s, g in zip(samples, got, strict=True))
    n = len(samples)
    return (
        f"date {date_ok}/{n} ({100 * date_ok / n:.1f}%), "
        f"date+precision {both_ok}/{n} ({100 * both_ok / n:.1f}%)"
    )


def dateparser_accuracy(samples: Sequence[Sample], got: Sequence[datetime.date | None]) -> str:
    pairs = list(zip(samples, got, strict=True))
    right = sum(g == s.target for s, g in pairs)
    day = [(s, g) for s, g in pairs if s.target is not None and s.precision == "day"]
    none = [(s, g) for s, g in pairs if s.target is None]
    day_ok = sum(g == s.target for s, g in day)
    none_ok = sum(g is None for _, g in none)
    n = len(pairs)
    return (
        f"{right}/{n} ({100 * right / n:.1f}%); day-precision dates {day_ok}/{len(day)}, "
        f"no-date texts left empty {none_ok}/{len(none)}"
    )


def ours_breakdown(
    samples: Sequence[Sample], got: Sequence[tuple[datetime.date | None, str]]
) -> str:
    pairs = list(zip(samples, got, strict=True))
    day = [(s, g) for s, g in pairs if s.target is not None and s.precision == "day"]
    none = [(s, g) for s, g in pairs if s.target is None]
    day_ok = sum(g[0] == s.target for s, g in day)
    none_ok = sum(g == (s.date, s.precision) for s, g in none)
    return f"day-precision dates {day_ok}/{len(day)}, no-date texts {none_ok}/{len(none)}"


def load_meantime_sentences(path: Path = MEANTIME_PATH) -> list[Sample]:
    """Every sentence of the MEANTIME articles (real Wikinews text), anchored at publication."""
    samples = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            article = json.loads(line)
            anchor = datetime.date.fromisoformat(article["published"])
            for start, end in split_sentences(article["text"]):
                samples.append(
                    Sample(article["text"][start:end], anchor, anchor, None, None, "day", None)
                )
    return samples


def run_expressions(articles: Sequence[dict[str, Any]]) -> int:
    return sum(
        len(find_article_dates(a["text"], datetime.date.fromisoformat(a["published"])))
        for a in articles
    )


DENSE_UNITS = (
    "on Tuesday and ",
    "in March and ",
    "Q3 and 2009-10 and ",
    "the day and the next day and ",
    "said on May 5 it will meet in 2024 or ",
)


def dense_costs() -> list[tuple[str, float, float]]:
    """Worst cases: a run-on text packed with date phrases, at 1,000 and 10,000 characters.

    Returns (unit, ms per 10,000 characters at 10,000, cost per character at 10,000 over that
    at 1,000): a ratio near 1 means the work per character does not grow with the text."""
    anchor = datetime.date(2023, 2, 22)
    rows = []
    for unit in DENSE_UNITS:
        per_char = []
        for size in (1_000, 10_000):
            text = (unit * (size // len(unit) + 1))[:size]
            seconds, _ = timed(
                lambda text=text: (
                    resolve_event_date(text, anchor, anchor, len(text) // 2),
                    find_article_dates(text, anchor),
                ),
                repeat=3,
            )
            per_char.append(seconds / size)
        rows.append((unit.strip(), per_char[1] * 10_000 * 1000, per_char[1] / per_char[0]))
    return rows


def write(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--generated", type=int, default=3000, help="generated sentences")
    parser.add_argument(
        "--auto-sample",
        type=int,
        default=250,
        help="generated sentences also given to dateparser without a language",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    cases = load_cases()
    generated = generate(args.generated, args.seed)
    everything = cases + generated
    auto_set = cases + generated[: args.auto_sample]
    dated = sum(s.target is not None for s in generated)
    write(
        f"cases: {len(cases)}; generated: {len(generated)} ({dated} with a date phrase); "
        f"dateparser without language: cases + {len(auto_set) - len(cases)} generated"
    )

    auto = dateparser_runner(None)
    english = dateparser_runner(["en"])
    auto(cases[:2])  # load dateparser's language data before timing
    english(cases[:2])

    t_ours_all, ours_all = timed(lambda: run_ours(everything), repeat=5)
    t_find_all, _ = timed(lambda: run_find(everything), repeat=5)
    t_ours_auto, _ = timed(lambda: run_ours(auto_set), repeat=5)
    t_english, english_all = timed(lambda: english(everything))
    t_auto, auto_all = timed(lambda: auto(auto_set))

    def rate(count: int, seconds: float) -> float:
        return count / seconds if seconds > 0 else float("inf")

    r_ours_all = rate(len(everything), t_ours_all)
    r_find_all = rate(len(everything), t_find_all)
    r_ours_auto = rate(len(auto_set), t_ours_auto)
    r_english = rate(len(everything), t_english)
    r_auto = rate(len(auto_set), t_auto)

    write()
    write("speed (sentences/s, same sentences for each pair)")
    write(f"  all {len(everything)} sentences:")
    write(f"    ours resolve_event_date      {r_ours_all:12,.0f}")
    write(f"    ours find_dates              {r_find_all:12,.0f}")
    write(f"    dateparser languages=['en']  {r_english:12,.0f}")
    write(f"    ratio ours / dateparser-en   {r_ours_all / r_english:12,.1f}x")
    write(f"  cases + sample, {len(auto_set)} sentences:")
    write(f"    ours resolve_event_date      {r_ours_auto:12,.0f}")
    write(f"    dateparser (no language)     {r_auto:12,.1f}")
    write(f"    ratio ours / dateparser      {r_ours_auto / r_auto:12,.1f}x")

    real = load_meantime_sentences()
    with MEANTIME_PATH.open(encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    t_ours_real, _ = timed(lambda: run_ours(real), repeat=5)
    t_articles, _ = timed(lambda: run_expressions(articles), repeat=5)
    t_english_real, _ = timed(lambda: english(real))
    r_ours_real = rate(len(real), t_ours_real)
    r_english_real = rate(len(real), t_english_real)
    write(f"  real news, {len(real)} MEANTIME sentences ({len(articles)} articles):")
    write(f"    ours resolve_event_date      {r_ours_real:12,.0f}")
    write(f"    ours find_article_dates      {rate(len(real), t_articles):12,.0f}")
    write(f"    dateparser languages=['en']  {r_english_real:12,.0f}")
    write(f"    ratio ours / dateparser-en   {r_ours_real / r_english_real:12,.1f}x")

    write()
    write(
        "worst cases (run-on text packed with date phrases; resolve_event_date + find_article_dates)"
    )
    for unit, ms, growth in dense_costs():
        write(f"  {unit[:34]:34} {ms:8.1f} ms per 10,000 chars, x{growth:.2f} per char vs 1,000")

    n_cases = len(cases)
    ours_cases = ours_all[:n_cases]
    ours_generated = ours_all[n_cases:]
    write()
    write(f"accuracy on the {n_cases} annotated cases")
    write(f"  ours:                        {ours_accuracy(cases, ours_cases)}")
    write(f"                               {ours_breakdown(cases, ours_cases)}")
    write(f"  dateparser (no language):    {dateparser_accuracy(cases, auto_all[:n_cases])}")
    write(f"  dateparser languages=['en']: {dateparser_accuracy(cases, english_all[:n_cases])}")
    write()
    write(f"accuracy on the {len(generated)} generated sentences")
    write(f"  ours:                        {ours_accuracy(generated, ours_generated)}")
    write(
        f"  dateparser (no language):    "
        f"{dateparser_accuracy(auto_set[n_cases:], auto_all[n_cases:])} (sample)"
    )
    write(f"  dateparser languages=['en']: {dateparser_accuracy(generated, english_all[n_cases:])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
