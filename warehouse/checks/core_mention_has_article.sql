-- Every mention points at a core article.
SELECT m.mention_id, m.article_id
FROM event_mentions AS m
LEFT JOIN articles AS a ON m.article_id = a.article_id
WHERE a.article_id IS NULL
