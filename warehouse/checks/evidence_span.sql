-- Evidence offsets are a real span inside the article text, and the text there is the sentence.
SELECT e.event_id
FROM raw_events AS e
INNER JOIN raw_articles AS a ON e.article_id = a.article_id AND e.ds = a.ds
WHERE e.sentence_start < 0
   OR e.sentence_end <= e.sentence_start
   OR substr(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) <> e.sentence
