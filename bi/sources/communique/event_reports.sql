select * from read_parquet('sources/communique/marts/mart_event_reports/*.parquet')
