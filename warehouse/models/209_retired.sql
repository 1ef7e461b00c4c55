-- Tables earlier models defined and the current ones no longer do (the clustering components
-- gave way to bounded clustering: int_event_days).
DROP TABLE IF EXISTS int_event_components;
