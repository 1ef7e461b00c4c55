-- One row per data interval: how its latest run went. Loaded from the run_summary Parquet dataset.
CREATE TABLE IF NOT EXISTS raw_run_summary (
    ds                       DATE                  NOT NULL,
    run_id                   VARCHAR               NOT NULL,
    mode                     VARCHAR               NOT NULL,
    recorded_at              TIMESTAMPTZ           NOT NULL,
    articles_fetched         BIGINT                NOT NULL,
    articles_duplicate       BIGINT                NOT NULL,
    articles_failed          BIGINT                NOT NULL,
    events_total             BIGINT                NOT NULL,
    events_asserted          BIGINT                NOT NULL,
    events_by_type           MAP(VARCHAR, BIGINT)  NOT NULL,
    fetch_seconds            DOUBLE,
    extract_seconds          DOUBLE,
    load_seconds             DOUBLE,
    stage_seconds            MAP(VARCHAR, DOUBLE)  NOT NULL,
    extractor_version        VARCHAR               NOT NULL,
    event_extractor_versions VARCHAR[]             NOT NULL,
    schema_version           VARCHAR               NOT NULL
);

COMMENT ON TABLE raw_run_summary IS 'Raw (operations): one row per data interval describing its latest run: articles fetched, failed and duplicated, events by type, seconds per stage, versions.';
COMMENT ON COLUMN raw_run_summary.ds IS 'Data interval (day) the run covered.';
COMMENT ON COLUMN raw_run_summary.run_id IS 'Airflow run id of the run, or cli / reprocess when run outside Airflow.';
COMMENT ON COLUMN raw_run_summary.mode IS 'fetch (articles fetched from the sources) or reprocess (stored articles re-extracted, nothing fetched).';
COMMENT ON COLUMN raw_run_summary.recorded_at IS 'Time (UTC) the summary was written, after the interval was loaded.';
COMMENT ON COLUMN raw_run_summary.articles_fetched IS 'Articles stored for the interval (first copies and duplicates).';
COMMENT ON COLUMN raw_run_summary.articles_duplicate IS 'Stored articles that duplicate another article (deduplicated, not extracted).';
COMMENT ON COLUMN raw_run_summary.articles_failed IS 'Fetch or parse failures recorded for the interval.';
COMMENT ON COLUMN raw_run_summary.events_total IS 'Extracted events (one event per article) of the interval, every modality.';
COMMENT ON COLUMN raw_run_summary.events_asserted IS 'Extracted events with modality asserted.';
COMMENT ON COLUMN raw_run_summary.events_by_type IS 'Extracted events per event type.';
COMMENT ON COLUMN raw_run_summary.fetch_seconds IS 'Seconds the fetch stage took (NULL when not recorded).';
COMMENT ON COLUMN raw_run_summary.extract_seconds IS 'Seconds the extract stage took (NULL when not recorded).';
COMMENT ON COLUMN raw_run_summary.load_seconds IS 'Seconds the DuckDB load of the interval took, lock wait included.';
COMMENT ON COLUMN raw_run_summary.stage_seconds IS 'Seconds per recorded stage, by stage name.';
COMMENT ON COLUMN raw_run_summary.extractor_version IS 'Version of the extractor code that ran.';
COMMENT ON COLUMN raw_run_summary.event_extractor_versions IS 'Extractor versions found on the interval''s events.';
COMMENT ON COLUMN raw_run_summary.schema_version IS 'Parquet schema version of the interval''s files.';
