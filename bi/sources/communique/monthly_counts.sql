select * from read_parquet('sources/communique/marts/mart_monthly_counts/*.parquet')
