-- Mart: events per day, event type, source country and modality. Events with no known date are
-- one "date unknown" bucket per report day: day NULL, date_known false, report_day set.
CREATE OR REPLACE VIEW mart_daily_counts_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
),

final AS (
    SELECT
        activity_day                                        AS day,
        date_known,
        CASE WHEN NOT date_known THEN first_reported_date END
                                                            AS report_day,
        event_type,
        source_country,
        modality,
        count(*)                                            AS event_count,
        count(*) FILTER (WHERE date_precision NOT IN ('day', 'unknown'))
                                                            AS counted_on_report_day,
        CAST(sum(mention_count) AS BIGINT) AS mention_count,
        CAST(sum(article_count) AS BIGINT) AS article_report_count,
        avg(goldstein)                                      AS mean_goldstein
    FROM events
    GROUP BY ALL
)

SELECT * FROM final;
