-- materialized: table
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
--   3. an undated extraction whose own predicate names a target or a subject joins the latest
--      island of its block that starts on or before its anchor and reaches into its look-back
--      window; the undated extractions that join none are merged with each other the same way,
--      and one that names neither target nor subject stays an event of its own.
-- The event id comes from the earliest member (first reported, then lowest extraction id), so it
-- does not change when the same data is reloaded, when intervals load out of order, or when later
-- reports add mentions to an event.
--
-- Every relation above needs overlapping windows within one group (type, source, modality class),
-- so each group splits into components: maximal runs of overlapping windows (comp_start, and
-- int_event_components). No extraction depends on another component, which is what lets pipeline/load.py
-- recompute only the components a load touches (its input is then those components' extractions)
-- and still equal a full rebuild.
WITH extractions AS (
    SELECT * FROM int_event_extractions
),

-- maximal runs of overlapping windows within a group
component_edges AS (
    SELECT
        *,
        max(window_end) OVER (
            PARTITION BY group_key
            ORDER BY window_start, window_end, extraction_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        )                                                   AS group_previous_end
    FROM extractions
),

component_numbered AS (
    SELECT
        *,
        count(*) FILTER (WHERE group_previous_end IS NULL OR window_start > group_previous_end)
            OVER (
                PARTITION BY group_key
                ORDER BY window_start, window_end, extraction_id
                ROWS UNBOUNDED PRECEDING
            )                                               AS component_no
    FROM component_edges
),

components AS (
    SELECT
        *,
        min(window_start) OVER (PARTITION BY group_key, component_no) AS comp_start,
        max(window_end) OVER (PARTITION BY group_key, component_no)   AS comp_end
    FROM component_numbered
),

-- window starts and ends as one total order (day number * 2^40 + 40 bits of the md5 of the
-- extraction id), so that "the latest-starting extraction" is always exactly one row
ordered AS (
    SELECT
        *,
        date_diff('day', DATE '1970-01-01', window_start)
            * 1099511627776
            + CAST('0x' || substr(md5(extraction_id), 1, 10) AS BIGINT)
                                                            AS start_key,
        date_diff('day', DATE '1970-01-01', window_end) * 1099511627776 + 1099511627775
                                                            AS end_key
    FROM components
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
    WHERE l.window_end >= e.window_start
    UNION ALL
    SELECT e.extraction_id, l.subject_key
    FROM needs_subject AS e
    ASOF INNER JOIN subject_lenders AS l
        ON  l.event_type = e.event_type
        AND l.source_key = e.source_key
        AND l.modality_class = e.modality_class
        AND l.start_key <= e.end_key
    WHERE e.target_key IS NULL
      AND l.window_end >= e.window_start
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
    WHERE l.window_end >= e.window_start
    UNION ALL
    SELECT e.extraction_id, l.target_key
    FROM needs_target AS e
    ASOF INNER JOIN target_lenders AS l
        ON  l.event_type = e.event_type
        AND l.source_key = e.source_key
        AND l.modality_class = e.modality_class
        AND l.start_key <= e.end_key
    WHERE e.subject_key IS NULL
      AND l.window_end >= e.window_start
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
    FROM ordered AS extractions
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

island_spans AS (
    SELECT block_key, island_no, min(window_start) AS island_start, max(window_end) AS island_end
    FROM islands
    GROUP BY block_key, island_no
),

undated_joined AS (
    SELECT
        blocked.*,
        island_spans.island_no                              AS joined_island_no,
        island_spans.island_end                             AS joined_island_end
    FROM blocked
    ASOF LEFT JOIN island_spans
        ON  blocked.block_key = island_spans.block_key
        AND blocked.window_end >= island_spans.island_start
    WHERE NOT blocked.is_dated
),

-- an undated extraction joins the island only when it names a target or a subject itself and
-- the island reaches into its look-back window
undated AS (
    SELECT
        * EXCLUDE (joined_island_no, joined_island_end),
        CASE
            WHEN (target_key IS NOT NULL OR subject_key IS NOT NULL)
             AND joined_island_end >= window_start
            THEN joined_island_no
        END                                                 AS island_no
    FROM undated_joined
),

-- undated extractions joining no island: those naming a target or subject merge with each other
-- by overlapping look-back windows, the others stay alone
loose_edges AS (
    SELECT
        *,
        max(window_end) OVER (
            PARTITION BY block_key
            ORDER BY window_start, window_end, extraction_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        )                                                   AS previous_end
    FROM undated
    WHERE island_no IS NULL AND (target_key IS NOT NULL OR subject_key IS NOT NULL)
),

loose AS (
    SELECT
        extraction_id, reported_at, 'u|' || block_key AS block_key,
        count(*) FILTER (WHERE previous_end IS NULL OR window_start > previous_end)
            OVER (
                PARTITION BY block_key
                ORDER BY window_start, window_end, extraction_id
                ROWS UNBOUNDED PRECEDING
            )                                               AS island_no
    FROM loose_edges
),

members AS (
    SELECT extraction_id, reported_at, block_key, island_no FROM islands
    UNION ALL
    SELECT extraction_id, reported_at, block_key, island_no FROM undated
    WHERE island_no IS NOT NULL
    UNION ALL
    SELECT extraction_id, reported_at, block_key, island_no FROM loose
    UNION ALL
    SELECT extraction_id, reported_at, 'x|' || extraction_id, 0 FROM undated
    WHERE island_no IS NULL AND target_key IS NULL AND subject_key IS NULL
),

final AS (
    SELECT
        members.extraction_id,
        'ev_' || first_value(members.extraction_id) OVER (
            PARTITION BY members.block_key, members.island_no
            ORDER BY members.reported_at, members.extraction_id
        )                                                   AS event_id,
        members.block_key,
        ordered.group_key,
        ordered.comp_start,
        ordered.load_date
    FROM members
    INNER JOIN ordered USING (extraction_id)
)

SELECT * FROM final ORDER BY extraction_id
