-- Every core event has at least one mention, and its counts agree with its mentions.
WITH observed AS (
    SELECT
        event_id,
        count(*)                        AS mention_count,
        count(DISTINCT extraction_id)   AS extraction_count,
        count(DISTINCT article_id)      AS article_count,
        count(DISTINCT outlet)          AS outlet_count
    FROM event_mentions
    GROUP BY event_id
)

SELECT e.event_id, e.mention_count, o.mention_count AS observed_mentions
FROM events AS e
LEFT JOIN observed AS o ON e.event_id = o.event_id
WHERE o.event_id IS NULL
   OR e.mention_count < 1
   OR e.mention_count <> o.mention_count
   OR e.extraction_count <> o.extraction_count
   OR e.article_count <> o.article_count
   OR e.outlet_count <> o.outlet_count
