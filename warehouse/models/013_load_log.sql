-- One row per (dataset, interval) load: what was loaded, from where, by which version.
CREATE TABLE IF NOT EXISTS load_log (
    ds                DATE     NOT NULL,
    dataset           VARCHAR  NOT NULL,
    row_count         BIGINT   NOT NULL,
    source_file       VARCHAR  NOT NULL,
    schema_version    VARCHAR  NOT NULL,
    PRIMARY KEY (ds, dataset)
);
