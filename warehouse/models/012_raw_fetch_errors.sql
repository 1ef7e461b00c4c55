-- Every fetch or parse failure, recorded with its reason instead of being lost.
CREATE TABLE IF NOT EXISTS raw_fetch_errors (
    ds          DATE        NOT NULL,
    source      VARCHAR     NOT NULL,
    url         VARCHAR     NOT NULL,
    stage       VARCHAR     NOT NULL,
    error_class VARCHAR     NOT NULL,
    retryable   BOOLEAN     NOT NULL,
    message     VARCHAR     NOT NULL,
    attempts    INTEGER     NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);
