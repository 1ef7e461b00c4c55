-- Mart: every fetch or parse failure, for operators.
CREATE OR REPLACE VIEW mart_fetch_errors AS
WITH errors AS (
    SELECT * FROM stg_fetch_errors
),

final AS (
    SELECT
        load_date,
        source_name,
        url,
        stage,
        error_class,
        is_retryable,
        message,
        attempts,
        CAST(timezone('UTC', occurred_at) AS TIMESTAMP)        AS occurred_at
    FROM errors
)

SELECT * FROM final;
