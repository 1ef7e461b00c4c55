-- Mart: asserted events per day, event type and source country.
CREATE OR REPLACE VIEW mart_daily_counts AS
SELECT * FROM mart_daily_counts_all_modalities WHERE modality = 'asserted';
