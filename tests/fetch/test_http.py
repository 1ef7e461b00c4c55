"""The HTTP client against a real server on 127.0.0.1: every hostile behaviour ends as a clean
article or a recorded failure with its reason, quickly."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import BadInputError
from pipeline.fetch import fetch_source
from pipeline.fetch.base import FetchResult
from pipeline.fetch.http import (
    HttpClient,
    HttpPolicy,
    ValidatorStore,
    declared_charset,
    non_public,
    parse_retry_after,
)
from pipeline.fetch.urls import canonicalize, page_canonical, same_origin
from pipeline.models import FetchError, Interval
from pipeline.settings import Settings
from tests.fetch.server import FeedServer, source, url_list

INTERVAL = Interval.for_day(dt.date(2026, 3, 2))
AGENT = "CommuniqueTest/1.0 (+https://example.org/communique)"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fetches that build their own client keep their state under the test's directory."""
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(AGENT) as c:
        yield c


def fetch_urls(tmp_path: Path, client: HttpClient, *urls: str, **options: object) -> FetchResult:
    src = source("urls", url_list(tmp_path / "urls.txt", *urls), **options)
    return fetch_source(src, INTERVAL, client=client)


def only_error(result: FetchResult) -> FetchError:
    assert result.articles == []
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def only_loopback(client: HttpClient) -> None:
    assert client.connections, "expected connections"
    assert {addr for _, addr, _ in client.connections} == {"127.0.0.1"}


# -- clean articles ----------------------------------------------------------------------------


def test_good_page_becomes_an_article(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    result = fetch_urls(tmp_path, client, server.url("/article/7"))
    assert result.errors == []
    [article] = result.articles
    assert article.title == "Delegations meet in round 7 of talks"
    assert article.text.startswith("Delegations meet in round 7 of talks\n")
    assert article.published_at == dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    assert article.fetched_at == INTERVAL.end
    assert article.canonical_url == server.url("/article/7")
    assert server.hits["/robots.txt"] == 1
    only_loopback(client)


@pytest.mark.parametrize(("code", "fails"), [(500, 2), (503, 2), (502, 1)])
def test_transient_errors_are_retried_until_success(
    tmp_path: Path, server: FeedServer, client: HttpClient, code: int, fails: int
) -> None:
    result = fetch_urls(tmp_path, client, server.url(f"/flaky/k{code}?fails={fails}&code={code}"))
    assert result.errors == []
    assert len(result.articles) == 1
    assert server.hits[f"/flaky/k{code}"] == fails + 1


def test_retries_run_out_into_a_retryable_failure(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    error = only_error(fetch_urls(tmp_path, client, server.url("/status/503")))
    assert (error.error_class, error.retryable, error.attempts) == ("ServerError", True, 3)
    assert error.message.startswith("HTTP 503")
    assert server.hits["/status/503"] == 3


@pytest.mark.parametrize("as_date", [False, True])
def test_429_honours_retry_after(
    tmp_path: Path, server: FeedServer, client: HttpClient, as_date: bool
) -> None:
    path = "/retry-after/d" if as_date else "/retry-after/s"
    started = time.monotonic()
    result = fetch_urls(
        tmp_path, client, server.url(path + ("?wait=1&date=1" if as_date else "?wait=1"))
    )
    elapsed = time.monotonic() - started
    assert result.errors == [] and len(result.articles) == 1
    assert server.hits[path] == 2
    # The 1 s wait was honoured (an HTTP date has whole-second resolution, hence the slack).
    assert elapsed >= (0.0 if as_date else 0.95)
    assert elapsed < 4


def test_retry_after_over_the_cap_fails_without_waiting(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    started = time.monotonic()
    error = only_error(
        fetch_urls(tmp_path, client, server.url("/retry-after/long?wait=3600"), max_retry_after=5)
    )
    assert time.monotonic() - started < 2
    assert error.error_class == "ServerError" and error.retryable
    assert "Retry-After 3600s is over the 5s cap" in error.message
    assert error.attempts == 1


def test_retry_after_parsing() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(" 0 ") == 0.0
    now = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC).timestamp()
    assert parse_retry_after("Mon, 02 Mar 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Mon, 02 Mar 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize("code", [404, 403, 410, 400])
def test_permanent_4xx_is_not_retried(
    tmp_path: Path, server: FeedServer, client: HttpClient, code: int
) -> None:
    error = only_error(fetch_urls(tmp_path, client, server.url(f"/status/{code}")))
    assert (error.error_class, error.retryable, error.attempts) == ("HttpStatusError", False, 1)
    assert error.message.startswith(f"HTTP {code}")
    assert server.hits[f"/status/{code}"] == 1


def test_read_timeout_is_retried_then_recorded(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    started = time.monotonic()
    error = only_error(fetch_urls(tmp_path, client, server.url("/slow?delay=1.5"), max_attempts=2))
    assert time.monotonic() - started < 3
    assert (error.error_class, error.retryable, error.attempts) == ("FetchTimeout", True, 2)
    assert "read timeout (0.5s)" in error.message
    assert server.hits["/slow"] == 2


def test_endless_body_stops_at_the_size_cap(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    started = time.monotonic()
    error = only_error(fetch_urls(tmp_path, client, server.url("/endless"), max_bytes=256 * 1024))
    assert time.monotonic() - started < 2
    assert (error.error_class, error.retryable) == ("BodyTooLarge", False)
    assert "262144-byte cap" in error.message


def test_endless_trickle_stops_at_the_total_deadline(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    started = time.monotonic()
    error = only_error(fetch_urls(tmp_path, client, server.url("/trickle"), total_timeout=1.0))
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 2.5
    assert (error.error_class, error.attempts) == ("DeadlineExceeded", 1)
    assert "total timeout (1.0s) exceeded" in error.message


def test_gzip_bomb_stops_at_the_decoded_cap(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    started = time.monotonic()
    error = only_error(
        fetch_urls(tmp_path, client, server.url("/gzip-bomb"), max_bytes=1024 * 1024)
    )
    assert time.monotonic() - started < 2
    assert error.error_class == "BodyTooLarge"
    assert "1048576-byte cap once decoded" in error.message


def test_redirect_loop_is_detected(tmp_path: Path, server: FeedServer, client: HttpClient) -> None:
    error = only_error(fetch_urls(tmp_path, client, server.url("/redirect/loop-a")))
    assert error.error_class == "RedirectError"
    assert "redirect loop" in error.message
    assert server.hits["/redirect/loop-a"] == 1 and server.hits["/redirect/loop-b"] == 1


def test_redirects_are_followed_but_bounded(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    result = fetch_urls(tmp_path, client, server.url("/redirect/chain/3"))
    [article] = result.articles
    assert article.url == server.url("/redirect/chain/3")
    assert article.canonical_url == server.url("/redirect/chain/0")
    error = only_error(
        fetch_urls(tmp_path, client, server.url("/redirect/chain/9"), max_redirects=3)
    )
    assert error.error_class == "RedirectError" and "more than 3 redirects" in error.message


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin", "http://[::1]:9/x"],
)
def test_redirect_to_a_private_address_is_refused_before_connecting(
    tmp_path: Path, server: FeedServer, client: HttpClient, target: str
) -> None:
    started = time.monotonic()
    error = only_error(fetch_urls(tmp_path, client, server.url(f"/redirect/to?url={target}")))
    assert time.monotonic() - started < 1
    assert (error.error_class, error.retryable) == ("UnsafeUrl", False)
    assert "non-public address" in error.message and "refused" in error.message
    only_loopback(client)  # never dialled


def test_private_addresses_are_refused_by_default(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    error = only_error(fetch_urls(tmp_path, client, server.url("/article/1"), allow_private=False))
    assert error.error_class == "UnsafeUrl"
    assert "127.0.0.1" in error.message
    assert server.total_requests() == 0
    assert client.connections == []


def test_allow_private_takes_networks_and_true(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    for allowed in (True, ("127.0.0.0/8",)):
        result = fetch_urls(tmp_path, client, server.url("/article/2"), allow_private=allowed)
        assert result.errors == [] and len(result.articles) == 1
    error = only_error(
        fetch_urls(tmp_path, client, server.url("/article/2"), allow_private=("10.0.0.0/8",))
    )
    assert error.error_class == "UnsafeUrl"


def test_non_public_addresses() -> None:
    for text in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::",
    ):
        assert non_public(ipaddress.ip_address(text)), text
    for text in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"):
        assert not non_public(ipaddress.ip_address(text)), text


def test_other_schemes_are_refused(tmp_path: Path, server: FeedServer, client: HttpClient) -> None:
    target = "file:///etc/passwd"
    error = only_error(fetch_urls(tmp_path, client, server.url(f"/redirect/to?url={target}")))
    assert error.error_class == "UnsafeUrl" and "scheme 'file' refused" in error.message


def test_deny_patterns_apply_to_redirect_hops(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    result = fetch_urls(tmp_path, client, server.url("/redirect/chain/2"), deny=(r"/chain/0$",))
    error = only_error(result)
    assert error.error_class == "UrlDenied" and "deny pattern" in error.message


def test_robots_txt_is_honoured_and_fetched_once_per_host(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    result = fetch_urls(
        tmp_path,
        client,
        server.url("/private/1"),
        server.url("/article/1"),
        server.url("/article/2"),
    )
    [error] = result.errors
    assert len(result.articles) == 2
    assert (error.error_class, error.retryable) == ("RobotsDisallowed", False)
    assert "disallows" in error.message
    assert server.hits["/private/1"] == 0
    assert server.hits["/robots.txt"] == 1


def test_unreachable_robots_txt_skips_the_host(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    server.route("/robots.txt", "down", status=503)
    error = only_error(fetch_urls(tmp_path, client, server.url("/article/1")))
    assert (error.error_class, error.retryable) == ("RobotsUnavailable", True)
    assert server.hits["/article/1"] == 0


def test_missing_robots_txt_allows_everything(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    server.route("/robots.txt", "gone", status=404)
    result = fetch_urls(tmp_path, client, server.url("/private/4"))
    assert result.errors == [] and len(result.articles) == 1


# -- content ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/charset/cp1252-as-utf8", "Caf\u00e9 \u201cquoted\u201d \u20ac5 na\u00efve (cp1252)"),
        ("/charset/latin1-meta-utf8", "Caf\u00e9 na\u00efve d\u00e9j\u00e0 (latin-1)"),
        ("/charset/utf8-unlabelled", "Z\u00fcrich \u0394 \u201ctalks\u201d"),
    ],
)
def test_wrong_or_missing_charset_still_gives_the_right_text(
    tmp_path: Path, server: FeedServer, client: HttpClient, path: str, expected: str
) -> None:
    result = fetch_urls(tmp_path, client, server.url(path))
    assert result.errors == []
    [article] = result.articles
    assert article.title == expected
    assert article.text.startswith(expected)
    assert "\ufffd" not in article.text and "Ã" not in article.text


def test_declared_charset() -> None:
    utf8 = "Caf\u00e9".encode()
    latin = "Caf\u00e9".encode("latin-1")
    assert declared_charset("utf-8", latin) == "utf-8"  # decode_text then falls through
    assert declared_charset("ISO-8859-1", utf8) == "utf-8"  # valid UTF-8 is UTF-8
    assert declared_charset("ISO-8859-1", latin) == "cp1252"
    assert declared_charset(None, b'<meta charset="windows-1251">' + latin) == "cp1251"
    assert declared_charset(None, b'<?xml version="1.0" encoding="koi8-r"?><a/>') == "koi8-r"
    assert declared_charset(None, b"\xef\xbb\xbf<p>x</p>") == "utf-8"
    assert declared_charset(None, b"<p>plain</p>") is None
    assert declared_charset("no-such-charset", b"<p>x</p>") is None


@pytest.mark.parametrize(
    ("path", "error_class", "reason"),
    [
        (
            "/binary/png-as-html",
            "UnsupportedContent",
            "binary content (PNG image) served as text/html",
        ),
        ("/binary/nul-as-html", "BadInputError", "binary content"),
        ("/image.png", "UnsupportedContent", "content type image/png is not HTML, XML or text"),
        ("/empty", "BadInputError", "empty document"),
    ],
)
def test_unusable_content_is_a_recorded_failure(
    tmp_path: Path,
    server: FeedServer,
    client: HttpClient,
    path: str,
    error_class: str,
    reason: str,
) -> None:
    error = only_error(fetch_urls(tmp_path, client, server.url(path)))
    assert (error.error_class, error.stage in ("fetch", "parse")) == (error_class, True)
    assert reason in error.message
    assert error.retryable is False and error.attempts == 1


def test_malformed_html_still_yields_its_text(
    tmp_path: Path, server: FeedServer, client: HttpClient
) -> None:
    result = fetch_urls(tmp_path, client, server.url("/malformed"))
    assert result.errors == []
    [article] = result.articles
    assert len(article.text) > 500


def test_plain_text_pages(tmp_path: Path, server: FeedServer, client: HttpClient) -> None:
    [article] = fetch_urls(tmp_path, client, server.url("/text/3")).articles
    assert article.title == "Plain dispatch 3"


# -- conditional GET state ----------------------------------------------------------------------


def test_validators_come_from_the_latest_earlier_interval(tmp_path: Path) -> None:
    path = tmp_path / "state" / "http_validators.json"
    store = ValidatorStore(path)
    store.record("http://a/feed", "2026-03-01", {"etag": '"v1"'})
    store.record("http://a/feed", "2026-03-03", {"etag": '"v3"'})
    store.save()
    again = ValidatorStore(path)
    assert again.lookup("http://a/feed", "2026-03-01") == {}  # a rerun fetches in full
    assert again.lookup("http://a/feed", "2026-03-02") == {"etag": '"v1"'}
    assert again.lookup("http://a/feed", "2026-03-04") == {"etag": '"v3"'}
    assert json.loads(path.read_text())["version"] == 1
    assert not list(path.parent.glob("*.tmp"))  # written atomically, nothing left behind


def test_concurrent_savers_merge(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    one, two = ValidatorStore(path), ValidatorStore(path)
    one.record("http://a/1", "2026-03-01", {"etag": "a"})
    two.record("http://b/2", "2026-03-01", {"etag": "b"})
    one.save()
    two.save()
    merged = ValidatorStore(path)
    assert merged.lookup("http://a/1", "2026-03-02") == {"etag": "a"}
    assert merged.lookup("http://b/2", "2026-03-02") == {"etag": "b"}


def test_corrupt_state_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text("{not json")
    assert ValidatorStore(path).lookup("http://a/1", "2026-03-02") == {}


def test_conditional_get_gives_304_on_the_next_interval(tmp_path: Path, server: FeedServer) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    src = source("feed", server.url("/etag/feed?n=2"))
    first = fetch_source(src, INTERVAL, settings=settings)
    assert len(first.articles) == 2
    state = json.loads((tmp_path / "data" / "state" / "http_validators.json").read_text())
    [(url, per_ds)] = state["urls"].items()
    assert url == server.url("/etag/feed?n=2")
    assert per_ds[INTERVAL.ds]["etag"] == '"feed-v1"'
    server.reset_counts()
    stats: Counter[str] = Counter()
    second = fetch_source(
        src, Interval.for_day(dt.date(2026, 3, 3)), settings=settings, stats=stats
    )
    assert second.articles == [] and second.errors == []
    assert stats == {"not_modified": 1}
    [(_, headers)] = [h for h in server.headers_seen if h[0] == "/etag/feed"]
    assert headers["if-none-match"] == '"feed-v1"'
    assert headers["if-modified-since"] == "Mon, 02 Mar 2026 08:00:00 GMT"
    assert server.requests_to("/article/") == 0
    # A rerun of the first interval asks unconditionally and gets the same articles again.
    again = fetch_source(src, INTERVAL, settings=settings)
    assert [a.article_id for a in again.articles] == [a.article_id for a in first.articles]


# -- politeness ---------------------------------------------------------------------------------


def test_per_host_rate_limit_spaces_requests(tmp_path: Path, server: FeedServer) -> None:
    src = source(
        "urls",
        url_list(tmp_path / "u.txt", *(server.url(f"/article/{i}") for i in range(1, 5))),
    )
    slow = replace(src, rate_limit=10.0)
    started = time.monotonic()
    with HttpClient(AGENT) as c:
        result = fetch_source(slow, INTERVAL, client=c)
    assert len(result.articles) == 4
    # robots.txt + 4 pages at 10 requests/s: at least 0.4 s however many threads.
    assert time.monotonic() - started >= 0.39


def test_policy_rejects_bad_options() -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="read_timeout"):
        HttpPolicy.for_source(source("urls", "x", read_timeout="fast"))
    with pytest.raises(ConfigError, match="allow/deny"):
        HttpPolicy.for_source(source("urls", "x", deny=("(",)))


# -- canonical URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTP://Example.ORG:80/a/b/?utm_source=x&b=2&a=1#frag", "http://example.org/a/b?a=1&b=2"),
        ("https://example.org:443/", "https://example.org/"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org:8443/x/../y/./z/", "https://example.org:8443/y/z"),
        ("https://user:pw@example.org/a?fbclid=1&gclid=2&id=7", "https://example.org/a?id=7"),
        ("https://b\u00fccher.example/caf\u00e9", "https://xn--bcher-kva.example/caf%C3%A9"),
        ("https://example.org/a%2Fb?q=a+b", "https://example.org/a%2Fb?q=a%20b"),
    ],
)
def test_canonicalize(url: str, canonical: str) -> None:
    assert canonicalize(url) == canonical
    assert canonicalize(canonical) == canonical


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "javascript:alert(1)", "/relative", "http://"]
)
def test_canonicalize_refuses_non_http(url: str) -> None:
    with pytest.raises(BadInputError):
        canonicalize(url)


def test_rel_canonical_is_used_only_on_the_same_origin() -> None:
    html = '<html><head><link rel="canonical" href="{}"></head><body></body></html>'
    final = "https://www.example.org/news/1?utm_medium=rss"
    assert page_canonical(final, html.format("/news/one")) == "https://www.example.org/news/one"
    # another host, port or scheme of the same site is another origin: the page keeps its URL
    for other in (
        "https://example.org/n/1",
        "https://www.example.org:8443/n/1",
        "http://www.example.org/n/1",
        "https://news.www.example.org/n/1",
    ):
        assert page_canonical(final, html.format(other)) == "https://www.example.org/news/1"
    assert (
        page_canonical(final, html.format("https://other.test/1"))
        == "https://www.example.org/news/1"
    )
    assert page_canonical(final, None) == "https://www.example.org/news/1"
    assert same_origin("https://example.org/a", "https://EXAMPLE.org:443/b")
    assert not same_origin("https://example.org/a", "https://example.org:8443/a")
    assert not same_origin("http://example.org/a", "https://example.org/a")
