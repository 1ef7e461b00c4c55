-- Events as extracted, one row per event per article, with every mention as evidence.
CREATE TABLE IF NOT EXISTS raw_events (
    ds                DATE     NOT NULL,
    event_id          VARCHAR  NOT NULL,
    article_id        VARCHAR  NOT NULL,
    event_type        VARCHAR  NOT NULL,
    cameo_code        VARCHAR  NOT NULL,
    plover_category   VARCHAR  NOT NULL,
    plover_mode       VARCHAR,
    goldstein         FLOAT,
    quad_class        TINYINT,
    source_text       VARCHAR,
    source_name       VARCHAR,
    source_role       VARCHAR,
    source_country    VARCHAR,
    source_sector     VARCHAR,
    target_text       VARCHAR,
    target_name       VARCHAR,
    target_role       VARCHAR,
    target_country    VARCHAR,
    target_sector     VARCHAR,
    subject           VARCHAR,
    modality          VARCHAR  NOT NULL,
    reported_by       VARCHAR,
    private           BOOLEAN  NOT NULL,
    event_date        DATE,
    date_precision    VARCHAR  NOT NULL,
    date_basis        VARCHAR  NOT NULL,
    date_phrase       VARCHAR,
    date_anchor       DATE     NOT NULL,
    sentence          VARCHAR  NOT NULL,
    sentence_start    INTEGER  NOT NULL,
    sentence_end      INTEGER  NOT NULL,
    trigger           VARCHAR  NOT NULL,
    trigger_start     INTEGER  NOT NULL,
    trigger_end       INTEGER  NOT NULL,
    rule_id           VARCHAR  NOT NULL,
    confidence        FLOAT    NOT NULL,
    mention_count     INTEGER  NOT NULL,
    mentions          STRUCT(
        sentence VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
        trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER, rule_id VARCHAR,
        location_name VARCHAR, location_kind VARCHAR, location_country VARCHAR,
        location_latitude DOUBLE, location_longitude DOUBLE, location_geonames_id BIGINT,
        location_precision VARCHAR, location_basis VARCHAR, location_phrase VARCHAR
    )[]                        NOT NULL,
    extractor_version VARCHAR  NOT NULL,
    location_name        VARCHAR,
    location_kind        VARCHAR,
    location_country     VARCHAR,
    location_latitude    DOUBLE,
    location_longitude   DOUBLE,
    location_geonames_id BIGINT,
    location_precision   VARCHAR,
    location_basis       VARCHAR,
    location_phrase      VARCHAR
);

-- Where the event happened (pipeline/extract/geo.py), added after the first release: a warehouse
-- created before gets the columns (NULL for rows loaded before); struct casts go by field name.
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_name VARCHAR;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_kind VARCHAR;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_country VARCHAR;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_latitude DOUBLE;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_longitude DOUBLE;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_geonames_id BIGINT;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_precision VARCHAR;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_basis VARCHAR;
ALTER TABLE raw_events ADD COLUMN IF NOT EXISTS location_phrase VARCHAR;
ALTER TABLE raw_events ALTER mentions SET DATA TYPE STRUCT(
    sentence VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
    trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER, rule_id VARCHAR,
    location_name VARCHAR, location_kind VARCHAR, location_country VARCHAR,
    location_latitude DOUBLE, location_longitude DOUBLE, location_geonames_id BIGINT,
    location_precision VARCHAR, location_basis VARCHAR, location_phrase VARCHAR
)[];
