"""Point 2 of issue 13: one deadline per request from connecting to the last byte (headers and
interim responses included), a time budget per source that covers politeness and Retry-After
waits, and every entry the budget or ``max_entries`` leaves unfetched recorded - a real server
on 127.0.0.1 throughout."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import trafilatura  # imported before anything is timed

from pipeline import runner
from pipeline.fetch import fetch_source
from pipeline.fetch.http import HttpClient
from pipeline.models import Interval
from pipeline.settings import Settings
from tests.fetch.server import FeedServer, source, url_list
from tests.fetch.test_feeds import toml_sources

DAY1 = Interval.for_day(dt.date(2026, 3, 2))
DAY2 = Interval.for_day(dt.date(2026, 3, 3))
AGENT = "CommuniqueTest/1.0"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.mark.parametrize("path", ["/trickle-headers", "/continue-forever", "/trickle"])
def test_one_deadline_from_connect_to_the_last_byte(
    tmp_path: Path, server: FeedServer, path: str
) -> None:
    """Each read arrives within the read timeout, forever: only the total deadline ends it."""
    urls = url_list(tmp_path / "u.txt", server.url(path))
    with HttpClient(AGENT) as client:
        started = time.monotonic()
        result = fetch_source(
            source("urls", urls, read_timeout=0.5, total_timeout=1.0), DAY1, client=client
        )
        elapsed = time.monotonic() - started
    assert result.articles == []
    [error] = result.errors
    assert (error.error_class, error.attempts, error.retryable) == ("DeadlineExceeded", 1, True)
    assert "total timeout (1.0s) exceeded" in error.message
    assert 0.9 < elapsed < 3.0


def test_crawl_delay_waits_come_out_of_the_time_budget(tmp_path: Path, server: FeedServer) -> None:
    """robots.txt asks 20 s between requests; the source may take 8 s: the first page is
    fetched, the others are recorded at once, without sleeping past the budget."""
    server.route("/robots.txt", "User-agent: *\nCrawl-delay: 20\n", Content_Type="text/plain")
    pages = [server.url(f"/article/{n}") for n in (1, 2, 3)]
    started = time.monotonic()
    result = fetch_source(source("urls", url_list(tmp_path / "u.txt", *pages), time_budget=8), DAY1)
    elapsed = time.monotonic() - started
    assert [a.url for a in result.articles] == pages[:1]
    assert {(e.url, e.error_class) for e in result.errors} == {
        (pages[1], "BudgetExhausted"),
        (pages[2], "BudgetExhausted"),
    }
    assert all(e.retryable for e in result.errors)
    assert elapsed < 15.0  # no 20 s crawl-delay wait was started
    assert trafilatura is not None
    assert server.requests_to("/article/") == 1


def test_retry_after_longer_than_the_budget_is_not_waited(
    tmp_path: Path, server: FeedServer
) -> None:
    urls = url_list(tmp_path / "u.txt", server.url("/retry-after/b?wait=20"))
    started = time.monotonic()
    result = fetch_source(source("urls", urls, time_budget=6, max_retry_after=30), DAY1)
    assert time.monotonic() - started < 15  # the 20 s wait was not started
    [error] = result.errors
    assert error.error_class == "BudgetExhausted"
    assert "Retry-After" in error.message and error.attempts == 1


def test_entries_beyond_max_entries_are_recorded_and_read_next_time(
    tmp_path: Path, server: FeedServer
) -> None:
    config = toml_sources(
        tmp_path / "sources.toml",
        {
            "name": "wire",
            "kind": "feed",
            "location": server.url("/etag/feed?n=5"),
            "max_entries": 2,
        },
    )
    settings = Settings(data_dir=tmp_path / "data", sources=config)
    first = runner.run_fetch(settings, DAY1)
    got = sorted(a["url"] for a in pq.read_table(first["articles"]).to_pylist())
    left = pq.read_table(first["fetch_errors"]).to_pylist()
    assert got == [server.url("/article/1"), server.url("/article/2")]
    assert sorted((e["url"], e["error_class"]) for e in left) == [
        (server.url(f"/article/{n}"), "EntryLimitReached") for n in (3, 4, 5)
    ]
    # the feed was not fully read: the next interval reads it in full, not "304 nothing new",
    # and fetches the next entries, skipping the stored ones without a request
    server.reset_counts()
    second = runner.run_fetch(settings, DAY2)
    feed_headers = [h for p, h in server.headers_seen if p == "/etag/feed"]
    assert "if-none-match" not in feed_headers[0]
    got = sorted(a["url"] for a in pq.read_table(second["articles"]).to_pylist())
    assert got == [server.url("/article/3"), server.url("/article/4")]
    assert server.requests_to("/article/") == 2
