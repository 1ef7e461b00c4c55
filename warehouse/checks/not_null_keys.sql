-- Keys are never empty strings (NULLs are already refused by the table definitions).
SELECT 'event' AS kind, event_id AS id FROM raw_events WHERE event_id = '' OR article_id = ''
UNION ALL
SELECT 'article', article_id FROM raw_articles WHERE article_id = ''
