-- Every article whose extraction raised or ran over its time budget: recorded, never fatal.
CREATE TABLE IF NOT EXISTS raw_extract_errors (
    ds                DATE    NOT NULL,
    article_id        VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    url               VARCHAR,
    error_class       VARCHAR NOT NULL,
    message           VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL
);
