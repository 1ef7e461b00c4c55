"""Readers are never blocked and never write: `communique sql` and `events` read the published
copy, read-only, with no access outside the database (issue 13, point 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ROOT
from tests.runs.conftest import SEEDED_DAY, cli_env, run, seeded

READS = 40


@pytest.fixture(scope="module")
def seeded_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readers")
    seeded(root)
    return root


@pytest.mark.slow
def test_reads_during_loads_never_fail(seeded_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = cli_env(seeded_root)
    for name in ("COMMUNIQUE_DATA_DIR", "COMMUNIQUE_WAREHOUSE"):
        monkeypatch.setenv(name, env[name])
    loader = subprocess.Popen(
        [sys.executable, "-m", "tests.runs.loader", str(seeded_root), SEEDED_DAY, "600"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert loader.stdout is not None
        assert loader.stdout.readline() == "loaded\n"  # the writer is busy before we read
        runner = CliRunner()
        failures = []
        for i in range(READS):
            args = (
                ["sql", "SELECT count(*) AS n FROM raw_articles", "--format", "csv"]
                if i % 2
                else ["events", "--all"]
            )
            result = runner.invoke(app, args)
            if result.exit_code != 0 or (i % 2 and result.stdout != "n\n3\n"):
                failures.append((args, result.exit_code, result.output[-500:]))
        assert loader.poll() is None, "the loads went on during every read"
    finally:
        loader.kill()
        loader.wait()
    assert failures == []


NOT_A_QUERY = "statements are not allowed: only queries"
WRITES = [
    ("COPY (SELECT 1) TO '{out}'", NOT_A_QUERY),
    ("COPY (SELECT 1) TO '{tables}/stolen.csv'", NOT_A_QUERY),
    ("SELECT * FROM read_text('/etc/hostname')", "file system operations are disabled"),
    ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
    ("CREATE TABLE stolen AS SELECT 1", NOT_A_QUERY),
    ("DELETE FROM raw_articles", NOT_A_QUERY),
    ("ATTACH '{out}' AS other", NOT_A_QUERY),
    ("INSTALL httpfs", NOT_A_QUERY),
    ("LOAD httpfs", NOT_A_QUERY),
    ("SET enable_external_access = true", NOT_A_QUERY),
    ("SELECT 1; COPY (SELECT 1) TO '{out}'", NOT_A_QUERY),
]


@pytest.mark.parametrize("live", [False, True], ids=["published", "live"])
@pytest.mark.parametrize(("sql", "reason"), WRITES, ids=[w[0][:24] for w in WRITES])
def test_a_write_or_outside_access_is_refused_in_one_line(
    seeded_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sql: str,
    reason: str,
    live: bool,
) -> None:
    env = cli_env(seeded_root)
    for name in ("COMMUNIQUE_DATA_DIR", "COMMUNIQUE_WAREHOUSE"):
        monkeypatch.setenv(name, env[name])
    out = tmp_path / "stolen.csv"
    tables = Path(env["COMMUNIQUE_WAREHOUSE"]).parent / "published" / "tables"
    query = sql.format(out=out, tables=tables)
    result = CliRunner().invoke(app, ["sql", query, *(["--live"] if live else [])])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert reason in lines[0]
    assert not out.exists()
    assert not (tables / "stolen.csv").exists()


def test_the_real_command_refuses_a_copy_to_a_file(seeded_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    done = run(seeded_root, "sql", f"COPY (SELECT * FROM raw_articles) TO '{out}'")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: refused: queries are read-only")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not out.exists()
