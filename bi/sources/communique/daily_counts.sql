select * from read_parquet('sources/communique/marts/mart_daily_counts/*.parquet')
