-- Core events carry documented values only (type, modality, date precision and basis).
SELECT event_id, event_type, modality, date_precision, date_basis FROM events
WHERE event_type NOT IN (
    'suspension', 'policy_change_call', 'backchannel_contact', 'consultation',
    'conditional_refusal', 'rejection', 'resumption', 'agreement', 'withdrawal',
    'expulsion', 'sanctions', 'accusation', 'threat', 'proposal', 'demand', 'commitment',
    'support', 'cooperation', 'aid', 'concession', 'retreat', 'investigation', 'coercion'
)
   OR modality NOT IN ('asserted', 'negated', 'conditional', 'hypothetical', 'future', 'demanded')
   OR modality_class NOT IN ('asserted', 'negated', 'unrealised')
   OR date_precision NOT IN ('day', 'week', 'month', 'year', 'unknown')
   OR date_basis NOT IN ('explicit', 'relative', 'publication', 'before-publication', 'ingested')
   OR (event_date IS NULL) <> (date_precision = 'unknown')
