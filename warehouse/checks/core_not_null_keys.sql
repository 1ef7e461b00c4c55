-- Core keys and links are never NULL or empty.
SELECT 'articles' AS object, article_id AS id FROM articles
WHERE coalesce(article_id, '') = '' OR coalesce(outlet, '') = ''
UNION ALL
SELECT 'sources', outlet FROM sources WHERE coalesce(outlet, '') = '' OR source_id IS NULL
UNION ALL
SELECT 'event_mentions', mention_id FROM event_mentions
WHERE coalesce(mention_id, '') = '' OR coalesce(event_id, '') = ''
   OR coalesce(extraction_id, '') = '' OR coalesce(article_id, '') = ''
UNION ALL
SELECT 'events', event_id FROM events
WHERE coalesce(event_id, '') = '' OR coalesce(first_mention_id, '') = ''
   OR first_reported_at IS NULL
