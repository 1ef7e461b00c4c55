"""Nightly Communique run over one day's interval: plan the sources, fetch each one (mapped),
merge them (fetch), then extract -> load -> check -> publish.

This file only wires tasks; each task makes one call into ``pipeline`` (imported inside the task,
so parsing the DAG stays cheap). Runs are keyed on their data interval: a rerun or a backfill of a
day replaces exactly that day's partitions and warehouse rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import (
    CronDataIntervalTimetable,
    DeadlineAlert,
    DeadlineReference,
    Param,
    SyncCallback,
    dag,
    get_current_context,
    task,
)

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "communique",
    "retries": 3,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
}


def _interval() -> Any:
    """The run's data interval as a pipeline Interval (never the wall clock)."""
    from pipeline.models import Interval

    ctx = get_current_context()
    start, end = ctx["data_interval_start"], ctx["data_interval_end"]
    if start is None or end is None:
        raise ValueError("communique_nightly needs a data interval; trigger it with a logical date")
    return Interval(start=start, end=end)


def _settings() -> Any:
    from pipeline.settings import Settings

    params = get_current_context()["params"]
    overrides = {k: v for k, v in {"sources": params.get("sources")}.items() if v}
    return Settings(**overrides)


def _deadline() -> DeadlineAlert | None:
    """Alert when a run is not done COMMUNIQUE_DEADLINE_HOURS after it was queued (unset or 0:
    no alert): pipeline.observe.deadline_missed logs it and appends an alert record. Opt-in, as
    `airflow dags test` (dag.test) of Airflow 3.3.2 fails on a DAG with a deadline."""
    from pipeline.settings import Settings  # pydantic: Airflow has it loaded already

    hours = Settings().deadline_hours
    if hours <= 0:
        return None
    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_QUEUED_AT,
        interval=timedelta(hours=hours),
        callback=SyncCallback("pipeline.observe.deadline_missed"),
        name="communique_run_deadline",
    )


def _no_retry_on_bad_input(call: Any) -> Any:
    """Bad input will not improve with a retry: fail the task at once; transient faults retry."""
    from airflow.sdk.exceptions import AirflowFailException

    from pipeline.errors import BadInputError, ConfigError, DataCheckError

    try:
        return call()
    except (BadInputError, ConfigError, DataCheckError) as exc:
        raise AirflowFailException(str(exc)) from exc


@dag(
    dag_id="communique_nightly",
    description="Dated diplomatic events from news into Parquet and DuckDB.",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    max_active_runs=4,
    default_args=DEFAULT_ARGS,
    tags=["communique", "events", "nightly"],
    deadline=_deadline(),
    params={
        "sources": Param(
            None,
            type=["null", "string"],
            description="Sources config or article folder; default from COMMUNIQUE_SOURCES.",
        ),
        "reprocess": Param(
            False,
            type="boolean",
            description="Reuse the interval's stored articles instead of fetching, then "
            "re-extract and reload it (after an extractor change).",
        ),
    },
    doc_md=__doc__,
)
def communique_nightly() -> None:
    @task
    def plan_sources() -> list[str]:
        """One mapped fetch per declared source: a slow source holds up no other."""
        if get_current_context()["params"].get("reprocess"):
            return []  # reprocessing reuses the stored articles: nothing to fetch
        from pipeline.sources import load_sources

        return [s.name for s in _no_retry_on_bad_input(lambda: load_sources(_settings().sources))]

    @task(execution_timeout=timedelta(hours=2), max_active_tis_per_dagrun=8)
    def fetch_source(source_name: str) -> dict[str, str]:
        from pipeline.runner import run_fetch_source

        return _no_retry_on_bad_input(
            lambda: run_fetch_source(_settings(), _interval(), source_name)
        )

    # runs once every mapped fetch is done, failed or not (and when none was mapped, when
    # reprocessing): a source whose task failed is a recorded failure, the others still load
    @task(trigger_rule="all_done", execution_timeout=timedelta(hours=1))
    def fetch(staged: list[dict[str, str]]) -> dict[str, str]:
        if get_current_context()["params"].get("reprocess"):
            from pipeline.ops import reuse_fetched

            return _no_retry_on_bad_input(lambda: reuse_fetched(_settings(), _interval()))
        from pipeline.runner import run_merge_fetched

        return _no_retry_on_bad_input(lambda: run_merge_fetched(_settings(), _interval()))

    # extraction maps over shards of the interval's articles (stable hash of the article id;
    # COMMUNIQUE_EXTRACT_SHARDS at most, one per COMMUNIQUE_EXTRACT_SHARD_ARTICLES articles), so
    # on CeleryExecutor or KubernetesExecutor one interval spreads over workers
    @task
    def plan_extract(fetched: dict[str, str]) -> list[dict[str, int]]:
        from pipeline.runner import extract_plan

        settings = _settings()
        return extract_plan(
            settings,
            _interval(),
            shard_articles=settings.extract_shard_articles,
            max_shards=settings.extract_shards,
        )

    @task(execution_timeout=timedelta(hours=2))
    def extract_shard(shard: int, shards: int) -> str:
        from pipeline.runner import run_extract_shard

        return _no_retry_on_bad_input(
            lambda: run_extract_shard(_settings(), _interval(), shard, shards)
        )

    # the shards merged in shard order: the same bytes whatever the shard count
    @task(execution_timeout=timedelta(hours=1))
    def extract(shard_paths: list[str]) -> str:
        from pipeline.runner import run_merge_events

        return _no_retry_on_bad_input(
            lambda: run_merge_events(_settings(), _interval(), len(list(shard_paths)))
        )

    # one writer: never two loads of this DAG at once (the pipeline's file lock covers the rest)
    @task(max_active_tis_per_dag=1, execution_timeout=timedelta(hours=1))
    def load(events_path: str) -> dict[str, int]:
        from pipeline.runner import run_load

        return _no_retry_on_bad_input(lambda: run_load(_settings(), _interval()))

    @task(max_active_tis_per_dag=1, retries=0)
    def check(loaded: dict[str, int]) -> dict[str, int]:
        from pipeline.runner import run_check

        return _no_retry_on_bad_input(lambda: run_check(_settings()))

    # an atomic, read-only copy for analysts and BI tools, once the checks pass
    @task(max_active_tis_per_dag=1, execution_timeout=timedelta(hours=1))
    def publish(checked: dict[str, int]) -> str:
        from pipeline.runner import run_publish

        return _no_retry_on_bad_input(lambda: run_publish(_settings()))

    staged = fetch_source.expand(source_name=plan_sources())
    shards = extract_shard.expand_kwargs(plan_extract(fetch(staged)))
    publish(check(load(extract(shards))))


communique_nightly()
