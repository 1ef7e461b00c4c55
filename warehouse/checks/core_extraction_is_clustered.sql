-- Nothing is lost on the way to the core: every extracted event has all its mentions in
-- event_mentions, each assigned to a real-world event.
WITH core AS (
    SELECT extraction_id, count(*) AS n
    FROM event_mentions
    GROUP BY extraction_id
)

SELECT r.event_id AS extraction_id, len(r.mentions) AS raw_mentions, core.n AS core_mentions
FROM raw_events AS r
LEFT JOIN core ON r.event_id = core.extraction_id
WHERE core.n IS NULL OR core.n < len(r.mentions)
