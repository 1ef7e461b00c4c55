"""Feeds and URL lists end to end against a real server on 127.0.0.1: safe XML parsing, entry
pages, canonical URLs, deduplication within and across runs, and the per-source fan-out."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import runner
from pipeline.fetch import fetch_source
from pipeline.fetch.dedup import NearDuplicateIndex, similarity, sketch
from pipeline.fetch.feeds import parse_url_list, refuse_dtd
from pipeline.models import Interval, stable_id
from pipeline.settings import Settings
from pipeline.store import partition_path
from tests.fetch.server import (
    BILLION_LAUGHS,
    FeedServer,
    article_html,
    article_text,
    atom,
    lead_sentence,
    rss,
    source,
    url_list,
)

DAY1 = Interval.for_day(dt.date(2026, 3, 2))
DAY2 = Interval.for_day(dt.date(2026, 3, 3))


@pytest.fixture
def secret(tmp_path: Path) -> tuple[Path, str]:
    marker = f"SECRET-{uuid.uuid4().hex}"
    path = tmp_path / "secret.txt"
    path.write_text(marker, encoding="utf-8")
    return path, marker


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetches that build their own client keep their state under the test's directory."""
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture
def server(secret: tuple[Path, str]) -> Iterator[FeedServer]:
    with FeedServer(secret_path=secret[0]) as srv:
        yield srv


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", warehouse=tmp_path / "wh" / "c.duckdb")


def toml_sources(path: Path, *sources: dict[str, object]) -> Path:
    """A sources TOML file with fast, loopback-permitted options."""
    lines = []
    for src in sources:
        lines.append("[[source]]")
        options = {
            "rate_limit": 1000.0,
            "allow_private": ["127.0.0.1"],
            "read_timeout": 0.5,
            "total_timeout": 2.0,
            "max_attempts": 2,
            "backoff": 0.02,
            **src,
        }
        for key, value in options.items():
            if isinstance(value, str):
                lines.append(f'{key} = "{value}"')
            elif isinstance(value, bool):
                lines.append(f"{key} = {str(value).lower()}")
            elif isinstance(value, list):
                lines.append(f"{key} = [" + ", ".join(f'"{v}"' for v in value) + "]")
            else:
                lines.append(f"{key} = {value}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def with_sources(settings: Settings, path: Path) -> Settings:
    return Settings(data_dir=settings.data_dir, warehouse=settings.warehouse, sources=path)


# -- feeds --------------------------------------------------------------------------------------


def test_rss_feed_entries_become_articles(tmp_path: Path, server: FeedServer) -> None:
    result = fetch_source(source("feed", server.url("/feed/rss?n=4")), DAY1)
    assert result.errors == []
    assert sorted(a.url for a in result.articles) == [
        server.url(f"/article/{i}") for i in range(1, 5)
    ]
    for article in result.articles:
        assert article.article_id == stable_id("article", article.canonical_url)
        assert article.source == "test"
        assert article.published_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert server.hits["/feed/rss"] == 1 and server.hits["/robots.txt"] == 1


def test_atom_feed_and_entry_date_fallback(server: FeedServer) -> None:
    base = server.base
    items = [
        {
            "title": "Atom one",
            "link": f"{base}/article/11?nodate=1",
            "date": "2026-03-01T06:00:00Z",
        },
        {"title": "Atom two", "link": f"{base}/article/12"},
    ]
    server.route("/custom/atom", atom(base, items), Content_Type="application/atom+xml")
    result = fetch_source(source("feed", server.url("/custom/atom")), DAY1)
    assert result.errors == []
    by_url = {a.url: a for a in result.articles}
    # The first page gives no date: the entry's <updated> stands in.
    assert by_url[f"{base}/article/11?nodate=1"].published_at == dt.datetime(
        2026, 3, 1, 6, tzinfo=dt.UTC
    )
    assert by_url[f"{base}/article/12"].published_at == dt.datetime(
        2026, 3, 2, 9, 30, tzinfo=dt.UTC
    )


def test_bad_entries_are_recorded_and_the_rest_go_on(server: FeedServer) -> None:
    base = server.base
    items = [{"link": f"{base}/article/{i}"} for i in (1, 2, 3)]
    items += [
        {"link": f"{base}/status/404"},
        {"link": f"{base}/gzip-bomb"},
        {"link": f"{base}/redirect/to?url=http://169.254.169.254/"},
        {"link": "ftp://example.invalid/file"},
        {"link": f"{base}/empty"},
    ]
    server.route("/custom/mixed", rss(base, items), Content_Type="application/rss+xml")
    result = fetch_source(source("feed", server.url("/custom/mixed")), DAY1)
    assert len(result.articles) == 3
    classes = Counter(e.error_class for e in result.errors)
    assert classes == Counter(
        {"HttpStatusError": 1, "BodyTooLarge": 1, "UnsafeUrl": 1, "BadInputError": 2}
    )
    by_class = {e.error_class: e for e in result.errors}
    assert by_class["UnsafeUrl"].stage == "fetch"
    assert any("not an http(s) URL" in e.message for e in result.errors)


def test_billion_laughs_feed_is_refused(server: FeedServer) -> None:
    result = fetch_source(source("feed", server.url("/xml/billion-laughs")), DAY1)
    assert result.articles == []
    [error] = result.errors
    assert (error.error_class, error.stage, error.retryable) == ("UnsafeFeed", "parse", False)
    assert error.message == "feed declares a DTD/entities: refused"


def test_dtd_refused_even_in_malformed_xml() -> None:
    from pipeline.fetch.feeds import UnsafeFeed

    with pytest.raises(UnsafeFeed):
        refuse_dtd(BILLION_LAUGHS)
    with pytest.raises(UnsafeFeed):
        refuse_dtd(b'<!DOCTYPE x [<!ENTITY a "b">]><rss><channel><item>&a;</rss>')
    refuse_dtd(b"<rss version='2.0'><channel><title>ok</title></channel></rss>")


def test_xxe_feed_never_reads_the_file(
    tmp_path: Path, server: FeedServer, settings: Settings, secret: tuple[Path, str]
) -> None:
    _, marker = secret
    config = toml_sources(
        tmp_path / "sources.toml",
        {"name": "xxe", "kind": "feed", "location": server.url("/xml/xxe")},
        {"name": "good", "kind": "feed", "location": server.url("/feed/rss?n=2")},
    )
    cfg = with_sources(settings, config)
    paths = runner.run_fetch(cfg, DAY1)
    articles = pq.read_table(paths["articles"]).to_pylist()
    errors = pq.read_table(paths["fetch_errors"]).to_pylist()
    assert len(articles) == 2
    [error] = errors
    assert error["error_class"] == "UnsafeFeed"
    assert error["message"] == "feed declares a DTD/entities: refused"
    assert server.hits["/article/1"] == 1  # only the good feed's entry, not the XXE's
    for row in articles + errors:
        assert not any(marker in str(v) for v in row.values())
    for path in cfg.data_dir.rglob("*"):
        if path.is_file():
            assert marker.encode() not in path.read_bytes()
            if path.suffix == ".parquet":
                assert marker not in str(pq.read_table(path).to_pylist())


def test_not_a_feed_is_a_clear_failure(server: FeedServer) -> None:
    server.route("/custom/html", "<html><body><p>hello</p></body></html>")
    [error] = fetch_source(source("feed", server.url("/custom/html")), DAY1).errors
    assert error.error_class == "BadInputError" and "not an RSS or Atom feed" in error.message


def test_allow_and_deny_filter_entries_without_requests(server: FeedServer) -> None:
    stats: Counter[str] = Counter()
    result = fetch_source(
        source("feed", server.url("/feed/rss?n=6"), deny=(r"/article/[12]$",)),
        DAY1,
        stats=stats,
    )
    assert len(result.articles) == 4 and result.errors == []
    assert stats["filtered"] == 2
    assert server.hits["/article/1"] == 0 and server.hits["/article/2"] == 0
    allowed = fetch_source(
        source("feed", server.url("/feed/rss?n=6"), allow=(r"/article/[56]$",)), DAY1
    )
    assert sorted(a.url.rsplit("/", 1)[1] for a in allowed.articles) == ["5", "6"]


def test_local_feed_file(tmp_path: Path, server: FeedServer) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(rss(server.base, [{"link": server.url("/article/31")}]), encoding="utf-8")
    result = fetch_source(source("feed", path), DAY1)
    assert [a.url for a in result.articles] == [server.url("/article/31")]


# -- URL lists ----------------------------------------------------------------------------------


def test_url_list_parsing() -> None:
    raw = b"# header\n\nhttp://a.test/1\n  http://a.test/2   # trailing note\n#http://a.test/3\n"
    assert parse_url_list(raw) == [(3, "http://a.test/1"), (4, "http://a.test/2")]


def test_url_list_served_over_http(server: FeedServer) -> None:
    listing = "\n".join(["# pages", "/article/41", server.url("/article/42"), "not a url at all"])
    server.route("/list.txt", listing, Content_Type="text/plain")
    result = fetch_source(source("urls", server.url("/list.txt")), DAY1)
    assert sorted(a.url for a in result.articles) == [
        server.url("/article/41"),
        server.url("/article/42"),
    ]
    # A relative line resolves against the list's URL; the bad line is nothing but a 404 page.
    assert [e.error_class for e in result.errors] == ["HttpStatusError"]


# -- canonical URLs and duplicates --------------------------------------------------------------


def test_links_to_one_canonical_page_are_fetched_once(tmp_path: Path, server: FeedServer) -> None:
    urls = [
        server.url("/article/51"),
        server.url("/article/51?utm_source=rss"),
        server.url("/article/51#comments"),
        server.url("/article/51/"),
    ]
    result = fetch_source(source("urls", url_list(tmp_path / "u.txt", *urls)), DAY1)
    assert len(result.articles) == 1
    assert server.hits["/article/51"] == 1


def test_same_origin_rel_canonical_sets_the_article_id(tmp_path: Path, server: FeedServer) -> None:
    target = server.url("/news/talks-resume")
    result = fetch_source(
        source("urls", url_list(tmp_path / "u.txt", server.url(f"/article/61?canonical={target}"))),
        DAY1,
    )
    [article] = result.articles
    assert article.canonical_url == target
    assert article.article_id == stable_id("article", target)


def test_sketch_similarity() -> None:
    base = " ".join(article_text(1))
    edited = base.replace("treaty", "accord", 1) + " Reporting by the wire desk."
    assert similarity(sketch(base), sketch(base)) == 1.0
    assert similarity(sketch(base), sketch(edited)) >= 0.85
    assert similarity(sketch(base), sketch(" ".join(article_text(2)))) < 0.2
    index = NearDuplicateIndex()
    index.add("a", sketch(base))
    assert index.find(sketch(edited)) == "a"
    assert index.find(sketch(" ".join(article_text(2)))) is None


def _syndicated_copy(n: int) -> str:
    paragraphs = [lead_sentence(n), *article_text(n)]
    paragraphs[-1] = paragraphs[-1] + " Additional reporting by a partner agency."
    return article_html(
        n + 10_000,
        title=f"Partner wire: round {n} of talks",
        paragraphs=paragraphs,
        published="2026-03-02T15:00:00+00:00",
    )


def test_syndicated_copy_links_to_the_first_copy(
    tmp_path: Path, server: FeedServer, settings: Settings
) -> None:
    copy_url = server.route("/partner/71", _syndicated_copy(71))
    config = toml_sources(
        tmp_path / "s.toml",
        {
            "name": "wire",
            "kind": "urls",
            "location": str(url_list(tmp_path / "u.txt", server.url("/article/71"), copy_url)),
        },
    )
    paths = runner.run_fetch(with_sources(settings, config), DAY1)
    rows = {r["url"]: r for r in pq.read_table(paths["articles"]).to_pylist()}
    original, copy = rows[server.url("/article/71")], rows[copy_url]
    assert original["duplicate_of"] is None
    assert copy["duplicate_of"] == original["article_id"]


def test_second_interval_skips_stored_urls_and_links_copies(
    tmp_path: Path, server: FeedServer, settings: Settings
) -> None:
    urls1 = url_list(tmp_path / "u1.txt", server.url("/article/81"), server.url("/article/82"))
    cfg1 = with_sources(
        settings,
        toml_sources(tmp_path / "s1.toml", {"name": "w", "kind": "urls", "location": str(urls1)}),
    )
    runner.run_fetch(cfg1, DAY1)
    day1_ids = {
        r["url"]: r["article_id"]
        for r in pq.read_table(partition_path(settings.data_dir, "articles", DAY1.ds)).to_pylist()
    }
    server.reset_counts()
    copy_url = server.route("/partner/81", _syndicated_copy(81))
    urls2 = url_list(
        tmp_path / "u2.txt",
        server.url("/article/81?utm_campaign=x"),  # stored yesterday: no request
        server.url("/article/82"),
        copy_url,
        server.url("/article/83"),
    )
    cfg2 = with_sources(
        settings,
        toml_sources(tmp_path / "s2.toml", {"name": "w", "kind": "urls", "location": str(urls2)}),
    )
    paths = runner.run_fetch(cfg2, DAY2)
    assert server.hits["/article/81"] == 0 and server.hits["/article/82"] == 0
    rows = {r["url"]: r for r in pq.read_table(paths["articles"]).to_pylist()}
    assert set(rows) == {copy_url, server.url("/article/83")}
    assert rows[copy_url]["duplicate_of"] == day1_ids[server.url("/article/81")]
    assert rows[server.url("/article/83")]["duplicate_of"] is None


def test_window_published_keeps_the_interval_only(tmp_path: Path, server: FeedServer) -> None:
    base = server.base
    server.route("/custom/old", article_html(91, published="2025-01-01T00:00:00+00:00"))
    urls = url_list(tmp_path / "u.txt", f"{base}/article/92", f"{base}/custom/old")
    result = fetch_source(source("urls", urls, window="published"), DAY1)
    assert [a.url for a in result.articles] == [f"{base}/article/92"]


# -- fan-out: one task per source, then a merge -------------------------------------------------


def test_fan_out_matches_a_single_fetch(
    tmp_path: Path, server: FeedServer, settings: Settings
) -> None:
    copy_url = server.route("/partner/101", _syndicated_copy(101))
    config = toml_sources(
        tmp_path / "s.toml",
        {"name": "rss", "kind": "feed", "location": server.url("/feed/rss?n=3&start=101")},
        {"name": "atom", "kind": "feed", "location": server.url("/feed/atom?n=2&start=104")},
        {
            "name": "list",
            "kind": "urls",
            "location": str(url_list(tmp_path / "u.txt", copy_url, server.url("/status/410"))),
        },
    )
    single = with_sources(
        Settings(data_dir=tmp_path / "single", warehouse=tmp_path / "w1.duckdb"), config
    )
    fanned = with_sources(
        Settings(data_dir=tmp_path / "fanned", warehouse=tmp_path / "w2.duckdb"), config
    )
    one = runner.run_fetch(single, DAY1)
    staged = [runner.run_fetch_source(fanned, DAY1, name) for name in ("rss", "atom", "list")]
    assert all(Path(p["articles"]).name.startswith("source=") for p in staged)
    merged = runner.run_merge_fetched(fanned, DAY1)
    for key in ("articles", "fetch_errors"):
        assert pq.read_table(one[key]).equals(pq.read_table(merged[key]))
    rows = pq.read_table(merged["articles"]).to_pylist()
    assert len(rows) == 6
    assert sum(1 for r in rows if r["duplicate_of"]) == 1


def test_merge_records_a_source_that_was_not_staged(
    tmp_path: Path, server: FeedServer, settings: Settings
) -> None:
    config = toml_sources(
        tmp_path / "s.toml",
        {"name": "a", "kind": "feed", "location": server.url("/feed/rss?n=1")},
        {"name": "b", "kind": "feed", "location": server.url("/feed/atom?n=1&start=2")},
    )
    cfg = with_sources(settings, config)
    runner.run_fetch_source(cfg, DAY1, "a")
    merged = runner.run_merge_fetched(cfg, DAY1)
    [error] = pq.read_table(merged["fetch_errors"]).to_pylist()
    assert (error["source"], error["stage"], error["retryable"]) == ("b", "merge", True)
    assert len(pq.read_table(merged["articles"])) == 1
