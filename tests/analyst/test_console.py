"""Result tables fit the terminal (whole words, prose cut with an ellipsis) and every format
carries every row."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console

from pipeline.console import Format, emit, fit_widths

COLS = ["date", "type", "source", "evidence"]
ROWS = [
    ("2023-02-21", "suspension", "Russia [RUS]", "Russia suspended its participation " * 5),
    ("2023-06-20", "policy_change_call", "Communist Party of China", "Wang Yi urged Washington"),
]


def _table(width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    emit(console, COLS, ROWS, Format.table)
    return console.export_text()


def test_table_fits_and_keeps_words_whole() -> None:
    for width in (60, 80, 120):
        text = _table(width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "policy_change_call" in text  # never split inside a word
        assert "Communist" in text
    assert "…" in _table(80)


def test_columns_that_cannot_fit_are_named() -> None:
    cols = [f"column_{i}" for i in range(30)]
    kept, widths = fit_widths(cols, [["x" * 12] * 30], 80)
    assert len(kept) < 30 and sum(widths) + 3 * len(kept) + 1 <= 80
    console = Console(width=80, record=True, file=io.StringIO())
    emit(console, cols, [tuple("x" * 12 for _ in cols)], Format.table)
    assert "columns not shown" in console.export_text()


def test_machine_formats_carry_everything() -> None:
    out = io.StringIO()
    emit(Console(file=io.StringIO()), COLS, ROWS, Format.csv, out=out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1][3] == ROWS[0][3]
    out = io.StringIO()
    emit(Console(file=io.StringIO()), COLS, ROWS, Format.json, out=out)
    assert json.loads(out.getvalue())[1]["type"] == "policy_change_call"
    out = io.StringIO()
    emit(Console(file=io.StringIO()), COLS, ROWS, Format.markdown, out=out)
    assert out.getvalue().count("\n") == 2 + len(ROWS)
