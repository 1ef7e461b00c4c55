-- Mart: every report (event x article) of the asserted real-world events.
CREATE OR REPLACE VIEW mart_event_reports AS
SELECT * FROM mart_event_reports_all_modalities WHERE modality = 'asserted';
