-- Mart: the analysts' default event table: asserted real-world events only, one row each.
CREATE OR REPLACE VIEW mart_events AS
SELECT * FROM mart_events_all_modalities WHERE modality = 'asserted';
