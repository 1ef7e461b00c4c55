"""Points 7 and 8 of issue 13, fetch side, each against a real server on 127.0.0.1: canonical
hijack, UTF-16 pages, secrets in stored URLs, what ``allow_private`` allows, the size cap on
local files and JSON articles whose fields are not understood."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.fetch import fetch_all, fetch_source
from pipeline.fetch.http import HttpPolicy
from pipeline.models import Interval, stable_id
from pipeline.sources import SourceConfig, load_sources
from tests.fetch.server import FeedServer, article_html, source, url_list

DAY = Interval.for_day(dt.date(2026, 3, 2))


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


# -- point 7: canonical hijack ----------------------------------------------------------------


def test_a_page_on_another_port_cannot_claim_an_article(tmp_path: Path, server: FeedServer) -> None:
    real = server.url("/article/7")
    with FeedServer() as other:  # the same host, another port
        fake = other.route(
            "/fake",
            article_html(900, title="Forged statement", canonical=real),
        )
        urls = url_list(tmp_path / "u.txt", fake, real)  # the forgery is listed first
        result = fetch_all([source("urls", urls)], DAY)
    by_url = {a.url: a for a in result.articles}
    assert by_url[real].article_id == stable_id("article", real)
    assert by_url[real].title == "Delegations meet in round 7 of talks"
    assert by_url[fake].canonical_url == fake  # its claim on the other origin is ignored
    assert by_url[fake].article_id != by_url[real].article_id
    assert result.errors == []


def test_a_same_origin_claimant_is_dropped_and_recorded(tmp_path: Path, server: FeedServer) -> None:
    real = server.url("/article/7")
    claimant = server.url(f"/article/8?canonical={real}")
    urls = url_list(tmp_path / "u.txt", claimant, real)  # the claimant comes first
    result = fetch_all([source("urls", urls)], DAY)
    [article] = result.articles
    assert (article.url, article.title) == (real, "Delegations meet in round 7 of talks")
    [dropped] = result.errors
    assert (dropped.url, dropped.stage, dropped.error_class) == (
        claimant,
        "dedup",
        "DuplicateArticle",
    )
    assert real in dropped.message


# -- point 8, fetch side ----------------------------------------------------------------------


def test_utf16_page_with_bom_and_declared_charset(tmp_path: Path, server: FeedServer) -> None:
    html = article_html(31, title="Z\u00fcrich talks \u2013 \u0394 round", charset=None)
    page = server.route("/utf16", html.encode("utf-16"), Content_Type="text/html; charset=utf-16")
    plain = server.route(
        "/utf16.txt",
        "Envoys meet in Z\u00fcrich\n\nThey met on Monday.".encode("utf-16"),
        Content_Type="text/plain; charset=UTF-16",
    )
    result = fetch_source(source("urls", url_list(tmp_path / "u.txt", page, plain)), DAY)
    assert result.errors == []
    titles = sorted(a.title or "" for a in result.articles)
    assert titles == ["Envoys meet in Z\u00fcrich", "Z\u00fcrich talks \u2013 \u0394 round"]


def test_credentials_and_tokens_are_redacted_in_fetch_errors(
    tmp_path: Path, server: FeedServer
) -> None:
    secret_urls = [
        server.url("/status/404?token=tok-SECRET1&page=2").replace("://", "://bob:pw-SECRET2@"),
        server.url("/status/404?api_key=SECRET3&q=talks"),
        server.url("/redirect/to?url=http://10.0.0.1/x%3Faccess_token%3DSECRET4&sig=SECRET5"),
    ]
    result = fetch_source(source("urls", url_list(tmp_path / "u.txt", *secret_urls)), DAY)
    assert len(result.errors) == 3
    stored = json.dumps([e.to_row() for e in result.errors], default=str)
    assert "SECRET" not in stored
    assert "REDACTED" in stored
    assert "page=2" in stored and "q=talks" in stored  # other parameters stay readable


def test_allow_private_never_allows_link_local(tmp_path: Path, server: FeedServer) -> None:
    metadata = server.url("/redirect/to?url=http://169.254.169.254/latest/meta-data/")
    for allowed in (True, ("localhost",), ("127.0.0.1",)):
        result = fetch_source(
            source("urls", url_list(tmp_path / "u.txt", metadata), allow_private=allowed), DAY
        )
        [error] = result.errors
        assert error.error_class == "UnsafeUrl", allowed
        assert "169.254.169.254" in error.message
    # a host name allowed to be private reaches its loopback address
    by_name = server.url("/article/3").replace("127.0.0.1", "localhost")
    result = fetch_source(
        source("urls", url_list(tmp_path / "u.txt", by_name), allow_private=("localhost",)), DAY
    )
    assert len(result.articles) == 1, result.errors
    policy = HttpPolicy.for_source(source("urls", "x", allow_private=("intranet.example",)))
    ip = ipaddress.ip_address
    assert policy.address_allowed("intranet.example", ip("10.1.2.3"))
    assert policy.address_allowed("intranet.example", ip("::1"))
    for refused in ("169.254.169.254", "fe80::1", "224.0.0.1", "0.0.0.0", "100.64.0.1"):
        assert not policy.address_allowed("intranet.example", ip(refused)), refused
    assert not policy.address_allowed("elsewhere.example", ip("10.1.2.3"))
    listed = HttpPolicy.for_source(source("urls", "x", allow_private=("169.254.0.0/16",)))
    assert listed.address_allowed("metadata", ip("169.254.169.254"))  # explicitly listed


def test_local_files_over_the_size_cap_are_recorded_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "small.txt").write_text("Talks resume\n\nThe envoys met on Monday.\n")
    (folder / "huge.txt").write_text("Talks\n\n" + "word " * 50_000)
    config = tmp_path / "sources.toml"
    config.write_text(
        f'[[source]]\nname = "files"\nkind = "folder"\nlocation = "{folder}"\n'
        "max_file_bytes = 100000\n"
    )
    [src] = load_sources(config)
    result = fetch_all([src], DAY)
    assert [a.title for a in result.articles] == ["Talks resume"]
    [error] = result.errors
    assert (error.url, error.error_class) == ("local:files/huge.txt", "FileTooLarge")
    assert "250007 bytes" in error.message and "100000-byte cap" in error.message


def test_json_article_with_unknown_fields_loads_with_a_recorded_warning(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.json").write_text(
        json.dumps(
            {
                "heading": "Envoys meet",
                "text": "Envoys met in Geneva on Monday.",
                "pub": "2023-06-10",
                "published_at": "last Tuesday",
            }
        )
    )
    (folder / "b.json").write_text(
        json.dumps(
            {
                "headline": "Talks resume",
                "body": "Talks resumed on Friday.",
                "datePublished": "2023-06-09T10:00:00Z",
            }
        )
    )
    result = fetch_all([SourceConfig(name="files", kind="folder", location=str(folder))], DAY)
    by_file = {a.article_id: a for a in result.articles}
    assert len(by_file) == 2
    aliased = [a for a in result.articles if a.title == "Talks resume"]
    assert aliased and aliased[0].published_at == dt.datetime(2023, 6, 9, 10, tzinfo=dt.UTC)
    warnings = sorted(e.message for e in result.errors)
    assert [e.error_class for e in result.errors] == ["FieldWarning", "FieldWarning"]
    assert all(e.url == "local:files/a.json" for e in result.errors)
    assert any("unknown field(s) 'heading', 'pub' ignored" in w for w in warnings)
    assert any("'last Tuesday' is not an ISO 8601 date" in w for w in warnings)
