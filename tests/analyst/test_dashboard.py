"""The BI dashboard: the Evidence project under bi/ is built (`bi/build.sh`, what `make bi` runs)
from the demo's mart Parquet files, served on 127.0.0.1 and opened in headless Chromium. Each
page must load without script errors, show the numbers that SQL over the same Parquet files
gives (cases/dashboard.toml), and its in-browser DuckDB must hold the published rows.
Screenshots of every page are kept in the test's temporary folder."""

from __future__ import annotations

import functools
import http.server
import json
import logging
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.marts import marts_dir
from tests.cdp import CHROMIUM, Browser, browser
from tests.conftest import ROOT

log = logging.getLogger(__name__)

CASES = tomllib.loads((Path(__file__).parent / "cases" / "dashboard.toml").read_text())
BUILD_TIMEOUT = 1200

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
    pytest.mark.skipif(shutil.which("npm") is None, reason="node and npm are not installed"),
]


@pytest.fixture(scope="module")
def marts(published: Path) -> Path:
    return marts_dir(published)


@pytest.fixture(scope="module")
def site(marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard built from the demo marts by the same script as `make bi`."""
    out = tmp_path_factory.mktemp("dashboard") / "site"
    done = subprocess.run(
        ["bash", str(ROOT / "bi" / "build.sh"), str(marts), str(out)],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (DuckDB-WASM fetches its data files)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            log.debug(format, *args)

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def page(served: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with browser(tmp_path_factory.mktemp("chromium")) as opened:
        yield opened


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _over_marts(marts: Path, sql: str) -> tuple[Any, ...]:
    """One row of a query over the mart Parquet files, each mart a view named after its folder."""
    con = duckdb.connect()
    try:
        for path in sorted(marts.glob("mart_*")):
            con.execute(
                f"CREATE VIEW {path.name} AS SELECT * FROM read_parquet('{path}/*.parquet')"
            )
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert len(rows) == 1, sql
    return rows[0]


def _shown(value: object) -> str:
    """A value as the dashboard prints it (integers with thousands separators)."""
    return f"{value:,}" if isinstance(value, int) else str(value)


@pytest.mark.parametrize("case", CASES["page"], ids=[p["path"] for p in CASES["page"]])
def test_page_shows_the_numbers_sql_gives(
    case: dict[str, Any], served: str, page: Browser, marts: Path, shots: Path
) -> None:
    page.open(served + case["path"])
    page.wait_for(
        f"document.body.innerText.includes({json.dumps(case['wait'])})",
        what=f"{case['wait']!r} on {case['path']}",
    )
    expected = [" ".join(_shown(v) for v in _over_marts(marts, sql)) for sql in case["shows"]]
    for text in expected:
        page.wait_for(
            f"document.body.innerText.replace(/\\s+/g, ' ').includes({json.dumps(text)})",
            what=f"{text!r} on {case['path']}",
            timeout=30,
        )
    shot = page.screenshot(shots / case["screenshot"])
    log.info("screenshot of %s: %s", case["path"], shot)
    panels = json.loads(page.evaluate(PANELS))
    assert panels["errors"] == [], panels["errors"]  # Evidence's red error boxes
    assert panels["charts"] == case["charts"], panels
    assert set(panels["tables"]) == set(case["tables"]), panels
    assert all(rows > 0 for rows in panels["tables"].values()), f"empty table: {panels}"
    assert not page.errors, page.errors


PANELS = """JSON.stringify({
    errors: [...document.querySelectorAll('[class*="text-negative"]')].map(e => e.innerText),
    charts: document.querySelectorAll('[_echarts_instance_] canvas').length,
    tables: Object.fromEntries([...document.querySelectorAll('[data-testid^="DataTable-"]')].map(
        t => [t.dataset.testid.slice(10), t.querySelectorAll('tr:has(td)').length])),
})"""


QUERY_IN_PAGE = """(async () => {
    const db = window[Symbol.for('EVIDENCE_QUERY_ENGINE')];
    if (!db) return null;
    const con = await db.connect();
    try {
        const table = await con.query(%s);
        return JSON.stringify(Number(table.getChildAt(0).get(0)));
    } finally {
        await con.close();
    }
})()"""


@pytest.mark.parametrize("case", CASES["browser_query"], ids=lambda c: c["browser"])
def test_the_browsers_duckdb_holds_the_published_rows(
    case: dict[str, Any], served: str, page: Browser, marts: Path
) -> None:
    page.open(served + case["page"])
    got = page.wait_for(
        QUERY_IN_PAGE % json.dumps(case["browser"]), what=f"{case['browser']} in the page"
    )
    assert json.loads(got) == _over_marts(marts, case["marts"])[0]
    assert not page.errors, page.errors
