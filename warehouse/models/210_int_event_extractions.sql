-- materialized: table
-- Intermediate: one row per extraction (one event in one article, with all its mentions), with the
-- keys and the date window that event clustering compares.
--
-- Date windows: an explicit or relative date covers its precision (a day, the week from its Monday,
-- the month, the year); a date taken from the publication day also covers the day before (reports
-- without a date phrase usually concern that day or the previous one); an undated extraction
-- (before publication, or unknown) looks back a bounded number of days from its anchor (the
-- setting cluster_lookback_days, 28 by default): it can only join an event reported that recently.
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
)

SELECT * FROM windowed ORDER BY extraction_id
