"""Operations hooks: structured logs, stage timings, deadline alerts and crash points.

Nothing here imports pyarrow, DuckDB or the extractor, so the deadline callback (which Airflow
imports by its dotted path) stays cheap. Every ``COMMUNIQUE_*`` variable is read through
``pipeline.settings.Settings``.

* ``configure_logging`` sets up the root logger; ``COMMUNIQUE_LOG_FORMAT=json`` writes one JSON
  object per line (time, level, logger, message and any ``extra`` fields) for log shippers.
* ``stage_timer`` / ``timed`` record how long a stage took for a data interval, as one small JSON
  file per stage under ``staging/ds=YYYY-MM-DD/timings/``; the run summary reads them back.
* ``deadline_missed`` is the DAG's deadline-alert callback: it logs the miss and appends an alert
  record to ``<data_dir>/_alerts/alerts.jsonl`` (or ``COMMUNIQUE_ALERTS_FILE``).
* ``crash_point`` kills the process at a named point when ``COMMUNIQUE_CRASH_AT=<label>:<n>``
  says so (the n-th time that point is reached); crash-safety tests use it to stop the pipeline
  at exact places inside Parquet writes and DuckDB loads. Unset, it costs one ``is None`` test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar
from urllib.parse import quote, unquote

from pipeline.files import write_text
from pipeline.settings import Settings

log = logging.getLogger(__name__)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

P = ParamSpec("P")
R = TypeVar("R")

# ---------------------------------------------------------------------------------------------
# Structured logs

# attributes every LogRecord has; anything else on a record came from ``extra=``
_RECORD_FIELDS = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ``ts`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
    the ``extra`` fields given to the logging call, and ``exc_info`` for exceptions."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


def log_format() -> str:
    """``json`` or ``text`` (the default), from ``COMMUNIQUE_LOG_FORMAT``."""
    return Settings().log_format


def configure_logging(
    level: int = logging.INFO, *, fmt: str | None = None, stream: IO[str] | None = None
) -> logging.Handler:
    """Send log records to ``stream`` (stderr) as text or JSON lines; returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    chosen = fmt or log_format()
    handler.setFormatter(JsonFormatter() if chosen == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    return handler


# ---------------------------------------------------------------------------------------------
# Stage timings


def timings_dir(staging_dir: Path, ds: str) -> Path:
    return staging_dir / f"ds={ds}" / "timings"


@contextlib.contextmanager
def stage_timer(staging_dir: Path, ds: str, stage: str) -> Iterator[dict[str, Any]]:
    """Time the block as ``stage`` of interval ``ds``; the yielded dict's items are recorded too.
    A stage that raises is recorded with ``ok`` false, and the exception goes on."""
    info: dict[str, Any] = {}
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    ok = False
    try:
        yield info
        ok = True
    finally:
        seconds = time.perf_counter() - t0
        record = {
            **info,
            "stage": stage,
            "ds": ds,
            "started_at": started.isoformat(),
            "seconds": round(seconds, 6),
            "ok": ok,
        }
        try:
            write_text(
                timings_dir(staging_dir, ds) / f"{quote(stage, safe='')}.json",
                json.dumps(record, sort_keys=True, default=str),
            )
        except OSError as exc:  # timings must never fail a stage
            log.warning("could not record timing of %s for %s: %s", stage, ds, exc)
        log.info(
            "stage %s of %s %s in %.3f s",
            stage,
            ds,
            "done" if ok else "failed",
            seconds,
            extra={"stage": stage, "ds": ds, "seconds": round(seconds, 6), "ok": ok},
        )


def read_timings(staging_dir: Path, ds: str) -> dict[str, dict[str, Any]]:
    """Every recorded stage of interval ``ds``, by stage name."""
    folder = timings_dir(staging_dir, ds)
    if not folder.is_dir():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            out[unquote(path.stem)] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("unreadable timing %s: %s", path, exc)
    return out


def timed(stage: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a stage function called as ``fn(settings, interval, ...)`` to record its time
    under ``stage`` for the interval. The function's signature and result are unchanged."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            settings = args[0] if args else kwargs.get("settings")
            interval = args[1] if len(args) > 1 else kwargs.get("interval")
            staging = getattr(settings, "staging_dir", None)
            ds = getattr(interval, "ds", None)
            if not isinstance(staging, Path) or not isinstance(ds, str):
                return fn(*args, **kwargs)
            with stage_timer(staging, ds, stage):
                return fn(*args, **kwargs)

        return wrapper

    return decorate


# ---------------------------------------------------------------------------------------------
# Deadline alerts


def alerts_path() -> Path:
    """Where alert records go: ``COMMUNIQUE_ALERTS_FILE``, else ``<data_dir>/_alerts/alerts.jsonl``
    (a folder no dataset reader looks into)."""
    settings = Settings()
    return settings.alerts_file or settings.data_dir / "_alerts" / "alerts.jsonl"


def write_alert(record: dict[str, Any], path: Path | None = None) -> Path:
    """Append one alert record as a JSON line (one ``write`` on an O_APPEND file, so concurrent
    writers never interleave within a line)."""
    target = path or alerts_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, sort_keys=True, default=str) + "\n").encode()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return target


def deadline_missed(context: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
    """Deadline-alert callback (``SyncCallback("pipeline.observe.deadline_missed")``): log the
    missed deadline and append an alert record. Airflow passes ``context`` with ``dag_run`` and
    ``deadline``; the alert's own ``kwargs`` are kept in the record."""
    ctx = context or {}
    dag_run = ctx.get("dag_run") or {}
    deadline = ctx.get("deadline") or {}
    record: dict[str, Any] = {
        "alert": "deadline_missed",
        "dag_id": dag_run.get("dag_id"),
        "run_id": dag_run.get("dag_run_id") or dag_run.get("run_id"),
        "logical_date": dag_run.get("logical_date"),
        "data_interval_start": dag_run.get("data_interval_start"),
        "data_interval_end": dag_run.get("data_interval_end"),
        "queued_at": dag_run.get("queued_at"),
        "state": dag_run.get("state"),
        "deadline_time": deadline.get("deadline_time"),
        "recorded_at": dt.datetime.now(dt.UTC).isoformat(),
        **{k: v for k, v in kwargs.items() if k != "context"},
    }
    path = write_alert(record)
    log.error(
        "deadline missed: %s run %s (interval from %s) was not done by %s; alert written to %s",
        record["dag_id"],
        record["run_id"],
        record["data_interval_start"],
        record["deadline_time"],
        path,
        extra={"alert": "deadline_missed", "run_id": record["run_id"]},
    )
    return record


# ---------------------------------------------------------------------------------------------
# Crash points


def _parse_crash(raw: str | None) -> tuple[str, int] | None:
    if not raw:
        return None
    label, _, count = raw.rpartition(":")
    if not label or not count.isdigit() or int(count) < 1:
        return (raw, 1)
    return (label, int(count))


_UNREAD = ("", 0)
_CRASH_AT: tuple[str, int] | None = _UNREAD  # read from the settings on the first crash point
_HITS: Counter[str] = Counter()


def reset_crash_points() -> None:
    """Re-read ``COMMUNIQUE_CRASH_AT`` and forget the hits counted so far."""
    global _CRASH_AT
    _CRASH_AT = _parse_crash(Settings().crash_at)
    _HITS.clear()


def crash_point(label: str) -> None:
    """Kill this process with SIGKILL (no cleanup, no ``finally``) on the n-th time ``label`` is
    reached, when ``COMMUNIQUE_CRASH_AT=<label>:<n>``. A no-op otherwise."""
    if _CRASH_AT is _UNREAD:
        reset_crash_points()
    if _CRASH_AT is None:
        return
    _HITS[label] += 1
    if label == _CRASH_AT[0] and _HITS[label] == _CRASH_AT[1]:
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)
