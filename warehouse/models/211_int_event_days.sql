-- materialized: table
-- Intermediate: the day events, made of the extractions dated to a day (report kinds day and
-- publication of int_event_extractions). One row per such extraction, with the key of its event.
--
-- Within a group (event type, source key, modality class):
--   1. day reports on the same date are one event when their targets and subjects agree; a
--      missing target (subject) is taken from the reports of that date only when they name
--      exactly one compatible target (subject): a report that says less never bridges two
--      events that differ, and when it is ambiguous it stays an event of its own;
--   2. a publication-dated report joins the day event of its publication day or the day before
--      whose target and subject do not conflict with its own, preferring the one agreeing on
--      more named fields, then its publication day; when two events tie it joins neither;
--   3. publication-dated reports joining no day event are the event of their publication day,
--      merged as in 1.
-- Every event is therefore one date (and what the publication day leaves open: the day before):
-- no chain of overlapping dates links reports across history, and what a report can change is
-- bounded by its own dates (pipeline/load.py recomputes the dates around the reports it loads).
WITH extractions AS (
    SELECT * FROM int_event_extractions
),

day_reports AS (
    SELECT * FROM extractions WHERE report_kind IN ('day', 'publication')
),

hubs AS (
    SELECT * FROM day_reports WHERE report_kind = 'day'
),

-- 1. a hub's missing target, then its missing subject, from the hubs of its date
hub_target AS (
    SELECT
        h.extraction_id,
        CASE WHEN count(DISTINCT l.target_key) = 1 THEN min(l.target_key) END AS lent_target
    FROM hubs AS h
    INNER JOIN hubs AS l
        ON  l.group_key = h.group_key
        AND l.slot_date = h.slot_date
        AND l.target_key IS NOT NULL
        AND (h.subject_key IS NULL OR l.subject_key IS NULL OR l.subject_key = h.subject_key)
    WHERE h.target_key IS NULL
    GROUP BY h.extraction_id
),

hub_targeted AS (
    SELECT
        hubs.*,
        coalesce(hubs.target_key, hub_target.lent_target)  AS event_target_key
    FROM hubs
    LEFT JOIN hub_target USING (extraction_id)
),

hub_subject AS (
    SELECT
        h.extraction_id,
        CASE WHEN count(DISTINCT l.subject_key) = 1 THEN min(l.subject_key) END AS lent_subject
    FROM hub_targeted AS h
    INNER JOIN hubs AS l
        ON  l.group_key = h.group_key
        AND l.slot_date = h.slot_date
        AND l.subject_key IS NOT NULL
        AND (
            h.event_target_key IS NULL OR l.target_key IS NULL
            OR l.target_key = h.event_target_key
        )
    WHERE h.subject_key IS NULL
    GROUP BY h.extraction_id
),

hub_keyed AS (
    SELECT
        h.extraction_id,
        h.group_key,
        h.slot_date                                         AS event_date,
        h.event_target_key,
        coalesce(h.subject_key, hub_subject.lent_subject)  AS event_subject_key
    FROM hub_targeted AS h
    LEFT JOIN hub_subject USING (extraction_id)
),

hub_events AS (
    SELECT DISTINCT group_key, event_date, event_target_key, event_subject_key
    FROM hub_keyed
),

-- 2. publication-dated reports: the day event of their day or the day before
pub AS (
    SELECT * FROM day_reports WHERE report_kind = 'publication'
),

pub_candidates AS (
    SELECT
        p.extraction_id,
        e.event_date,
        e.event_target_key,
        e.event_subject_key,
        CAST(coalesce(p.target_key = e.event_target_key, false) AS INTEGER)
        + CAST(coalesce(p.subject_key = e.event_subject_key, false) AS INTEGER)
                                                            AS score,
        CAST(e.event_date = p.slot_date AS INTEGER)         AS same_day
    FROM pub AS p
    INNER JOIN (
        SELECT *, event_date AS on_date FROM hub_events
        UNION ALL
        SELECT *, event_date + 1 FROM hub_events
    ) AS e
        ON  e.group_key = p.group_key
        AND e.on_date = p.slot_date
    WHERE (p.target_key IS NULL OR e.event_target_key IS NULL OR e.event_target_key = p.target_key)
      AND (
          p.subject_key IS NULL OR e.event_subject_key IS NULL
          OR e.event_subject_key = p.subject_key
      )
),

pub_best AS (
    SELECT *
    FROM pub_candidates
    QUALIFY rank() OVER (PARTITION BY extraction_id ORDER BY score DESC, same_day DESC) = 1
),

pub_joined AS (
    SELECT
        extraction_id,
        min(event_date)                                     AS event_date,
        min(event_target_key)                               AS event_target_key,
        min(event_subject_key)                              AS event_subject_key
    FROM pub_best
    GROUP BY extraction_id
    HAVING count(*) = 1
),

-- 3. the others: the event of their publication day, merged as hubs are
loose AS (
    SELECT pub.* FROM pub ANTI JOIN pub_joined USING (extraction_id)
),

loose_target AS (
    SELECT
        h.extraction_id,
        CASE WHEN count(DISTINCT l.target_key) = 1 THEN min(l.target_key) END AS lent_target
    FROM loose AS h
    INNER JOIN loose AS l
        ON  l.group_key = h.group_key
        AND l.slot_date = h.slot_date
        AND l.target_key IS NOT NULL
        AND (h.subject_key IS NULL OR l.subject_key IS NULL OR l.subject_key = h.subject_key)
    WHERE h.target_key IS NULL
    GROUP BY h.extraction_id
),

loose_targeted AS (
    SELECT
        loose.*,
        coalesce(loose.target_key, loose_target.lent_target) AS event_target_key
    FROM loose
    LEFT JOIN loose_target USING (extraction_id)
),

loose_subject AS (
    SELECT
        h.extraction_id,
        CASE WHEN count(DISTINCT l.subject_key) = 1 THEN min(l.subject_key) END AS lent_subject
    FROM loose_targeted AS h
    INNER JOIN loose AS l
        ON  l.group_key = h.group_key
        AND l.slot_date = h.slot_date
        AND l.subject_key IS NOT NULL
        AND (
            h.event_target_key IS NULL OR l.target_key IS NULL
            OR l.target_key = h.event_target_key
        )
    WHERE h.subject_key IS NULL
    GROUP BY h.extraction_id
),

keyed AS (
    SELECT
        extraction_id, group_key, event_date, event_target_key, event_subject_key, 'd' AS kind
    FROM hub_keyed
    UNION ALL
    SELECT pub.extraction_id, pub.group_key, j.event_date, j.event_target_key,
           j.event_subject_key, 'd'
    FROM pub
    INNER JOIN pub_joined AS j USING (extraction_id)
    UNION ALL
    SELECT
        l.extraction_id,
        l.group_key,
        l.slot_date,
        l.event_target_key,
        coalesce(l.subject_key, loose_subject.lent_subject),
        'p'
    FROM loose_targeted AS l
    LEFT JOIN loose_subject USING (extraction_id)
),

final AS (
    SELECT
        keyed.extraction_id,
        keyed.group_key,
        concat_ws(
            '|',
            keyed.kind,
            keyed.group_key,
            CAST(keyed.event_date AS VARCHAR),
            coalesce(keyed.event_target_key, ''),
            coalesce(keyed.event_subject_key, '')
        )                                                   AS cluster_key,
        keyed.event_date,
        keyed.event_target_key,
        keyed.event_subject_key,
        extractions.load_date
    FROM keyed
    INNER JOIN extractions USING (extraction_id)
)

SELECT * FROM final ORDER BY extraction_id
