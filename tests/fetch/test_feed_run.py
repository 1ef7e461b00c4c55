"""A 200-entry feed, one entry in ten hostile, through the real stages (fetch, extract, load into
DuckDB): every good article is loaded, every bad one recorded with its reason; a rerun of the same
interval gives identical results, and the next interval fetches nothing new.

The server runs in a process of its own (`SeparateFeedServer`): in the client's process it
shared the interpreter lock with the page parsing under test, answered late on a busy machine, and
a good page could miss its timeout in one run and not the other - the rerun's Parquet then
differed. `tests/fetch/under_load.py` runs this test repeatedly with every core kept busy."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline import runner
from pipeline.models import Interval
from pipeline.settings import Settings
from tests.fetch.server import SeparateFeedServer, rss

DAY1 = Interval.for_day(dt.date(2026, 3, 2))
DAY2 = Interval.for_day(dt.date(2026, 3, 3))
FEED_ETAG = '"big-v1"'

# Entries that must end as recorded failures, with the error class each must get.
HOSTILE: list[tuple[str, str]] = [
    ("/status/404?e=1", "HttpStatusError"),
    ("/status/404?e=2", "HttpStatusError"),
    ("/status/410?e=3", "HttpStatusError"),
    ("/status/500?e=4", "ServerError"),
    ("/status/503?e=5", "ServerError"),
    ("/slow?delay=1.2&e=6", "FetchTimeout"),
    ("/slow?delay=1.2&e=7", "FetchTimeout"),
    ("/endless?e=8", "BodyTooLarge"),
    ("/trickle?e=9", "DeadlineExceeded"),
    ("/gzip-bomb?e=10", "BodyTooLarge"),
    ("/gzip-bomb?e=11", "BodyTooLarge"),
    ("/redirect/loop-a?e=12", "RedirectError"),
    ("/redirect/to?url=http://169.254.169.254/latest/meta-data/&e=13", "UnsafeUrl"),
    ("/redirect/to?url=http://10.0.0.1/&e=14", "UnsafeUrl"),
    ("/binary/png-as-html?e=15", "UnsupportedContent"),
    ("/image.png?e=16", "UnsupportedContent"),
    ("/empty?e=17", "BadInputError"),
    ("/private/1?e=18", "RobotsDisallowed"),
    ("/private/2?e=19", "RobotsDisallowed"),
    ("ftp://files.invalid/e=20", "BadInputError"),
]
# Good entries: plain pages, plus pages that only succeed after a retry or a redirect.
GOOD: list[str] = (
    [f"/article/{i}" for i in range(1, 175)]
    + [f"/flaky/good{i}?fails=1" for i in range(4)]
    + ["/retry-after/good?wait=1", "/redirect/chain/2"]
)


@pytest.fixture
def server() -> Iterator[SeparateFeedServer]:
    with SeparateFeedServer() as srv:
        yield srv


def _feed_route(server: SeparateFeedServer) -> None:
    entries = [server.url(p) for p in GOOD] + [
        server.url(p) if p.startswith("/") else p for p, _ in HOSTILE
    ]
    random.Random(2026).shuffle(entries)
    items = [
        {"title": f"Entry {n}", "link": link, "date": "Mon, 02 Mar 2026 08:00:00 GMT"}
        for n, link in enumerate(entries)
    ]
    body = rss(server.base, items).encode()
    server.route("/big/feed.xml", body, etag=FEED_ETAG, Content_Type="application/rss+xml")


@pytest.fixture
def settings(
    tmp_path: Path, server: SeparateFeedServer, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    _feed_route(server)
    config = tmp_path / "sources.toml"
    config.write_text(
        "\n".join(
            [
                "[[source]]",
                'name = "wire"',
                'kind = "feed"',
                f'location = "{server.url("/big/feed.xml")}"',
                "rate_limit = 1000.0",
                'allow_private = ["127.0.0.1"]',
                "read_timeout = 0.5",
                "total_timeout = 3.0",  # far from the read timeout: classes never depend on load
                "max_bytes = 1048576",
                "max_attempts = 2",
                "backoff = 0.02",
                "concurrency = 16",
                "",
            ]
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE", str(tmp_path / "warehouse" / "communique.duckdb"))
    monkeypatch.setenv("COMMUNIQUE_SOURCES", str(config))
    return Settings()


def _run(settings: Settings, interval: Interval) -> dict[str, object]:
    fetched = runner.run_fetch(settings, interval)
    events = runner.run_extract(settings, interval)
    loaded = runner.run_load(settings, interval)
    return {"fetch": fetched, "events": events, "loaded": loaded}


def _warehouse_counts(settings: Settings, ds: str) -> dict[str, int]:
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return {
            table: int(
                con.execute(
                    f"SELECT count(*) FROM {table} WHERE ds = CAST(? AS DATE)", [ds]
                ).fetchall()[0][0]
            )
            for table in ("raw_articles", "raw_fetch_errors", "raw_events")
        }
    finally:
        con.close()


def test_two_hundred_entries_with_hostile_ones(
    server: SeparateFeedServer, settings: Settings
) -> None:
    first = _run(settings, DAY1)
    paths = first["fetch"]
    assert isinstance(paths, dict)
    articles = pq.read_table(paths["articles"]).to_pylist()
    errors = pq.read_table(paths["fetch_errors"]).to_pylist()

    # Every good entry is an article (none of them a duplicate), every bad one a failure.
    assert sorted(a["url"] for a in articles) == sorted(server.url(p) for p in GOOD)
    assert all(a["duplicate_of"] is None for a in articles)
    expected = {(server.url(p) if p.startswith("/") else p): cls for p, cls in HOSTILE}
    assert {e["url"]: e["error_class"] for e in errors} == expected
    for error in errors:
        assert error["message"] and error["source"] == "wire"
        assert error["attempts"] == (
            2 if error["error_class"] in ("ServerError", "FetchTimeout") else 1
        )
    counts = _warehouse_counts(settings, DAY1.ds)
    assert counts["raw_articles"] == len(GOOD) == 180
    assert counts["raw_fetch_errors"] == len(HOSTILE) == 20
    first_requests = Counter(server.hits)
    assert first_requests["/big/feed.xml"] == 1 and first_requests["/robots.txt"] == 1
    assert server.requests_to("/article/") == 174  # one request per page, none retried

    # The same interval again: identical partitions and tables, the same page requests.
    articles_bytes = Path(paths["articles"]).read_bytes()
    errors_bytes = Path(paths["fetch_errors"]).read_bytes()
    events_bytes = Path(str(first["events"])).read_bytes()
    server.reset_counts()
    again = _run(settings, DAY1)
    again_paths = again["fetch"]
    assert isinstance(again_paths, dict)
    assert Path(again_paths["articles"]).read_bytes() == articles_bytes
    assert Path(again_paths["fetch_errors"]).read_bytes() == errors_bytes
    assert Path(str(again["events"])).read_bytes() == events_bytes
    assert _warehouse_counts(settings, DAY1.ds) == counts
    assert server.hits["/big/feed.xml"] == 1
    assert server.requests_to("/article/") == 174
    headers = [h for p, h in server.headers_seen if p == "/big/feed.xml"]
    assert "if-none-match" not in headers[0]  # a rerun does not ask "anything new?"

    # The next interval: the feed answers 304, so nothing is fetched or stored.
    server.reset_counts()
    nxt = _run(settings, DAY2)
    nxt_paths = nxt["fetch"]
    assert isinstance(nxt_paths, dict)
    assert pq.read_table(nxt_paths["articles"]).num_rows == 0
    assert pq.read_table(nxt_paths["fetch_errors"]).num_rows == 0
    assert dict(server.hits) == {"/robots.txt": 1, "/big/feed.xml": 1}
    [(_, feed_headers)] = [h for h in server.headers_seen if h[0] == "/big/feed.xml"]
    assert feed_headers["if-none-match"] == FEED_ETAG
    assert _warehouse_counts(settings, DAY2.ds)["raw_articles"] == 0
