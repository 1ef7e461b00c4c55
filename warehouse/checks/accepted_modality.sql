-- Modality is one of the documented values.
SELECT event_id, modality FROM raw_events
WHERE modality NOT IN ('asserted', 'negated', 'conditional', 'hypothetical', 'future', 'demanded')
