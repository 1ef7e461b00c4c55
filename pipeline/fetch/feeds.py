"""Remote sources: RSS 2.0 / Atom feeds and URL lists, each entry fetched as an article page.

A feed is fetched with the HTTP client (conditionally: a 304 means nothing new), checked with
defusedxml so that no DTD or entity declaration is ever processed (billion laughs, XXE), and only
then handed to feedparser - as bytes in a stream, never as a URL or path it could open itself.
Entry links (or the lines of a URL list) are canonicalised; links refused by the source's
allow/deny patterns, or already stored by an earlier run, are skipped without a request. The
remaining pages are fetched concurrently and parsed with trafilatura; every link that fails is a
recorded failure and the other entries go on.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import queue
import re
import time
from collections import Counter
from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import ParseError

from pipeline.errors import BadInputError, CommuniqueError, ConfigError
from pipeline.fetch.base import FetchResult
from pipeline.fetch.http import (
    Budget,
    BudgetExhausted,
    EntryLimitReached,
    Fetched,
    FetchFault,
    HttpClient,
    HttpPolicy,
    attempts_of,
)
from pipeline.fetch.options import RemoteOptions, remote_options
from pipeline.fetch.parse import decode_text, parse_html, parse_txt
from pipeline.fetch.urls import canonicalize, page_canonical
from pipeline.models import Article, Interval, stable_id
from pipeline.sources import SourceConfig

log = logging.getLogger(__name__)
_DTD_IN_TEXT = re.compile(r"<!\s*ENTITY|<!\s*DOCTYPE[^>]*(\[|\bSYSTEM\b|\bPUBLIC\b)", re.I)
_PAGE_TYPES = frozenset({None, "text/html", "application/xhtml+xml", "text/plain"})


class UnsafeFeed(BadInputError):
    """A feed declaring a DTD or entities: refused before any XML processing of it."""


class EmptyIndex(BadInputError):
    """A feed without entries or a URL list without URLs: nothing to fetch, worth knowing."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One link to fetch as an article page."""

    url: str
    canonical: str
    title: str | None = None
    published_at: dt.datetime | None = None


def refuse_dtd(raw: bytes) -> None:
    """Raise `UnsafeFeed` when the document declares a DTD or entities."""
    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise UnsafeFeed("feed declares a DTD/entities: refused") from None
    except (ParseError, ValueError, LookupError):
        # Not well-formed XML, or an encoding expat cannot read (multi-byte, unknown):
        # feedparser may still read it loosely, but never with a DTD.
        if _DTD_IN_TEXT.search(decode_text(raw)):
            raise UnsafeFeed("feed declares a DTD/entities: refused") from None


def _entry_time(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                year, month, day, hour, minute, second = (int(v) for v in value[:6])
                return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
            except (TypeError, ValueError):
                continue
    return None


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if isinstance(link, str) and link.strip():
        return link.strip()
    for candidate in entry.get("links") or ():
        href = candidate.get("href")
        if href and candidate.get("rel", "alternate") == "alternate":
            return str(href).strip()
    return None


def parse_feed(raw: bytes, base_url: str, content_type: str | None = None) -> list[Any]:
    """feedparser entries of a safe feed; `BadInputError` for unsafe or unreadable ones."""
    refuse_dtd(raw)
    import feedparser

    try:
        parsed = feedparser.parse(
            io.BytesIO(raw),
            response_headers={
                "content-location": base_url,
                "content-type": content_type or "application/xml",
            },
        )
    except (ValueError, LookupError, TypeError, UnicodeError, AttributeError) as exc:
        # e.g. a declared multi-byte or unknown encoding that feedparser cannot handle
        raise BadInputError(f"unreadable feed ({type(exc).__name__}: {str(exc)[:200]})") from exc
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        detail = f": {str(reason)[:200]}" if reason else ""
        raise BadInputError(f"not an RSS or Atom feed{detail}")
    return list(parsed.entries)


def parse_url_list(raw: bytes) -> list[tuple[int, str]]:
    """(line number, URL) of each non-blank, non-comment line."""
    text = decode_text(raw)
    out: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        item = re.split(r"\s+#", line, maxsplit=1)[0].strip()
        if item and not item.startswith("#"):
            out.append((n, item))
    return out


class RemoteFetcher:
    """Fetches one feed or URL-list source through a shared client."""

    def __init__(
        self,
        source: SourceConfig,
        interval: Interval,
        client: HttpClient,
        *,
        seen: Collection[str] = frozenset(),
        stats: Counter[str] | None = None,
    ) -> None:
        self.source = source
        self.interval = interval
        self.client = client
        self.seen = seen
        self.stats: Counter[str] = stats if stats is not None else Counter()
        self.result = FetchResult(interval)
        self.left_behind = False

    def run(self) -> FetchResult:
        started = time.monotonic()
        if not self.configure():
            return self.result
        index = self._index()
        if index is not None:
            entries = self.read_index(*index)
            self._fetch_pages(self._within_limit(self._select(entries)))
        if self.left_behind and "://" in self.source.location:
            # the next interval must read the whole index again, not get "304 nothing new"
            self.client.validators.forget(self.source.location, self.interval.ds)
        log.info(
            "source %s: %d articles, %d failures in %.1fs (%s)",
            self.source.name,
            len(self.result.articles),
            len(self.result.errors),
            time.monotonic() - started,
            ", ".join(f"{k}={v}" for k, v in sorted(self.stats.items())) or "no skips",
        )
        return self.result

    def configure(self) -> bool:
        """Read the source's typed options; a bad one is the source's recorded failure."""
        try:
            self.options: RemoteOptions = remote_options(self.source)
            self.policy = HttpPolicy.from_options(self.source.name, self.options)
        except ConfigError as exc:
            self._fail(self.source.location, "config", exc)
            return False
        self.budget = Budget(self.options.time_budget)
        return True

    # -- the index document (feed or URL list) ---------------------------------------------------

    def read_index(self, raw: bytes, content_type: str | None, base: str) -> list[Entry]:
        """The entries of the feed or URL list; an unreadable or empty index is recorded (and
        each broken entry), never raised."""
        try:
            entries = (
                self._feed_entries(raw, content_type, base)
                if self.source.kind == "feed"
                else self._list_entries(raw, base)
            )
        except Exception as exc:  # the index as a whole is unreadable
            self._fail(self.source.location, "parse", _as_recorded(exc))
            return []
        if not entries and not self.result.errors:
            what = "feed has no entries" if self.source.kind == "feed" else "no URLs listed"
            self._fail(self.source.location, "parse", EmptyIndex(what))
        return entries

    def _index(self) -> tuple[bytes, str | None, str] | None:
        location = self.source.location
        if "://" not in location:
            path = Path(location)
            try:
                with open(path, "rb") as fh:
                    raw = fh.read(self.policy.max_bytes + 1)
            except OSError as exc:
                self._fail(location, "fetch", BadInputError(f"unreadable: {exc}"))
                return None
            if len(raw) > self.policy.max_bytes:
                too_large = BadInputError(f"over the {self.policy.max_bytes}-byte cap")
                self._fail(location, "fetch", too_large)
                return None
            return raw, None, path.resolve().as_uri()
        try:
            # The configured location itself is not subject to the allow/deny patterns.
            unfiltered = replace(self.policy, allow=(), deny=())
            got = self.client.fetch(location, unfiltered, ds=self.interval.ds, budget=self.budget)
        except Exception as exc:
            self._fail(location, "fetch", _as_recorded(exc))
            return None
        if got.not_modified:
            self.stats["not_modified"] += 1
            log.info("source %s: %s not modified since the last run", self.source.name, location)
            return None
        return got.body, got.content_type, got.final_url

    def _feed_entries(self, raw: bytes, content_type: str | None, base: str) -> list[Entry]:
        entries: list[Entry] = []
        for n, item in enumerate(parse_feed(raw, base, content_type), start=1):
            where = f"{self.source.location}#entry-{n}"
            link: str | None = None
            try:  # one broken entry is its own failure; the others go on
                link = _entry_link(item)
                if not link:
                    raise BadInputError("feed entry has no link")
                title = item.get("title")
                entry = Entry(
                    url=link,
                    canonical="",
                    title=title.strip() if isinstance(title, str) and title.strip() else None,
                    published_at=_entry_time(item),
                )
                entries.append(self._entry(entry, base, where))
            except Exception as exc:
                self._fail(link or where, "parse", _as_recorded(exc, where))
        return entries

    def _list_entries(self, raw: bytes, base: str) -> list[Entry]:
        entries: list[Entry] = []
        for n, line in parse_url_list(raw):
            where = f"{self.source.location}#line-{n}"
            try:
                entries.append(self._entry(Entry(url=line, canonical=""), base, where))
            except Exception as exc:
                self._fail(line, "parse", _as_recorded(exc, where))
        return entries

    def _entry(self, entry: Entry, base: str, where: str) -> Entry:
        """The entry with its absolute, canonical link; `BadInputError` naming ``where``."""
        try:
            url = urljoin(base, entry.url) if base.startswith(("http", "file:")) else entry.url
            return replace(entry, url=url, canonical=canonicalize(url))
        except (BadInputError, ValueError) as exc:
            raise BadInputError(f"{where}: {exc}") from exc

    # -- pages -----------------------------------------------------------------------------------

    def _select(self, entries: Sequence[Entry]) -> list[Entry]:
        """Entries to request: not refused by allow/deny, not stored already, one per page."""
        todo: list[Entry] = []
        queued: set[str] = set()
        for entry in entries:
            if self.policy.refusal(entry.url):
                self.stats["filtered"] += 1
            elif entry.canonical in self.seen:
                self.stats["skipped_seen"] += 1
            elif entry.canonical in queued:
                self.stats["duplicate_links"] += 1
            else:
                queued.add(entry.canonical)
                todo.append(entry)
        return todo

    def _within_limit(self, todo: list[Entry]) -> list[Entry]:
        """The first ``max_entries`` pages; each one beyond is recorded as not fetched."""
        limit = self.options.max_entries
        if len(todo) <= limit:
            return todo
        log.warning(
            "source %s: fetching the first %d of %d new entries; the rest are recorded",
            self.source.name,
            limit,
            len(todo),
        )
        for entry in todo[limit:]:
            self._fail(
                entry.url,
                "fetch",
                EntryLimitReached(
                    f"new entry beyond max_entries={limit} (of {len(todo)}); not fetched this run"
                ),
            )
        self.left_behind = True
        return todo[:limit]

    def _fetch_pages(self, todo: Sequence[Entry]) -> None:
        if not todo:
            return
        outcomes = self._fetch_then_parse(todo)
        for entry, outcome in zip(todo, outcomes, strict=True):
            if isinstance(outcome, Article):
                self.result.add(outcome)
            else:
                if isinstance(outcome, BudgetExhausted):
                    self.left_behind = True
                stage = "fetch" if isinstance(outcome, FetchFault) else "parse"
                self._fail(entry.url, stage, outcome)

    def _fetch_then_parse(self, todo: Sequence[Entry]) -> list[Article | Exception]:
        """Pages fetched by a pool of threads that only wait on the network, and parsed here,
        one at a time, as they arrive; outcomes in entry order.

        Parsing is CPU work under the interpreter lock: done in the fetching threads, it made
        every request wait its turn for the lock, so on a busy machine a good page could miss its
        deadline in one run and not in the next. A bounded queue keeps at most a few fetched
        bodies waiting for the parser.
        """
        arrived: queue.Queue[tuple[int, Fetched | Exception]] = queue.Queue(
            maxsize=2 * self.options.concurrency
        )

        def fetch(i: int, entry: Entry) -> None:
            got: Fetched | Exception = BadInputError("fetch did not finish")
            try:
                got = self.client.fetch(entry.url, self.policy, budget=self.budget)
            except Exception as exc:
                got = _as_recorded(exc, entry.url)
            finally:
                arrived.put((i, got))

        outcomes: list[Article | Exception | None] = [None] * len(todo)
        with ThreadPoolExecutor(
            max_workers=min(self.options.concurrency, len(todo)),
            thread_name_prefix=f"fetch-{self.source.name}",
        ) as pool:
            for i, entry in enumerate(todo):
                pool.submit(fetch, i, entry)
            for _ in todo:
                i, got = arrived.get()
                outcomes[i] = (
                    got
                    if isinstance(got, Exception)
                    else self.page_article(
                        todo[i], got.body, got.final_url, got.content_type, got.charset
                    )
                )
        return [o if o is not None else BadInputError("not fetched") for o in outcomes]

    def page_article(
        self,
        entry: Entry,
        body: bytes,
        final_url: str,
        content_type: str | None,
        charset: str | None,
    ) -> Article | Exception:
        """`_article`, with any fault returned rather than raised."""
        try:
            return self._article(entry, body, final_url, content_type, charset)
        except Exception as exc:  # a parser fault on hostile input must not stop the feed
            return _as_recorded(exc, entry.url)

    def _article(
        self,
        entry: Entry,
        body: bytes,
        final_url: str,
        content_type: str | None,
        charset: str | None,
    ) -> Article:
        if content_type not in _PAGE_TYPES and not (content_type or "").endswith("+xml"):
            raise BadInputError(f"{content_type} is not an article page (HTML or text)")
        if content_type == "text/plain":
            doc = parse_txt(body)
            html = None
        else:
            doc = parse_html(body, final_url, charset)
            html = decode_text(body, charset)
        canonical = page_canonical(final_url, html)
        return Article(
            article_id=stable_id("article", canonical),
            source=self.source.name,
            text=doc.text,
            fetched_at=self.interval.end,
            url=entry.url,
            canonical_url=canonical,
            title=doc.title or entry.title,
            published_at=doc.published_at or entry.published_at,
        )

    def _fail(self, url: str, stage: str, exc: BaseException) -> None:
        self.result.fail(self.source.name, url, stage, exc, attempts_of(exc))


def _as_recorded(exc: Exception, where: str = "") -> Exception:
    """The exception to record: ours as they are, any other kept under its own class (logged
    with its traceback, as it is a fault the code did not foresee)."""
    if not isinstance(exc, CommuniqueError):
        log.warning("unexpected %s at %s", type(exc).__name__, where or "a source", exc_info=exc)
    return exc


def fetch_remote(
    source: SourceConfig,
    interval: Interval,
    client: HttpClient,
    *,
    seen: Collection[str] = frozenset(),
    stats: Counter[str] | None = None,
) -> FetchResult:
    """Articles and failures of one ``feed`` or ``urls`` source."""
    return RemoteFetcher(source, interval, client, seen=seen, stats=stats).run()
