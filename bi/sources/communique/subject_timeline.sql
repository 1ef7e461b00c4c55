select
    *,
    row_number() over (partition by subject order by timeline_date, day_position) as position
from read_parquet('sources/communique/marts/mart_subject_timeline/*.parquet')
