-- Staging: fetch failures renamed and cast; no logic.
CREATE OR REPLACE VIEW stg_fetch_errors AS
WITH source AS (
    SELECT * FROM raw_fetch_errors
),

renamed AS (
    SELECT
        ds            AS load_date,
        source        AS source_name,
        url,
        stage,
        error_class,
        retryable     AS is_retryable,
        message,
        attempts,
        occurred_at
    FROM source
)

SELECT * FROM renamed;
