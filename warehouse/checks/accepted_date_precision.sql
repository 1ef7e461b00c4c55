-- Date precision and basis are documented values, and a date exists unless precision is unknown.
SELECT event_id, date_precision, date_basis, event_date FROM raw_events
WHERE date_precision NOT IN ('day', 'week', 'month', 'year', 'unknown')
   OR date_basis NOT IN ('explicit', 'relative', 'publication', 'before-publication', 'ingested')
   OR (event_date IS NULL AND date_precision <> 'unknown')
