-- Mart: events per month, event type, source country and modality.
CREATE OR REPLACE VIEW mart_monthly_counts_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
),

final AS (
    SELECT
        activity_month                                      AS month,
        event_type,
        source_country,
        modality,
        count(*)                                            AS event_count,
        count(*) FILTER (WHERE date_precision NOT IN ('day', 'week', 'month'))
                                                            AS counted_on_report_month,
        CAST(sum(mention_count) AS BIGINT) AS mention_count,
        CAST(sum(article_count) AS BIGINT) AS article_report_count,
        avg(goldstein)                                      AS mean_goldstein
    FROM events
    GROUP BY activity_month, event_type, source_country, modality
)

SELECT * FROM final;
