-- Every event points at an article loaded in the same interval.
SELECT e.event_id, e.article_id
FROM raw_events AS e
LEFT JOIN raw_articles AS a ON e.article_id = a.article_id AND e.ds = a.ds
WHERE a.article_id IS NULL
