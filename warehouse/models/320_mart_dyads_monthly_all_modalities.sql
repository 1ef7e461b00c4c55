-- Mart: source country -> target country relations per month and modality: how many events, how
-- cooperative or conflictual (Goldstein scale, quad classes).
CREATE OR REPLACE VIEW mart_dyads_monthly_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
    WHERE source_country IS NOT NULL AND target_country IS NOT NULL
),

final AS (
    SELECT
        activity_month                                      AS month,
        source_country,
        target_country,
        country_dyad,
        country_pair,
        source_country_name,
        target_country_name,
        modality,
        count(*)                                            AS event_count,
        count(*) FILTER (WHERE quad_class IN (1, 2))        AS cooperative_event_count,
        count(*) FILTER (WHERE quad_class IN (3, 4))        AS conflictual_event_count,
        CAST(sum(mention_count) AS BIGINT) AS mention_count,
        avg(goldstein)                                      AS mean_goldstein,
        string_agg(DISTINCT event_type, ', ' ORDER BY event_type)
                                                            AS event_types
    FROM events
    GROUP BY ALL
)

SELECT * FROM final;
