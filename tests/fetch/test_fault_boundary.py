"""Point 1 of issue 13: one source, entry, page or file that fails in any way is a recorded
failure with its class, and every other source's articles are written (a real server on
127.0.0.1, the real fetch stage writing Parquet)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline import runner
from pipeline.fetch import fetch_all, fetch_source
from pipeline.models import Interval
from pipeline.settings import Settings
from pipeline.sources import SourceConfig
from tests.fetch.server import FeedServer, source, url_list
from tests.fetch.test_feeds import toml_sources

DAY = Interval.for_day(dt.date(2026, 3, 2))
CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "cases" / "fault_boundary.json").read_text(encoding="utf-8")
)["cases"]


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        for case in CASES:
            body = case["body"].replace("{base}", srv.base).encode(case["encoding"])
            srv.route(case["path"], body, Content_Type=case["content_type"])
        yield srv


def test_broken_sources_are_recorded_and_every_other_source_loads(
    tmp_path: Path, server: FeedServer
) -> None:
    config = toml_sources(
        tmp_path / "sources.toml",
        {"name": "good", "kind": "feed", "location": server.url("/feed/rss?n=3")},
        *({"name": c["name"], "kind": c["kind"], "location": server.url(c["path"])} for c in CASES),
        {"name": "misspelt", "kind": "feed", "location": server.url("/feed/rss"), "max_entrys": 3},
    )
    settings = Settings(data_dir=tmp_path / "data", sources=config)
    paths = runner.run_fetch(settings, DAY)
    articles = pq.read_table(paths["articles"]).to_pylist()
    errors = pq.read_table(paths["fetch_errors"]).to_pylist()
    by_source: dict[str, int] = {}
    for article in articles:
        by_source[article["source"]] = by_source.get(article["source"], 0) + 1
    assert by_source.get("good") == 3
    for case in CASES:
        assert by_source.get(case["name"], 0) == case["articles"], case["name"]
        recorded = {e["url"]: e["error_class"] for e in errors if e["source"] == case["name"]}
        expected = {
            (url if url.startswith("http://[") else server.url(url)): cls
            for url, cls in case["errors"].items()
        }
        assert recorded == expected, case["name"]
    [config_error] = [e for e in errors if e["source"] == "misspelt"]
    assert config_error["error_class"] == "ConfigError"
    assert "max_entrys" in config_error["message"]


def test_robots_txt_with_an_unparseable_line_keeps_its_other_rules(tmp_path: Path) -> None:
    with FeedServer() as srv:
        srv.route(
            "/robots.txt",
            "User-agent: *\nDisallow: http://[oops/\nDisallow: /private/\n",
            Content_Type="text/plain",
        )
        urls = url_list(tmp_path / "u.txt", srv.url("/article/1"), srv.url("/private/2"))
        result = fetch_source(source("urls", urls), DAY)
    assert [a.url for a in result.articles] == [srv.url("/article/1")]
    assert [(e.url, e.error_class) for e in result.errors] == [
        (srv.url("/private/2"), "RobotsDisallowed")
    ]


def test_a_file_that_breaks_a_parser_is_recorded_and_the_folder_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Talks resume\n\nThe envoys met on Monday.\n")
    # a JSON date so far out that converting it to UTC overflows
    (folder / "b-far-date.json").write_text(
        json.dumps({"title": "Far", "text": "Body.", "published_at": "9999-12-31T23:00:00-14:00"})
    )
    (folder / "c-number-url.json").write_text(json.dumps({"title": "N", "text": "B.", "url": 5}))
    (folder / "d-list.json").write_text(json.dumps([1, 2]))
    result = fetch_all([SourceConfig(name="files", kind="folder", location=str(folder))], DAY)
    assert sorted(a.title or "" for a in result.articles) == ["Far", "N", "Talks resume"]
    assert {e.url.rsplit("/", 1)[-1]: e.error_class for e in result.errors} == {
        "b-far-date.json": "FieldWarning",
        "c-number-url.json": "FieldWarning",
        "d-list.json": "BadInputError",
    }
