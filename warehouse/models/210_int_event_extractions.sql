-- materialized: table
-- Intermediate: one row per extraction (one event in one article, with all its mentions), with the
-- keys and the date window that event clustering compares.
--
-- Report kinds (how an extraction takes part in clustering, see int_event_clusters):
--   day          an explicit or relative date of day precision: the days events are made of;
--   publication  dated from the publication day (no date phrase): joins a day event of that day
--                or the day before, else forms the event of its publication day;
--   coarse       an explicit or relative week, month or year: attaches to one event, never links
--                two events together;
--   undated      before publication, or unknown: attaches to one event dated within a bounded
--                look-back (the setting cluster_lookback_days, 28 by default) before its anchor.
-- Date windows: the days the event can be on: a day; the publication day and the day before; the
-- week from its Monday, the month, the year; the look-back before the anchor.
--
-- Table, kept up to date incrementally by pipeline/load.py (rows of the extractions a load can
-- change) and equal to a full rebuild.
WITH events AS (
    SELECT * FROM stg_events
),

core_articles AS (
    SELECT * FROM articles
),

keyed AS (
    SELECT
        events.event_id                                             AS extraction_id,
        events.article_id,
        core_articles.outlet,
        events.load_date,
        coalesce(
            core_articles.published_at, timezone('UTC', CAST(events.date_anchor AS TIMESTAMP))
        )                                                           AS reported_at,
        events.event_type,
        concat_ws(
            '|',
            events.event_type,
            coalesce(events.source_country, lower(events.source_actor), ''),
            CASE
                WHEN events.modality IN ('asserted', 'negated') THEN events.modality
                ELSE 'unrealised'
            END
        )                                                           AS group_key,
        coalesce(events.source_country, lower(events.source_actor), '')
                                                                    AS source_key,
        coalesce(events.target_country, lower(events.target_actor)) AS target_key,
        events.subject                                              AS subject_key,
        CASE
            WHEN events.modality IN ('asserted', 'negated') THEN events.modality
            ELSE 'unrealised'
        END                                                         AS modality_class,
        events.event_date IS NOT NULL AND events.date_precision <> 'unknown'
                                                                    AS is_dated,
        events.event_date,
        events.date_precision,
        events.date_basis,
        events.date_anchor
    FROM events
    LEFT JOIN core_articles
        ON events.article_id = core_articles.article_id
),

windowed AS (
    SELECT
        *,
        CASE
            WHEN NOT is_dated THEN CAST(
                date_anchor - CAST(
                    coalesce(getvariable('cluster_lookback_days'), 28) AS INTEGER
                ) AS DATE
            )
            WHEN date_basis = 'publication' THEN event_date - 1
            ELSE event_date
        END                                                         AS window_start,
        CASE
            WHEN NOT is_dated THEN date_anchor
            WHEN date_precision = 'week' THEN event_date + 6
            WHEN date_precision = 'month' THEN last_day(event_date)
            WHEN date_precision = 'year' THEN make_date(year(event_date), 12, 31)
            ELSE event_date
        END                                                         AS window_end
    FROM keyed
),

kinded AS (
    SELECT
        *,
        CASE
            WHEN NOT is_dated THEN 'undated'
            WHEN date_basis = 'publication' AND date_precision = 'day' THEN 'publication'
            WHEN date_precision = 'day' THEN 'day'
            ELSE 'coarse'
        END                                                         AS report_kind,
        CASE WHEN is_dated AND date_precision = 'day' THEN event_date END
                                                                    AS slot_date
    FROM windowed
)

SELECT * FROM kinded ORDER BY extraction_id
