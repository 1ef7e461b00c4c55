-- Mart: asserted events per place, month and event type.
CREATE OR REPLACE VIEW mart_locations AS
SELECT * FROM mart_locations_all_modalities WHERE modality = 'asserted';
