-- Which parts of which tables each load changed (table, chunk), so that publishing rewrites only
-- those parts (pipeline/publish.py). seq grows by one per load transaction; chunk '*' means the
-- whole table (a full rebuild).
CREATE TABLE IF NOT EXISTS publish_log (
    seq        BIGINT   NOT NULL,
    table_name VARCHAR  NOT NULL,
    chunk      VARCHAR  NOT NULL
);

COMMENT ON TABLE publish_log IS 'Operations: the table parts (chunks) each load changed, read by publish to rewrite only those.';
COMMENT ON COLUMN publish_log.seq IS 'Load transaction number (grows by one per load).';
COMMENT ON COLUMN publish_log.table_name IS 'Table whose rows changed.';
COMMENT ON COLUMN publish_log.chunk IS 'Part of the table that changed: the value of its chunk key (see pipeline/publish.py CHUNK_KEYS), or * for all of it.';
