-- Every mention belongs to a core event.
SELECT m.mention_id, m.event_id
FROM event_mentions AS m
LEFT JOIN events AS e ON m.event_id = e.event_id
WHERE e.event_id IS NULL
