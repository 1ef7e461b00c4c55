-- Articles as fetched, one row per article per data interval (ds). Loaded from Parquet.
CREATE TABLE IF NOT EXISTS raw_articles (
    ds            DATE        NOT NULL,
    article_id    VARCHAR     NOT NULL,
    source        VARCHAR     NOT NULL,
    url           VARCHAR,
    canonical_url VARCHAR,
    title         VARCHAR,
    published_at  TIMESTAMPTZ,
    fetched_at    TIMESTAMPTZ NOT NULL,
    content_hash  VARCHAR     NOT NULL,
    language      VARCHAR,
    text          VARCHAR     NOT NULL,
    duplicate_of  VARCHAR
);
