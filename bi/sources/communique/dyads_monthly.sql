select * from read_parquet('sources/communique/marts/mart_dyads_monthly/*.parquet')
