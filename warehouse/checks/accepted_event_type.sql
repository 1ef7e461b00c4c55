-- Event types belong to the taxonomy (pipeline/data/taxonomy.toml, loaded as ref_event_types).
SELECT event_id, event_type FROM raw_events
WHERE event_type NOT IN (SELECT event_type FROM ref_event_types)
