"""Versioned Arrow schemas of every dataset Communique writes.

The schema version travels in each Parquet file's metadata so a reader can refuse, or migrate,
files written by another version. Bump ``SCHEMA_VERSION`` on any change of a field's name,
type or meaning.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "2"

_actor = [
    ("text", pa.string()),
    ("name", pa.string()),
    ("role", pa.string()),
    ("country", pa.string()),
    ("sector", pa.string()),
]


def _actor_fields(prefix: str) -> list[pa.Field[Any]]:
    return [pa.field(f"{prefix}_{name}", typ) for name, typ in _actor]


# Where the event happened (pipeline/extract/geo.py), on the event and on each mention.
_location: list[tuple[str, pa.DataType]] = [
    ("location_name", pa.string()),
    ("location_kind", pa.string()),
    ("location_country", pa.string()),
    ("location_latitude", pa.float64()),
    ("location_longitude", pa.float64()),
    ("location_geonames_id", pa.int64()),
    ("location_precision", pa.string()),
    ("location_basis", pa.string()),
    ("location_phrase", pa.string()),
]

MENTION = pa.struct(
    [
        ("sentence", pa.string()),
        ("sentence_start", pa.int32()),
        ("sentence_end", pa.int32()),
        ("trigger", pa.string()),
        ("trigger_start", pa.int32()),
        ("trigger_end", pa.int32()),
        ("rule_id", pa.string()),
        *_location,
    ]
)

ARTICLES = pa.schema(
    [  # type: ignore[arg-type]
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("canonical_url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("published_at", pa.timestamp("us", tz="UTC")),
        pa.field("fetched_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("content_hash", pa.string(), nullable=False),
        pa.field("language", pa.string()),
        pa.field("text", pa.string(), nullable=False),
        pa.field("duplicate_of", pa.string()),
    ]
)

EVENTS = pa.schema(
    [  # type: ignore[arg-type]
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("event_type", pa.string(), nullable=False),
        pa.field("cameo_code", pa.string(), nullable=False),
        pa.field("plover_category", pa.string(), nullable=False),
        pa.field("plover_mode", pa.string()),
        pa.field("goldstein", pa.float32()),
        pa.field("quad_class", pa.int8()),
        *_actor_fields("source"),
        *_actor_fields("target"),
        pa.field("subject", pa.string()),
        pa.field("modality", pa.string(), nullable=False),
        pa.field("reported_by", pa.string()),
        pa.field("private", pa.bool_(), nullable=False),
        pa.field("event_date", pa.date32()),
        pa.field("date_precision", pa.string(), nullable=False),
        pa.field("date_basis", pa.string(), nullable=False),
        pa.field("date_phrase", pa.string()),
        pa.field("date_anchor", pa.date32(), nullable=False),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("sentence_start", pa.int32(), nullable=False),
        pa.field("sentence_end", pa.int32(), nullable=False),
        pa.field("trigger", pa.string(), nullable=False),
        pa.field("trigger_start", pa.int32(), nullable=False),
        pa.field("trigger_end", pa.int32(), nullable=False),
        pa.field("rule_id", pa.string(), nullable=False),
        pa.field("confidence", pa.float32(), nullable=False),
        pa.field("mention_count", pa.int32(), nullable=False),
        pa.field("mentions", pa.list_(MENTION), nullable=False),
        pa.field("extractor_version", pa.string(), nullable=False),
        *(pa.field(name, typ) for name, typ in _location),
    ]
)

FETCH_ERRORS = pa.schema(
    [  # type: ignore[arg-type]
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("error_class", pa.string(), nullable=False),
        pa.field("retryable", pa.bool_(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("attempts", pa.int32(), nullable=False),
        pa.field("occurred_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ]
)

# One row per article whose extraction raised or ran over its time budget (pipeline.boundary).
EXTRACT_ERRORS = pa.schema(
    [  # type: ignore[arg-type]
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("error_class", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("extractor_version", pa.string(), nullable=False),
    ]
)

# One row per data interval: how its latest run went (counts, stage durations, versions).
RUN_SUMMARY = pa.schema(
    [  # type: ignore[arg-type]
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("mode", pa.string(), nullable=False),
        pa.field("recorded_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("articles_fetched", pa.int64(), nullable=False),
        pa.field("articles_duplicate", pa.int64(), nullable=False),
        pa.field("articles_failed", pa.int64(), nullable=False),
        pa.field("events_total", pa.int64(), nullable=False),
        pa.field("events_asserted", pa.int64(), nullable=False),
        pa.field("events_by_type", pa.map_(pa.string(), pa.int64()), nullable=False),
        pa.field("fetch_seconds", pa.float64()),
        pa.field("extract_seconds", pa.float64()),
        pa.field("load_seconds", pa.float64()),
        pa.field("stage_seconds", pa.map_(pa.string(), pa.float64()), nullable=False),
        pa.field("extractor_version", pa.string(), nullable=False),
        pa.field("event_extractor_versions", pa.list_(pa.string()), nullable=False),
        pa.field("schema_version", pa.string(), nullable=False),
    ]
)

DATASETS: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "events": EVENTS,
    "fetch_errors": FETCH_ERRORS,
    "extract_errors": EXTRACT_ERRORS,
    "run_summary": RUN_SUMMARY,
}
