-- Core events carry documented values only (type from the taxonomy's ref_event_types, modality,
-- date precision and basis).
SELECT event_id, event_type, modality, date_precision, date_basis FROM events
WHERE event_type NOT IN (SELECT event_type FROM ref_event_types)
   OR modality NOT IN ('asserted', 'negated', 'conditional', 'hypothetical', 'future', 'demanded')
   OR modality_class NOT IN ('asserted', 'negated', 'unrealised')
   OR date_precision NOT IN ('day', 'week', 'month', 'year', 'unknown')
   OR date_basis NOT IN ('explicit', 'relative', 'publication', 'before-publication', 'ingested')
   OR (event_date IS NULL) <> (date_precision = 'unknown')
