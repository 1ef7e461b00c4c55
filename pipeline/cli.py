"""The ``communique`` command: run the pipeline, one stage at a time, or query what it found."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.console import Format, emit
from pipeline.settings import PROJECT_ROOT, Settings

app = typer.Typer(
    help="Communique: dated diplomatic events from news, into Parquet and DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped output (CI logs, `make demo`) gets a wide table rather than 80 columns of wrapping.
console = Console(width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True)
log = logging.getLogger("communique")

DateOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--date", "-d", formats=["%Y-%m-%d"], help="Data interval day (default: today, UTC)."
    ),
]
SourcesOpt = Annotated[
    Path | None, typer.Option("--sources", "-s", help="Sources config (TOML) or article folder.")
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="table (fits the terminal), csv, json or markdown."),
]


def _settings(sources: Path | None = None) -> Settings:
    overrides: dict[str, Any] = {}
    if sources is not None:
        overrides["sources"] = sources.resolve()
    return Settings(**overrides)


def _interval(date: dt.datetime | None) -> Any:
    from pipeline.models import Interval

    day = date.date() if date else dt.datetime.now(dt.UTC).date()
    return Interval.for_day(day)


@app.callback()
def main(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="-v: progress logs, -vv: debug.")
    ] = 0,
) -> None:
    """Set up logging once for every subcommand (JSON lines with COMMUNIQUE_LOG_FORMAT=json)."""
    from pipeline.observe import configure_logging

    # quiet by default: results go to stdout, warnings and errors to stderr
    levels = {0: logging.WARNING, 1: logging.INFO}
    configure_logging(levels.get(verbose, logging.DEBUG), stream=sys.stderr)


@app.command()
def run(date: DateOpt = None, sources: SourcesOpt = None) -> None:
    """Run fetch -> extract -> load -> check -> publish for one day, without Airflow."""
    from rich.progress import Progress

    from pipeline import runner

    settings = _settings(sources)
    interval = _interval(date)
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("fetch", lambda: runner.run_fetch(settings, interval)),
        ("extract", lambda: runner.run_extract(settings, interval)),
        ("load", lambda: runner.run_load(settings, interval)),
        ("check", lambda: runner.run_check(settings)),
        ("publish", lambda: runner.run_publish(settings)),
    ]
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(f"interval {interval.ds}", total=len(steps))
        for name, step in steps:
            progress.update(task, description=f"{interval.ds}: {name}")
            result = step()
            log.info("%s: %s", name, result)
            progress.advance(task)
    console.print(f"[green]interval {interval.ds} done[/green]; warehouse: {settings.warehouse}")


@app.command()
def backfill(
    since: Annotated[
        dt.datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d"], help="First interval day."),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option("--until", formats=["%Y-%m-%d"], help="Last interval day."),
    ] = None,
    published_days: Annotated[
        bool,
        typer.Option(
            "--published-days", help="Run only the days the sources' articles were published on."
        ),
    ] = False,
    sources: SourcesOpt = None,
    show_events: Annotated[
        bool, typer.Option("--show-events", help="Print the events table before the summary.")
    ] = False,
) -> None:
    """Run many intervals in date order (fetch and extract each, load them all in one
    transaction, check and publish once), then print what the warehouse holds."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from pipeline import backfill as bf
    from pipeline.ops import days as day_range

    settings = _settings(sources)
    if published_days:
        days = [
            d
            for d in bf.published_days(settings)
            if (since is None or d >= since.date()) and (until is None or d <= until.date())
        ]
    elif since is not None and until is not None:
        days = day_range(since.date(), until.date())
    else:
        err.print("[red]give --since and --until, or --published-days[/red]")
        raise typer.Exit(2)
    if not days:
        err.print("[red]no interval to run[/red]")
        raise typer.Exit(2)
    columns = (
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(f"{len(days)} intervals", total=2 * len(days) + 2)

        def advance(what: str, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=what)

        result = bf.backfill(settings, days, progress=advance)
    if show_events:
        from pipeline.queries import EventFilter, events_table

        cols, rows = _query(*events_table(EventFilter()))
        _print_table(cols, rows, title=f"{len(rows)} asserted events")
    _closing_summary(
        settings, f"{len(result.days)} intervals, {result.days[0]} to {result.days[-1]}"
    )


def _closing_summary(settings: Settings, what: str) -> None:
    """What a run left behind: articles, events by type, failures, where the data is, what next."""
    import duckdb

    from pipeline import queries
    from pipeline.marts import marts_dir

    con = duckdb.connect(str(settings.publish_path), read_only=True)
    try:
        cur = con.execute(queries.SUMMARY_TOTALS)
        names = [d[0] for d in cur.description] if cur.description else []
        row = cur.fetchone()
        totals = dict(zip(names, row, strict=True)) if row else {}
        by_type = con.execute(queries.SUMMARY_BY_TYPE).fetchall()
        failures = con.execute(queries.SUMMARY_FAILURES).fetchall()
    finally:
        con.close()
    console.print(
        f"[bold green]Loaded {what}[/bold green]: {totals.get('articles', 0)} articles "
        f"({totals.get('duplicates', 0)} duplicates), {totals.get('events', 0)} real-world events "
        f"({totals.get('reports', 0)} reports; {totals.get('undated_events', 0)} with no known "
        f"date), {totals.get('failures', 0)} fetch failures"
        + (": " + ", ".join(f"{n} {c}" for c, n in failures) if failures else "")
    )
    _print_table(["type", "events", "mentions", "reports"], by_type, title="Events by type")
    console.print(
        "[bold]Data[/bold]\n"
        f"  Parquet datasets   {settings.data_dir}\n"
        f"  warehouse          {settings.warehouse}\n"
        f"  read-only copy     {settings.publish_path}\n"
        f"  marts as Parquet   {marts_dir(settings.publish_path)}",
        highlight=False,
    )
    console.print(
        "[bold]Next[/bold] (after [bold]source .venv/bin/activate[/bold])\n"
        "  communique events              one row per real-world event\n"
        "  communique events --mentions   every article reporting them\n"
        "  communique report              the HTML report\n"
        "  python -c 'import pipeline; print(pipeline.read_events())'   pandas",
        highlight=False,
    )


@app.command()
def fetch(date: DateOpt = None, sources: SourcesOpt = None) -> None:
    """Fetch articles for the interval into the articles dataset."""
    from pipeline.runner import run_fetch

    console.print(run_fetch(_settings(sources), _interval(date)))


@app.command()
def extract(date: DateOpt = None) -> None:
    """Extract events from the interval's stored articles."""
    from pipeline.runner import run_extract

    console.print(run_extract(_settings(), _interval(date)))


@app.command()
def load(date: DateOpt = None) -> None:
    """Load the interval's Parquet partitions into DuckDB (replacing that interval)."""
    from pipeline.runner import run_load

    console.print(run_load(_settings(), _interval(date)))


@app.command()
def check() -> None:
    """Run the warehouse data checks; exits non-zero when one fails."""
    from pipeline.errors import DataCheckError
    from pipeline.runner import run_check

    try:
        results = run_check(_settings())
    except DataCheckError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(results)


@app.command("errors")
def errors_cmd(
    date: DateOpt = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only this source's failures.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Maximum rows.")] = 200,
    fmt: FormatOpt = Format.table,
) -> None:
    """The interval's recorded fetch failures (its fetch_errors partition), with their reasons."""
    from pipeline.store import partition_path, read_partition

    settings = _settings()
    interval = _interval(date)
    path = partition_path(settings.data_dir, "fetch_errors", interval.ds)
    if not path.exists():
        err.print(f"[red]no fetch_errors partition for {interval.ds}: run `communique fetch`[/red]")
        raise typer.Exit(2)
    rows = read_partition(settings.data_dir, "fetch_errors", interval.ds).to_pylist()
    if source:
        rows = [r for r in rows if r["source"] == source]
    cols = ["source", "stage", "error_class", "retryable", "attempts", "url", "message"]
    _print_table(
        cols,
        [tuple(r[c] for c in cols) for r in rows[: max(limit, 0)]],
        title=f"{len(rows)} fetch failures ({interval.ds})",
        fmt=fmt,
    )


@app.command()
def reprocess(
    since: Annotated[
        dt.datetime, typer.Option("--since", formats=["%Y-%m-%d"], help="First interval day.")
    ],
    until: Annotated[
        dt.datetime, typer.Option("--until", formats=["%Y-%m-%d"], help="Last interval day.")
    ],
    check: Annotated[bool, typer.Option(help="Run the data checks afterwards.")] = True,
) -> None:
    """Re-extract and reload stored intervals without fetching (after an extractor change)."""
    from pipeline.ops import reprocess as reprocess_range

    results = reprocess_range(_settings(), since.date(), until.date(), check=check)
    cols = ["ds", "events_before", "events_after", "versions_before", "versions_after", "changed"]
    _print_table(
        cols,
        [
            tuple(", ".join(v) if isinstance(v, list) else v for v in (r[c] for c in cols))
            for r in results
        ],
        title=f"{len(results)} intervals reprocessed",
    )


@app.command()
def publish() -> None:
    """Publish the warehouse as a read-only file for analysts and BI tools (atomic swap)."""
    from pipeline.runner import run_publish

    console.print(run_publish(_settings()))


def _readable_db(published: bool) -> Path:
    """The published copy, or the working warehouse; exits when it does not exist yet."""
    settings = _settings()
    path = settings.publish_path if published else settings.warehouse
    if not path.exists():
        err.print(f"[red]no database at {path}: run `communique run` first[/red]")
        raise typer.Exit(2)
    return path


@app.command()
def schema(
    name: Annotated[str | None, typer.Argument(help="One table or view (default: all).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or markdown.")] = "table",
    published: Annotated[
        bool, typer.Option("--published", help="Read the published copy, not the warehouse.")
    ] = False,
) -> None:
    """Print the data dictionary: every table, view and column with its meaning."""
    import duckdb

    from pipeline.schema_docs import data_dictionary, render_markdown

    con = duckdb.connect(str(_readable_db(published)), read_only=True)
    try:
        docs = data_dictionary(con, [name] if name else None)
    finally:
        con.close()
    if not docs:
        err.print(f"[red]no table or view named {name}[/red]")
        raise typer.Exit(1)
    if fmt == "markdown":
        sys.stdout.write(render_markdown(docs))
        return
    for doc in docs:
        table = Table(title=f"{doc.name} ({doc.layer} {doc.kind})", caption=doc.comment)
        for col in ("column", "type", "meaning"):
            table.add_column(col, overflow="fold")
        for c in doc.columns:
            table.add_row(c.name, c.data_type, c.comment or "")
        console.print(table)


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "reports/communique.html"
    ),
    all_modalities: Annotated[
        bool, typer.Option("--all", help="Include negated/conditional/hypothetical/future.")
    ] = False,
    working: Annotated[
        bool, typer.Option("--warehouse", help="Read the working warehouse, not the published.")
    ] = False,
) -> None:
    """Write one self-contained HTML report: timelines per subject and per country dyad,
    events by type per month, each point with its evidence sentence."""
    from pipeline.report import build_report

    path = build_report(_readable_db(not working), out, all_modalities=all_modalities)
    console.print(f"report written to {path}")


def _query(sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    import duckdb

    settings = _settings()
    if not settings.warehouse.exists():
        err.print(f"[red]no warehouse at {settings.warehouse}: run `communique run` first[/red]")
        raise typer.Exit(2)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()
    finally:
        con.close()


def _print_table(
    cols: list[str],
    rows: list[tuple[Any, ...]],
    title: str | None = None,
    fmt: Format = Format.table,
) -> None:
    emit(console, cols, rows, fmt, title=title)


@app.command()
def events(
    event_type: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Event type (repeatable).")
    ] = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Event date from (first report when undated)."),
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Event date to.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", "-a", help="Actor name, country code or name.")
    ] = None,
    all_modalities: Annotated[
        bool, typer.Option("--all", help="Include negated/conditional/hypothetical/future.")
    ] = False,
    mentions: Annotated[
        bool, typer.Option("--mentions", help="One row per article reporting each event.")
    ] = False,
    limit: Annotated[int, typer.Option(help="Maximum rows.")] = 500,
    fmt: FormatOpt = Format.table,
) -> None:
    """Real-world events, one row each with its mention and article counts (the rows of
    mart_events); --mentions lists every article that reports them, with its sentence."""
    from pipeline.queries import EventFilter, event_reports_table, events_table

    flt = EventFilter(
        types=tuple(event_type or ()),
        actor=actor,
        since=since.date() if since else None,
        until=until.date() if until else None,
        all_modalities=all_modalities,
    )
    sql_text, params = (event_reports_table if mentions else events_table)(flt, limit)
    cols, rows = _query(sql_text, params)
    if fmt == Format.table:  # ids are for pipes and joins, not for reading
        cols, rows = cols[:-1], [r[:-1] for r in rows]
    what = "reports of events" if mentions else "events"
    kind = "" if all_modalities else "asserted "
    _print_table(cols, rows, title=f"{len(rows)} {kind}{what}", fmt=fmt)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run read-only against the warehouse.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Run an ad-hoc, read-only SQL query against the warehouse."""
    import duckdb

    try:
        cols, rows = _query(query)
    except duckdb.Error as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    _print_table(cols, rows, fmt=fmt)


@app.command("eval")
def evaluate(
    gold: Annotated[
        Path | None, typer.Option(help="Gold set (JSON Lines; default: the dev gold set).")
    ] = None,
    gate: Annotated[
        Path | None, typer.Option(help="Quality gate floors (TOML; default: the committed gate).")
    ] = None,
    seeds: Annotated[
        Path | None, typer.Option(help="Held-out seed articles' expected events (JSON Lines).")
    ] = None,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every miss.")] = False,
) -> None:
    """Score the extractor on the gold set (gated) and on the held-out seed articles."""
    from pipeline.evaluate import (
        GATE_PATH,
        GOLD_PATH,
        SEEDS_EXPECTED_PATH,
        check_gate,
        load_gate,
        load_gold,
        load_seed_cases,
        score,
    )

    gold = gold or GOLD_PATH
    gate = gate or GATE_PATH
    seeds = seeds or SEEDS_EXPECTED_PATH

    gold_scores = score(load_gold(gold))
    _print_scores(f"Dev gold set: {gold}", gold_scores.summary())
    if show_errors:
        for line in gold_scores.errors:
            console.print(f"  {line}")
    if seeds.exists():
        seed_scores = score(load_seed_cases(seeds, PROJECT_ROOT / "seeds"))
        _print_scores("Held-out: the seed articles", seed_scores.summary())
        if show_errors:
            for line in seed_scores.errors:
                console.print(f"  {line}")
    if gate.exists():
        failures = check_gate(gold_scores.summary(), load_gate(gate))
        if failures:
            for f in failures:
                err.print(f"[red]below floor: {f}[/red]")
            raise typer.Exit(1)
        console.print(f"[green]quality gate {gate} holds[/green]")


def _print_scores(title: str, summary: dict[str, Any]) -> None:
    table = Table(title=title)
    for col in ("type", "support", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for kind, m in summary["per_type"].items():
        table.add_row(
            kind, str(summary["support"][kind]), f"{m['p']:.3f}", f"{m['r']:.3f}", f"{m['f1']:.3f}"
        )
    mi = summary["micro"]
    table.add_row("[b]micro[/b]", "", f"{mi['p']:.3f}", f"{mi['r']:.3f}", f"{mi['f1']:.3f}")
    console.print(table)
    console.print(
        f"actor country accuracy {summary['actor_country']:.3f} | dates exact "
        f"{summary['date_exact']:.3f} | modality {summary['modality']:.3f} | false asserted "
        f"{summary['false_asserted']} | no-event passages {summary['no_event_passages']} with "
        f"{summary['no_event_false_positives']} false events"
    )


if __name__ == "__main__":
    app()
