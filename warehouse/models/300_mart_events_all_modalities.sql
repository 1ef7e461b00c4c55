-- Mart: one row per real-world event, whatever its modality, flat and BI-ready: codes with their
-- labels, country names, the subject's kind, both dyads, the evidence sentence and article of its
-- most specific mention (events.evidence_mention_id). Times are UTC TIMESTAMPs (no time zone type: readable by every client).
CREATE OR REPLACE VIEW mart_events_all_modalities AS
WITH core_events AS (
    SELECT * FROM events
),

mentions AS (
    SELECT * FROM event_mentions
),

core_articles AS (
    SELECT * FROM articles
),

countries AS (
    SELECT * FROM ref_countries
),

subjects AS (
    SELECT * FROM ref_subjects
),

quads AS (
    SELECT * FROM ref_quad_classes
),

roots AS (
    SELECT * FROM ref_cameo_roots
),

dated AS (
    SELECT
        *,
        -- undated events ('unknown' precision) have no activity day or month: counts keep them
        -- in a "date unknown" bucket beside their report day, never on the day they were ingested
        CASE date_precision
            WHEN 'day' THEN event_date
            WHEN 'unknown' THEN NULL
            ELSE first_reported_date
        END                                                 AS activity_day,
        CAST(
            date_trunc(
                'month',
                CASE
                    WHEN date_precision IN ('day', 'week', 'month') THEN event_date
                    WHEN date_precision = 'year' THEN first_reported_date
                END
            ) AS DATE
        )                                                   AS activity_month
    FROM core_events
),

final AS (
    SELECT
        dated.event_id,
        dated.event_type,
        dated.cameo_code,
        dated.plover_category,
        dated.plover_mode,
        dated.goldstein,
        dated.quad_class,
        quads.quad_class_label,
        left(dated.cameo_code, 2)                           AS cameo_root,
        roots.cameo_root_label,
        dated.source_actor,
        dated.source_actor_role,
        dated.source_country,
        source_names.country_name                           AS source_country_name,
        dated.source_sector,
        dated.target_actor,
        dated.target_actor_role,
        dated.target_country,
        target_names.country_name                           AS target_country_name,
        dated.target_sector,
        coalesce(dated.source_country, '?') || ' -> ' || coalesce(dated.target_country, '?')
                                                            AS country_dyad,
        CASE WHEN dated.source_country IS NOT NULL AND dated.target_country IS NOT NULL
             THEN least(dated.source_country, dated.target_country) || ' - '
                  || greatest(dated.source_country, dated.target_country)
        END                                                 AS country_pair,
        dated.subject,
        subjects.subject_kind,
        dated.modality,
        dated.is_private,
        dated.reported_by,
        dated.event_date,
        dated.date_precision,
        dated.date_basis,
        CASE dated.date_precision
            WHEN 'day' THEN strftime(dated.event_date, '%Y-%m-%d')
            WHEN 'week' THEN 'week of ' || strftime(dated.event_date, '%Y-%m-%d')
            WHEN 'month' THEN strftime(dated.event_date, '%Y-%m')
            WHEN 'year' THEN strftime(dated.event_date, '%Y')
            ELSE 'before ' || strftime(dated.first_reported_date, '%Y-%m-%d')
        END                                                 AS date_label,
        dated.date_precision <> 'unknown'                   AS date_known,
        dated.date_support,
        dated.activity_day,
        dated.activity_month,
        CAST(timezone('UTC', dated.first_reported_at) AS TIMESTAMP)
                                                            AS first_reported_at,
        dated.first_reported_date,
        CAST(timezone('UTC', dated.last_reported_at) AS TIMESTAMP)
                                                            AS last_reported_at,
        dated.first_load_date,
        dated.last_load_date,
        dated.mention_count,
        dated.article_count,
        dated.outlet_count,
        round(CAST(dated.max_confidence AS DOUBLE), 3)      AS confidence,
        mentions.evidence_sentence,
        mentions.trigger_text                               AS evidence_trigger,
        core_articles.url                                   AS article_url,
        core_articles.title                                 AS article_title,
        core_articles.outlet                                AS article_outlet,
        CAST(timezone('UTC', core_articles.published_at) AS TIMESTAMP)
                                                            AS article_published_at,
        dated.first_article_id,
        dated.first_mention_id,
        dated.extractor_version,
        dated.location_name,
        dated.location_kind,
        dated.location_country,
        location_names.country_name                         AS location_country_name,
        dated.location_latitude,
        dated.location_longitude,
        dated.location_geonames_id,
        dated.location_precision,
        dated.location_basis,
        dated.location_support
    FROM dated
    INNER JOIN mentions
        ON dated.evidence_mention_id = mentions.mention_id
    LEFT JOIN core_articles
        ON dated.evidence_article_id = core_articles.article_id
    LEFT JOIN quads
        ON dated.quad_class = quads.quad_class
    LEFT JOIN roots
        ON left(dated.cameo_code, 2) = roots.cameo_root
    LEFT JOIN countries AS source_names
        ON dated.source_country = source_names.country_code
    LEFT JOIN countries AS target_names
        ON dated.target_country = target_names.country_code
    LEFT JOIN subjects
        ON dated.subject = subjects.subject
    LEFT JOIN countries AS location_names
        ON dated.location_country = location_names.country_code
)

SELECT * FROM final;
