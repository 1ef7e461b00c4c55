-- Intermediate: which real-world event each extraction belongs to (extraction_id -> event_id).
--
-- Two extractions describe the same event when they share the event type, the source actor (its
-- country, or its name when it has none) and the modality class (asserted, negated, or unrealised:
-- conditional, hypothetical, future, demanded), their subjects and targets are equal or one is
-- missing, and their date windows overlap (see int_event_extractions).
--
-- Set-based, in three steps:
--   1. a missing subject or target is taken from the earliest compatible extraction that has one;
--   2. dated extractions sharing a block (type, source, modality class, subject, target) are merged
--      into islands of overlapping date windows (gaps and islands over the windows sorted by start);
--   3. an undated extraction joins the latest island of its block that starts on or before its
--      anchor (an ASOF join), or else the block's undated group.
-- The event id comes from the earliest member (first reported, then lowest extraction id), so it
-- does not change when the same data is reloaded, when intervals load out of order, or when later
-- reports add mentions to an event.
CREATE OR REPLACE VIEW int_event_clusters AS
WITH extractions AS (
    SELECT * FROM int_event_extractions
),

-- two extractions whose type, source and modality class agree and whose windows overlap
candidate_pairs AS (
    SELECT
        e.extraction_id,
        e.subject_key,
        e.target_key,
        o.subject_key                                       AS other_subject_key,
        o.target_key                                        AS other_target_key,
        o.reported_at                                       AS other_reported_at,
        o.extraction_id                                     AS other_extraction_id
    FROM extractions AS e
    INNER JOIN extractions AS o
        ON  o.event_type = e.event_type
        AND o.source_key = e.source_key
        AND o.modality_class = e.modality_class
        AND o.extraction_id <> e.extraction_id
        AND coalesce(o.window_start, DATE '-infinity') <= e.window_end
        AND coalesce(e.window_start, DATE '-infinity') <= o.window_end
    WHERE e.subject_key IS NULL OR e.target_key IS NULL
),

filled_subject AS (
    SELECT
        extraction_id,
        other_subject_key                                   AS subject_key
    FROM candidate_pairs
    WHERE subject_key IS NULL
      AND other_subject_key IS NOT NULL
      AND (target_key IS NULL OR other_target_key IS NULL OR target_key = other_target_key)
    QUALIFY row_number() OVER (
        PARTITION BY extraction_id ORDER BY other_reported_at, other_extraction_id
    ) = 1
),

filled_target AS (
    SELECT
        extraction_id,
        other_target_key                                    AS target_key
    FROM candidate_pairs
    WHERE target_key IS NULL
      AND other_target_key IS NOT NULL
      AND (subject_key IS NULL OR other_subject_key IS NULL OR subject_key = other_subject_key)
    QUALIFY row_number() OVER (
        PARTITION BY extraction_id ORDER BY other_reported_at, other_extraction_id
    ) = 1
),

blocked AS (
    SELECT
        extractions.*,
        concat_ws(
            '|',
            extractions.event_type,
            extractions.source_key,
            extractions.modality_class,
            coalesce(extractions.subject_key, filled_subject.subject_key, ''),
            coalesce(extractions.target_key, filled_target.target_key, '')
        )                                                   AS block_key
    FROM extractions
    LEFT JOIN filled_subject USING (extraction_id)
    LEFT JOIN filled_target USING (extraction_id)
),

dated AS (
    SELECT
        *,
        max(window_end) OVER (
            PARTITION BY block_key
            ORDER BY window_start, window_end, extraction_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        )                                                   AS previous_end
    FROM blocked
    WHERE is_dated
),

islands AS (
    SELECT
        *,
        count(*) FILTER (WHERE previous_end IS NULL OR window_start > previous_end)
            OVER (
                PARTITION BY block_key
                ORDER BY window_start, window_end, extraction_id
                ROWS UNBOUNDED PRECEDING
            )                                               AS island_no
    FROM dated
),

island_starts AS (
    SELECT block_key, island_no, min(window_start) AS island_start
    FROM islands
    GROUP BY block_key, island_no
),

undated AS (
    SELECT
        blocked.*,
        coalesce(island_starts.island_no, 0)                AS island_no
    FROM blocked
    ASOF LEFT JOIN island_starts
        ON  blocked.block_key = island_starts.block_key
        AND blocked.window_end >= island_starts.island_start
    WHERE NOT blocked.is_dated
),

members AS (
    SELECT extraction_id, reported_at, block_key, island_no FROM islands
    UNION ALL
    SELECT extraction_id, reported_at, block_key, island_no FROM undated
),

final AS (
    SELECT
        extraction_id,
        'ev_' || first_value(extraction_id) OVER (
            PARTITION BY block_key, island_no ORDER BY reported_at, extraction_id
        )                                                   AS event_id,
        block_key,
        island_no
    FROM members
)

SELECT * FROM final;
