"""Fetch stage: sources in, articles and recorded failures out.

Only this package touches the network or the source files; everything it returns is plain data.
"""

from __future__ import annotations

import logging

from pipeline.errors import BadInputError
from pipeline.fetch.base import FetchResult
from pipeline.models import Interval
from pipeline.sources import SourceConfig

log = logging.getLogger(__name__)


def fetch_source(source: SourceConfig, interval: Interval) -> FetchResult:
    """Fetch one source; a source that fails as a whole is one recorded failure, not a crash."""
    from pipeline.fetch.local import fetch_local

    if source.kind in ("folder", "jsonl"):
        result = fetch_local(source, interval)
    else:
        result = FetchResult(interval)
        result.fail(
            source.name,
            source.location,
            "fetch",
            BadInputError(f"source kind {source.kind!r} is not supported yet"),
        )
    if source.window == "published":
        result.articles = [
            a
            for a in result.articles
            if a.published_at is not None and interval.start <= a.published_at < interval.end
        ]
    return result


def fetch_all(sources: list[SourceConfig], interval: Interval) -> FetchResult:
    """Fetch every source for the interval, deduplicating articles by id then content."""
    merged = FetchResult(interval)
    for source in sources:
        merged.extend(fetch_source(source, interval))
    seen_ids: set[str] = set()
    seen_hashes: dict[str, str] = {}
    unique = []
    for article in merged.articles:
        if article.article_id in seen_ids:
            continue
        seen_ids.add(article.article_id)
        first = seen_hashes.setdefault(article.content_hash, article.article_id)
        if first != article.article_id:
            log.info("article %s duplicates %s; kept as a link", article.article_id, first)
            from dataclasses import replace

            article = replace(article, duplicate_of=first)
        unique.append(article)
    merged.articles = sorted(unique, key=lambda a: a.article_id)
    merged.errors.sort(key=lambda e: (e.source, e.url, e.stage))
    return merged


__all__ = ["FetchResult", "fetch_all", "fetch_source"]
