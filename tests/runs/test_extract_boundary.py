"""The extraction fault boundary: an article whose extraction raises or runs over its CPU budget
becomes an ``extract_errors`` row, and every other article's events load (issue 13, point 9)."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline import runner
from pipeline.boundary import BUDGET_ERROR, Boundary
from pipeline.extract import engine, extract_text, load_models
from pipeline.models import Article, Interval
from pipeline.settings import Settings
from tests.conftest import SEEDS

CASES = json.loads((Path(__file__).parent / "cases" / "extract_faults.json").read_text())
SEED_FILES = ["newstart-suspension-wire.json", "saudi-iran-restore-ties.txt", "start-talks.txt"]
DAY = dt.date(2023, 3, 12)
BUDGET = 0.25  # CPU seconds; a seed article takes a few milliseconds once the lexicon is loaded


def _warm() -> None:
    """Load the lexicon, gazetteers and place index (a one-off cost) before timing; the runner
    does the same before its first article."""
    load_models()


def _dense_text() -> str:
    """Run-on, trigger-dense text long enough to cost ``dense_target_cpu_seconds`` even if the
    extractor were linear: sized from the measured cost of one block of it."""
    block = " ".join([CASES["dense_sentence"]] * 50)
    started = time.process_time()
    extract_text(block, article_id="d", published=DAY, ingested=DAY)
    per_block = max(time.process_time() - started, 1e-4)
    blocks = min(4000, math.ceil(CASES["dense_target_cpu_seconds"] / per_block))
    return " ".join([block] * max(blocks, 2))


def _sources(root: Path) -> Path:
    folder = root / "sources" / "faults"
    folder.mkdir(parents=True)
    for name in SEED_FILES:
        shutil.copy(SEEDS / name, folder / name)
    dense = {"title": "Dense", "source": "Faults Wire", "url": "https://faults.test/dense"}
    dense["published"], dense["text"] = "2023-03-11T11:00:00Z", _dense_text()
    for name, doc in (("dense", dense), ("year-9999", CASES["year_9999"])):
        (folder / f"{name}.json").write_text(json.dumps(doc))
    (folder / "injected.json").write_text(json.dumps(CASES["injected"]))
    return folder


def _inject(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Fault injection: the extraction of the article at ``url`` raises."""
    real = engine.extract_article

    def failing(article: Article, ingested: dt.date) -> list[Any]:
        if article.url == url:
            raise RuntimeError("injected fault:\n  a message on\ttwo lines")
        return real(article, ingested)

    monkeypatch.setattr(engine, "extract_article", failing)


@pytest.mark.slow
def test_failed_extractions_are_recorded_and_every_other_article_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _warm()
    settings = Settings(
        data_dir=tmp_path / "data",
        warehouse=tmp_path / "warehouse" / "communique.duckdb",
        sources=_sources(tmp_path),
        extract_timeout=BUDGET,
    )
    interval = Interval.for_day(DAY)
    runner.run_fetch(settings, interval)
    _inject(monkeypatch, CASES["injected"]["url"])
    started = time.monotonic()
    runner.run_extract(settings, interval)
    assert time.monotonic() - started < 60  # the dense article was stopped, not waited for

    data = settings.data_dir
    articles = {
        r["url"] or r["article_id"]: r
        for r in pq.read_table(data / "articles" / f"ds={DAY}" / "part-0.parquet").to_pylist()
    }
    failed = {
        r["url"]: r
        for r in pq.read_table(data / "extract_errors" / f"ds={DAY}" / "part-0.parquet").to_pylist()
    }
    dense = failed.pop("https://faults.test/dense")
    assert dense["error_class"] == BUDGET_ERROR
    assert f"budget of {BUDGET:g} s" in dense["message"]
    injected = failed.pop(CASES["injected"]["url"])
    assert (injected["error_class"], injected["message"]) == (
        "RuntimeError",
        "injected fault: a message on two lines",
    )
    events = pq.read_table(data / "events" / f"ds={DAY}" / "part-0.parquet").to_pylist()
    with_events = {e["article_id"] for e in events}
    # the year-9999 article either extracts or is recorded; it never stops the others
    year = articles[CASES["year_9999"]["url"]]
    assert year["article_id"] in with_events or set(failed) == {CASES["year_9999"]["url"]}
    assert set(failed) <= {CASES["year_9999"]["url"]}
    for url, article in articles.items():
        if url not in ("https://faults.test/dense", CASES["injected"]["url"]) and url not in failed:
            assert article["article_id"] in with_events, url

    # the shards of the DAG's fanned-out extraction record the same failures, byte for byte
    single = (data / "extract_errors" / f"ds={DAY}" / "part-0.parquet").read_bytes()
    single_events = (data / "events" / f"ds={DAY}" / "part-0.parquet").read_bytes()
    for k in range(2):
        runner.run_extract_shard(settings, interval, k, 2)
    runner.run_merge_events(settings, interval, 2)
    assert (data / "extract_errors" / f"ds={DAY}" / "part-0.parquet").read_bytes() == single
    assert (data / "events" / f"ds={DAY}" / "part-0.parquet").read_bytes() == single_events

    runner.run_load(settings, interval)
    runner.run_check(settings)
    runner.run_publish(settings)
    for db in (settings.warehouse, settings.publish_path):
        con = duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute(
                "SELECT url, error_class FROM raw_extract_errors ORDER BY url"
            ).fetchall()
        finally:
            con.close()
        assert ("https://faults.test/dense", BUDGET_ERROR) in rows
        assert (CASES["injected"]["url"], "RuntimeError") in rows

    from pipeline.cli import app

    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE", str(settings.warehouse))
    monkeypatch.setenv("COLUMNS", "250")
    shown = CliRunner().invoke(app, ["errors", "--date", DAY.isoformat()])
    assert shown.exit_code == 0, shown.output
    assert "extraction failures" in shown.output and BUDGET_ERROR in shown.output
    assert "injected fault" in shown.output


def test_outside_the_main_thread_the_budget_is_measured_afterwards() -> None:
    _warm()
    article = Article(
        article_id="dense",
        source="t",
        text=" ".join([CASES["dense_sentence"]] * 400),
        fetched_at=dt.datetime(2023, 3, 13, tzinfo=dt.UTC),
    )
    boundary = Boundary(0.001)
    with ThreadPoolExecutor(1) as pool:
        events = pool.submit(boundary.extract, article, DAY).result()
    assert events == []
    assert [f.error_class for f in boundary.failures] == [BUDGET_ERROR]


def test_no_budget_and_a_good_article_give_its_events() -> None:
    article = Article(
        article_id="ok",
        source="t",
        text=CASES["injected"]["text"],
        fetched_at=dt.datetime(2023, 3, 13, tzinfo=dt.UTC),
    )
    with Boundary(0).installed() as boundary:
        events = boundary.extract(article, DAY)
    assert events and not boundary.failures
    assert events == engine.extract_article(article, DAY)
