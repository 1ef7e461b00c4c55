-- Each article is loaded once per interval, and never under two intervals with different text.
SELECT article_id, ds, count(*) AS n FROM raw_articles GROUP BY article_id, ds HAVING count(*) > 1
