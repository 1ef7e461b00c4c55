-- the mart holds each event's place within its day (day_position, stable when older events are
-- added); its place in the whole timeline is numbered here
select
    *,
    row_number() over (partition by subject order by timeline_date, day_position) as position
from read_parquet('sources/communique/marts/mart_subject_timeline/*.parquet')
