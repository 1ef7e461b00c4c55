-- Mart: asserted events per month, event type and source country.
CREATE OR REPLACE VIEW mart_monthly_counts AS
SELECT * FROM mart_monthly_counts_all_modalities WHERE modality = 'asserted';
