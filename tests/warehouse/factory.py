"""Hand-made intervals for warehouse tests: articles and extracted events written as the pipeline
writes them (same schemas, same store), with every field under the test's control."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipeline import store
from pipeline.models import Article

TIMESTAMP = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)


@dataclass
class Report:
    """One extraction: an event as one article reports it, in one or more sentences."""

    event_id: str
    sentences: list[str]
    event_type: str = "suspension"
    source: tuple[str | None, str | None] = ("Russia", "RUS")
    target: tuple[str | None, str | None] = (None, None)
    subject: str | None = "New START"
    modality: str = "asserted"
    event_date: dt.date | None = None
    date_precision: str = "day"
    date_basis: str = "publication"
    goldstein: float = -4.0
    quad_class: int = 4
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Story:
    """One article and the extractions made from it."""

    article_id: str
    outlet: str
    published: dt.date | dt.datetime | None  # a date is published at 09:00 UTC
    reports: list[Report]


def _actor(prefix: str, actor: tuple[str | None, str | None]) -> dict[str, Any]:
    name, country = actor
    return {
        f"{prefix}_text": name,
        f"{prefix}_name": name,
        f"{prefix}_role": None,
        f"{prefix}_country": country,
        f"{prefix}_sector": "government" if name else None,
    }


def rows(story: Story, ds: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The article row and event rows of a story; offsets point into the article text."""
    sentences = [s for r in story.reports for s in r.sentences]
    text = " ".join(sentences)
    published = story.published
    if isinstance(published, dt.date) and not isinstance(published, dt.datetime):
        published = dt.datetime.combine(published, dt.time(9, 0), tzinfo=dt.UTC)
    day = dt.date.fromisoformat(ds)
    fetched = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    article = Article(
        article_id=story.article_id,
        source=story.outlet,
        text=text,
        fetched_at=fetched,
        url=f"https://{story.outlet.lower().replace(' ', '-')}.test/{story.article_id}",
        title=sentences[0],
        published_at=published,
    ).to_row()
    anchor = published.date() if published else day
    events = []
    for report in story.reports:
        mentions = []
        for sentence in report.sentences:
            start = text.index(sentence)
            mentions.append(
                {
                    "sentence": sentence,
                    "sentence_start": start,
                    "sentence_end": start + len(sentence),
                    "trigger": sentence.split()[1],
                    "trigger_start": start + len(sentence.split()[0]) + 1,
                    "trigger_end": start + len(sentence.split()[0]) + 1 + len(sentence.split()[1]),
                    "rule_id": "test",
                }
            )
        event_date = report.event_date
        if report.date_basis == "publication" and event_date is None:
            event_date = anchor
        undated = report.date_basis in ("before-publication", "ingested")
        first = mentions[0]
        row: dict[str, Any] = {
            "event_id": report.event_id,
            "article_id": story.article_id,
            "event_type": report.event_type,
            "cameo_code": "0",
            "plover_category": "TEST",
            "plover_mode": None,
            "goldstein": report.goldstein,
            "quad_class": report.quad_class,
            **_actor("source", report.source),
            **_actor("target", report.target),
            "subject": report.subject,
            "modality": report.modality,
            "reported_by": None,
            "private": report.event_type == "backchannel_contact",
            "event_date": None if undated else event_date,
            "date_precision": "unknown" if undated else report.date_precision,
            "date_basis": report.date_basis,
            "date_phrase": None,
            "date_anchor": anchor,
            "sentence": first["sentence"],
            "sentence_start": first["sentence_start"],
            "sentence_end": first["sentence_end"],
            "trigger": first["trigger"],
            "trigger_start": first["trigger_start"],
            "trigger_end": first["trigger_end"],
            "rule_id": "test",
            "confidence": 0.9,
            "mention_count": len(mentions),
            "mentions": mentions,
            "extractor_version": "test/1",
        }
        row.update(report.extra)
        events.append(row)
    return article, events


def write_interval(data_dir: Path, ds: str, stories: list[Story]) -> None:
    """Write the articles, events and (empty) fetch_errors partitions of one interval."""
    articles, events = [], []
    for story in stories:
        article, story_events = rows(story, ds)
        articles.append(article)
        events.extend(story_events)
    store.write_partition(data_dir, "articles", ds, store.to_table("articles", articles))
    store.write_partition(data_dir, "events", ds, store.to_table("events", events))
    store.write_partition(data_dir, "fetch_errors", ds, store.to_table("fetch_errors", []))


CHECKSUM_OBJECTS = (
    "raw_articles",
    "raw_events",
    "raw_fetch_errors",
    "load_log",
    "articles",
    "sources",
    "event_mentions",
    "events",
    "mart_events",
    "mart_events_all_modalities",
    "mart_daily_counts",
    "mart_monthly_counts",
    "mart_dyads_monthly",
    "mart_subject_timeline",
    "mart_fetch_errors",
    "mart_run_summary",
)


def checksum(db: Path, objects: tuple[str, ...] = CHECKSUM_OBJECTS) -> dict[str, tuple[int, str]]:
    """Row count and a content hash of each object (rows sorted, so physical order is ignored)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for name in objects:
            result = con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()
            out[name] = (len(result), hashlib.sha256(repr(result).encode()).hexdigest())
        return out
    finally:
        con.close()


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a read-only query as dicts."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
