-- Event types belong to the taxonomy.
SELECT event_id, event_type FROM raw_events
WHERE event_type NOT IN (
    'suspension', 'policy_change_call', 'backchannel_contact', 'consultation',
    'conditional_refusal', 'rejection', 'resumption', 'agreement', 'withdrawal',
    'expulsion', 'sanctions', 'accusation', 'threat', 'proposal', 'demand', 'commitment',
    'support', 'cooperation', 'aid', 'concession', 'retreat', 'investigation', 'coercion'
)
