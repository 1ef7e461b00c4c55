-- materialized: table
-- Intermediate: which real-world event each extraction belongs to (extraction_id -> event_id).
--
-- Two extractions can be the same event only when they share the event type, the source actor
-- (its country, or its name when it has none) and the modality class (asserted, negated, or
-- unrealised: conditional, hypothetical, future, demanded), and their targets and subjects do not
-- conflict (equal, or one missing).
--   * Reports dated to a day make the day events (int_event_days): one date each.
--   * A report dated only to a week, month or year, or not dated at all, attaches to one day
--     event, and only when its predicate agrees: it names a target or a subject, at least one of
--     them equals the event's, and neither conflicts. A week, month or year report looks for the
--     event within its date window; an undated one within the look-back before its anchor
--     (cluster_lookback_days). The event agreeing on more named fields wins, then the one nearest
--     its anchor; when two events tie it attaches to neither. It never links two events
--     together: coarse dates do not bridge.
--   * A coarse report attaching to no day event is one event with the reports of the same
--     precision, date, target and subject; an undated one stays an event of its own.
-- The event id comes from the earliest member (first reported, then lowest extraction id), so it
-- does not change when the same data is reloaded, when intervals load out of order, or when later
-- reports add mentions to an event.
--
-- What a report can change is bounded by its dates: pipeline/load.py recomputes the day events
-- around the dates it loads, then the coarse and undated reports whose windows hold an event that
-- appeared or went, then the ids of the events whose members changed.
WITH extractions AS (
    SELECT * FROM int_event_extractions
),

days AS (
    SELECT * FROM int_event_days
),

day_events AS (
    SELECT DISTINCT group_key, cluster_key, event_date, event_target_key, event_subject_key
    FROM days
),

attaching AS (
    SELECT *
    FROM extractions
    WHERE report_kind IN ('coarse', 'undated')
),

-- an agreeing predicate names the target or the subject of the event: two equi-joins
named_matches AS (
    SELECT a.extraction_id, e.cluster_key
    FROM attaching AS a
    INNER JOIN day_events AS e
        ON  e.group_key = a.group_key
        AND e.event_target_key = a.target_key
        AND e.event_date BETWEEN a.window_start AND a.window_end
    UNION
    SELECT a.extraction_id, e.cluster_key
    FROM attaching AS a
    INNER JOIN day_events AS e
        ON  e.group_key = a.group_key
        AND e.event_subject_key = a.subject_key
        AND e.event_date BETWEEN a.window_start AND a.window_end
),

candidates AS (
    SELECT
        a.extraction_id,
        e.cluster_key,
        e.event_date,
        CAST(coalesce(a.target_key = e.event_target_key, false) AS INTEGER)
        + CAST(coalesce(a.subject_key = e.event_subject_key, false) AS INTEGER)
                                                            AS score,
        abs(date_diff('day', e.event_date, a.date_anchor))  AS distance
    FROM named_matches AS m
    INNER JOIN attaching AS a USING (extraction_id)
    INNER JOIN day_events AS e USING (cluster_key)
    WHERE (a.target_key IS NULL OR e.event_target_key IS NULL OR e.event_target_key = a.target_key)
      AND (
          a.subject_key IS NULL OR e.event_subject_key IS NULL
          OR e.event_subject_key = a.subject_key
      )
),

-- the best candidates: most named fields agreeing, then nearest the anchor (aggregates and an
-- equi-join, cheaper than ranking every candidate)
ranked AS (
    SELECT *, score * 1000000 - distance AS preference FROM candidates
),

top_preference AS (
    SELECT extraction_id, max(preference) AS preference FROM ranked GROUP BY extraction_id
),

best AS (
    SELECT ranked.*
    FROM ranked
    INNER JOIN top_preference USING (extraction_id, preference)
),

attached AS (
    SELECT
        extraction_id,
        min(cluster_key)                                    AS cluster_key,
        min(event_date)                                     AS attach_date,
        min(score)                                          AS attach_score
    FROM best
    GROUP BY extraction_id
    HAVING count(*) = 1
),

members AS (
    SELECT extraction_id, cluster_key, event_date AS attach_date, NULL AS attach_score
    FROM days
    UNION ALL
    SELECT
        a.extraction_id,
        coalesce(
            j.cluster_key,
            CASE
                WHEN a.report_kind = 'coarse' THEN concat_ws(
                    '|',
                    'c',
                    a.group_key,
                    a.date_precision,
                    CAST(a.event_date AS VARCHAR),
                    coalesce(a.target_key, ''),
                    coalesce(a.subject_key, '')
                )
                ELSE 'x|' || a.extraction_id
            END
        ),
        j.attach_date,
        j.attach_score
    FROM attaching AS a
    LEFT JOIN attached AS j USING (extraction_id)
),

final AS (
    SELECT
        members.extraction_id,
        'ev_' || first_value(members.extraction_id) OVER (
            PARTITION BY members.cluster_key
            ORDER BY extractions.reported_at, members.extraction_id
        )                                                   AS event_id,
        members.cluster_key,
        extractions.group_key,
        extractions.report_kind,
        members.attach_date,
        CAST(members.attach_score AS INTEGER)               AS attach_score,
        extractions.reported_at,
        extractions.load_date
    FROM members
    INNER JOIN extractions USING (extraction_id)
)

SELECT * FROM final ORDER BY extraction_id
