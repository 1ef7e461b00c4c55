-- Mart: asserted events between two countries per month.
CREATE OR REPLACE VIEW mart_dyads_monthly AS
SELECT * FROM mart_dyads_monthly_all_modalities WHERE modality = 'asserted';
