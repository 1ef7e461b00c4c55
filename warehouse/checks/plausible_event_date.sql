-- Event dates fall in a plausible range: not before 1945, not more than two years after the anchor.
SELECT event_id, event_date, date_anchor FROM raw_events
WHERE event_date < DATE '1945-01-01' OR event_date > date_anchor + INTERVAL 2 YEAR
