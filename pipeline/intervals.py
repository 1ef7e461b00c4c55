"""Runs of one data interval: one at a time, and each replaces only its own sources' rows.

Two runs of the same interval (``communique run --date D --sources a/`` and ``--sources b/``,
an Airflow run and a CLI run, a rerun while a backfill is going) used to race: each wrote the
interval's articles partition from its own sources, and the last rename won. Now:

* an **interval lock** (a ``flock`` on ``_locks/ds=D.lock`` in the data folder) is held from fetch
  to publish by ``communique run`` and ``runner.run_all``, and by each stage on its own in the
  DAG's tasks; a second run waits for it (``COMMUNIQUE_INTERVAL_LOCK_TIMEOUT`` seconds), then
  fails with a retryable error naming the holder. The lock is re-entrant within a process.
* the articles partition records which declared sources fetched which articles (Parquet metadata
  ``communique.fetched_by``); a fetch replaces the rows of the sources it declares and keeps the
  rows of every other source, logging what it kept. Rows of a partition written before this
  record existed belong to whoever rewrites it (the old behaviour).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.errors import RetryableError
from pipeline.models import Article, FetchError
from pipeline.settings import Settings
from pipeline.store import partition_path, read_file

log = logging.getLogger(__name__)

FETCHED_BY = b"communique.fetched_by"
_POLL_SECONDS = 0.2

_held: dict[str, int] = {}  # lock path -> depth held by this process
_held_guard = threading.Lock()


def lock_path(settings: Settings, ds: str) -> Path:
    """The interval's lock file, in the data folder."""
    return settings.data_dir / "_locks" / f"ds={ds}.lock"


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError):
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    return "another process"


@contextlib.contextmanager
def interval_lock(
    settings: Settings, ds: str, *, purpose: str = "run", timeout: float | None = None
) -> Iterator[None]:
    """Hold interval ``ds`` for this process; waits up to ``timeout`` seconds (default:
    ``settings.interval_lock_timeout``) for another holder, then raises `RetryableError`."""
    path = lock_path(settings, ds)
    key = str(path)
    with _held_guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    limit = settings.interval_lock_timeout if timeout is None else timeout
    with open(path, "a+", encoding="utf-8") as fh:
        started = time.monotonic()
        waited = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if not waited:
                    log.warning("interval %s is held by %s; waiting", ds, _holder(path))
                    waited = True
                if time.monotonic() - started >= limit:
                    raise RetryableError(
                        f"interval {ds} is held by {_holder(path)}; gave up after {limit:g} s "
                        f"(lock {path}): retry when that run ends"
                    ) from exc
                time.sleep(_POLL_SECONDS)
        try:
            since = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} on {socket.gethostname()} ({purpose}, since {since})")
            fh.flush()
            if waited:
                log.info("interval %s: lock acquired after %.1f s", ds, time.monotonic() - started)
            with _held_guard:
                _held[key] = 1
            try:
                yield
            finally:
                with _held_guard:
                    _held.pop(key, None)
                fh.seek(0)
                fh.truncate()
                fh.flush()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# Merging by source: a fetch replaces only the rows of the sources it declares


def _groups(metadata: dict[bytes, bytes] | None) -> list[tuple[frozenset[str], list[str]]] | None:
    raw = (metadata or {}).get(FETCHED_BY)
    if raw is None:
        return None
    return [(frozenset(g["sources"]), list(g["article_ids"])) for g in json.loads(raw)]


def fetched_by_metadata(groups: Sequence[tuple[frozenset[str], Sequence[str]]]) -> bytes:
    """The ``communique.fetched_by`` value: groups of declared sources and their article ids,
    sorted so equal partitions carry equal bytes."""
    merged: dict[frozenset[str], set[str]] = {}
    for sources, ids in groups:
        merged.setdefault(sources, set()).update(ids)
    out = [
        {"sources": sorted(sources), "article_ids": sorted(ids)}
        for sources, ids in merged.items()
        if ids or sources
    ]
    out.sort(key=lambda g: g["sources"])
    return json.dumps(out, separators=(",", ":")).encode()


def merge_by_source(
    settings: Settings,
    ds: str,
    declared: Sequence[str],
    articles: Sequence[Article],
    errors: list[FetchError],
) -> tuple[Sequence[Article], list[FetchError], bytes]:
    """This fetch's articles and failures plus the stored rows of sources it does not declare.

    A kept article whose id this fetch also stored is dropped (the fresh copy stands for it); a
    fresh article with the same text as a kept first copy becomes a link to it (``duplicate_of``);
    a kept link whose first copy is gone becomes a first copy itself. Returns the rows and the
    partition's new ``fetched_by`` record."""
    mine = frozenset(declared)
    # spooled articles give their ids without being read back
    ids = getattr(articles, "article_ids", None)
    fresh_ids = set(ids()) if callable(ids) else {a.article_id for a in articles}
    groups: list[tuple[frozenset[str], Sequence[str]]] = [(mine, sorted(fresh_ids))]
    path = partition_path(settings.data_dir, "articles", ds)
    stored = _groups(pq.read_schema(path).metadata) if path.exists() else None
    if not stored:
        return articles, errors, fetched_by_metadata(groups)
    keep_ids: set[str] = set()
    kept_sources: set[str] = set()
    for sources, ids in stored:
        if sources <= mine:
            continue  # every source of that group was fetched again now
        left = [i for i in ids if i not in fresh_ids]
        keep_ids.update(left)
        kept_sources.update(sources - mine)
        groups.append((sources, left))
    if not keep_ids and not kept_sources:
        return articles, errors, fetched_by_metadata(groups)
    table = read_file(path)
    kept: list[Article] = []
    for row in table.to_pylist():
        if row["article_id"] in keep_ids:
            row.pop("content_hash", None)
            kept.append(Article(**row))
    present = fresh_ids | {a.article_id for a in kept}
    firsts = {a.content_hash: a.article_id for a in kept if not a.duplicate_of}
    merged = []
    for article in kept:
        if article.duplicate_of and article.duplicate_of not in present:
            article = replace(article, duplicate_of=None)
        merged.append(article)
    for article in articles:
        first = firsts.get(article.content_hash)
        if first is not None and not article.duplicate_of:
            log.info("article %s duplicates stored %s; kept as a link", article.article_id, first)
            article = replace(article, duplicate_of=first)
        merged.append(article)
    kept_errors: list[FetchError] = []
    errors_path = partition_path(settings.data_dir, "fetch_errors", ds)
    if errors_path.exists():
        kept_errors = [
            FetchError(**row)
            for row in read_file(errors_path).to_pylist()
            if row["source"] in kept_sources
        ]
    log.warning(
        "interval %s: kept %d articles and %d failures of sources %s, not declared in this run "
        "(declared: %s)",
        ds,
        len(kept),
        len(kept_errors),
        sorted(kept_sources),
        sorted(mine),
    )
    return merged, errors + kept_errors, fetched_by_metadata(groups)
