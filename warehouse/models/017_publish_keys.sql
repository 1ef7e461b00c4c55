-- Which rows of the keyed core tables each load changed (inserted, replaced or deleted), so that
-- publishing writes only those rows (a delta beside the table's chunk files, pipeline/publish.py).
-- Loads keep the entries of their last PUBLISH_KEYS_KEPT transactions; a publish older than that
-- rewrites the changed chunks instead.
CREATE TABLE IF NOT EXISTS publish_keys (
    seq        BIGINT   NOT NULL,
    table_name VARCHAR  NOT NULL,
    key        VARCHAR  NOT NULL
);

COMMENT ON TABLE publish_keys IS 'Operations: the rows (by key) of the keyed core tables each load changed, read by publish to write only those.';
COMMENT ON COLUMN publish_keys.seq IS 'Load transaction number (as in publish_log).';
COMMENT ON COLUMN publish_keys.table_name IS 'Table whose row changed.';
COMMENT ON COLUMN publish_keys.key IS 'Key of the row (see pipeline/load.py ROW_KEYS): inserted, replaced or deleted.';
