-- The analysts' default view: asserted events only, one row per extracted event.
CREATE OR REPLACE VIEW events_flat AS
SELECT * FROM events_all_modalities WHERE modality = 'asserted';
