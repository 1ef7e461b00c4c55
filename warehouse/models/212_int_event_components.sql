-- materialized: table
-- Intermediate: the clustering components of each group (see int_event_clusters): maximal runs of
-- overlapping date windows, the unit an incremental load recomputes. One row per component.
WITH clusters AS (
    SELECT * FROM int_event_clusters
),

extractions AS (
    SELECT * FROM int_event_extractions
),

final AS (
    SELECT
        clusters.group_key,
        clusters.comp_start,
        max(extractions.window_end)                         AS comp_end,
        count(*)                                            AS extraction_count
    FROM clusters
    INNER JOIN extractions USING (extraction_id)
    GROUP BY clusters.group_key, clusters.comp_start
)

SELECT * FROM final ORDER BY group_key, comp_start
