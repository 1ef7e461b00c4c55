"""Console output of the ``communique`` command: result tables in four formats.

``table`` is for people: it fits the terminal, wraps cells at whole words, cuts long prose
(evidence sentences, titles, URLs) to one line ending in an ellipsis, and when a query returns
more columns than fit it shows those that do and says how many were left out. ``csv``, ``json``
and ``markdown`` are for pipes and documents: every row and column, nothing cut.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.terminal import clean


class Format(StrEnum):
    """Output formats of every command that prints rows."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


# columns holding prose or links: one line each, cut with an ellipsis
PROSE_COLUMNS = frozenset(
    {
        "evidence",
        "evidence_sentence",
        "sentence",
        "article",
        "article_title",
        "title",
        "url",
        "article_url",
        "message",
        "comment",
        "meaning",
    }
)
PROSE_WIDTH = 60  # widest a prose column gets
MIN_PROSE_WIDTH = 16
MAX_WORD_WIDTH = 24  # a cell never wraps narrower than its longest word, up to this
TABLE_ROWS = 500  # rows a table shows; the other formats show all


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return clean(str(value))


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, decimals as floats."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _min_width(name: str, cells: list[str]) -> int:
    if name in PROSE_COLUMNS:
        return MIN_PROSE_WIDTH
    longest_word = max((len(w) for c in cells for w in c.split()), default=0)
    return min(max(longest_word, len(name) if len(name) <= MAX_WORD_WIDTH else 8), MAX_WORD_WIDTH)


def fit_widths(
    cols: Sequence[str], cells: Sequence[Sequence[str]], width: int
) -> tuple[list[int], list[int]]:
    """Column indexes that fit in ``width`` and the width of each: natural widths when they fit,
    else columns shrink (never below their longest word, prose never below MIN_PROSE_WIDTH);
    columns that still do not fit are left out from the right."""
    mins = [_min_width(c, [r[i] for r in cells]) for i, c in enumerate(cols)]
    natural = []
    for i, c in enumerate(cols):
        longest = max([len(c), *(len(r[i]) for r in cells)])
        cap = PROSE_WIDTH if c in PROSE_COLUMNS else 40
        natural.append(max(mins[i], min(longest, cap)))
    kept: list[int] = []
    used = 1
    for i in range(len(cols)):
        if kept and used + mins[i] + 3 > width:
            break
        kept.append(i)
        used += mins[i] + 3
    widths = {i: natural[i] for i in kept}
    excess = sum(widths.values()) + 3 * len(kept) + 1 - width
    # shrink in phases: wide labels to a readable width first, then prose (evidence keeps
    # most of what is left), then labels down to their longest word
    label_floor = {i: max(mins[i], 22) for i in kept}
    prose_floor = {i: max(mins[i], 40) for i in kept}
    min_floor = {i: mins[i] for i in kept}
    phases = [(False, label_floor), (True, prose_floor), (True, min_floor), (False, min_floor)]
    for prose, floor in phases:
        group = [i for i in kept if (cols[i] in PROSE_COLUMNS) == prose]
        while excess > 0:
            slack = [i for i in group if widths[i] > floor[i]]
            if not slack:
                break
            widest = max(slack, key=lambda i: widths[i] - floor[i])
            widths[widest] -= 1
            excess -= 1
    return kept, [widths[i] for i in kept]


def render_table(
    console: Console,
    cols: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str | None = None,
) -> None:
    """A rich table that fits ``console.width``: whole-word wrapping, prose cut to one line,
    trailing columns left out (and named in the caption) when they cannot fit."""
    shown_rows = list(rows[:TABLE_ROWS])
    cells = [[_cell(v) for v in r] for r in shown_rows]
    kept, widths = fit_widths(cols, cells, console.width)
    notes = []
    if len(kept) < len(cols):
        hidden = [cols[i] for i in range(len(kept), len(cols))]
        named = ", ".join(hidden[:4]) + (f" and {len(hidden) - 4} more" if len(hidden) > 4 else "")
        notes.append(f"{len(hidden)} columns not shown: {named} (use --format csv or json)")
    if len(rows) > len(shown_rows):
        notes.append(f"first {len(shown_rows)} of {len(rows)} rows (use --format csv or json)")
    table = Table(
        title=Text(clean(title)) if title else None,
        caption="; ".join(notes) or None,
        caption_justify="left",
    )
    for i, w in zip(kept, widths, strict=True):
        prose = cols[i] in PROSE_COLUMNS
        table.add_column(
            cols[i],
            width=w,
            no_wrap=prose,
            overflow="ellipsis" if prose else "fold",
        )
    for row in cells:
        table.add_row(*[Text(row[i]) for i in kept])
    console.print(table)


def render_csv(out: IO[str], cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow(["" if v is None else _plain(v) for v in r])


def render_json(out: IO[str], cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    records = [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]
    out.write(json.dumps(records, ensure_ascii=False, default=str, indent=1))
    out.write("\n")


def _md_cell(value: Any) -> str:
    return _cell(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(out: IO[str], cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    out.write("| " + " | ".join(cols) + " |\n")
    out.write("|" + "|".join("---" for _ in cols) + "|\n")
    for r in rows:
        out.write("| " + " | ".join(_md_cell(v) for v in r) + " |\n")


def emit(
    console: Console,
    cols: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: Format = Format.table,
    *,
    title: str | None = None,
    out: IO[str] | None = None,
) -> None:
    """Print rows in ``fmt``: a fitted table on the console, or every row to ``out`` (stdout)."""
    stream = out if out is not None else sys.stdout
    if fmt != Format.table and stream.isatty():  # a terminal obeys escapes; a pipe gets the data
        rows = [[clean(v) if isinstance(v, str) else v for v in r] for r in rows]
    if fmt == Format.csv:
        render_csv(stream, cols, rows)
    elif fmt == Format.json:
        render_json(stream, cols, rows)
    elif fmt == Format.markdown:
        if title:
            stream.write(f"**{title}**\n\n")
        render_markdown(stream, cols, rows)
    else:
        render_table(console, cols, rows, title=title)
