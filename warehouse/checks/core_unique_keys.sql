-- Core tables have unique keys: one row per article, outlet, mention and real-world event.
SELECT 'articles' AS object, article_id AS id, count(*) AS n FROM articles
GROUP BY article_id HAVING count(*) > 1
UNION ALL
SELECT 'sources', outlet, count(*) FROM sources GROUP BY outlet HAVING count(*) > 1
UNION ALL
SELECT 'sources.source_id', source_id, count(*) FROM sources GROUP BY source_id HAVING count(*) > 1
UNION ALL
SELECT 'event_mentions', mention_id, count(*) FROM event_mentions
GROUP BY mention_id HAVING count(*) > 1
UNION ALL
SELECT 'events', event_id, count(*) FROM events GROUP BY event_id HAVING count(*) > 1
