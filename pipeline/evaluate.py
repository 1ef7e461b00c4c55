"""Score the extractor against an annotated gold set and hold it to committed floors.

Gold passages are JSON Lines (``tests/extract/cases/gold.jsonl``). A predicted event matches a gold
event of the same type in the same passage; actor countries, modality and dates are then scored
on the matched pairs, so each failure mode shows up in its own number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.extract import extract_text
from pipeline.extract.dates import DateMention, find_article_dates, timeml_value
from pipeline.extract.geo import index, km, locate
from pipeline.fetch.parse import parse_document
from pipeline.models import Event

INGESTED = dt.date(2026, 1, 1)  # a fixed run date, so undated passages score reproducibly
# defaults of `communique eval`: the dev gold set, its quality gate, the seeds' expected events
CASES_DIR = Path(__file__).resolve().parent.parent / "tests" / "extract" / "cases"
GOLD_PATH = CASES_DIR / "gold.jsonl"
GATE_PATH = CASES_DIR.parent / "quality_gate.toml"
SEEDS_EXPECTED_PATH = CASES_DIR / "seeds_expected.jsonl"
# held-out hand-coded articles of the flagship types, scored and shown, not yet gated
FLAGSHIP_ARTICLES_PATH = CASES_DIR / "flagship_articles.jsonl"
PLOVER_PATH = CASES_DIR / "plover_dev.jsonl"
MEANTIME_PATH = CASES_DIR / "meantime_dev.jsonl"
LOCATIONS_PATH = CASES_DIR / "locations.jsonl"


@dataclass
class Scores:
    """Counts behind every reported figure."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    country_ok: int = 0
    country_n: int = 0
    date_ok: int = 0
    date_n: int = 0
    modality_ok: int = 0
    modality_n: int = 0
    asserted_fp: int = 0
    no_event_passages: int = 0
    no_event_fp: int = 0
    fully_right: int = 0  # matched events right in source, target, subject, modality and date
    errors: list[str] = field(default_factory=list)

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        if kind is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[kind], self.fp[kind], self.fn[kind]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def summary(self) -> dict[str, Any]:
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        p, r, f = self.prf()
        return {
            "per_type": {t: dict(zip(("p", "r", "f1"), self.prf(t), strict=True)) for t in types},
            "support": {t: self.tp[t] + self.fn[t] for t in types},
            "micro": {"p": p, "r": r, "f1": f},
            "actor_country": self.country_ok / self.country_n if self.country_n else 1.0,
            "date_exact": self.date_ok / self.date_n if self.date_n else 1.0,
            "modality": self.modality_ok / self.modality_n if self.modality_n else 1.0,
            "false_asserted": self.asserted_fp,
            "no_event_passages": self.no_event_passages,
            "no_event_false_positives": self.no_event_fp,
            "fully_right": self.fully_right,
            "gold_events": sum(self.tp.values()) + sum(self.fn.values()),
        }


def load_gold(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _pair_score(gold: dict[str, Any], pred: Event) -> int:
    score = 0
    if (gold.get("modality") or "asserted") == pred.modality:
        score += 2
    gs = (gold.get("source") or {}).get("country")
    if gs and pred.source and pred.source.country == gs:
        score += 1
    return score


def score(passages: Iterable[dict[str, Any]]) -> Scores:
    """Run the extractor over every passage and count agreements with the gold events."""
    s = Scores()
    for case in passages:
        published = _date(case.get("published"))
        ingested = _date(case.get("ingested")) or INGESTED
        preds = extract_text(
            case["text"], article_id=case["id"], published=published, ingested=ingested
        )
        golds = list(case.get("events", []))
        if not golds:
            s.no_event_passages += 1
            s.no_event_fp += len(preds)
        unmatched = list(preds)
        for g in golds:
            same = [p for p in unmatched if p.event_type == g["event_type"]]
            if not same:
                s.fn[g["event_type"]] += 1
                s.errors.append(f"{case['id']}: missed {g['event_type']}")
                continue
            best = max(same, key=lambda p: _pair_score(g, p))
            unmatched.remove(best)
            s.tp[g["event_type"]] += 1
            _score_pair(s, case["id"], g, best)
            s.fully_right += _fully_right(g, best)
        for p in unmatched:
            s.fp[p.event_type] += 1
            if p.modality == "asserted":
                s.asserted_fp += 1
            s.errors.append(
                f"{case['id']}: spurious {p.event_type} ({p.modality}) '{p.mentions[0].trigger}'"
            )
    return s


def _fully_right(g: dict[str, Any], p: Event) -> bool:
    """The matched event is right in every field the hand coders give: source and target
    country, subject, modality, date and its precision."""
    return (
        (g.get("source") or {}).get("country") == (p.source.country if p.source else None)
        and (g.get("target") or {}).get("country") == (p.target.country if p.target else None)
        and g.get("subject") == p.subject
        and (g.get("modality") or "asserted") == p.modality
        and _date(g.get("event_date")) == p.event_date
        and g.get("date_precision") == p.date_precision
    )


def _score_pair(s: Scores, case_id: str, g: dict[str, Any], p: Event) -> None:
    for role, actor in (("source", p.source), ("target", p.target)):
        gold_country = (g.get(role) or {}).get("country")
        pred_country = actor.country if actor else None
        if gold_country or pred_country:
            s.country_n += 1
            if gold_country == pred_country:
                s.country_ok += 1
            else:
                s.errors.append(
                    f"{case_id}: {g['event_type']} {role} country {pred_country} != {gold_country}"
                )
    s.modality_n += 1
    gold_modality = g.get("modality") or "asserted"
    if gold_modality == p.modality:
        s.modality_ok += 1
    else:
        s.errors.append(f"{case_id}: {g['event_type']} modality {p.modality} != {gold_modality}")
        if p.modality == "asserted":
            s.asserted_fp += 1
    s.date_n += 1
    gold_date, gold_precision = _date(g.get("event_date")), g.get("date_precision")
    if p.event_date == gold_date and p.date_precision == gold_precision:
        s.date_ok += 1
    else:
        s.errors.append(
            f"{case_id}: {g['event_type']} date {p.event_date}/{p.date_precision} "
            f"!= {gold_date}/{gold_precision}"
        )


def load_seed_cases(expected: Path, seeds: Path) -> list[dict[str, Any]]:
    """The seed articles with their expected events, as passages: a held-out check, since the
    rules were tuned on the gold passages, never on these articles."""
    cases = []
    with expected.open(encoding="utf-8") as fh:
        for line in fh:
            exp = json.loads(line)
            path = seeds / exp["file"]
            docs, _ = parse_document(path.name, path.read_bytes())
            doc = docs[exp.get("line", 1) - 1]
            cases.append(
                {
                    "id": f"{exp['file']}#{exp.get('line', 1)}",
                    "text": doc.text,
                    "published": doc.published_at.date().isoformat() if doc.published_at else None,
                    "events": exp["events"],
                }
            )
    return cases


def load_gate(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def check_gate(summary: dict[str, Any], gate: dict[str, Any]) -> list[str]:
    """Every floor the scores fall below, as readable failures (empty when all hold)."""
    failures: list[str] = []
    for kind, floors in gate.get("types", {}).items():
        got = summary["per_type"].get(kind, {"p": 0.0, "r": 0.0, "f1": 0.0})
        for metric, floor in floors.items():
            if got[metric] < floor:
                failures.append(f"{kind} {metric} {got[metric]:.3f} < {floor}")
    overall = gate.get("overall", {})
    checks = {
        "micro_f1": summary["micro"]["f1"],
        "actor_country": summary["actor_country"],
        "date_exact": summary["date_exact"],
        "modality": summary["modality"],
    }
    for metric, value in checks.items():
        if metric in overall and value < overall[metric]:
            failures.append(f"{metric} {value:.3f} < {overall[metric]}")
    ceiling = overall.get("max_no_event_false_positives")
    if ceiling is not None and summary["no_event_false_positives"] > ceiling:
        failures.append(
            f"no-event false positives {summary['no_event_false_positives']} > {ceiling}"
        )
    return failures


# --------------------------------------------------------------------------------------------
# MEANTIME: real news with gold TIMEX3 values (tests/extract/cases/meantime_dev.jsonl)

# Gold values that name a calendar span (day, week, month, quarter, season, half, fiscal year,
# year, decade). PAST_REF/PRESENT_REF/FUTURE_REF, XXXX and durations are not scored.
_CALENDAR_VALUE = re.compile(
    r"(?:\d{4}(?:-\d\d(?:-\d\d)?)?|\d{4}-W\d\d|\d{4}-Q[1-4]|\d{4}-H[12]|\d{4}-(?:SP|SU|FA|WI)"
    r"|FY\d{4}|\d{3})"
)


def calendar_value(gold: str) -> str | None:
    """The gold TimeML value as a calendar span, or None when it names none.

    A time of day is dropped ("2008-01-09TMO" is the day), an unknown day leaves the month
    ("2011-06-XX"), and a weekend is scored as its week.
    """
    value = gold.split("T", 1)[0] if re.match(r"\d{4}-\d\d-\d\dT", gold) else gold
    value = value.removesuffix("-XX").removesuffix("-WE")
    return value if _CALENDAR_VALUE.fullmatch(value) else None


def _spans_of(mention: DateMention) -> set[str]:
    """Every calendar value the mention states, at its own precision and every coarser one."""
    value = mention.value
    if value is None:
        return set()
    if mention.label is not None and re.match(r"\d{4}-\d\d-\d\dT", mention.label):
        # a time of day ("2008-01-09TMO", "1998-02-13T15:00") is scored as its day
        mention = dataclasses.replace(mention, label=None)
        value = mention.value or ""
    values = {value, value.removesuffix("-WE")}
    if mention.label == "PRESENT_REF":
        values.add(timeml_value(mention.date, mention.precision) or "")
    day = mention.date
    if (mention.label is None or mention.label == "PRESENT_REF") and day is not None:
        if mention.precision == "day":
            values.add(timeml_value(day, "week") or "")
        if mention.precision in ("day", "month"):
            values.update(
                {timeml_value(day, "month") or "", f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"}
            )
        if mention.precision in ("day", "month", "year"):
            values.update({f"{day.year:04d}", f"{day.year:04d}"[:3]})
    elif re.match(r"\d{4}-(?:Q|H|SP|SU|FA|WI)", value):
        values.update({value[:4], value[:3]})
    elif re.fullmatch(r"\d{4}", value):
        values.add(value[:3])
    values.discard("")
    return values


@dataclass
class MeantimeScores:
    """Counts behind the MEANTIME figures."""

    articles: int = 0
    gold_dates: int = 0
    found: int = 0
    value_ok: int = 0
    events_all: int = 0
    events_asserted: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        per_100 = 100 / self.articles if self.articles else 0.0
        return {
            "articles": self.articles,
            "gold_dates": self.gold_dates,
            "date_found": self.found / self.gold_dates if self.gold_dates else 1.0,
            "date_value_accuracy": self.value_ok / self.gold_dates if self.gold_dates else 1.0,
            "false_asserted_per_100": self.events_asserted * per_100,
            "false_events_per_100": self.events_all * per_100,
        }


def load_meantime(path: Path) -> list[dict[str, Any]]:
    return load_gold(path)


def _error_kind(gold: dict[str, Any], value: str, found: DateMention | None) -> str:
    """A coarse name for a miss, so the most common kinds can be counted."""
    granularity = (
        "quarter"
        if "-Q" in value
        else "season"
        if re.search(r"-(SP|SU|FA|WI)$", value)
        else "fiscal year"
        if value.startswith("FY")
        else "decade"
        if len(value) == 3
        else {4: "year", 7: "month", 8: "week", 10: "day"}.get(len(value), "other")
    )
    if found is None:
        return f"{granularity} not found"
    if found.value is not None and len(found.value) != len(value):
        return f"{granularity} at {found.precision} precision"
    return f"{granularity} wrong value"


def score_meantime(records: Iterable[dict[str, Any]]) -> MeantimeScores:
    """Date recall and value accuracy against the gold timexes, and events on non-diplomatic news.

    A gold DATE counts as found when a mention overlaps its span, and as correct when that mention
    states the gold value at the gold's precision (a finer mention is cut down to it). Every event
    the extractor yields on this corpus counts as false: the articles are business and markets news.
    """
    s = MeantimeScores()
    for case in records:
        anchor = dt.date.fromisoformat(case["published"])
        text = case["text"]
        s.articles += 1
        mentions = find_article_dates(text, anchor)
        for gold in case["dates"]:
            value = calendar_value(gold["value"])
            if value is None:
                continue
            s.gold_dates += 1
            overlapping = [m for m in mentions if m.start < gold["end"] and gold["start"] < m.end]
            if overlapping:
                s.found += 1
            best = next((m for m in overlapping if value in _spans_of(m)), None)
            if best is not None:
                s.value_ok += 1
                continue
            found = overlapping[0] if overlapping else None
            kind = _error_kind(gold, value, found)
            s.error_kinds[kind] += 1
            s.errors.append(
                f"{case['id']} ({case['published']}): {kind}: '{gold['text']}' gold {value}"
                + (f", got '{found.phrase}' {found.value}" if found else "")
            )
        events = extract_text(
            text, article_id=f"meantime-{case['id']}", published=anchor, ingested=INGESTED
        )
        s.events_all += len(events)
        for event in events:
            if event.modality == "asserted":
                s.events_asserted += 1
            s.errors.append(
                f"{case['id']}: false event {event.event_type} ({event.modality}) "
                f"'{event.mentions[0].trigger}'"
            )
    return s


def check_meantime_gate(summary: dict[str, Any], gate: dict[str, Any]) -> list[str]:
    """The MEANTIME floors ([meantime] in the gate file) that the scores fall below."""
    floors = gate.get("meantime", {})
    failures = [
        f"meantime {metric} {summary[metric]:.3f} < {floors[metric]}"
        for metric in ("date_found", "date_value_accuracy")
        if metric in floors and summary[metric] < floors[metric]
    ]
    failures += [
        f"meantime {metric} {summary[metric]:.2f} > {floors['max_' + metric]}"
        for metric in ("false_asserted_per_100", "false_events_per_100")
        if "max_" + metric in floors and summary[metric] > floors["max_" + metric]
    ]
    return failures


# ---------------------------------------------------------------- PLOVER dev set

NEGATIVE_CATEGORIES = frozenset({"ASSAULT", "MOBILIZE", "PROTEST"})
NON_STATE = frozenset({"IGO", "NGO"})


@dataclass
class PloverScores:
    """Category-level counts on PLOVER-coded sentences (one coded event per record).

    Counting rule: records are grouped by sentence text, so a sentence coded twice holds two gold
    categories. A gold category is a true positive when the extractor yields a non-negated event
    of that PLOVER category, else a false negative. Each predicted category that is not a gold
    category of the sentence counts one false positive. A sentence can hold further true events
    that the coders did not code, so precision is a lower bound. Sentences whose every gold
    category is ASSAULT, MOBILIZE or PROTEST are the negative class: any event there is false.
    """

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    source_ok: int = 0
    source_n: int = 0
    target_ok: int = 0
    target_n: int = 0
    mode_ok: int = 0
    mode_n: int = 0
    negative_n: int = 0
    negative_false: int = 0
    errors: list[str] = field(default_factory=list)

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        if kind is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[kind], self.fp[kind], self.fn[kind]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def summary(self) -> dict[str, Any]:
        cats = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        p, r, f = self.prf()
        return {
            "per_type": {c: dict(zip(("p", "r", "f1"), self.prf(c), strict=True)) for c in cats},
            "support": {c: self.tp[c] + self.fn[c] for c in cats},
            "micro": {"p": p, "r": r, "f1": f},
            "source_country": self.source_ok / self.source_n if self.source_n else 1.0,
            "target_country": self.target_ok / self.target_n if self.target_n else 1.0,
            "mode": self.mode_ok / self.mode_n if self.mode_n else 1.0,
            "negative_sentences": self.negative_n,
            "negative_false_events": self.negative_false,
            "negative_false_rate": self.negative_false / self.negative_n
            if self.negative_n
            else 0.0,
        }


def _source_right(gold: list[str], pred: Event) -> bool:
    country = pred.source.country if pred.source else None
    if country is not None:
        return country in gold
    return bool(gold) and set(gold) <= NON_STATE


def _target_right(gold: list[str], pred: Event, sources: Sequence[str] = ()) -> bool:
    """The target's state is one the coders named; with none named, the extractor must name no
    state either, unless the coders named two sources and the extractor a joint act of those
    two (PLOVER's two sources and the dyad marked joint are one coding of the same act)."""
    country = pred.target.country if pred.target else None
    if not gold:
        if pred.joint and len(sources) > 1 and pred.source is not None:
            return pred.source.country in sources and country in sources
        return country is None
    if country is not None:
        return country in gold
    return bool(gold) and set(gold) <= NON_STATE and pred.target is not None


def score_plover(records: Iterable[dict[str, Any]]) -> PloverScores:
    """Run the extractor over each PLOVER sentence once and count category agreement."""
    s = PloverScores()
    by_text: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        by_text.setdefault(rec["text"], []).append(rec)
    for text, recs in by_text.items():
        rid = recs[0]["id"]
        events = [
            e
            for e in extract_text(text, article_id=rid, published=None, ingested=INGESTED)
            if e.modality != "negated"
        ]
        gold_cats = {r["event"] for r in recs}
        predicted = {e.plover_category for e in events}
        if gold_cats <= NEGATIVE_CATEGORIES:
            s.negative_n += 1
            if events:
                s.negative_false += 1
                s.errors.append(
                    f"{rid}: false {', '.join(sorted(predicted))} on {'/'.join(sorted(gold_cats))}"
                )
            continue
        for cat in sorted(predicted - gold_cats):
            s.fp[cat] += 1
            trig = next(e.mentions[0].trigger for e in events if e.plover_category == cat)
            s.errors.append(f"{rid}: extra {cat} '{trig}' (gold {'/'.join(sorted(gold_cats))})")
        seen: set[str] = set()
        for rec in recs:
            cat = rec["event"]
            if cat in NEGATIVE_CATEGORIES:
                continue
            same = [e for e in events if e.plover_category == cat]
            if cat not in seen:
                seen.add(cat)
                if same:
                    s.tp[cat] += 1
                else:
                    s.fn[cat] += 1
                    got = ", ".join(sorted(predicted)) or "nothing"
                    s.errors.append(f"{rid}: missed {cat} (got {got})")
            if not same:
                continue
            s.source_n += 1
            if any(_source_right(rec["source"], e) for e in same):
                s.source_ok += 1
            else:
                got_src = same[0].source.country if same[0].source else None
                s.errors.append(f"{rid}: {cat} source {got_src} not in {rec['source']}")
            s.target_n += 1
            if any(_target_right(rec.get("target") or [], e, rec["source"]) for e in same):
                s.target_ok += 1
            else:
                got_tgt = same[0].target.country if same[0].target else None
                s.errors.append(f"{rid}: {cat} target {got_tgt} not in {rec.get('target')}")
            if rec.get("mode"):
                s.mode_n += 1
                if any(e.plover_mode == rec["mode"] for e in same):
                    s.mode_ok += 1
    return s


def check_plover_gate(summary: dict[str, Any], gate: dict[str, Any]) -> list[str]:
    """The PLOVER dev floors (``[plover]`` of the gate file) the scores fall below."""
    floors = gate.get("plover", {})
    failures: list[str] = []
    for metric, value in (
        ("f1", summary["micro"]["f1"]),
        ("precision", summary["micro"]["p"]),
        ("recall", summary["micro"]["r"]),
        ("source_country", summary["source_country"]),
        ("target_country", summary["target_country"]),
        ("mode", summary["mode"]),
    ):
        if metric in floors and value < floors[metric]:
            failures.append(f"plover {metric} {value:.3f} < {floors[metric]}")
    ceiling = floors.get("max_negative_false_rate")
    if ceiling is not None and summary["negative_false_rate"] > ceiling:
        failures.append(
            f"plover false events on negative sentences {summary['negative_false_rate']:.3f} "
            f"> {ceiling}"
        )
    return failures


# --- location (where each event happened) ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _GoldActor:
    kind: str
    country: str | None


@dataclass
class LocationScores:
    """Counts behind the location figures of ``communique eval``.

    The locator is scored on the gold trigger and actors of each case (so a missed event does
    not hide a location error); ``e2e_*`` count the cases whose event the extractor also found,
    and whether its location then agrees.
    """

    stated: int = 0
    place_ok: int = 0
    coords_n: int = 0
    coords_ok: int = 0
    unstated: int = 0
    no_city: int = 0
    basis_ok: int = 0
    e2e_found: int = 0
    e2e_agree: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "stated": self.stated,
            "place_country": ratio(self.place_ok, self.stated),
            "coords_25km": ratio(self.coords_ok, self.coords_n),
            "coords_n": self.coords_n,
            "unstated": self.unstated,
            "no_invented_city": ratio(self.no_city, self.unstated),
            "basis": ratio(self.basis_ok, self.unstated),
            "e2e_found": self.e2e_found,
            "e2e_agree": ratio(self.e2e_agree, self.e2e_found),
        }


def _same_place(gold: dict[str, Any], name: str | None, geonames_id: int | None) -> bool:
    """The gold place names the predicted entry: same name, or a name of the same GeoNames city."""
    if name is None:
        return False
    fold = _fold(gold["place"])
    if fold == _fold(name):
        return True
    key = " ".join(gold["place"].replace("’", "'").replace(".", " ").split()).lower()
    return any(p.geonames_id == geonames_id for p, _ in index().cities(key))


def _fold(text: str) -> str:
    import unicodedata

    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower().strip()


def score_locations(cases: Iterable[dict[str, Any]]) -> LocationScores:
    """Locate each gold case's event and compare with the annotated place (or its absence)."""
    s = LocationScores()
    for case in cases:
        text, trigger = case["text"], case["trigger"]
        start = text.index(trigger)
        actors = [_GoldActor(a.get("kind", "country"), a.get("country")) for a in case["actors"]]
        if len(actors) == 1 and case["actors"][0].get("role") == "target":
            actors.insert(0, _GoldActor("unknown", None))
        got = locate(text, start, start + len(trigger), actors, case.get("event_type"))
        gold = case.get("location")
        if gold is not None:
            s.stated += 1
            if _same_place(gold, got.name, got.geonames_id) and got.country == gold["country"]:
                s.place_ok += 1
            else:
                s.errors.append(
                    f"{case['id']}: place {got.name}/{got.country} != {gold['place']}/"
                    f"{gold['country']}"
                )
            if gold.get("precision", "city") == "city":
                s.coords_n += 1
                if got.latitude is not None and got.longitude is not None:
                    d = km(got.latitude, got.longitude, gold["lat"], gold["lon"])
                    if d <= 25.0:
                        s.coords_ok += 1
                    else:
                        s.errors.append(f"{case['id']}: {got.name} is {d:.0f} km from the gold")
                else:
                    s.errors.append(f"{case['id']}: no coordinates for {gold['place']}")
        else:
            s.unstated += 1
            if got.precision != "city":
                s.no_city += 1
            else:
                s.errors.append(f"{case['id']}: invented place {got.name} ({got.phrase})")
            if got.basis == case.get("basis", "unknown"):
                s.basis_ok += 1
            else:
                s.errors.append(f"{case['id']}: basis {got.basis} != {case.get('basis')}")
        _score_end_to_end(s, case, start, start + len(trigger))
    return s


def _score_end_to_end(s: LocationScores, case: dict[str, Any], start: int, end: int) -> None:
    events = extract_text(case["text"], article_id=case["id"], published=None, ingested=INGESTED)
    found = next(
        (
            e
            for e in events
            for m in e.mentions
            if m.trigger_start < end and start < m.trigger_end and e.location is not None
        ),
        None,
    )
    if found is None or found.location is None:
        return
    s.e2e_found += 1
    gold = case.get("location")
    loc = found.location
    if gold is None:
        s.e2e_agree += loc.precision != "city"
    elif _same_place(gold, loc.name, loc.geonames_id) and loc.country == gold["country"]:
        s.e2e_agree += 1


def check_location_gate(
    summary: dict[str, Any], gate: dict[str, Any], table: str = "location"
) -> list[str]:
    """Every location floor (the gate's [location] table, or ``table``) the scores fall below."""
    failures: list[str] = []
    floors = gate.get(table, {})
    for metric in ("place_country", "coords_25km", "no_invented_city", "basis"):
        if metric in floors and summary[metric] < floors[metric]:
            failures.append(f"{table} {metric} {summary[metric]:.3f} < {floors[metric]}")
    for metric, count in (("min_stated", "stated"), ("min_unstated", "unstated")):
        if metric in floors and summary[count] < floors[metric]:
            failures.append(f"{table} {count} cases {summary[count]} < {floors[metric]}")
    return failures
