"""Streaming stages: partitions written from streams of tables, a fetch whose texts wait on disk.

What they must keep: the bytes of a partition do not depend on how its rows arrived (so a rerun,
a different batch size or a different shard count writes the same file), and a fetch that spools
its texts stores exactly the articles a fetch holding them in memory stores. Peak memory itself
is measured by bench/bench_run_memory.py, not here.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq

from pipeline import runner, store
from pipeline.fetch import dedupe, fetch_all
from pipeline.fetch.base import FetchResult, SpooledArticles, TextSpool
from pipeline.models import Article, Interval
from pipeline.sources import load_sources
from tests.ops.conftest import FIRST_DAY, settings_for
from tests.ops.corpus import make_corpus

T = dt.datetime(2023, 3, 6, tzinfo=dt.UTC)


def _rows(n: int) -> list[dict[str, object]]:
    return [
        Article(
            article_id=f"a{i:05d}", source="s", text=f"text {i} " * (i % 7 + 1), fetched_at=T
        ).to_row()
        for i in range(n)
    ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_partition_has_the_same_bytes_however_its_rows_arrive(tmp_path: Path) -> None:
    rows = _rows(2_500)  # more than two row groups of articles
    whole = store.write_partition(
        tmp_path / "a", "articles", "2023-03-06", store.to_table("articles", rows)
    )
    for size in (1, 7, 999, 1_000, 2_499):
        parts = (store.to_table("articles", rows[i : i + size]) for i in range(0, len(rows), size))
        path = store.write_partition_stream(tmp_path / f"b{size}", "articles", "2023-03-06", parts)
        assert _digest(path) == _digest(whole), size
    meta = pq.ParquetFile(whole).metadata
    assert meta.num_rows == 2_500
    assert [meta.row_group(k).num_rows for k in range(meta.num_row_groups)] == [1_000, 1_000, 500]
    table = store.read_partition(tmp_path / "a", "articles", "2023-03-06")
    assert table.column("article_id").to_pylist() == [r["article_id"] for r in rows]


def test_an_empty_stream_still_writes_a_partition(tmp_path: Path) -> None:
    path = store.write_partition_stream(tmp_path, "events", "2023-03-06", iter(()))
    assert store.list_partitions(tmp_path, "events") == ["2023-03-06"]
    assert store.read_partition(tmp_path, "events", "2023-03-06").num_rows == 0
    assert _digest(path) == _digest(
        store.write_partition(tmp_path / "x", "events", "2023-03-06", store.to_table("events", []))
    )


def test_a_spooled_fetch_stores_what_an_in_memory_fetch_stores(tmp_path: Path) -> None:
    days = [FIRST_DAY]
    sources = make_corpus(tmp_path / "src", days, per_day=5)
    # the same article text twice: the second copy must still link to the first when spooled
    folder = tmp_path / "src" / "articles"
    first = sorted(folder.iterdir())[0]
    copy = folder / f"zz-copy{first.suffix}"
    copy.write_bytes(first.read_bytes().replace(b"https://", b"https://mirror."))
    settings = settings_for(tmp_path / "run", sources)
    interval = Interval.for_day(FIRST_DAY)
    plain = fetch_all(load_sources(settings.sources), interval)
    with TextSpool(tmp_path / "spool") as spool:
        spooled = fetch_all(load_sources(settings.sources), interval, spool=spool)
        assert [a.text for a in spooled.articles] == [""] * len(spooled.articles)
        rows = [spool.row(a) for a in spooled.articles]
    assert rows == [a.to_row() for a in plain.articles]
    assert sum(1 for r in rows if r["duplicate_of"]) == 1

    # and the stage writes the spooled articles, batch by batch, as one table of them
    runner.run_fetch(settings, interval)
    written = store.read_partition(settings.data_dir, "articles", interval.ds)
    assert written.to_pylist() == store.to_table("articles", rows).to_pylist()
    fetched_by = json.loads((written.schema.metadata or {})[b"communique.fetched_by"])
    assert sorted(fetched_by[0]["article_ids"]) == sorted(str(r["article_id"]) for r in rows)
    assert not list((settings.staging_dir / f"ds={interval.ds}").glob("tmp*"))


def _copies() -> list[Article]:
    """Articles fetched twice under one id (one copy from its own canonical URL), texts shared
    by several ids, and a copy linked already: what deduplication has to sort out."""
    at = dt.datetime(2023, 3, 6, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    out = []
    for i in range(40):
        out.append(
            Article(
                article_id=f"id{(i * 7) % 23:03d}",
                source=f"s{i % 3}",
                text=f"talks in round {i % 11}\n\nline {i % 5}",
                fetched_at=T,
                url=f"https://x{i % 4}.test/a/{(i * 7) % 23}",
                canonical_url=f"https://x{(i + 1) % 4}.test/a/{(i * 7) % 23}",
                title=f"title {i}",
                published_at=at if i % 2 else None,
                duplicate_of="id999" if i == 5 else None,
            )
        )
    return out


def test_a_spooled_fetch_dedupes_as_a_fetch_in_memory(tmp_path: Path) -> None:
    interval = Interval.for_day(FIRST_DAY)
    plain = FetchResult(interval)
    with TextSpool(tmp_path) as spool:
        spooled = FetchResult(interval, spool=spool)
        for article in _copies():
            plain.add(article)
            spooled.add(article)
        assert isinstance(spooled.articles, SpooledArticles)
        dedupe(plain)
        dedupe(spooled)
        assert isinstance(spooled.articles, SpooledArticles)
        rows = [spool.row(a) for a in spooled.articles]
        assert rows == [a.to_row() for a in plain.articles]
        whole = [
            r for k in range(0, len(spooled.articles), 3) for r in spooled.articles.rows(k, k + 3)
        ]
        assert whole == rows
    assert spooled.errors == plain.errors
    assert len(plain.errors) == 40 - 23
    assert any(r["duplicate_of"] for r in rows)


def test_a_spooled_fetch_holds_no_object_per_article(tmp_path: Path) -> None:
    """Its articles are columns (arrays of places in the spool), not objects: objects made
    among them would hold the interpreter's arenas after the fetch (77 MiB at 100,000)."""
    sources = make_corpus(tmp_path / "src", [FIRST_DAY], per_day=30)
    settings = settings_for(tmp_path / "run", sources)
    with TextSpool(tmp_path / "spool") as spool:
        result = fetch_all(load_sources(settings.sources), Interval.for_day(FIRST_DAY), spool=spool)
        gc.collect()
        assert len(result.articles) > 10
        assert sum(type(o) is Article for o in gc.get_objects()) == 0
