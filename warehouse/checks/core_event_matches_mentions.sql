-- Every core event says what its mentions say: the fields taken from its first report equal that
-- report's (type, codes, source actor and country, modality, reporter, article, extractor), its
-- target, subject and date are those of one of its mentions, and every mention of it shares its
-- type and modality class (the clustering rule). An edited or corrupted events row fails here.
WITH first_mention AS (
    SELECT e.event_id, m.*
    FROM events AS e
    LEFT JOIN event_mentions AS m
        ON m.mention_id = e.first_mention_id AND m.event_id = e.event_id
),

first_report_differs AS (
    SELECT e.event_id, 'first report' AS field
    FROM events AS e
    INNER JOIN first_mention AS f USING (event_id)
    WHERE f.mention_id IS NULL
       OR e.event_type IS DISTINCT FROM f.event_type
       OR e.cameo_code IS DISTINCT FROM f.cameo_code
       OR e.plover_category IS DISTINCT FROM f.plover_category
       OR e.plover_mode IS DISTINCT FROM f.plover_mode
       OR e.goldstein IS DISTINCT FROM f.goldstein
       OR e.quad_class IS DISTINCT FROM f.quad_class
       OR e.source_actor IS DISTINCT FROM f.source_actor
       OR e.source_actor_role IS DISTINCT FROM f.source_actor_role
       OR e.source_country IS DISTINCT FROM f.source_country
       OR e.source_sector IS DISTINCT FROM f.source_sector
       OR e.modality IS DISTINCT FROM f.modality
       OR e.modality_class IS DISTINCT FROM f.modality_class
       OR e.reported_by IS DISTINCT FROM f.reported_by
       OR e.first_extraction_id IS DISTINCT FROM f.extraction_id
       OR e.first_article_id IS DISTINCT FROM f.article_id
       OR e.extractor_version IS DISTINCT FROM f.extractor_version
),

target_unsupported AS (
    SELECT e.event_id, 'target' AS field
    FROM events AS e
    WHERE (e.target_actor IS NOT NULL OR e.target_country IS NOT NULL)
      AND NOT EXISTS (
          SELECT 1 FROM event_mentions AS m
          WHERE m.event_id = e.event_id
            AND m.target_actor IS NOT DISTINCT FROM e.target_actor
            AND m.target_country IS NOT DISTINCT FROM e.target_country
            AND m.target_actor_role IS NOT DISTINCT FROM e.target_actor_role
            AND m.target_sector IS NOT DISTINCT FROM e.target_sector
      )
),

subject_unsupported AS (
    SELECT e.event_id, 'subject' AS field
    FROM events AS e
    WHERE e.subject IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM event_mentions AS m
          WHERE m.event_id = e.event_id AND m.subject = e.subject
      )
),

date_unsupported AS (
    SELECT e.event_id, 'event_date' AS field
    FROM events AS e
    WHERE e.event_date IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM event_mentions AS m
          WHERE m.event_id = e.event_id AND m.event_date = e.event_date
      )
),

mention_disagrees AS (
    SELECT DISTINCT e.event_id, 'mention type or modality' AS field
    FROM events AS e
    INNER JOIN event_mentions AS m ON m.event_id = e.event_id
    WHERE m.event_type IS DISTINCT FROM e.event_type
       OR m.modality_class IS DISTINCT FROM e.modality_class
)

SELECT * FROM first_report_differs
UNION ALL SELECT * FROM target_unsupported
UNION ALL SELECT * FROM subject_unsupported
UNION ALL SELECT * FROM date_unsupported
UNION ALL SELECT * FROM mention_disagrees
