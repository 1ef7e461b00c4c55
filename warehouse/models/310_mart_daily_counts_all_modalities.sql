-- Mart: events per day, event type, source country and modality.
CREATE OR REPLACE VIEW mart_daily_counts_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
),

final AS (
    SELECT
        activity_day                                        AS day,
        event_type,
        source_country,
        modality,
        count(*)                                            AS event_count,
        count(*) FILTER (WHERE date_precision <> 'day')     AS counted_on_report_day,
        CAST(sum(mention_count) AS BIGINT) AS mention_count,
        CAST(sum(article_count) AS BIGINT) AS article_report_count,
        avg(goldstein)                                      AS mean_goldstein
    FROM events
    GROUP BY activity_day, event_type, source_country, modality
)

SELECT * FROM final;
