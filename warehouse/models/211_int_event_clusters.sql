-- Intermediate: which real-world event each extraction belongs to (extraction_id -> event_id).
--
-- Two extractions describe the same event when they share the event type, the source actor (its
-- country, or its name when it has none) and the modality class (asserted, negated, or unrealised:
-- conditional, hypothetical, future, demanded), their subjects and targets are equal or one is
-- missing, and their date windows overlap (see int_event_extractions).
--
-- Set-based, in three steps, each linear in the number of extractions (sorts, windows and ASOF
-- joins; no pairwise comparison):
--   1. a missing subject (or target) is lent by the latest-starting extraction of the same type,
--      source and modality class that has one, agrees on the target (subject) when this one has
--      one, starts on or before this one ends, and overlaps it;
--   2. dated extractions sharing a block (type, source, modality class, subject, target) are merged
--      into islands of overlapping date windows (gaps and islands over the windows sorted by start);
--   3. an undated extraction joins the latest island of its block that starts on or before its
--      anchor, or else the block's undated group.
-- The event id comes from the earliest member (first reported, then lowest extraction id), so it
-- does not change when the same data is reloaded, when intervals load out of order, or when later
-- reports add mentions to an event.
CREATE OR REPLACE VIEW int_event_clusters AS
WITH extractions AS (
    SELECT * FROM int_event_extractions
),

-- window starts and ends as one total order (day number * 2^40 + 40 bits of the md5 of the
-- extraction id), so that "the latest-starting extraction" is always exactly one row
ordered AS (
    SELECT
        *,
        date_diff('day', DATE '1970-01-01', coalesce(window_start, DATE '1900-01-01'))
            * 1099511627776
            + CAST('0x' || substr(md5(extraction_id), 1, 10) AS BIGINT)
                                                            AS start_key,
        date_diff('day', DATE '1970-01-01', window_end) * 1099511627776 + 1099511627775
                                                            AS end_key
    FROM extractions
),

subject_lenders AS (
    SELECT * FROM ordered WHERE subject_key IS NOT NULL
),

target_lenders AS (
    SELECT * FROM ordered WHERE target_key IS NOT NULL
),

needs_subject AS (
    SELECT * FROM ordered WHERE subject_key IS NULL
),

needs_target AS (
    SELECT * FROM ordered WHERE target_key IS NULL
),

subject_lent AS (
    SELECT e.extraction_id, l.subject_key
    FROM needs_subject AS e
    ASOF INNER JOIN subject_lenders AS l
        ON  l.event_type = e.event_type
        AND l.source_key = e.source_key
        AND l.modality_class = e.modality_class
        AND l.target_key = e.target_key
        AND l.start_key <= e.end_key
    WHERE l.window_end >= coalesce(e.window_start, DATE '-infinity')
    UNION ALL
    SELECT e.extraction_id, l.subject_key
    FROM needs_subject AS e
    ASOF INNER JOIN subject_lenders AS l
        ON  l.event_type = e.event_type
        AND l.source_key = e.source_key
        AND l.modality_class = e.modality_class
        AND l.start_key <= e.end_key
    WHERE e.target_key IS NULL
      AND l.window_end >= coalesce(e.window_start, DATE '-infinity')
),

target_lent AS (
    SELECT e.extraction_id, l.target_key
    FROM needs_target AS e
    ASOF INNER JOIN target_lenders AS l
        ON  l.event_type = e.event_type
        AND l.source_key = e.source_key
        AND l.modality_class = e.modality_class
        AND l.subject_key = e.subject_key
        AND l.start_key <= e.end_key
    WHERE l.window_end >= coalesce(e.window_start, DATE '-infinity')
    UNION ALL
    SELECT e.extraction_id, l.target_key
    FROM needs_target AS e
    ASOF INNER JOIN target_lenders AS l
        ON  l.event_type = e.event_type
        AND l.source_key = e.source_key
        AND l.modality_class = e.modality_class
        AND l.start_key <= e.end_key
    WHERE e.subject_key IS NULL
      AND l.window_end >= coalesce(e.window_start, DATE '-infinity')
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
    LEFT JOIN subject_lent AS filled_subject USING (extraction_id)
    LEFT JOIN target_lent AS filled_target USING (extraction_id)
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
