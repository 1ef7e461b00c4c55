-- Mart: events per month, event type, source country and modality. Events with no known date are
-- one "date unknown" bucket per report month: month NULL, date_known false, report_month set.
CREATE OR REPLACE VIEW mart_monthly_counts_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
),

final AS (
    SELECT
        activity_month                                      AS month,
        date_known,
        CASE WHEN NOT date_known THEN CAST(date_trunc('month', first_reported_date) AS DATE) END
                                                            AS report_month,
        event_type,
        source_country,
        modality,
        count(*)                                            AS event_count,
        count(*) FILTER (WHERE date_precision = 'year')
                                                            AS counted_on_report_month,
        CAST(sum(mention_count) AS BIGINT) AS mention_count,
        CAST(sum(article_count) AS BIGINT) AS article_report_count,
        avg(goldstein)                                      AS mean_goldstein
    FROM events
    GROUP BY ALL
)

SELECT * FROM final;
