"""The ``communique`` command: run the pipeline, one stage at a time, or query what it found."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from pipeline.console import Format, emit
from pipeline.settings import PROJECT_ROOT, Settings
from pipeline.terminal import one_line


class _OneLineErrors(TyperGroup):
    """Any failure of a command (bad input, a missing file, a held lock, a refused query) ends
    it with one line on stderr and exit code 1, never a traceback; ``--verbose`` logs the
    traceback as well. Usage errors stay click's (exit code 2)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            from pipeline.errors import CommuniqueError

            log.debug("%s failed", ctx.invoked_subcommand, exc_info=True)
            what = str(exc) if isinstance(exc, CommuniqueError) else f"{type(exc).__name__}: {exc}"
            err.print(Text(f"error: {one_line(what)}", style="red"), soft_wrap=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_OneLineErrors,
    help="Communique: dated diplomatic events from news, into Parquet and DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)
MAX_DAYS_AHEAD = 1  # a data interval may start at most this many days after today (UTC)
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
    from pipeline.errors import ConfigError

    overrides: dict[str, Any] = {}
    if sources is not None:
        if not sources.exists():
            raise ConfigError(f"--sources {sources}: no such file or folder")
        overrides["sources"] = sources.resolve()
    return Settings(**overrides)


def _interval(date: dt.datetime | None) -> Any:
    """The interval of ``--date``; a day after tomorrow (UTC) has no news yet and is refused."""
    from pipeline.errors import BadInputError
    from pipeline.models import Interval

    today = dt.datetime.now(dt.UTC).date()
    day = date.date() if date else today
    if day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise BadInputError(
            f"--date {day} is in the future: the latest data interval is {today} (UTC)"
        )
    return Interval.for_day(day)


@app.callback()
def main(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="-v: progress logs, -vv: debug.")
    ] = 0,
) -> None:
    """Set up logging once for every subcommand (JSON lines with COMMUNIQUE_LOG_FORMAT=json)."""
    from pipeline.observe import configure_logging, log_format

    # quiet by default: results go to stdout, warnings and errors to stderr; JSON logs are for a
    # log collector, which wants the stage records too
    levels = {0: logging.INFO if log_format() == "json" else logging.WARNING, 1: logging.INFO}
    configure_logging(levels.get(verbose, logging.DEBUG), stream=sys.stderr)


@app.command()
def run(date: DateOpt = None, sources: SourcesOpt = None) -> None:
    """Run fetch -> extract -> load -> check -> publish for one day, without Airflow."""
    from rich.progress import Progress

    from pipeline import runner

    settings = _settings(sources)
    interval = _interval(date)
    steps = runner.stages(settings, interval)
    from pipeline.intervals import interval_lock

    # drawn when a stage starts and ends, on a terminal only: nothing changes in between, and an
    # auto-refresh thread would build its table ten times a second all through the run, its
    # objects made among the stages' own
    with (
        interval_lock(settings, interval.ds, purpose="communique run"),
        Progress(
            console=err, transient=True, auto_refresh=False, disable=not err.is_terminal
        ) as progress,
    ):
        task = progress.add_task(f"interval {interval.ds}", total=len(steps))
        for name, step in steps:
            progress.update(task, description=f"{interval.ds}: {name}", refresh=True)
            result = step()
            log.info("%s: %s", name, result)
            progress.update(task, advance=1, refresh=True)
    console.print(f"[green]interval {interval.ds} done[/green]; warehouse: {settings.warehouse}")
    _closing_summary(settings, f"interval {interval.ds}")


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
        _print_table(cols[:-1], [r[:-1] for r in rows], title=f"{len(rows)} asserted events")
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
        f"[bold green]Loaded {what}.[/bold green] The warehouse holds "
        f"{totals.get('articles', 0)} articles "
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
def check(date: DateOpt = None) -> None:
    """Run the warehouse data checks; exits non-zero when one fails. With ``--date``, also
    fails when that interval was never loaded."""
    from pipeline.errors import DataCheckError
    from pipeline.runner import run_check

    settings = _settings()
    if date is not None:
        _require_loaded(settings, _interval(date).ds)
    try:
        results = run_check(settings)
    except DataCheckError as exc:
        err.print(Text(one_line(exc), style="red"), soft_wrap=True)
        raise typer.Exit(1) from exc
    console.print(results)


def _require_loaded(settings: Settings, ds: str) -> None:
    from pipeline import queries
    from pipeline.db import writer_lock
    from pipeline.errors import BadInputError
    from pipeline.readers import open_reader

    if not settings.warehouse.exists():
        raise BadInputError(f"no warehouse at {settings.warehouse}: run `communique run` first")
    with writer_lock(settings.warehouse):
        con = open_reader(settings.warehouse)
        try:
            row = con.execute(queries.INTERVAL_LOADED, [ds]).fetchone()
        finally:
            con.close()
    if not row or not row[0]:
        raise BadInputError(f"interval {ds} was never loaded: run `communique load --date {ds}`")


@app.command("errors")
def errors_cmd(
    date: DateOpt = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only this source's failures.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Maximum rows.")] = 200,
    fmt: FormatOpt = Format.table,
) -> None:
    """The interval's recorded fetch failures (its fetch_errors partition), with their reasons,
    and the articles whose extraction failed (its extract_errors partition)."""
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
    if partition_path(settings.data_dir, "extract_errors", interval.ds).exists():
        failed = read_partition(settings.data_dir, "extract_errors", interval.ds).to_pylist()
        if source:
            failed = [r for r in failed if r["source"] == source]
        cols = ["source", "article_id", "error_class", "url", "message"]
        _print_table(
            cols,
            [tuple(r[c] for c in cols) for r in failed[: max(limit, 0)]],
            title=f"{len(failed)} extraction failures ({interval.ds})",
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


LiveOpt = Annotated[
    bool,
    typer.Option(
        "--live", help="Read the working warehouse (may wait for a load), not the published copy."
    ),
]


def _query(
    sql: str, params: list[Any] | None = None, *, live: bool = False
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` read-only (`pipeline.readers`) on the published copy, or the working file."""
    import duckdb

    from pipeline.readers import LIVE_WAIT_SECONDS, explain, open_reader, read_query

    settings = _settings()
    path = settings.warehouse if live else settings.publish_path
    if not path.exists():
        what = "warehouse" if live else "published copy"
        err.print(Text(f"no {what} at {path}: run `communique run` first", style="red"))
        raise typer.Exit(2)
    con = open_reader(path, wait=LIVE_WAIT_SECONDS if live else 0.0)
    try:
        cur = read_query(con, sql, params)
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall()
    except duckdb.Error as exc:
        err.print(Text(f"error: {one_line(explain(exc))}", style="red"), soft_wrap=True)
        raise typer.Exit(1) from None
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
    live: LiveOpt = False,
) -> None:
    """Real-world events, one row each with its mention and article counts (the rows of
    mart_events); --mentions lists every article that reports them, with its sentence."""
    from pipeline.queries import EventFilter, event_reports_table, events_table

    for kind in event_type or ():
        _check_event_type(kind)

    flt = EventFilter(
        types=tuple(event_type or ()),
        actor=actor,
        since=since.date() if since else None,
        until=until.date() if until else None,
        all_modalities=all_modalities,
    )
    sql_text, params = (event_reports_table if mentions else events_table)(flt, limit)
    cols, rows = _query(sql_text, params, live=live)
    if fmt == Format.table:  # ids are for pipes and joins, not for reading
        cols, rows = cols[:-1], [r[:-1] for r in rows]
    what = "reports of events" if mentions else "events"
    kind = "" if all_modalities else "asserted "
    _print_table(cols, rows, title=f"{len(rows)} {kind}{what}", fmt=fmt)


def _check_event_type(event_type: str) -> None:
    from pipeline.errors import BadInputError
    from pipeline.extract.gazetteer import load_taxonomy

    known = sorted(load_taxonomy())
    if event_type not in known:
        raise BadInputError(
            f"--type {event_type!r} is not an event type; one of: {', '.join(known)}"
        )


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run read-only against the warehouse.")],
    fmt: FormatOpt = Format.table,
    live: LiveOpt = False,
) -> None:
    """Run an ad-hoc, read-only SQL query against the published copy of the warehouse (no
    writes, no files, no network, no extensions: `pipeline.readers`)."""
    cols, rows = _query(query, live=live)
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
    plover: Annotated[
        Path | None, typer.Option(help="PLOVER-coded news sentences (JSON Lines).")
    ] = None,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every miss.")] = False,
) -> None:
    """Score the extractor on the gold set, the PLOVER and MEANTIME dev sets (gated) and on the
    held-out seed articles."""
    from pipeline.evaluate import (
        FLAGSHIP_ARTICLES_PATH,
        GATE_PATH,
        GOLD_PATH,
        LOCATIONS_PATH,
        MEANTIME_PATH,
        PLOVER_PATH,
        SEEDS_EXPECTED_PATH,
        check_gate,
        check_plover_gate,
        load_gate,
        load_gold,
        load_seed_cases,
        score,
        score_plover,
    )

    gold = gold or GOLD_PATH
    gate = gate or GATE_PATH
    seeds = seeds or SEEDS_EXPECTED_PATH
    plover = plover or PLOVER_PATH

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
    if FLAGSHIP_ARTICLES_PATH.exists():
        article_scores = score(load_gold(FLAGSHIP_ARTICLES_PATH))
        _print_scores(
            "Held-out: hand-coded flagship articles (not gated)", article_scores.summary()
        )
        if show_errors:
            for line in article_scores.errors:
                console.print(f"  {line}")
    failures_meantime = _eval_meantime(MEANTIME_PATH, gate, show_errors)
    failures_meantime += _eval_locations(LOCATIONS_PATH, gate, show_errors)
    plover_summary: dict[str, Any] | None = None
    if plover.exists():
        plover_scores = score_plover(load_gold(plover))
        plover_summary = plover_scores.summary()
        _print_plover(f"PLOVER dev set: {plover}", plover_summary)
        if show_errors:
            for line in plover_scores.errors:
                console.print(f"  {line}")
    if gate.exists():
        floors = load_gate(gate)
        failures = check_gate(gold_scores.summary(), floors) + failures_meantime
        if plover_summary is not None:
            failures += check_plover_gate(plover_summary, floors)
        if failures:
            for f in failures:
                err.print(f"[red]below floor: {f}[/red]")
            raise typer.Exit(1)
        console.print(f"[green]quality gate {gate} holds[/green]")


def _eval_meantime(path: Path, gate: Path, show_errors: bool) -> list[str]:
    """Score dates and false events on the MEANTIME news articles; the gate's failures."""
    from pipeline.evaluate import check_meantime_gate, load_gate, load_meantime, score_meantime

    if not path.exists():
        return []
    scores = score_meantime(load_meantime(path))
    m = scores.summary()
    console.print(
        f"MEANTIME dev set: {path}\n{m['articles']} articles, {m['gold_dates']} gold DATE "
        f"expressions | found {m['date_found']:.3f} | value accuracy "
        f"{m['date_value_accuracy']:.3f} | false events per 100 articles: asserted "
        f"{m['false_asserted_per_100']:.1f}, all modalities {m['false_events_per_100']:.1f}"
    )
    common = ", ".join(f"{kind} {n}" for kind, n in scores.error_kinds.most_common(6))
    console.print(f"most common date errors: {common}", markup=False)
    if show_errors:
        for line in scores.errors:
            console.print(f"  {line}", markup=False)
    return check_meantime_gate(m, load_gate(gate)) if gate.exists() else []


def _print_plover(title: str, summary: dict[str, Any]) -> None:
    table = Table(title=title)
    for col in ("PLOVER category", "support", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "PLOVER category" else "left")
    for kind, m in summary["per_type"].items():
        table.add_row(
            kind, str(summary["support"][kind]), f"{m['p']:.3f}", f"{m['r']:.3f}", f"{m['f1']:.3f}"
        )
    mi = summary["micro"]
    table.add_row("[b]micro[/b]", "", f"{mi['p']:.3f}", f"{mi['r']:.3f}", f"{mi['f1']:.3f}")
    console.print(table)
    console.print(
        f"source country accuracy {summary['source_country']:.3f} | target country "
        f"{summary['target_country']:.3f} | mode {summary['mode']:.3f} | "
        f"false events on ASSAULT/MOBILIZE/PROTEST sentences {summary['negative_false_events']}"
        f"/{summary['negative_sentences']} ({summary['negative_false_rate']:.1%}) | precision "
        "counts any category the coders did not code as false (a lower bound)"
    )


def _eval_locations(cases: Path, gate: Path, show_errors: bool) -> list[str]:
    """Location accuracy on the location gold set and its held-out companion, held to the
    gate's [location] and [location_heldout] floors."""
    from pipeline.evaluate import check_location_gate, load_gate, load_gold, score_locations

    failures: list[str] = []
    for path, table in ((cases, "location"), (cases.with_name("locations_heldout.jsonl"), "")):
        if not path.exists():
            continue
        table = table or "location_heldout"
        scores = score_locations(load_gold(path))
        s = scores.summary()
        console.print(
            f"Location ({path.name}): stated places {s['stated']}: place and country "
            f"{s['place_country']:.3f}, within 25 km {s['coords_25km']:.3f} (of {s['coords_n']} "
            f"cities) | no place stated {s['unstated']}: no city given "
            f"{s['no_invented_city']:.3f}, basis {s['basis']:.3f} | end to end: {s['e2e_found']} "
            f"events found, location agrees {s['e2e_agree']:.3f}"
        )
        if show_errors:
            for line in scores.errors:
                console.print(f"  {line}")
        if gate.exists():
            failures += check_location_gate(s, load_gate(gate), table)
    return failures


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
        f"{summary['no_event_false_positives']} false events | fully right "
        f"{summary['fully_right']}/{summary['gold_events']}"
    )


if __name__ == "__main__":
    app()
