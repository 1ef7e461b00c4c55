select * from read_parquet('sources/communique/marts/mart_subject_timeline/*.parquet')
