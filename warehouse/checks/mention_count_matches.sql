-- Every extracted event has at least one mention, and its mention_count says how many.
SELECT event_id, mention_count, len(mentions) AS mentions FROM raw_events
WHERE len(mentions) = 0 OR mention_count <> len(mentions)
