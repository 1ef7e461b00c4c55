select * from read_parquet('sources/communique/marts/mart_events/*.parquet')
