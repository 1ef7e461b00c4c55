"""Typed records passed between stages (pure data, no I/O)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


def stable_id(*parts: object) -> str:
    """A short deterministic id: the same inputs give the same id on every machine and run."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode())
    return digest.hexdigest()[:20]


def content_hash(text: str) -> str:
    """Hash of the whitespace-normalised text, so trivial re-wrapping is not a new article."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One fetched article. ``published_at`` is None when the source does not say."""

    article_id: str
    source: str
    text: str
    fetched_at: dt.datetime
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    published_at: dt.datetime | None = None
    language: str | None = "en"
    duplicate_of: str | None = None
    # set when the text is spooled to disk during a fetch (``text`` is then empty): its hash
    text_hash: str | None = None
    # and its place in the fetch's spool (`pipeline.fetch.base.TextSpool`)
    spooled_at: int | None = field(default=None, compare=False, repr=False)

    @property
    def content_hash(self) -> str:
        return self.text_hash if self.text_hash is not None else content_hash(self.text)

    def to_row(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "published_at": self.published_at,
            "fetched_at": self.fetched_at,
            "content_hash": self.content_hash,
            "language": self.language,
            "text": self.text,
            "duplicate_of": self.duplicate_of,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant in an event, as written and as resolved."""

    text: str
    name: str | None = None
    role: str | None = None
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened, resolved to a gazetteer entry (see pipeline/extract/geo.py).

    ``precision`` is city, region, country or none; ``basis`` is stated, capital_metonymy (a
    capital named the actor, not a place), actor_country (an act done at home) or unknown.
    """

    name: str | None
    kind: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    precision: str = "none"
    basis: str = "unknown"
    phrase: str | None = None

    def to_row(self, prefix: str = "location_") -> dict[str, Any]:
        return {
            f"{prefix}{name}": getattr(self, name)
            for name in (
                "name",
                "kind",
                "country",
                "latitude",
                "longitude",
                "geonames_id",
                "precision",
                "basis",
                "phrase",
            )
        }


NO_LOCATION = Location(None, None, None, None, None, None)


@dataclass(frozen=True, slots=True)
class Mention:
    """One sentence-level piece of evidence for an event, with article character offsets."""

    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    rule_id: str
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One diplomatic event extracted from one article (its mentions merged)."""

    event_id: str
    article_id: str
    event_type: str
    cameo_code: str
    plover_category: str
    plover_mode: str | None
    goldstein: float | None
    quad_class: int | None
    source: Actor | None
    target: Actor | None
    subject: str | None
    modality: str
    reported_by: str | None
    private: bool
    event_date: dt.date | None
    date_precision: str
    date_basis: str
    date_phrase: str | None
    date_anchor: dt.date
    rule_id: str
    confidence: float
    extractor_version: str
    mentions: tuple[Mention, ...] = field(default_factory=tuple)
    location: Location | None = None
    # a symmetric act the two parties did together ("A and B signed", "A telephoned B"): the
    # source and target are co-parties, which PLOVER codes as two sources and no target
    joint: bool = False

    def to_row(self) -> dict[str, Any]:
        first = self.mentions[0]
        row: dict[str, Any] = {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "cameo_code": self.cameo_code,
            "plover_category": self.plover_category,
            "plover_mode": self.plover_mode,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "subject": self.subject,
            "modality": self.modality,
            "reported_by": self.reported_by,
            "private": self.private,
            "event_date": self.event_date,
            "date_precision": self.date_precision,
            "date_basis": self.date_basis,
            "date_phrase": self.date_phrase,
            "date_anchor": self.date_anchor,
            "sentence": first.sentence,
            "sentence_start": first.sentence_start,
            "sentence_end": first.sentence_end,
            "trigger": first.trigger,
            "trigger_start": first.trigger_start,
            "trigger_end": first.trigger_end,
            "rule_id": self.rule_id,
            "confidence": self.confidence,
            "mention_count": len(self.mentions),
            "mentions": [
                {
                    "sentence": m.sentence,
                    "sentence_start": m.sentence_start,
                    "sentence_end": m.sentence_end,
                    "trigger": m.trigger,
                    "trigger_start": m.trigger_start,
                    "trigger_end": m.trigger_end,
                    "rule_id": m.rule_id,
                    **(m.location or NO_LOCATION).to_row(),
                }
                for m in self.mentions
            ],
            "extractor_version": self.extractor_version,
            **(self.location or NO_LOCATION).to_row(),
        }
        for prefix, actor in (("source", self.source), ("target", self.target)):
            for name in ("text", "name", "role", "country", "sector"):
                row[f"{prefix}_{name}"] = getattr(actor, name) if actor else None
        return row


@dataclass(frozen=True, slots=True)
class FetchError:
    """A failure recorded as data: the run goes on, nothing is silently lost."""

    source: str
    url: str
    stage: str
    error_class: str
    retryable: bool
    message: str
    attempts: int
    occurred_at: dt.datetime

    def to_row(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "url": self.url,
            "stage": self.stage,
            "error_class": self.error_class,
            "retryable": self.retryable,
            "message": self.message,
            "attempts": self.attempts,
            "occurred_at": self.occurred_at,
        }


@dataclass(frozen=True, slots=True)
class Interval:
    """The run's data interval: every task output is keyed on it, never on the wall clock."""

    start: dt.datetime
    end: dt.datetime

    @property
    def ds(self) -> str:
        return self.start.date().isoformat()

    @classmethod
    def for_day(cls, day: dt.date) -> Interval:
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        return cls(start, start + dt.timedelta(days=1))
