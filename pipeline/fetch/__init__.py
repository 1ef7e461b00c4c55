"""Fetch stage: sources in, articles and recorded failures out.

Only this package touches the network or the source files; everything it returns is plain data.
"""

from __future__ import annotations

import datetime as dt
import logging
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pipeline.errors import BadInputError
from pipeline.fetch.base import FetchResult, SpooledArticles, TextSpool
from pipeline.fetch.dedup import NearDuplicateIndex, sketch
from pipeline.fetch.feeds import fetch_remote
from pipeline.fetch.http import client_for
from pipeline.fetch.local import fetch_local
from pipeline.fetch.options import OPTIONS, options_for
from pipeline.fetch.urls import try_canonicalize
from pipeline.models import Article, FetchError, Interval
from pipeline.settings import get_settings
from pipeline.sources import REMOTE_KINDS, SourceConfig

if TYPE_CHECKING:
    from pipeline.fetch.dedup import NearDuplicateIndex
    from pipeline.fetch.http import HttpClient
    from pipeline.settings import Settings

log = logging.getLogger(__name__)
_REMOTE_SOURCES_AT_ONCE = 4


class DuplicateArticle(BadInputError):
    """A second copy of an article already fetched (same canonical URL): dropped, recorded."""


@dataclass
class FetchContext:
    """What a fetcher may use besides its source: the shared HTTP client (else one is made from
    ``settings``), canonical URLs already stored (``seen``), and counts of skipped items."""

    client: HttpClient | None = None
    settings: Settings | None = None
    seen: Collection[str] = frozenset()
    stats: Counter[str] = field(default_factory=Counter)
    spool: TextSpool | None = None


Fetcher = Callable[[SourceConfig, Interval, FetchContext], FetchResult]


def _local(source: SourceConfig, interval: Interval, ctx: FetchContext) -> FetchResult:
    return fetch_local(source, interval, spool=ctx.spool)


def _remote(source: SourceConfig, interval: Interval, ctx: FetchContext) -> FetchResult:
    if ctx.client is not None:
        return fetch_remote(source, interval, ctx.client, seen=ctx.seen, stats=ctx.stats)

    with client_for(ctx.settings or get_settings()) as own:
        return fetch_remote(source, interval, own, seen=ctx.seen, stats=ctx.stats)


FETCHERS: dict[str, Fetcher] = {
    "folder": _local,
    "jsonl": _local,
    **{kind: _remote for kind in REMOTE_KINDS},
}
assert set(FETCHERS) == set(OPTIONS), "every source kind needs a fetcher and an options model"


def fetch_source(
    source: SourceConfig,
    interval: Interval,
    *,
    seen: Collection[str] = frozenset(),
    client: HttpClient | None = None,
    settings: Settings | None = None,
    stats: Counter[str] | None = None,
    spool: TextSpool | None = None,
) -> FetchResult:
    """Fetch one source. Its fault boundary: whatever the source raises, of any class, becomes
    one recorded failure of the source, never a crash of the run.

    For ``feed`` and ``urls`` sources: ``seen`` holds canonical URLs already stored (skipped
    without a request), ``client`` a shared HTTP client (else one is made from ``settings``, by
    default the environment's), and ``stats`` receives counts of skipped and not-modified items.
    With a ``spool``, a local source's article texts go to disk as they are read.
    """
    ctx = FetchContext(client, settings, seen, stats if stats is not None else Counter(), spool)
    fetcher = FETCHERS.get(source.kind)
    try:
        if fetcher is None:
            raise BadInputError(f"source kind {source.kind!r} is not supported")
        result = fetcher(source, interval, ctx)
        if source.window == "published":
            keep_undated = options_for(source).undated == "keep"
            keep = [
                (a.published_at is None and keep_undated)
                or (a.published_at is not None and interval.start <= a.published_at < interval.end)
                for a in result.articles
            ]
            if isinstance(result.articles, SpooledArticles):
                result.articles = result.articles.kept(keep)
            else:
                result.articles = [a for a, ok in zip(result.articles, keep, strict=True) if ok]
    except Exception as exc:
        log.error("source %s failed as a whole: %s", source.name, exc, exc_info=True)
        result = FetchResult(interval, spool=spool)
        result.fail(source.name, source.location, "fetch", exc)
    return result


def fetch_all(
    sources: list[SourceConfig],
    interval: Interval,
    *,
    seen: Collection[str] = frozenset(),
    history: NearDuplicateIndex | None = None,
    settings: Settings | None = None,
    stats: dict[str, Counter[str]] | None = None,
    spool: TextSpool | None = None,
) -> FetchResult:
    """Fetch every source for the interval, deduplicating articles by id then content.

    Feed and URL-list sources share one HTTP client (politeness and robots.txt per host hold
    across them) and run a few at a time; ``seen``, ``history`` and ``stats`` are as in
    `fetch_source` and `dedupe`. A source that fails in any way is its own recorded failure.
    """
    merged = FetchResult(interval, spool=spool)
    counts = stats if stats is not None else {}
    for source in sources:
        counts.setdefault(source.name, Counter())
    remote = [s for s in sources if s.kind in REMOTE_KINDS]
    results: dict[str, FetchResult] = {}
    if remote:
        with (
            client_for(settings or get_settings()) as client,
            ThreadPoolExecutor(max_workers=_REMOTE_SOURCES_AT_ONCE) as pool,
        ):
            futures = {
                s.name: pool.submit(
                    fetch_source, s, interval, seen=seen, client=client, stats=counts[s.name]
                )
                for s in remote
            }
            by_name = {s.name: s for s in remote}
            for name, future in futures.items():
                try:
                    results[name] = future.result()
                except Exception as exc:  # fetch_source records its faults; this is a last guard
                    log.error("source %s failed as a whole: %s", name, exc, exc_info=True)
                    results[name] = FetchResult(interval)
                    results[name].fail(name, by_name[name].location, "fetch", exc)
    for source in sources:
        if source.name not in results:
            results[source.name] = fetch_source(source, interval, spool=spool)
        merged.extend(results[source.name])
    return dedupe(merged, history=history, near_sources={s.name for s in remote})


def dedupe(
    merged: FetchResult,
    *,
    history: NearDuplicateIndex | None = None,
    near_sources: Collection[str] = frozenset(),
) -> FetchResult:
    """Drop repeated article ids, link exact copies to their first copy, and link near-duplicate
    copies (syndication) from ``near_sources`` to the earliest similar article of the run or of
    ``history`` (stored articles of earlier intervals)."""
    if isinstance(merged.articles, SpooledArticles) and not near_sources:
        merged.articles = _dedupe_spooled(merged, merged.articles)
        merged.errors.sort(key=lambda e: (e.source, e.url, e.stage))
        return merged
    seen_hashes: dict[str, str] = {}
    unique = []
    for article in _one_copy_per_id(merged):
        first = seen_hashes.setdefault(article.content_hash, article.article_id)
        if first != article.article_id:
            log.info("article %s duplicates %s; kept as a link", article.article_id, first)
            article = replace(article, duplicate_of=first)
        unique.append(article)
    if near_sources:
        unique = _link_near_duplicates(unique, history, near_sources)
    merged.articles = sorted(unique, key=lambda a: a.article_id)
    merged.errors.sort(key=lambda e: (e.source, e.url, e.stage))
    return merged


def _dedupe_spooled(merged: FetchResult, articles: SpooledArticles) -> SpooledArticles:
    """`dedupe` without near-duplicates, on the spool's columns (no object per article): only
    the copies of an id fetched more than once are read back, to choose the one kept."""
    spool, places = articles.spool, articles.places

    def id_at(k: int) -> str:
        return spool.article_id(places[k])

    # positions grouped by id, each group in fetch order; groups ranked by their first copy
    order = array("q", sorted(range(len(places)), key=lambda k: (id_at(k), k)))
    firsts = array("q")
    copies: dict[int, list[int]] = {}  # first position -> positions of an id fetched again
    start = 0
    while start < len(order):
        stop = start + 1
        while stop < len(order) and id_at(order[stop]) == id_at(order[start]):
            stop += 1
        firsts.append(order[start])
        if stop - start > 1:
            copies[order[start]] = list(order[start:stop])
        start = stop
    del order
    firsts = array("q", sorted(firsts))
    kept = array("q")
    for first in firsts:
        group = copies.get(first)
        if group is None:
            kept.append(first)
        else:
            chosen = _keep_one(merged, [articles[k] for k in group])
            kept.append(group[chosen])
    del firsts, copies
    seen_hashes: dict[str, int] = {}
    links = array("q")
    for k in kept:
        first = seen_hashes.setdefault(spool.content_hash(places[k]), k)
        if first != k:
            log.info("article %s duplicates %s; kept as a link", id_at(k), id_at(first))
        links.append(places[first] if first != k else articles.links[k])
    del seen_hashes
    by_id = sorted(range(len(kept)), key=lambda j: id_at(kept[j]))
    return SpooledArticles(spool, (places[kept[j]] for j in by_id), (links[j] for j in by_id))


def _one_copy_per_id(merged: FetchResult) -> list[Article]:
    """One article per id, in first-seen order; every other copy is dropped and recorded.

    Of copies sharing a canonical URL, the one fetched from that URL itself is kept, so a page
    elsewhere claiming the URL (``rel=canonical``) cannot replace the real article.
    """
    groups: dict[str, list[Article]] = {}
    for article in merged.articles:
        groups.setdefault(article.article_id, []).append(article)
    return [copies[_keep_one(merged, copies)] for copies in groups.values()]


def _keep_one(merged: FetchResult, copies: list[Article]) -> int:
    """Which of the copies of one article id is kept; each other copy is recorded as dropped."""
    real = [
        i
        for i, a in enumerate(copies)
        if a.url and a.canonical_url and try_canonicalize(a.url) == a.canonical_url
    ]
    chosen = real[0] if real else 0
    keep = copies[chosen]
    for i, copy in enumerate(copies):
        if i == chosen:
            continue
        reason = DuplicateArticle(
            f"same article {keep.article_id} (canonical URL {keep.canonical_url or '-'}) as "
            f"the copy kept from {keep.url or keep.source}; this copy was dropped"
        )
        log.warning("dropped copy of %s from %s", keep.article_id, copy.url or copy.source)
        merged.fail(copy.source, copy.url or f"article:{keep.article_id}", "dedup", reason)
    return chosen


def _link_near_duplicates(
    articles: list[Article], history: NearDuplicateIndex | None, near_sources: Collection[str]
) -> list[Article]:
    """Earliest published first (then by id): a copy links to the first article it resembles."""
    index = history if history is not None else NearDuplicateIndex()
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    out = list(articles)
    order = sorted(range(len(out)), key=lambda i: (out[i].published_at or never, out[i].article_id))
    for i in order:
        article = out[i]
        if article.duplicate_of:
            continue
        text_sketch = sketch(article.text)
        if article.source in near_sources:
            first = index.find(text_sketch, article.content_hash)
            if first is not None and first != article.article_id:
                log.info(
                    "article %s nearly duplicates %s; kept as a link", article.article_id, first
                )
                out[i] = replace(article, duplicate_of=first)
                continue
        index.add(article.article_id, text_sketch, article.content_hash)
    return out


def summarize(
    articles: Iterable[Article],
    errors: Iterable[FetchError],
    stats: dict[str, Counter[str]],
    skipped_stored: Counter[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Counts per source: fetched, not modified, skipped, deduplicated, failed by error class;
    each source's line is logged."""
    summary: dict[str, dict[str, Any]] = {}

    def row(source: str) -> dict[str, Any]:
        return summary.setdefault(
            source,
            {"fetched": 0, "duplicates": 0, "failed": 0, "failed_by_class": {}}
            | dict(stats.get(source, {})),
        )

    for name in stats:
        row(name)
    for article in articles:
        entry = row(article.source)
        entry["duplicates" if article.duplicate_of else "fetched"] += 1
    for error in errors:
        entry = row(error.source)
        entry["failed"] += 1
        by_class = entry["failed_by_class"]
        by_class[error.error_class] = by_class.get(error.error_class, 0) + 1
    for source, count in (skipped_stored or Counter()).items():
        row(source)["skipped_stored"] = row(source).get("skipped_stored", 0) + count
    for source in sorted(summary):
        entry = summary[source]
        extra = {
            k: v
            for k, v in sorted(entry.items())
            if k not in ("fetched", "duplicates", "failed", "failed_by_class")
        }
        log.info(
            "fetch summary %s: fetched=%d duplicates=%d failed=%d%s%s",
            source,
            entry["fetched"],
            entry["duplicates"],
            entry["failed"],
            "".join(f" {k}={v}" for k, v in extra.items()),
            " (" + ", ".join(f"{k}={v}" for k, v in sorted(entry["failed_by_class"].items())) + ")"
            if entry["failed_by_class"]
            else "",
        )
    return summary


__all__ = [
    "FETCHERS",
    "REMOTE_KINDS",
    "DuplicateArticle",
    "FetchContext",
    "FetchResult",
    "dedupe",
    "fetch_all",
    "fetch_source",
    "summarize",
]
