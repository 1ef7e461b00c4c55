"""Warehouse load speed: 1,000,000 extracted events through the load path, against a bare copy.

    uv run python bench/bench_load.py [--events 1000000] [--intervals 30] [--keep]

Generates Parquet partitions of the events dataset (every column of ``pipeline.schema.EVENTS``,
one to three mentions per event, skewed actors, subjects and dates over two years), with their
articles and fetch errors, spread over ``--intervals`` data intervals. Then, on the same files:

* bare copy: ``CREATE TABLE t AS SELECT * FROM read_parquet(...)`` of each dataset, the floor;
* raw load, per interval: every interval through ``pipeline.load.load_interval`` without the
  core rebuild (one transaction, one lock, one connection per interval, as scheduled runs do);
* raw load, batched: ``pipeline.load.load_intervals`` (a backfill: every interval in one
  transaction, one parallel scan per raw table), without and with its one core rebuild;
* nightly path: every interval through ``load_interval`` with its core rebuild, as each
  scheduled run does (the rebuild is a full, deterministic rebuild, so its cost grows with the
  warehouse: the total is quadratic in the number of intervals loaded this way).

Prints the times and the ratios to the bare copy (target: raw load within 1.5x). Timings on a
shared machine vary from run to run; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import store  # noqa: E402
from pipeline.load import load_interval, load_intervals, rebuild_core  # noqa: E402
from pipeline.schema import EVENTS, MENTION  # noqa: E402

log = logging.getLogger("bench.load")
SQL = ROOT / "warehouse"

TYPES = [
    ("consultation", "040", "CONSULT", 1.0, 1),
    ("accusation", "112", "ACCUSE", -2.0, 3),
    ("policy_change_call", "025", "REQUEST", -0.3, 1),
    ("suspension", "166", "REDUCE", -4.0, 4),
    ("sanctions", "163", "SANCTION", -8.0, 4),
    ("rejection", "120", "REJECT", -4.0, 3),
    ("threat", "130", "THREATEN", -4.4, 3),
    ("agreement", "057", "AGREE", 8.0, 2),
    ("proposal", "036", "PROPOSE", 4.0, 1),
    ("backchannel_contact", "043", "CONSULT", 1.0, 1),
    ("resumption", "080", "RETREAT", 5.0, 2),
    ("withdrawal", "166", "REDUCE", -5.0, 4),
    ("expulsion", "1663", "REDUCE", -5.0, 4),
    ("conditional_refusal", "125", "REJECT", -5.0, 3),
]
ACTORS = [
    ("Russia", "RUS"),
    ("United States", "USA"),
    ("China", "CHN"),
    ("Ukraine", "UKR"),
    ("Iran", "IRN"),
    ("Germany", "DEU"),
    ("France", "FRA"),
    ("United Kingdom", "GBR"),
    ("Turkey", "TUR"),
    ("India", "IND"),
    ("Japan", "JPN"),
    ("Israel", "ISR"),
    ("Saudi Arabia", "SAU"),
    ("North Korea", "PRK"),
    ("South Korea", "KOR"),
    ("Poland", "POL"),
    ("Egypt", "EGY"),
    ("Brazil", "BRA"),
    ("Qatar", "QAT"),
    ("Oman", "OMN"),
    ("NATO", None),
    ("European Union", None),
    ("United Nations", None),
]
SUBJECTS = [
    "New START",
    "JCPOA",
    "Black Sea Grain Initiative",
    "CFE Treaty",
    "INF Treaty",
    "Open Skies Treaty",
    "Minsk agreements",
    "Iran nuclear talks",
    "Gaza ceasefire",
    "Korean armistice",
    "Paris Agreement",
    "WTO reform",
]
MODALITIES = ["asserted", "negated", "conditional", "hypothetical", "future"]
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
START = dt.date(2024, 1, 1)


def _zipf(rng: np.random.Generator, n: int, size: int, a: float = 1.2) -> np.ndarray:
    """Indices 0..n-1 with a skew: a few actors and subjects dominate, as in the news."""
    weights = 1.0 / np.arange(1, n + 1) ** a
    return rng.choice(n, size=size, p=weights / weights.sum())


def _pick(values: list[Any], idx: np.ndarray, typ: pa.DataType) -> pa.Array:
    return pa.array(values, type=typ).take(pa.array(idx))


def _events(rng: np.random.Generator, n: int, first: int, days: list[dt.date]) -> pa.Table:
    """``n`` events with ids from ``first``, published on ``days`` (one per article)."""
    ids = np.arange(first, first + n)
    articles = ids // 3  # three events per article
    type_idx = _zipf(rng, len(TYPES), n, 0.6)
    src = _zipf(rng, len(ACTORS), n)
    tgt = _zipf(rng, len(ACTORS), n)
    has_target = rng.random(n) < 0.6
    subj = _zipf(rng, len(SUBJECTS), n)
    has_subject = rng.random(n) < 0.5
    modality = rng.choice(len(MODALITIES), size=n, p=[0.7, 0.08, 0.07, 0.08, 0.07])
    anchor_idx = rng.integers(0, len(days), size=n)
    anchors = np.array([np.datetime64(d) for d in days])[anchor_idx]
    basis_roll = rng.random(n)  # explicit 25%, relative 30%, publication 35%, undated 10%
    basis = np.select(
        [basis_roll < 0.25, basis_roll < 0.55, basis_roll < 0.9],
        ["explicit", "relative", "publication"],
        "before-publication",
    )
    lag = rng.integers(0, 10, size=n).astype("timedelta64[D]")
    event_date = np.where(basis == "publication", anchors, anchors - lag)
    precision = np.where(
        basis == "explicit",
        rng.choice(["day", "month", "year"], size=n, p=[0.8, 0.15, 0.05]),
        "day",
    )
    precision = np.where(basis == "before-publication", "unknown", precision)
    undated = basis == "before-publication"
    month_start = event_date.astype("datetime64[M]").astype("datetime64[D]")
    year_start = event_date.astype("datetime64[Y]").astype("datetime64[D]")
    event_date = np.where(precision == "month", month_start, event_date)
    event_date = np.where(precision == "year", year_start, event_date)

    n_mentions = rng.choice([1, 2, 3], size=n, p=[0.75, 0.2, 0.05])
    offsets = np.concatenate([[0], np.cumsum(n_mentions)]).astype(np.int32)
    total = int(offsets[-1])
    starts = rng.integers(0, 2000, size=total).astype(np.int32)
    sentence = pa.array(
        ["Officials said the talks on the treaty were suspended this week."] * total
    )
    mention = pa.StructArray.from_arrays(
        [
            sentence,
            pa.array(starts),
            pa.array(starts + 64),
            pa.array(["suspended"] * total),
            pa.array(starts + 40),
            pa.array(starts + 49),
            pa.array(["r.suspend.1"] * total),
            # the remaining fields (where the sentence places the event) are not generated
            *(pa.nulls(total, f.type) for f in list(MENTION)[7:]),
        ],
        fields=list(MENTION),
    )
    mentions = pa.ListArray.from_arrays(pa.array(offsets), mention)
    first_start = starts[offsets[:-1]]

    names = [a[0] for a in ACTORS]
    countries = [a[1] for a in ACTORS]
    event_ids = pa.array([f"e{i:012d}" for i in ids])
    columns: dict[str, pa.Array] = {
        "event_id": event_ids,
        "article_id": pa.array([f"a{i:011d}" for i in articles]),
        "event_type": _pick([t[0] for t in TYPES], type_idx, pa.string()),
        "cameo_code": _pick([t[1] for t in TYPES], type_idx, pa.string()),
        "plover_category": _pick([t[2] for t in TYPES], type_idx, pa.string()),
        "plover_mode": pa.nulls(n, pa.string()),
        "goldstein": _pick([t[3] for t in TYPES], type_idx, pa.float32()),
        "quad_class": _pick([t[4] for t in TYPES], type_idx, pa.int8()),
        "source_text": _pick(names, src, pa.string()),
        "source_name": _pick(names, src, pa.string()),
        "source_role": pa.nulls(n, pa.string()),
        "source_country": _pick(countries, src, pa.string()),
        "source_sector": pa.array(["government"] * n),
        "target_text": pa.array(np.where(has_target, np.array(names)[tgt], None)),
        "target_name": pa.array(np.where(has_target, np.array(names)[tgt], None)),
        "target_role": pa.nulls(n, pa.string()),
        "target_country": pa.array(
            np.where(has_target, np.array(countries, dtype=object)[tgt], None)
        ),
        "target_sector": pa.array(np.where(has_target, "government", None)),
        "subject": pa.array(np.where(has_subject, np.array(SUBJECTS)[subj], None)),
        "modality": _pick(MODALITIES, modality, pa.string()),
        "reported_by": pa.nulls(n, pa.string()),
        "private": pa.array(type_idx == 9),
        "event_date": pa.array(np.where(undated, None, event_date), type=pa.date32()),
        "date_precision": pa.array(precision),
        "date_basis": pa.array(basis),
        "date_phrase": pa.nulls(n, pa.string()),
        "date_anchor": pa.array(anchors, type=pa.date32()),
        "sentence": pa.array(
            ["Officials said the talks on the treaty were suspended this week."] * n
        ),
        "sentence_start": pa.array(first_start),
        "sentence_end": pa.array(first_start + 64),
        "trigger": pa.array(["suspended"] * n),
        "trigger_start": pa.array(first_start + 40),
        "trigger_end": pa.array(first_start + 49),
        "rule_id": pa.array(["r.suspend.1"] * n),
        "confidence": pa.array(rng.uniform(0.5, 1.0, size=n).astype(np.float32)),
        "mention_count": pa.array(n_mentions.astype(np.int32)),
        "mentions": mentions,
        "extractor_version": pa.array(["communique-rules/bench"] * n),
    }
    return pa.table([columns.get(f.name, pa.nulls(n, f.type)) for f in EVENTS], schema=EVENTS)


def _articles(table: pa.Table, rng: np.random.Generator, ds: dt.date) -> pa.Table:
    ids = sorted(set(table.column("article_id").to_pylist()))
    n = len(ids)
    fetched = dt.datetime.combine(ds, dt.time(), tzinfo=dt.UTC)
    text = "Officials said the talks on the treaty were suspended this week. " * 30
    outlet_idx = rng.integers(0, len(OUTLETS), size=n)
    rows = [
        {
            "article_id": aid,
            "source": OUTLETS[o],
            "url": f"https://outlet-{o:02d}.test/{aid}",
            "canonical_url": f"https://outlet-{o:02d}.test/{aid}",
            "title": "Talks suspended",
            "published_at": fetched - dt.timedelta(hours=int(h)),
            "fetched_at": fetched,
            "content_hash": aid,
            "language": "en",
            "text": text,
            "duplicate_of": None,
        }
        for aid, o, h in zip(ids, outlet_idx, rng.integers(1, 23, size=n), strict=True)
    ]
    return store.to_table("articles", rows)


def generate(data: Path, total: int, intervals: int, seed: int = 7) -> list[str]:
    """Write every interval's partitions; returns the interval days."""
    rng = np.random.default_rng(seed)
    days = [START + dt.timedelta(days=7 * i) for i in range(intervals)]  # weekly, over months
    per = total // intervals
    first = 0
    for i, day in enumerate(days):
        n = per if i < intervals - 1 else total - first
        recent = [day - dt.timedelta(days=k) for k in range(7)]
        events = _events(rng, n, first, recent)
        first += n
        ds = day.isoformat()
        store.write_partition(data, "events", ds, events)
        store.write_partition(data, "articles", ds, _articles(events, rng, day))
        store.write_partition(data, "fetch_errors", ds, store.to_table("fetch_errors", []))
    return [d.isoformat() for d in days]


def _timed(label: str, call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    took = time.perf_counter() - started
    log.info("%s: %.2fs", label, took)
    return took


def bare_copy(data: Path, db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        for dataset in ("articles", "events", "fetch_errors"):
            glob = str(data / dataset / "*" / "*.parquet")
            con.execute(f"CREATE TABLE {dataset} AS SELECT * FROM read_parquet('{glob}')")
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--intervals", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="Keep the generated files.")
    parser.add_argument(
        "--skip-nightly", action="store_true", help="Skip the per-interval rebuild run."
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="communique-bench-load-"))
    try:
        data = work / "data"
        days = generate(data, args.events, args.intervals)
        mentions = sum(
            store.read_partition(data, "events", d).column("mention_count").to_numpy().sum()
            for d in days
        )
        size = sum(p.stat().st_size for p in data.rglob("*.parquet"))

        bare = _timed("bare copy", lambda: bare_copy(data, work / "bare.duckdb"))
        raw_db = work / "raw.duckdb"
        raw = _timed(
            "raw load",
            lambda: [load_interval(raw_db, SQL, data, d, rebuild=False) for d in days],
        )
        rebuild = _timed("one core rebuild", lambda: rebuild_core(raw_db, SQL))
        batch = _timed(
            "batched raw load",
            lambda: load_intervals(work / "batch.duckdb", SQL, data, days, rebuild=False),
        )
        batch_core = _timed(
            "batched load with core rebuild",
            lambda: load_intervals(work / "batch_core.duckdb", SQL, data, days),
        )
        nightly = None
        if not args.skip_nightly:
            nightly_db = work / "nightly.duckdb"
            nightly = _timed(
                "nightly path",
                lambda: [load_interval(nightly_db, SQL, data, d) for d in days],
            )
        con = duckdb.connect(str(raw_db), read_only=True)
        try:
            counts = {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("raw_events", "event_mentions", "events", "articles")
            }
        finally:
            con.close()

        out = sys.stdout
        out.write(
            f"data: {args.events:,} events ({mentions:,} mentions) in {len(days)} intervals, "
            f"{counts['articles']:,} articles, {size / 1e6:.0f} MB of Parquet\n"
        )
        out.write(
            f"core: {counts['event_mentions']:,} event_mentions -> {counts['events']:,} events\n"
        )
        rows = [
            ("bare CREATE TABLE AS read_parquet", bare),
            (f"raw load, per interval (x{len(days)})", raw),
            ("raw load, batched (load_intervals)", batch),
            ("batched load + core rebuild", batch_core),
            ("per-interval raw load + rebuild_core", raw + rebuild),
        ]
        if nightly is not None:
            rows.append(("nightly: core rebuild every interval", nightly))
        for label, took in rows:
            out.write(f"{label:38s} {took:8.2f}s  {took / bare:6.2f}x\n")
        return 0
    finally:
        if args.keep:
            log.info("files kept in %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
