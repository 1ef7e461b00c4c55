-- Mart: one row per loaded data interval, for operators: articles in, failures by class,
-- extractions by type, events first seen, extractor and schema versions.
CREATE OR REPLACE VIEW mart_run_summary AS
WITH loads AS (
    SELECT * FROM load_log
),

articles AS (
    SELECT * FROM stg_articles
),

errors AS (
    SELECT * FROM stg_fetch_errors
),

extractions AS (
    SELECT * FROM stg_events
),

core_events AS (
    SELECT * FROM events
),

intervals AS (
    SELECT
        ds                                                  AS load_date,
        max(schema_version)                                 AS schema_version
    FROM loads
    GROUP BY ds
),

article_stats AS (
    SELECT
        load_date,
        count(*)                                            AS article_count,
        count(*) FILTER (WHERE duplicate_of_article_id IS NOT NULL)
                                                            AS duplicate_article_count,
        count(*) FILTER (WHERE published_at IS NULL)        AS undated_article_count
    FROM articles
    GROUP BY load_date
),

errors_by_class AS (
    SELECT load_date, error_class, count(*) AS n
    FROM errors
    GROUP BY load_date, error_class
),

error_stats AS (
    SELECT
        load_date,
        CAST(sum(n) AS BIGINT)                              AS failure_count,
        '{' || string_agg('"' || error_class || '": ' || n, ', ' ORDER BY error_class) || '}'
                                                            AS failures_by_class
    FROM errors_by_class
    GROUP BY load_date
),

retryable_stats AS (
    SELECT load_date, count(*) FILTER (WHERE is_retryable) AS retryable_failure_count
    FROM errors
    GROUP BY load_date
),

extractions_by_type AS (
    SELECT load_date, event_type, count(*) AS n
    FROM extractions
    GROUP BY load_date, event_type
),

type_stats AS (
    SELECT
        load_date,
        '{' || string_agg('"' || event_type || '": ' || n, ', ' ORDER BY event_type) || '}'
                                                            AS extractions_by_type
    FROM extractions_by_type
    GROUP BY load_date
),

extraction_stats AS (
    SELECT
        load_date,
        count(*)                                            AS extraction_count,
        count(*) FILTER (WHERE modality = 'asserted')       AS asserted_extraction_count,
        CAST(sum(mention_count) AS BIGINT) AS mention_count,
        string_agg(DISTINCT extractor_version, ', ' ORDER BY extractor_version)
                                                            AS extractor_versions
    FROM extractions
    GROUP BY load_date
),

new_events AS (
    SELECT first_load_date AS load_date, count(*) AS new_event_count
    FROM core_events
    GROUP BY first_load_date
),

final AS (
    SELECT
        intervals.load_date,
        coalesce(article_stats.article_count, 0)            AS article_count,
        coalesce(article_stats.duplicate_article_count, 0)  AS duplicate_article_count,
        coalesce(article_stats.undated_article_count, 0)    AS undated_article_count,
        coalesce(error_stats.failure_count, 0)              AS failure_count,
        coalesce(retryable_stats.retryable_failure_count, 0) AS retryable_failure_count,
        coalesce(error_stats.failures_by_class, '{}')       AS failures_by_class,
        coalesce(extraction_stats.extraction_count, 0)      AS extraction_count,
        coalesce(extraction_stats.asserted_extraction_count, 0)
                                                            AS asserted_extraction_count,
        coalesce(extraction_stats.mention_count, 0)         AS mention_count,
        coalesce(type_stats.extractions_by_type, '{}')      AS extractions_by_type,
        coalesce(new_events.new_event_count, 0)             AS new_event_count,
        extraction_stats.extractor_versions,
        intervals.schema_version
    FROM intervals
    LEFT JOIN article_stats USING (load_date)
    LEFT JOIN error_stats USING (load_date)
    LEFT JOIN retryable_stats USING (load_date)
    LEFT JOIN extraction_stats USING (load_date)
    LEFT JOIN type_stats USING (load_date)
    LEFT JOIN new_events USING (load_date)
)

SELECT * FROM final;
