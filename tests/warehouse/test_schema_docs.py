"""The data dictionary: every table, view and column is documented, and `communique schema`
prints it from the catalog."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.schema_docs import data_dictionary, render_markdown, undocumented


def test_every_object_and_column_has_a_comment(seeded_warehouse: Path) -> None:
    con = duckdb.connect(str(seeded_warehouse), read_only=True)
    try:
        docs = data_dictionary(con)
    finally:
        con.close()
    assert undocumented(docs) == []
    layers = {d.layer for d in docs}
    assert layers == {"mart", "core", "analyst view", "intermediate", "staging", "raw"}
    assert [d.name for d in docs if d.layer == "core"] == [
        "articles",
        "event_mentions",
        "events",
        "sources",
    ]
    markdown = render_markdown(docs)
    assert "## `mart_events` (mart view)" in markdown
    assert "| `event_id` | VARCHAR |" in markdown


def test_schema_command_prints_the_dictionary(
    seeded_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMUNIQUE_WAREHOUSE", str(seeded_warehouse))
    runner = CliRunner()
    result = runner.invoke(app, ["schema", "mart_dyads_monthly", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "mean_goldstein" in result.output and "Goldstein" in result.output
    assert "## `mart_dyads_monthly`" in result.output
    missing = runner.invoke(app, ["schema", "no_such_view"])
    assert missing.exit_code == 1
    table = runner.invoke(app, ["schema", "events"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "first_reported_at" in table.output
