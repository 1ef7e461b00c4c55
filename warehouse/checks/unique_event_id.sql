-- Each event id appears once.
SELECT event_id, count(*) AS n FROM raw_events GROUP BY event_id HAVING count(*) > 1
