-- Mart: per subject, its asserted events in date order.
CREATE OR REPLACE VIEW mart_subject_timeline AS
WITH events AS (
    SELECT * FROM mart_subject_timeline_all_modalities WHERE modality = 'asserted'
),

final AS (
    SELECT
        * REPLACE (
            row_number() OVER (
                PARTITION BY subject, timeline_date ORDER BY day_position
            ) AS day_position
        )
    FROM events
)

SELECT * FROM final;
